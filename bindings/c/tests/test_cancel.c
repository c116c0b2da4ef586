/* What beeper_client_cancel reaches: a wait that has begun, even while it is still reading its
 * params, and a plain call pausing before a retry; never a call made after it. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct call_job {
    const BeeperClient *client;
    const char *params; /* for a wait; NULL: a plain setup.retrieve */
    int rc;
    char *out;
    int started; /* set atomically just before the call */
    int done;    /* set atomically when it returned */
    double ended_ms;
};

static void *call_thread(void *arg) {
    struct call_job *j = arg;
    __atomic_store_n(&j->started, 1, __ATOMIC_SEQ_CST);
    j->rc = j->params != NULL ? beeper_setup_wait(j->client, j->params, &j->out)
                              : beeper_setup_retrieve(j->client, &j->out);
    j->ended_ms = now_ms();
    __atomic_store_n(&j->done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

/* Starts `job` on a thread and returns once it is about to make its call. */
static int start_call(pthread_t *t, struct call_job *job) {
    if (pthread_create(t, NULL, call_thread, job) != 0) return 0;
    while (!__atomic_load_n(&job->started, __ATOMIC_SEQ_CST)) sleep_ms(1);
    return 1;
}

/* The call ended with BEEPER_ERR_CANCELLED within `bound_ms` of `since_ms`. */
static void check_cancelled_soon(struct call_job *job, pthread_t t, double since_ms, double bound_ms) {
    pthread_join(t, NULL);
    CHECK_ERR(job->rc, job->out, BEEPER_ERR_CANCELLED, "cancelled");
    double took = job->ended_ms - since_ms;
    if (took > bound_ms) {
        fprintf(stderr, "    the call ended %.0f ms after the cancel\n", took);
        g_test_failed = 1;
    }
    beeper_string_free(job->out);
}

/* The CPU time used by thread `t` (or by the calling thread for `self`), in ms. */
static double cpu_ms(pthread_t t, int self) {
    clockid_t clock = CLOCK_THREAD_CPUTIME_ID;
    struct timespec ts;
    if ((!self && pthread_getcpuclockid(t, &clock) != 0) || clock_gettime(clock, &ts) != 0)
        return -1;
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Wait params whose `until` lists `states` names: reading them takes a while. malloc'd. */
static char *long_until(int states, int timeout_ms) {
    size_t cap = (size_t)states * 16 + 64, len = 0;
    char *params = malloc(cap);
    if (params == NULL) return NULL;
    len += (size_t)snprintf(params + len, cap - len, "{\"timeoutMs\":%d,\"until\":[", timeout_ms);
    for (int i = 0; i < states; i++)
        len += (size_t)snprintf(params + len, cap - len, "%s\"s%d\"", i ? "," : "", i);
    snprintf(params + len, cap - len, "]}");
    return params;
}

void test_cancel_reaches_a_wait_still_reading_its_params(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    /* A long `until` list: the wait spends a while reading it before it polls. One cancel, sent
     * during that time, must end it: the wait began before the cancel returned. */
    enum { STATES = 150000 };
    char *params = long_until(STATES, 30000), *at_once = long_until(STATES, 1);
    REQUIRE(params != NULL && at_once != NULL);

    /* How long reading them takes here and now, in CPU and wall time: the same wait, ending at
     * its first deadline. It also runs the code once, so the wait below reads its client's
     * cancel count within microseconds of its thread's start. */
    char *o = NULL;
    double ref_cpu = cpu_ms(pthread_self(), 1), ref_wall = now_ms();
    int rc = beeper_setup_wait(c, at_once, &o);
    ref_cpu = cpu_ms(pthread_self(), 1) - ref_cpu;
    ref_wall = now_ms() - ref_wall;
    CHECK_ERR(rc, o, BEEPER_ERR_TIMEOUT, "timeout");
    beeper_string_free(o);
    free(at_once);

    struct call_job job = {c, params, -1, NULL, 0, 0, 0};
    pthread_t t;
    REQUIRE(start_call(&t, &job));
    /* The cancel comes a quarter into the reading, counted in the thread's CPU time: a loaded
     * machine stretches wall time, and a thread not yet run has not begun its call. */
    while (cpu_ms(t, 0) < ref_cpu / 4 && !__atomic_load_n(&job.done, __ATOMIC_SEQ_CST)) sleep_ms(1);
    double cancelled_at = now_ms();
    CHECK_EQ(beeper_client_cancel(c), BEEPER_OK);
    /* A cancel that missed would end the wait at its 30 s deadline, `timeout`; one that reached
     * it ends it once the reading is done, within the reading's time (three times it, and a
     * second, for a loaded machine). */
    printf("    reading the params took %.0f ms (%.0f ms of CPU)\n", ref_wall, ref_cpu);
    check_cancelled_soon(&job, t, cancelled_at, 3 * ref_wall + 1000);
    free(params);

    /* A wait called after the cancel is not affected by it. */
    o = NULL;
    rc = beeper_setup_wait(c, "{\"until\":[\"needs-login\"],\"timeoutMs\":5000}", &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    beeper_client_free(c);
}

void test_cancel_ends_a_call_pausing_before_a_retry(void) {
    BeeperClient *c = make_client(",\"maxRetries\":2");
    REQUIRE(c != NULL);
    /* The server asks for 30 s before the retry; the cancel ends the pause, not the request. */
    REQUIRE_EQ(sim_fault("{\"status\":503,\"count\":3,\"retryAfter\":\"30\"}"), 0);
    long before = sim_requests();
    struct call_job job = {c, NULL, -1, NULL, 0, 0, 0};
    pthread_t t;
    REQUIRE(start_call(&t, &job));
    for (int i = 0; i < 500 && sim_requests() == before; i++) sleep_ms(10);
    sleep_ms(200);
    CHECK(!__atomic_load_n(&job.done, __ATOMIC_SEQ_CST));
    double cancelled_at = now_ms();
    CHECK_EQ(beeper_client_cancel(c), BEEPER_OK);
    pthread_join(t, NULL);
    CHECK_ERR(job.rc, job.out, BEEPER_ERR_CANCELLED, "cancelled");
    CHECK_EQ(json_int(job.out, "retries", -1), 0);
    if (job.ended_ms - cancelled_at > 5000) {
        fprintf(stderr, "    the call ended %.0f ms after the cancel\n", job.ended_ms - cancelled_at);
        g_test_failed = 1;
    }
    beeper_string_free(job.out);
    CHECK_EQ(sim_requests() - before, 1); /* the retry was never sent */
    REQUIRE_EQ(sim_request("DELETE", "/_sim/faults", NULL, NULL), 200);

    /* Calls made after the cancel retry as usual. */
    REQUIRE_EQ(sim_fault("{\"status\":503,\"count\":1,\"retryAfterMs\":10}"), 0);
    char *o = NULL;
    int rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    beeper_client_free(c);
}

/* The interrupt check of the calling thread: asked while its blocking call waits, it ends the
 * call (a server that never answers, a pause before a retry) when it returns nonzero; a check
 * that returns 0 changes nothing; another thread's calls never ask it. */
struct check_state {
    double end_at_ms; /* the check returns nonzero from then on */
    int asked;
};

static int32_t end_when_due(void *user_data) {
    struct check_state *s = user_data;
    s->asked++;
    return now_ms() >= s->end_at_ms;
}

static void *plain_retrieve(void *arg) {
    char *o = NULL;
    int rc = beeper_setup_retrieve(arg, &o);
    beeper_string_free(o);
    return (void *)(intptr_t)rc;
}

void test_interrupt_check_ends_the_threads_blocking_calls(void) {
    BeeperClient *c = make_client(",\"maxRetries\":2");
    REQUIRE(c != NULL);
    struct check_state s = {now_ms() + 200, 0};
    CHECK_EQ(beeper_thread_set_interrupt_check(end_when_due, &s), BEEPER_OK);

    REQUIRE_EQ(sim_fault("{\"hang\":true}"), 0);
    long before = sim_requests();
    char *o = NULL;
    int rc = beeper_setup_retrieve(c, &o);
    double took = now_ms() - s.end_at_ms;
    CHECK_ERR(rc, o, BEEPER_ERR_CANCELLED, "cancelled");
    beeper_string_free(o);
    CHECK(took < 1000);
    CHECK(s.asked >= 1);
    CHECK_EQ(sim_requests() - before, 1); /* not retried */

    REQUIRE_EQ(sim_fault("{\"status\":503,\"count\":3,\"retryAfter\":\"30\"}"), 0);
    before = sim_requests();
    s.end_at_ms = now_ms() + 200;
    o = NULL;
    rc = beeper_setup_retrieve(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_CANCELLED, "cancelled");
    beeper_string_free(o);
    CHECK(now_ms() - s.end_at_ms < 1000);
    CHECK_EQ(sim_requests() - before, 1); /* the retry was never sent */
    REQUIRE_EQ(sim_request("DELETE", "/_sim/faults", NULL, NULL), 200);

    /* Another thread is not asked, even while the check would end every call. */
    s.end_at_ms = 0;
    s.asked = 0;
    REQUIRE_EQ(sim_fault("{\"delayMs\":300,\"count\":1}"), 0);
    pthread_t t;
    void *result = NULL;
    REQUIRE(pthread_create(&t, NULL, plain_retrieve, c) == 0);
    pthread_join(t, &result);
    CHECK_EQ((int)(intptr_t)result, BEEPER_OK);
    CHECK_EQ(s.asked, 0);

    /* Removed: this thread's calls are not asked either. */
    CHECK_EQ(beeper_thread_set_interrupt_check(NULL, NULL), BEEPER_OK);
    REQUIRE_EQ(sim_fault("{\"delayMs\":300,\"count\":1}"), 0);
    o = NULL;
    rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    CHECK_EQ(s.asked, 0);
    beeper_client_free(c);
}
