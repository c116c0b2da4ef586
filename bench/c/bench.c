/* The C ABI benchmark, against the canned server: beeper_setup_retrieve and
 * beeper_verifications_create from one thread (plain, then through beeper_client_call with
 * per-call options and the raw answer), then from 8 pthreads sharing one client.
 * Prints one JSON object: {"phases": {name: result}} in the same form as rust-bench.
 *
 * Build: cc -O2 -Wall -Wextra -Werror -I include bench/c/bench.c -L target/release \
 *        -Wl,-rpath,$PWD/target/release -lbeeper_setup -lpthread -o target/bench-c
 * Usage: bench-c URL [calls reps warmup threads thread_calls [single|plain|options|threads|waits|all]]
 *   plain / options: only the two plain, or the two options-and-raw, single-thread calls (what
 *   the instruction counts compare).
 *   waits: 1000 waits started at once with beeper_setup_wait_async (2 s deadline, never
 *   reached): the threads and memory they take, and how late the last one ends.
 */
#define _POSIX_C_SOURCE 200809L
#include "beeper_setup.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CREATE_PARAMS "{\"purpose\":\"login\"}"

static const char *g_url;
static int g_calls = 2000, g_reps = 5, g_warmup = 200, g_threads = 8, g_thread_calls = 1000;

static uint64_t cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, const char *detail) {
    fprintf(stderr, "bench-c: %s: %s\n", what, detail ? detail : "");
    exit(2);
}

typedef int32_t (*op_fn)(const BeeperClient *c);

static int32_t op_retrieve(const BeeperClient *c) {
    char *out = NULL;
    int32_t rc = beeper_setup_retrieve(c, &out);
    if (rc != BEEPER_OK) die("beeper_setup_retrieve", out);
    beeper_string_free(out);
    return rc;
}

static int32_t op_create(const BeeperClient *c) {
    char *out = NULL;
    int32_t rc = beeper_verifications_create(c, CREATE_PARAMS, &out);
    if (rc != BEEPER_OK) die("beeper_verifications_create", out);
    beeper_string_free(out);
    return rc;
}

/* Per-call options as a binding passes them on every call: a timeout, a header, a query
 * parameter and the raw answer (status and headers). */
#define CALL_OPTIONS \
    "{\"timeoutMs\":30000,\"extraHeaders\":{\"X-Request-Tag\":\"bench\"}," \
    "\"extraQuery\":{\"tag\":\"bench\"},\"raw\":true}"

static int32_t op_retrieve_options(const BeeperClient *c) {
    char *out = NULL;
    int32_t rc = beeper_client_call(c, "setup.retrieve", NULL, NULL, CALL_OPTIONS, &out);
    if (rc != BEEPER_OK) die("beeper_client_call setup.retrieve", out);
    beeper_string_free(out);
    return rc;
}

static int32_t op_create_options(const BeeperClient *c) {
    char *out = NULL;
    int32_t rc = beeper_client_call(c, "verifications.create", NULL, CREATE_PARAMS, CALL_OPTIONS, &out);
    if (rc != BEEPER_OK) die("beeper_client_call verifications.create", out);
    beeper_string_free(out);
    return rc;
}

static BeeperClient *make_client(void) {
    char config[512];
    snprintf(config, sizeof config,
             "{\"baseURL\":\"%s\",\"accessToken\":\"bench-access-token\",\"maxRetries\":0}", g_url);
    BeeperClient *c = NULL;
    char *out = NULL;
    if (beeper_client_new(config, &c, &out) != BEEPER_OK) die("beeper_client_new", out);
    beeper_string_free(out);
    return c;
}

