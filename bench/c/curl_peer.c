/* The peer a C developer would write instead of using the library: libcurl with one easy handle
 * kept alive (its connection reused) and cJSON parsing each body, against the same canned
 * server and with the same headers as the library's calls. Each call checks what the library's
 * call checks before returning: a 2xx status and a JSON body of the documented shape (a Session's
 * `state`; a verification's `id` and `state` beside its session).
 * Prints {"phases": {"curl.get": ..., "curl.post": ...}} as bench-c does.
 *
 * Build: cc -O2 -I bench/c bench/c/curl_peer.c -lcurl -lcjson -o target/bench/curl-peer
 * Usage: curl-peer URL [calls reps warmup]
 */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>

typedef struct {
    char *data;
    size_t len, cap;
} buffer;

typedef struct {
    CURL *easy;
    struct curl_slist *headers;
    char get_url[512], post_url[512];
    buffer body;
} peer;

static size_t on_body(char *ptr, size_t size, size_t n, void *userdata) {
    buffer *b = userdata;
    size_t add = size * n;
    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + add + 1) cap *= 2;
        char *grown = realloc(b->data, cap);
        if (!grown) return 0;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, ptr, add);
    b->len += add;
    b->data[b->len] = 0;
    return add;
}

static peer *make_peer(void) {
    peer *p = calloc(1, sizeof *p);
    if (!p || !(p->easy = curl_easy_init())) die("curl_easy_init", "");
    snprintf(p->get_url, sizeof p->get_url, "%s/v1/app/setup", g_url);
    snprintf(p->post_url, sizeof p->post_url, "%s/v1/app/setup/verifications", g_url);
    const char *lines[] = {"Accept: application/json", "Authorization: Bearer bench-access-token",
                           "User-Agent: curl-peer", "Content-Type: application/json"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        p->headers = curl_slist_append(p->headers, lines[i]);
    curl_easy_setopt(p->easy, CURLOPT_HTTPHEADER, p->headers);
    curl_easy_setopt(p->easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(p->easy, CURLOPT_WRITEDATA, &p->body);
    curl_easy_setopt(p->easy, CURLOPT_TIMEOUT_MS, 30000L);
    curl_easy_setopt(p->easy, CURLOPT_NOSIGNAL, 1L);
    /* No proxy from the environment, as the library for a loopback host. */
    curl_easy_setopt(p->easy, CURLOPT_NOPROXY, "*");
    return p;
}

static void free_peer(void *arg) {
    peer *p = arg;
    curl_slist_free_all(p->headers);
    curl_easy_cleanup(p->easy);
    free(p->body.data);
    free(p);
}

static cJSON *exchange(peer *p, const char *url, const char *post_body) {
    p->body.len = 0;
    curl_easy_setopt(p->easy, CURLOPT_URL, url);
    if (post_body) {
        curl_easy_setopt(p->easy, CURLOPT_POSTFIELDS, post_body);
    } else {
        curl_easy_setopt(p->easy, CURLOPT_HTTPGET, 1L);
    }
    CURLcode rc = curl_easy_perform(p->easy);
    if (rc != CURLE_OK) die("curl_easy_perform", curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(p->easy, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) die("status", p->body.data);
    cJSON *json = cJSON_ParseWithLength(p->body.data ? p->body.data : "", p->body.len);
    if (!json) die("cJSON_Parse", p->body.data);
    return json;
}

static int is_string(const cJSON *object, const char *key) {
    return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(object, key));
}

static void retrieve(void *arg) {
    cJSON *session = exchange(arg, ((peer *)arg)->get_url, NULL);
    if (!cJSON_IsObject(session) || !is_string(session, "state")) die("shape", "session");
    cJSON_Delete(session);
}

static void create(void *arg) {
    cJSON *answer = exchange(arg, ((peer *)arg)->post_url, "{\"purpose\":\"login\"}");
    const cJSON *session = cJSON_GetObjectItemCaseSensitive(answer, "session");
    const cJSON *verification = cJSON_GetObjectItemCaseSensitive(answer, "verification");
    if (!cJSON_IsObject(session) || !is_string(session, "state") || !cJSON_IsObject(verification) ||
        !is_string(verification, "id") || !is_string(verification, "state"))
        die("shape", "verification");
    cJSON_Delete(answer);
}

int main(int argc, char **argv) {
    if (argc < 2) die("usage", "curl-peer URL [calls reps warmup]");
    g_url = argv[1];
    read_counts(argc, argv);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) die("curl_global_init", "");
    printf("{\"curl_version\":\"%s\",\"phases\":{", curl_version_info(CURLVERSION_NOW)->version);
    single_on("curl.get", retrieve, make_peer(), free_peer);
    single_on("curl.post", create, make_peer(), free_peer);
    printf("}}\n");
    curl_global_cleanup();
    return 0;
}
