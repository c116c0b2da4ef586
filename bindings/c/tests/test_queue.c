/* Completion queues: calls started into a queue end there, taken on the taker's own thread once
 * its descriptor is readable; every lifetime the header allows (a call cancelled, the client
 * freed with calls running or completions waiting, the queue freed with calls running or
 * completions waiting) hands each completion over once or frees it, and nothing leaks. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Whether the queue's descriptor becomes readable within `ms`. */
static int readable_within(const BeeperQueue *q, int ms) {
    struct pollfd p = {beeper_queue_fd(q), POLLIN, 0};
    return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static BeeperQueue *make_queue(void) {
    BeeperQueue *q = NULL;
    char *out = NULL;
    int rc = beeper_queue_new(&q, &out);
    CHECK_OK(rc, out);
    beeper_string_free(out);
    return q;
}

static BeeperCall *start_retrieve(const BeeperClient *c, const BeeperQueue *q, uintptr_t tag) {
    BeeperCall *call = NULL;
    char *out = NULL;
    int rc = beeper_client_call_start(c, "setup.retrieve", NULL, NULL, NULL, q, (void *)tag,
                                      &call, &out);
    CHECK_OK(rc, out);
    CHECK(out != NULL && strcmp(out, "null") == 0);
    beeper_string_free(out);
    return call;
}

/* A wait for a state that never comes. */
static BeeperCall *start_endless_wait(const BeeperClient *c, const BeeperQueue *q,
                                      uintptr_t tag) {
    BeeperCall *call = NULL;
    char *out = NULL;
    int rc = beeper_setup_wait_start(c, "{\"until\":[\"never\"],\"intervalMs\":50}", q,
                                     (void *)tag, &call, &out);
    CHECK_OK(rc, out);
    beeper_string_free(out);
    return call;
}

/* Takes one completion within `ms`: its tag, status and JSON (the caller frees it). */
static int take(const BeeperQueue *q, uint32_t ms, uintptr_t *tag, int32_t *status, char **json) {
    void *user_data = NULL;
    int rc = beeper_queue_take(q, ms, &user_data, status, json);
    *tag = (uintptr_t)user_data;
    return rc;
}

/* The queue holds nothing: the descriptor is not readable and a take finds nothing. */
static void expect_empty(const BeeperQueue *q) {
    CHECK(!readable_within(q, 0));
    uintptr_t tag = 0;
    int32_t status = -1;
    char *out = NULL;
    int rc = take(q, 0, &tag, &status, &out);
    CHECK_ERR(rc, out, BEEPER_ERR_TIMEOUT, "timeout");
    beeper_string_free(out);
    CHECK_EQ(status, -1);
    CHECK_EQ(tag, 0);
}

void test_queue_hands_each_completion_over_once_when_readable(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    REQUIRE(c != NULL);
    BeeperQueue *q = make_queue();
    REQUIRE(q != NULL);
    CHECK(beeper_queue_fd(q) >= 0);
    expect_empty(q);

    /* Three calls, one of them failing: three completions, each with its tag and outcome. */
    BeeperCall *calls[3];
    calls[0] = start_retrieve(c, q, 1);
    calls[1] = start_retrieve(c, q, 2);
    {
        char *out = NULL;
        int rc = beeper_client_call_start(c, "verifications.retrieve", "nope", NULL, NULL, q,
                                          (void *)(uintptr_t)3, &calls[2], &out);
        CHECK_OK(rc, out);
        beeper_string_free(out);
    }
    int seen[4] = {0, 0, 0, 0};
    for (int i = 0; i < 3; i++) {
        REQUIRE(readable_within(q, 10000));
        uintptr_t tag = 0;
        int32_t status = -1;
        char *out = NULL;
        int rc = take(q, 0, &tag, &status, &out);
        REQUIRE_OK(rc, out);
        REQUIRE(tag >= 1 && tag <= 3);
        seen[tag]++;
        if (tag == 3) {
            CHECK_ERR(status, out, BEEPER_ERR_API, "api");
        } else {
            CHECK_OK(status, out);
            CHECK(strstr(out, "\"state\"") != NULL);
        }
        beeper_string_free(out);
    }
    CHECK(seen[1] == 1 && seen[2] == 1 && seen[3] == 1);
    expect_empty(q);
    for (int i = 0; i < 3; i++) beeper_call_free(calls[i]);

    /* A take waits up to its timeout; per-call options work as with beeper_client_call. */
    REQUIRE_EQ(sim_fault("{\"delayMs\":600,\"count\":1}"), 0);
    BeeperCall *call = NULL;
    {
        char *out = NULL;
        int rc = beeper_client_call_start(c, "setup.start", NULL, NULL, "{\"raw\":true}", q,
                                          (void *)(uintptr_t)4, &call, &out);
        CHECK_OK(rc, out);
        beeper_string_free(out);
    }
    uintptr_t tag = 0;
    int32_t status = -1;
    char *out = NULL;
    double t0 = now_ms();
    int rc = take(q, 50, &tag, &status, &out);
    CHECK_ERR(rc, out, BEEPER_ERR_TIMEOUT, "timeout");
    beeper_string_free(out);
    CHECK(now_ms() - t0 < 500);
    rc = take(q, 10000, &tag, &status, &out);
    CHECK_OK(rc, out);
    CHECK_EQ(tag, 4);
    CHECK_OK(status, out);
    CHECK(out != NULL && strstr(out, "\"status\":200") != NULL);
    beeper_string_free(out);
    beeper_call_free(call);

    /* No handle asked for: the completion still comes. */
    {
        int rc_ = beeper_setup_wait_start(c, "{\"until\":[\"never\"],\"timeoutMs\":100}", q,
                                          (void *)(uintptr_t)5, NULL, &out);
        CHECK_OK(rc_, out);
        beeper_string_free(out);
    }
    rc = take(q, 10000, &tag, &status, &out);
    CHECK_OK(rc, out);
    CHECK_EQ(tag, 5);
    CHECK_ERR(status, out, BEEPER_ERR_TIMEOUT, "timeout");
    beeper_string_free(out);
    expect_empty(q);
    beeper_queue_free(q);
    beeper_client_free(c);
}

/* A cancelled call ends cancelled into its queue, and only that call; the client's free puts
 * the completions of its running calls into the queue before it returns, and the queue is
 * emptied after the free. */
void test_queue_cancel_and_client_free(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    BeeperQueue *q = make_queue();
    REQUIRE(q != NULL);
    BeeperCall *one = start_endless_wait(c, q, 1);
    BeeperCall *other = start_endless_wait(c, q, 2);
    REQUIRE(one != NULL && other != NULL);
    CHECK(!readable_within(q, 200));
    CHECK_EQ(beeper_call_cancel(one), BEEPER_OK);
    REQUIRE(readable_within(q, 10000));
    uintptr_t tag = 0;
    int32_t status = -1;
    char *out = NULL;
    int rc = take(q, 0, &tag, &status, &out);
    CHECK_OK(rc, out);
    CHECK_EQ(tag, 1);
    CHECK_ERR(status, out, BEEPER_ERR_CANCELLED, "cancelled");
    beeper_string_free(out);
    expect_empty(q);
    /* A cancel after the end changes nothing. */
    CHECK_EQ(beeper_call_cancel(one), BEEPER_OK);
    beeper_call_free(one);

    /* A finished call's completion waits in the queue while the client is freed. */
    BeeperCall *done = start_retrieve(c, q, 3);
    REQUIRE(readable_within(q, 10000));
    beeper_client_free(c);
    /* The running wait ended at the free, its completion already queued. */
    int seen[4] = {0, 0, 0, 0};
    for (int i = 0; i < 2; i++) {
        rc = take(q, 0, &tag, &status, &out);
        REQUIRE_OK(rc, out);
        REQUIRE(tag == 2 || tag == 3);
        seen[tag]++;
        if (tag == 2) {
            CHECK_ERR(status, out, BEEPER_ERR_CANCELLED, "cancelled");
        } else {
            CHECK_OK(status, out);
        }
        beeper_string_free(out);
    }
    CHECK(seen[2] == 1 && seen[3] == 1);
    expect_empty(q);
    /* The handles outlive the client. */
    CHECK_EQ(beeper_call_cancel(other), BEEPER_OK);
    beeper_call_free(other);
    beeper_call_free(done);
    beeper_queue_free(q);
}

/* Freeing a queue with completions waiting in it and calls still running: the waiting ones are
 * freed at once, the later ones as their calls end (valgrind: nothing lost, nothing touched
 * after its free); the calls go on until cancelled or their client is freed. */
void test_queue_free_with_calls_running_and_completions_waiting(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    BeeperQueue *q = make_queue();
    REQUIRE(q != NULL);
    BeeperCall *finished = start_retrieve(c, q, 1);
    BeeperCall *running = start_endless_wait(c, q, 2);
    BeeperCall *cancelled = start_endless_wait(c, q, 3);
    REQUIRE(readable_within(q, 10000));
    beeper_queue_free(q);
    /* A call ending after the queue's free (cancelled, and at the client's free). */
    CHECK_EQ(beeper_call_cancel(cancelled), BEEPER_OK);
    sleep_ms(100);
    beeper_call_free(cancelled);
    beeper_call_free(finished);
    /* Calls of the client started into another queue are unaffected. */
    BeeperQueue *q2 = make_queue();
    REQUIRE(q2 != NULL);
    BeeperCall *later = start_retrieve(c, q2, 7);
    uintptr_t tag = 0;
    int32_t status = -1;
    char *out = NULL;
    int rc = take(q2, 10000, &tag, &status, &out);
    CHECK_OK(rc, out);
    CHECK_EQ(tag, 7);
    CHECK_OK(status, out);
    beeper_string_free(out);
    beeper_call_free(later);
    beeper_client_free(c);
    beeper_call_free(running);
    beeper_queue_free(q2);
}

void test_queue_refuses_bad_arguments(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    BeeperQueue *q = make_queue();
    REQUIRE(q != NULL);
    long before = sim_requests();
    BeeperCall *call = (BeeperCall *)SENTINEL;
    void *ud = (void *)(uintptr_t)9;
    EXPECT_INVALID(beeper_client_call_start(NULL, "setup.retrieve", NULL, NULL, NULL, q, ud, &call,
                                            &o));
    CHECK(call == NULL);
    EXPECT_INVALID_MSG(beeper_client_call_start(c, "setup.retrieve", NULL, NULL, NULL, NULL, ud,
                                                &call, &o),
                       "queue");
    EXPECT_INVALID(beeper_client_call_start(c, "setup.nothing", NULL, NULL, NULL, q, ud, &call,
                                            &o));
    EXPECT_INVALID(beeper_client_call_start(c, "setup.email", NULL, "{}", NULL, q, ud, &call, &o));
    EXPECT_INVALID(beeper_client_call_start(c, "setup.retrieve", NULL, NULL, "{\"bogus\":1}", q,
                                            ud, &call, &o));
    CHECK_EQ(beeper_client_call_start(c, "setup.retrieve", NULL, NULL, NULL, q, ud, &call, NULL),
             BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_setup_wait_start(NULL, NULL, q, ud, &call, &o));
    EXPECT_INVALID(beeper_setup_wait_start(c, "{\"timeoutMs\":0}", q, ud, &call, &o));
    EXPECT_INVALID_MSG(beeper_setup_wait_start(c, NULL, NULL, ud, &call, &o), "queue");
    CHECK(call == NULL);
    void *taken = NULL;
    int32_t status = -1;
    EXPECT_INVALID(beeper_queue_take(NULL, 0, &taken, &status, &o));
    EXPECT_INVALID(beeper_queue_take(q, 0, NULL, &status, &o));
    EXPECT_INVALID(beeper_queue_take(q, 0, &taken, NULL, &o));
    CHECK_EQ(beeper_queue_take(q, 0, &taken, &status, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_queue_new(NULL, &o));
    CHECK_EQ(beeper_queue_fd(NULL), -1);
    beeper_queue_free(NULL);
    /* Nothing refused was sent or queued. */
    CHECK_EQ(sim_requests(), before);
    expect_empty(q);
    beeper_queue_free(q);
    beeper_client_free(c);
}
