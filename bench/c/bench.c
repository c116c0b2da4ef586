/* The C ABI benchmark, against the canned server: beeper_setup_retrieve and
 * beeper_verifications_create from one thread (plain, then through beeper_client_call with
 * per-call options and the raw answer, and setup.retrieve started without blocking and waited
 * for), then from 8 pthreads sharing one client.
 * Prints one JSON object: {"phases": {name: result}} in the same form as rust-bench.
 *
 * Build: cc -O2 -Wall -Wextra -Werror -I include bench/c/bench.c -L target/release \
 *        -Wl,-rpath,$PWD/target/release -lbeeper_setup -lpthread -o target/bench-c
 * Usage: bench-c URL [calls reps warmup threads thread_calls [single|plain|options|threads|waits|all]]
 *   plain / options: only the two plain, or the two options-and-raw, single-thread calls (what
 *   the instruction counts compare).
 *   waits: 1000 waits started at once with beeper_setup_wait_async (2 s deadline, never
 *   reached): the threads and memory they take, and how late the last one ends.
 *   watchers: 1000 watches of one client started at once with beeper_setup_watch_async
 *   (intervalMs 500, timeoutMs 2000): the requests they cost together, and the threads added.
 */
#define _POSIX_C_SOURCE 200809L
#include "beeper_setup.h"
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CREATE_PARAMS "{\"purpose\":\"login\"}"

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

/* The library's call without blocking, waited for on a condition variable: what the async
 * bindings are built on, so the floor of their "async adds" rows (a worker's wake-up to make
 * the exchange, and the waiter's when the callback signals). One call at a time. */
static pthread_mutex_t g_async_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_async_cond = PTHREAD_COND_INITIALIZER;
static int g_async_ended;
static int32_t g_async_status;

static void on_async_done(void *user_data, int32_t status, char *json) {
    (void)user_data;
    beeper_string_free(json);
    pthread_mutex_lock(&g_async_lock);
    g_async_status = status;
    g_async_ended = 1;
    pthread_cond_signal(&g_async_cond);
    pthread_mutex_unlock(&g_async_lock);
}

static int32_t op_retrieve_async(const BeeperClient *c) {
    BeeperCall *call = NULL;
    char *out = NULL;
    pthread_mutex_lock(&g_async_lock);
    g_async_ended = 0;
    pthread_mutex_unlock(&g_async_lock);
    if (beeper_client_call_async(c, "setup.retrieve", NULL, NULL, NULL, on_async_done, NULL, &call, &out) != BEEPER_OK)
        die("beeper_client_call_async setup.retrieve", out);
    beeper_string_free(out);
    pthread_mutex_lock(&g_async_lock);
    while (!g_async_ended) pthread_cond_wait(&g_async_cond, &g_async_lock);
    int32_t rc = g_async_status;
    pthread_mutex_unlock(&g_async_lock);
    beeper_call_free(call);
    if (rc != BEEPER_OK) die("setup.retrieve without blocking", "failed");
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

/* The single-thread loop (harness.h) on a fresh client, for an operation of this file. */
static op_fn g_single_op;

static void call_single_op(void *client) { g_single_op(client); }

static void free_client(void *client) { beeper_client_free(client); }

static void single(const char *name, op_fn op) {
    g_single_op = op;
    single_on(name, call_single_op, make_client(), free_client);
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

/* ---- 1000 watchers of one client ---- */

static int g_changes, g_watch_ends;

static void on_change(void *user_data, int32_t status, char *json, int32_t more) {
    (void)user_data;
    (void)status;
    beeper_string_free(json);
    pthread_mutex_lock(&g_wait_lock);
    if (more) {
        g_changes++;
    } else {
        g_watch_ends++;
    }
    pthread_mutex_unlock(&g_wait_lock);
}

static void watchers(const char *name, int n, int interval_ms, int timeout_ms) {
    BeeperClient *client = make_client();
    char params[128], *out = NULL;
    snprintf(params, sizeof params, "{\"intervalMs\":%d,\"timeoutMs\":%d}", interval_ms, timeout_ms);
    uint64_t conns0, reqs0, conns1, reqs1;
    counters(&conns0, &reqs0);
    int threads0 = thread_count(), threads_peak = threads0;
    uint64_t start = now_ns();
    for (int i = 0; i < n; i++) {
        if (beeper_setup_watch_async(client, params, on_change, NULL, NULL, &out) != BEEPER_OK)
            die("beeper_setup_watch_async", out);
        beeper_string_free(out);
    }
    for (;;) {
        int t = thread_count();
        if (t > threads_peak) threads_peak = t;
        pthread_mutex_lock(&g_wait_lock);
        int ended = g_watch_ends;
        pthread_mutex_unlock(&g_wait_lock);
        if (ended == n || now_ns() - start > 30000000000ull) break;
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    double ms = (double)(now_ns() - start) / 1e6;
    counters(&conns1, &reqs1);
    beeper_client_free(client);
    printf("\"%s\":{\"watchers\":%d,\"interval_ms\":%d,\"timeout_ms\":%d,\"ended\":%d,"
           "\"changes\":%d,\"requests\":%llu,\"duration_ms\":%.1f,\"threads_added\":%d}",
           name, n, interval_ms, timeout_ms, g_watch_ends, g_changes,
           (unsigned long long)(reqs1 - reqs0), ms, threads_peak - threads0);
}

int main(int argc, char **argv) {
    if (argc < 2) die("usage", "bench-c URL [calls reps warmup threads thread_calls [single|plain|options|threads|all]]");
    g_url = argv[1];
    read_counts(argc, argv);
    const char *mode = argc > 7 ? argv[7] : "all";
    int plain = strcmp(mode, "plain") == 0, options = strcmp(mode, "options") == 0;
    if (strcmp(mode, "waits") == 0) {
        printf("{\"library_version\":\"%s\",\"phases\":{", beeper_version());
        waits("c.waits1000", 1000, 2000);
        printf(",");
        watchers("c.watchers1000", 1000, 500, 2000);
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
        if (!plain && !options) single("c.async.get", op_retrieve_async);
    }
    if (run_threads) {
        threaded("c.get.threads", op_retrieve);
        threaded("c.post.threads", op_create);
    }
    printf("}}\n");
    return 0;
}
