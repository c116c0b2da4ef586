#define _POSIX_C_SOURCE 200809L
#include "sim_control.h"
#include "mini_json.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static char g_base[256];
static char g_host[128];
static char g_port[16];

int sim_init(const char *base_url) {
    if (base_url == NULL || strncmp(base_url, "http://", 7) != 0) return -1;
    if (strlen(base_url) >= sizeof g_base) return -1;
    strcpy(g_base, base_url);
    const char *hp = base_url + 7;
    const char *colon = strrchr(hp, ':');
    if (colon == NULL || (size_t)(colon - hp) >= sizeof g_host) return -1;
    memcpy(g_host, hp, (size_t)(colon - hp));
    g_host[colon - hp] = '\0';
    size_t plen = strcspn(colon + 1, "/");
    if (plen == 0 || plen >= sizeof g_port) return -1;
    memcpy(g_port, colon + 1, plen);
    g_port[plen] = '\0';
    return 0;
}

const char *sim_base_url(void) { return g_base; }

static int connect_sim(void) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(g_host, g_port, &hints, &res) != 0) return -1;
    int fd = -1;
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int sim_request(const char *method, const char *path, const char *body, char **out_body) {
    if (out_body != NULL) *out_body = NULL;
    int fd = connect_sim();
    if (fd < 0) return -1;
    size_t blen = body ? strlen(body) : 0;
    char head[512];
    int hl = snprintf(head, sizeof head,
                      "%s %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n"
                      "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                      method, path, g_host, g_port, blen);
    if (hl < 0 || (size_t)hl >= sizeof head || write_all(fd, head, (size_t)hl) != 0 ||
        (blen > 0 && write_all(fd, body, blen) != 0)) {
        close(fd);
        return -1;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        close(fd);
        return -1;
    }
    for (;;) {
        if (cap - len < 2048) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) break;
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + len, cap - len - 1);
        if (r <= 0) break;
        len += (size_t)r;
    }
    close(fd);
    buf[len] = '\0';
    int status = -1;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1) status = -1;
    if (out_body != NULL) {
        const char *sep = strstr(buf, "\r\n\r\n");
        *out_body = strdup(sep ? sep + 4 : "");
    }
    free(buf);
    return status;
}

int sim_reset(const char *scenario, int auto_mode) {
    char body[128];
    if (scenario != NULL)
        snprintf(body, sizeof body, "{\"scenario\":\"%s\",\"auto\":%s}", scenario,
                 auto_mode ? "true" : "false");
    else
        snprintf(body, sizeof body, "{\"scenario\":null,\"auto\":%s}", auto_mode ? "true" : "false");
    return sim_request("POST", "/_sim/reset", body, NULL) == 200 ? 0 : -1;
}

char *sim_state(void) {
    char *body = NULL;
    if (sim_request("GET", "/_sim/state", NULL, &body) != 200) {
        free(body);
        return NULL;
    }
    return body;
}

static long stats_field(const char *key) {
    char *body = NULL;
    long v = -1;
    if (sim_request("GET", "/_sim/stats", NULL, &body) == 200) v = json_int(body, key, -1);
    free(body);
    return v;
}

long sim_requests(void) { return stats_field("requests"); }
long sim_connections(void) { return stats_field("connections"); }

int sim_fault(const char *spec_json) {
    return sim_request("POST", "/_sim/faults", spec_json, NULL) == 200 ? 0 : -1;
}

int sim_post(const char *path, const char *body) { return sim_request("POST", path, body, NULL); }

int unused_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t al = sizeof a;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &al) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}
