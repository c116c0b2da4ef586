/* Waiting, cancelling, threads: beeper_client_cancel ends waits on other threads, and one
 * client is shared by several threads while its token is replaced. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct wait_job {
    const BeeperClient *client;
    const char *params;
    int rc;
    char *out;
    int done; /* set atomically by the waiting thread */
    double ended_ms;
};

static void *wait_thread(void *arg) {
    struct wait_job *j = arg;
    j->rc = beeper_setup_wait(j->client, j->params, &j->out);
    j->ended_ms = now_ms();
    __atomic_store_n(&j->done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

void test_cancel_ends_wait_from_another_thread(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    /* needs-login never becomes ready by itself: only the cancel can end these waits. */
    struct wait_job jobs[2] = {
        {c, "{\"timeoutMs\":120000,\"intervalMs\":50}", -1, NULL, 0, 0},
        {c, "{\"until\":[\"ready\"],\"timeoutMs\":120000,\"intervalMs\":5000}", -1, NULL, 0, 0},
    };
    pthread_t t[2];
    for (int i = 0; i < 2; i++) REQUIRE_EQ(pthread_create(&t[i], NULL, wait_thread, &jobs[i]), 0);
    sleep_ms(400);
    CHECK(!__atomic_load_n(&jobs[0].done, __ATOMIC_SEQ_CST));
    double cancelled_at = now_ms();
    CHECK_EQ(beeper_client_cancel(c), BEEPER_OK);
    /* One cancel ends both: each wait began before it. */
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        CHECK_ERR(jobs[i].rc, jobs[i].out, BEEPER_ERR_CANCELLED, "cancelled");
        double took = jobs[i].ended_ms - cancelled_at;
        if (took > 2000) {
            fprintf(stderr, "    wait %d ended %.0f ms after the cancel\n", i, took);
            g_test_failed = 1;
        }
        beeper_string_free(jobs[i].out);
    }
    /* Nothing was cancelled on the server, and the client still works. */
    char *o = NULL;
    int rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    rc = beeper_setup_wait(c, "{\"until\":[\"needs-login\"],\"timeoutMs\":5000}", &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    beeper_client_free(c);
}

void test_cancel_keeps_remote_verification(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    beeper_string_free(signed_in);
    char *o = NULL;
    int rc = beeper_verifications_create(c, NULL, &o);
    REQUIRE_OK(rc, o);
    beeper_string_free(o);

    struct wait_job job = {c, "{\"verificationStates\":[\"done\"],\"timeoutMs\":60000,\"intervalMs\":50}",
                           -1, NULL, 0, 0};
    pthread_t t;
    REQUIRE_EQ(pthread_create(&t, NULL, wait_thread, &job), 0);
    sleep_ms(300);
    for (int tries = 0; tries < 100 && !__atomic_load_n(&job.done, __ATOMIC_SEQ_CST); tries++) {
        beeper_client_cancel(c);
        sleep_ms(50);
    }
    pthread_join(t, NULL);
    CHECK_ERR(job.rc, job.out, BEEPER_ERR_CANCELLED, "cancelled");
    beeper_string_free(job.out);

    rc = beeper_verifications_retrieve(c, "active", &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "requested"));
    beeper_string_free(o);
    beeper_client_free(c);
}

#define THREADS 4
#define ROUNDS 6

struct shared_job {
    const BeeperClient *client;
    int failures;
};

static void *shared_client_thread(void *arg) {
    struct shared_job *j = arg;
    for (int i = 0; i < ROUNDS; i++) {
        char *o = NULL, *step = NULL;
        if (beeper_setup_retrieve(j->client, &o) != BEEPER_OK || !json_str_eq(o, "state", "needs-verification"))
            j->failures++;
        if (beeper_setup_next_step(o, &step) != BEEPER_OK || !json_str_eq(step, "step", "verify-device"))
            j->failures++;
        beeper_string_free(step);
        beeper_string_free(o);
        o = NULL;
        if (beeper_verifications_list(j->client, &o) != BEEPER_OK || json_array_len(o, "items") != 0)
            j->failures++;
        beeper_string_free(o);
        o = NULL;
        if (beeper_verifications_retrieve(j->client, "vrf_missing", &o) != BEEPER_ERR_API ||
            json_int(o, "status", 0) != 404)
            j->failures++;
        beeper_string_free(o);
    }
    return NULL;
}

struct token_job {
    const BeeperClient *client;
    const char *token;
    int stop;
    int failures;
};

static void *token_setter_thread(void *arg) {
    struct token_job *j = arg;
    while (!__atomic_load_n(&j->stop, __ATOMIC_SEQ_CST)) {
        char *o = NULL;
        if (beeper_client_set_access_token(j->client, j->token, &o) != BEEPER_OK) j->failures++;
        beeper_string_free(o);
        sleep_ms(2);
    }
    return NULL;
}

void test_threads_share_one_client(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    beeper_string_free(signed_in);

    long req_before = sim_requests(), conn_before = sim_connections();
    struct shared_job jobs[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i].client = c;
        jobs[i].failures = 0;
        REQUIRE_EQ(pthread_create(&t[i], NULL, shared_client_thread, &jobs[i]), 0);
    }
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        failures += jobs[i].failures;
    }
    CHECK_EQ(failures, 0);
    long requests = sim_requests() - req_before, conns = sim_connections() - conn_before;
    CHECK_EQ(requests, THREADS * ROUNDS * 3);
    /* Connections are kept alive and reused. */
    CHECK(conns >= 1 && conns <= THREADS * 2);
    if (conns > THREADS * 2) fprintf(stderr, "    %ld connections for %ld requests\n", conns, requests);

    /* Replacing the token while other threads call: every call sees a whole, valid token. */
    char *token = sim_state_string("accessToken");
    REQUIRE(token != NULL);
    struct token_job tj = {c, token, 0, 0};
    pthread_t setter;
    REQUIRE_EQ(pthread_create(&setter, NULL, token_setter_thread, &tj), 0);
    for (int i = 0; i < THREADS; i++) {
        jobs[i].failures = 0;
        REQUIRE_EQ(pthread_create(&t[i], NULL, shared_client_thread, &jobs[i]), 0);
    }
    failures = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        failures += jobs[i].failures;
    }
    __atomic_store_n(&tj.stop, 1, __ATOMIC_SEQ_CST);
    pthread_join(setter, NULL);
    CHECK_EQ(failures, 0);
    CHECK_EQ(tj.failures, 0);
    free(token);
    beeper_client_free(c);
}