/* GET /_bench/stats over a connection of its own: {"connections": n, "requests": m}. */
static void counters(uint64_t *connections, uint64_t *requests) {
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

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest rank, as in the Rust side. */
static double percentile(const uint64_t *sorted, size_t n, double p) {
    size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return (double)sorted[rank - 1];
}

static double median_of(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

typedef struct {
    double median_ns[64], p99_ns[64], cps[64];
    int reps;
} result;

static void record(result *r, uint64_t *samples, size_t n, uint64_t wall_ns) {
    qsort(samples, n, sizeof *samples, cmp_u64);
    r->median_ns[r->reps] = percentile(samples, n, 50.0);
    r->p99_ns[r->reps] = percentile(samples, n, 99.0);
    r->cps[r->reps] = (double)n / ((double)wall_ns / 1e9);
    r->reps++;
}

static int g_first = 1;
/* The process CPU time per call of the last single-thread phase (< 0: not measured). */
static double g_cpu_us = -1.0;

static void print_phase(const char *name, result *r, int calls, int threads, uint64_t conns, uint64_t reqs) {
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

static void single(const char *name, op_fn op) {
    uint64_t c0, r0, c1, r1;
    counters(&c0, &r0);
    BeeperClient *client = make_client();
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
    beeper_client_free(client);
    counters(&c1, &r1);
    print_phase(name, &r, g_calls, 1, c1 - c0, r1 - r0);
}

typedef struct {
    const BeeperClient *client;
    op_fn op;
    pthread_barrier_t *barrier;
    uint64_t *samples;
    int warmup;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    for (int i = 0; i < w->warmup; i++) w->op(w->client);
    pthread_barrier_wait(w->barrier);
    for (int i = 0; i < g_thread_calls; i++) {
        uint64_t t = now_ns();
        w->op(w->client);
        w->samples[i] = now_ns() - t;
    }
    return NULL;
}

static void threaded(const char *name, op_fn op) {
    uint64_t c0, r0, c1, r1;
    counters(&c0, &r0);
    BeeperClient *client = make_client();
    size_t total = (size_t)g_threads * (size_t)g_thread_calls;
    uint64_t *samples = malloc(sizeof *samples * total);
    pthread_t *tids = malloc(sizeof *tids * (size_t)g_threads);
    worker *ws = malloc(sizeof *ws * (size_t)g_threads);
    if (!samples || !tids || !ws) die("malloc", "threads");
    result r = {.reps = 0};
    for (int rep = 0; rep < g_reps; rep++) {
        pthread_barrier_t barrier;
        pthread_barrier_init(&barrier, NULL, (unsigned)g_threads + 1);
        for (int t = 0; t < g_threads; t++) {
            ws[t] = (worker){client, op, &barrier, samples + (size_t)t * (size_t)g_thread_calls,
                             rep == 0 ? g_warmup : 0};
            if (pthread_create(&tids[t], NULL, work, &ws[t]) != 0) die("pthread_create", name);
        }
        pthread_barrier_wait(&barrier);
        uint64_t start = now_ns();
        for (int t = 0; t < g_threads; t++) pthread_join(tids[t], NULL);
        record(&r, samples, total, now_ns() - start);
        pthread_barrier_destroy(&barrier);
    }
    free(samples);
    free(tids);
    free(ws);
    beeper_client_free(client);
    counters(&c1, &r1);
    print_phase(name, &r, (int)total, g_threads, c1 - c0, r1 - r0);
}

/* ---- 1000 concurrent waits ---- */

static pthread_mutex_t g_wait_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_waits_ended, g_waits_timed_out;
static uint64_t g_last_end_ns;

static void on_wait_done(void *user_data, int32_t status, char *json) {
    (void)user_data;
    beeper_string_free(json);
    uint64_t t = now_ns();
    pthread_mutex_lock(&g_wait_lock);
    g_waits_ended++;
    if (status == BEEPER_ERR_TIMEOUT) g_waits_timed_out++;
    if (t > g_last_end_ns) g_last_end_ns = t;
    pthread_mutex_unlock(&g_wait_lock);
}

static int thread_count(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int n = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Threads: %d", &n) == 1) break;
    if (f) fclose(f);
    return n;
}

static long rss_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kib) == 1) break;
    if (f) fclose(f);
    return kib;
}

static void waits(const char *name, int n, int timeout_ms) {
    BeeperClient *client = make_client();
    char params[128], *out = NULL;
    snprintf(params, sizeof params, "{\"until\":[\"never\"],\"timeoutMs\":%d,\"intervalMs\":500}",
             timeout_ms);
    int threads0 = thread_count(), threads_peak = threads0;
    long rss0 = rss_kib(), rss_peak = rss0;
    uint64_t start = now_ns();
    for (int i = 0; i < n; i++) {
        if (beeper_setup_wait_async(client, params, on_wait_done, NULL, NULL, &out) != BEEPER_OK)
            die("beeper_setup_wait_async", out);
        beeper_string_free(out);
    }
    for (;;) {
        int t = thread_count();
        long r = rss_kib();
        if (t > threads_peak) threads_peak = t;
        if (r > rss_peak) rss_peak = r;
        pthread_mutex_lock(&g_wait_lock);
        int ended = g_waits_ended;
        pthread_mutex_unlock(&g_wait_lock);
        if (ended == n || now_ns() - start > 30000000000ull) break;
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    beeper_client_free(client);
    double last_ms = (double)(g_last_end_ns - start) / 1e6;
    printf("\"%s\":{\"waits\":%d,\"timeout_ms\":%d,\"ended\":%d,\"timed_out\":%d,"
           "\"last_end_ms\":%.1f,\"slip_ms\":%.1f,\"threads_added\":%d,\"rss_added_kib\":%ld}",
           name, n, timeout_ms, g_waits_ended, g_waits_timed_out, last_ms, last_ms - timeout_ms,
           threads_peak - threads0, rss_peak - rss0);
}

int main(int argc, char **argv) {
    if (argc < 2) die("usage", "bench-c URL [calls reps warmup threads thread_calls [single|plain|options|threads|all]]");
    g_url = argv[1];
    int *opts[] = {&g_calls, &g_reps, &g_warmup, &g_threads, &g_thread_calls};
    for (int i = 2; i < argc && i < 7; i++) *opts[i - 2] = atoi(argv[i]);
    if (g_calls < 1 || g_reps < 1 || g_reps > 64 || g_warmup < 0 || g_threads < 1 || g_thread_calls < 1)
        die("bad arguments", "calls>=1, 1<=reps<=64, warmup>=0, threads>=1, thread_calls>=1");
    const char *mode = argc > 7 ? argv[7] : "all";
    int plain = strcmp(mode, "plain") == 0, options = strcmp(mode, "options") == 0;
    if (strcmp(mode, "waits") == 0) {
        printf("{\"library_version\":\"%s\",\"phases\":{", beeper_version());
        waits("c.waits1000", 1000, 2000);
        printf("}}\n");
        return 0;
    }
    int run_single = strcmp(mode, "threads") != 0;
    int run_threads = strcmp(mode, "single") != 0 && !plain && !options;
    printf("{\"library_version\":\"%s\",\"phases\":{", beeper_version());
    if (run_single) {
        if (!options) {
            single("c.get", op_retrieve);
            single("c.post", op_create);
        }
        if (!plain) {
            single("c.get.options", op_retrieve_options);
            single("c.post.options", op_create_options);
        }
    }
    if (run_threads) {
        threaded("c.get.threads", op_retrieve);
        threaded("c.post.threads", op_create);
    }
    printf("}}\n");
    return 0;
}
