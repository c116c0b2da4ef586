/* What the C benchmark programs share: clocks, the canned server's counters, percentiles and
 * the JSON form of a phase's result (the same as rust-bench's), and the single-thread timing
 * loop. Header-only (static inline), so each program stays one compile command. */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *g_url;
static int g_calls = 2000, g_reps = 5, g_warmup = 200, g_threads = 8, g_thread_calls = 1000;

static inline uint64_t cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void die(const char *what, const char *detail) {
    fprintf(stderr, "bench: %s: %s\n", what, detail ? detail : "");
    exit(2);
}

/* GET /_bench/stats over a connection of its own: {"connections": n, "requests": m}. */
static inline void counters(uint64_t *connections, uint64_t *requests) {
    const char *hostport = strstr(g_url, "://");
    hostport = hostport ? hostport + 3 : g_url;
    char host[64] = {0};
    const char *colon = strrchr(hostport, ':');
    if (!colon || (size_t)(colon - hostport) >= sizeof host) die("url", g_url);
    memcpy(host, hostport, (size_t)(colon - hostport));
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)atoi(colon + 1));
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) die("the canned server must be on an IPv4 literal", host);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) die("connect", host);
    const char *req = "GET /_bench/stats HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n";
    if (write(fd, req, strlen(req)) != (ssize_t)strlen(req)) die("write", "stats");
    char buf[4096];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof buf - 1 && (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0) len += (size_t)n;
    buf[len] = 0;
    close(fd);
    const char *c = strstr(buf, "\"connections\":");
    const char *r = strstr(buf, "\"requests\":");
    if (!c || !r) die("stats", buf);
    *connections = strtoull(c + 14, NULL, 10);
    *requests = strtoull(r + 11, NULL, 10);
}

static inline int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static inline int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest rank, as in the Rust side. */
static inline double percentile(const uint64_t *sorted, size_t n, double p) {
    size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)sorted[rank - 1];
}

static inline double median_of(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

typedef struct {
    double median_ns[64], p99_ns[64], cps[64];
    int reps;
} result;

static inline void record(result *r, uint64_t *samples, size_t n, uint64_t wall_ns) {
    qsort(samples, n, sizeof *samples, cmp_u64);
    r->median_ns[r->reps] = percentile(samples, n, 50.0);
    r->p99_ns[r->reps] = percentile(samples, n, 99.0);
    r->cps[r->reps] = (double)n / ((double)wall_ns / 1e9);
    r->reps++;
}

static int g_first = 1;
/* The process CPU time per call of the last single-thread phase (< 0: not measured). */
static double g_cpu_us = -1.0;

static inline void print_phase(const char *name, result *r, int calls, int threads, uint64_t conns, uint64_t reqs) {
    printf("%s\"%s\":{\"median_us\":%.3f,\"p99_us\":%.3f,\"calls_per_sec\":%.1f,\"reps\":%d,"
           "\"calls_per_rep\":%d,\"threads\":%d,\"connections\":%llu,\"requests\":%llu",
           g_first ? "" : ",", name, median_of(r->median_ns, r->reps) / 1000.0,
           median_of(r->p99_ns, r->reps) / 1000.0, median_of(r->cps, r->reps), r->reps, calls,
           threads, (unsigned long long)conns, (unsigned long long)reqs);
    if (g_cpu_us >= 0) printf(",\"cpu_us\":%.3f", g_cpu_us);
    printf("}");
    g_cpu_us = -1.0;
    g_first = 0;
}

/* One call on a client made for the phase; a failed call ends the program. */
typedef void (*call_fn)(void *client);

/* Warms up, then times g_reps repetitions of g_calls sequential calls of `op` on `client`
 * (made fresh by the caller, freed after) and prints the phase. */
static inline void single_on(const char *name, call_fn op, void *client, void (*free_client)(void *)) {
    uint64_t c0, r0, c1, r1;
    counters(&c0, &r0);
    for (int i = 0; i < g_warmup; i++) op(client);
    uint64_t *samples = malloc(sizeof *samples * (size_t)g_calls);
    if (!samples) die("malloc", "samples");
    result r = {.reps = 0};
    uint64_t cpu0 = cpu_ns();
    for (int rep = 0; rep < g_reps; rep++) {
        uint64_t start = now_ns();
        for (int i = 0; i < g_calls; i++) {
            uint64_t t = now_ns();
            op(client);
            samples[i] = now_ns() - t;
        }
        record(&r, samples, (size_t)g_calls, now_ns() - start);
    }
    g_cpu_us = (double)(cpu_ns() - cpu0) / 1000.0 / ((double)g_reps * g_calls);
    free(samples);
    free_client(client);
    counters(&c1, &r1);
    print_phase(name, &r, g_calls, 1, c1 - c0, r1 - r0);
}

/* argv[2..6]: calls reps warmup threads thread_calls, each optional. */
static inline void read_counts(int argc, char **argv) {
    int *opts[] = {&g_calls, &g_reps, &g_warmup, &g_threads, &g_thread_calls};
    for (int i = 2; i < argc && i < 7; i++) *opts[i - 2] = atoi(argv[i]);
    if (g_calls < 1 || g_reps < 1 || g_reps > 64 || g_warmup < 0 || g_threads < 1 || g_thread_calls < 1)
        die("bad arguments", "calls>=1, 1<=reps<=64, warmup>=0, threads>=1, thread_calls>=1");
}

#endif
