/* What beeper_client_cancel reaches: a wait that has begun, even while it is still reading its
 * params, and a plain call pausing before a retry; never a call made after it. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void test_cancel_reaches_a_wait_still_reading_its_params(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    /* A long `until` list: the wait spends a while reading it before it polls. One cancel, sent
     * during that time, must end it: the wait began before the cancel returned. */
    enum { STATES = 150000 };
    size_t cap = (size_t)STATES * 16 + 64, len = 0;
    char *params = malloc(cap);
    REQUIRE(params != NULL);
    len += (size_t)snprintf(params + len, cap - len, "{\"timeoutMs\":30000,\"until\":[");
    for (int i = 0; i < STATES; i++)
        len += (size_t)snprintf(params + len, cap - len, "%s\"s%d\"", i ? "," : "", i);
    snprintf(params + len, cap - len, "]}");

    struct call_job job = {c, params, -1, NULL, 0, 0, 0};
    pthread_t t;
    REQUIRE(start_call(&t, &job));
    sleep_ms(5);
    double cancelled_at = now_ms();
    CHECK_EQ(beeper_client_cancel(c), BEEPER_OK);
    check_cancelled_soon(&job, t, cancelled_at, 5000);
    free(params);

    /* A wait called after the cancel is not affected by it. */
    char *o = NULL;
    int rc = beeper_setup_wait(c, "{\"until\":[\"needs-login\"],\"timeoutMs\":5000}", &o);
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
