/* Watching the setup session: beeper_setup_watch_async's callback runs once per change, in
 * order, then once to end (`more` = 0); its handle cancels it; its deadline ends it; the
 * client's free ends it before returning; watchers share the client's polls; the one-shot
 * beeper_setup_next_change. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_EVENTS = 32 };

/* What one watch's callback received. */
struct watch_log {
    pthread_mutex_t lock;
    int count;          /* callbacks so far */
    int checked;        /* changes the test has looked at (the callbacks may be ahead) */
    int ended;          /* the `more` = 0 callback ran */
    int end_status;
    int overlapping;    /* two callbacks at once were seen */
    int inside;
    char *json[MAX_EVENTS];
};

static void log_init(struct watch_log *w) {
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->lock, NULL);
}

static void log_destroy(struct watch_log *w) {
    for (int i = 0; i < w->count && i < MAX_EVENTS; i++) beeper_string_free(w->json[i]);
    pthread_mutex_destroy(&w->lock);
}

static void on_change(void *user_data, int32_t status, char *json, int32_t more) {
    struct watch_log *w = user_data;
    pthread_mutex_lock(&w->lock);
    if (w->inside) w->overlapping = 1;
    w->inside = 1;
    if (w->ended) w->overlapping = 1; /* a callback after the end */
    if (w->count < MAX_EVENTS) {
        w->json[w->count] = json;
    } else {
        beeper_string_free(json);
    }
    w->count++;
    if (!more) {
        w->ended = 1;
        w->end_status = status;
    }
    w->inside = 0;
    pthread_mutex_unlock(&w->lock);
}

/* Waits up to 5 s for the watch's callback number `n` (from 1); returns its JSON or NULL. */
static const char *await_event(struct watch_log *w, int n) {
    double until = now_ms() + 5000;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        int count = w->count;
        pthread_mutex_unlock(&w->lock);
        if (count >= n) return w->json[n - 1];
        if (now_ms() > until) return NULL;
        sleep_ms(5);
    }
}

/* The next change must show `state` and the verification in `vstate` ("-": none), and nothing
 * more may come for a few polls. "Next" counts from the last change checked, not from the
 * callbacks so far: a change may arrive before the test looks. */
static void expect_change_at(int line, struct watch_log *w, const char *state, const char *vstate) {
    int n = ++w->checked;
    const char *json = await_event(w, n);
    if (json == NULL) {
        fprintf(stderr, "    line %d: no change %d (%s/%s)\n", line, n, state, vstate);
        g_test_failed = 1;
        return;
    }
    int ok = json_str_eq(json, "session.state", state) &&
             (strcmp(vstate, "-") == 0 ? json_type(json, "session.verification") == 0
                                       : json_str_eq(json, "session.verification.state", vstate)) &&
             json_type(json, "nextStep.step") == 's' && json_type(json, "sequence") == 'n';
    if (!ok) {
        fprintf(stderr, "    line %d: change %d is not %s/%s: %s\n", line, n, state, vstate, json);
        g_test_failed = 1;
    }
    sleep_ms(100);
    pthread_mutex_lock(&w->lock);
    if (w->count != n) {
        fprintf(stderr, "    line %d: %d callbacks after change %d\n", line, w->count - n, n);
        g_test_failed = 1;
    }
    pthread_mutex_unlock(&w->lock);
}
#define EXPECT_CHANGE(w, state, vstate) expect_change_at(__LINE__, (w), (state), (vstate))

/* A call's status and answer (read once the call has written it), checked and freed. */
static void call_ok(int rc, char **out) {
    CHECK_OK(rc, *out);
    beeper_string_free(*out);
    *out = NULL;
}

void test_watch_scripted_session_changes_once_in_order(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    struct watch_log w;
    log_init(&w);
    BeeperCall *call = NULL;
    char *out = NULL;
    int rc = beeper_setup_watch_async(c, "{\"intervalMs\":20}", on_change, &w, &call, &out);
    REQUIRE_OK(rc, out);
    beeper_string_free(out);

    EXPECT_CHANGE(&w, "needs-login", "-");
    char *signed_in = sign_in(c, "existing@example.com");
    beeper_string_free(signed_in);
    EXPECT_CHANGE(&w, "needs-verification", "-");
    CHECK_EQ(sim_post("/_sim/other-device/request", NULL), 200);
    EXPECT_CHANGE(&w, "needs-verification", "requested");
    CHECK_EQ(sim_post("/_sim/other-device/cancel", "{\"code\":\"m.timeout\"}"), 200);
    EXPECT_CHANGE(&w, "needs-verification", "cancelled");
    CHECK_EQ(sim_post("/_sim/other-device/request", NULL), 200);
    EXPECT_CHANGE(&w, "needs-verification", "requested");
    call_ok(beeper_verifications_accept(c, "active", &out), &out);
    EXPECT_CHANGE(&w, "needs-verification", "ready");
    call_ok(beeper_verifications_sas_start(c, "active", &out), &out);
    EXPECT_CHANGE(&w, "needs-verification", "sas_ready");
    CHECK_EQ(sim_post("/_sim/other-device/confirm", NULL), 200);
    call_ok(beeper_verifications_sas_confirm(c, "active", &out), &out);
    int before_sync = ++w.checked;
    CHECK(await_event(&w, before_sync) != NULL);
    CHECK_EQ(sim_post("/_sim/first-sync", NULL), 200);
    const char *last = await_event(&w, before_sync + 1);
    REQUIRE(last != NULL);
    CHECK(w.ended);
    CHECK_EQ(w.end_status, BEEPER_OK);
    CHECK(json_str_eq(last, "nextStep.step", "done"));
    long first = json_int(w.json[0], "sequence", -1);
    for (int i = 0; i < w.count; i++) CHECK_EQ(json_int(w.json[i], "sequence", -1), first + i);
    sleep_ms(100);
    CHECK_EQ(w.count, before_sync + 1);
    CHECK(!w.overlapping);
    beeper_call_free(call);
    beeper_client_free(c);
    log_destroy(&w);
}

void test_watch_cancel_deadline_and_free(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    struct watch_log timed, cancelled, freed;
    log_init(&timed);
    log_init(&cancelled);
    log_init(&freed);
    BeeperCall *call = NULL;
    char *out = NULL;

    double t0 = now_ms();
    int rc = beeper_setup_watch_async(c, "{\"intervalMs\":20,\"timeoutMs\":300}", on_change, &timed,
                                      NULL, &out);
    REQUIRE_OK(rc, out);
    beeper_string_free(out);
    rc = beeper_setup_watch_async(c, "{\"intervalMs\":20}", on_change, &cancelled, &call, &out);
    REQUIRE_OK(rc, out);
    beeper_string_free(out);
    rc = beeper_setup_watch_async(c, NULL, on_change, &freed, NULL, &out);
    REQUIRE_OK(rc, out);
    beeper_string_free(out);

    /* The cancel ends that watch only, at once. */
    REQUIRE(await_event(&cancelled, 1) != NULL);
    double cancelled_at = now_ms();
    CHECK_EQ(beeper_call_cancel(call), BEEPER_OK);
    const char *end = await_event(&cancelled, 2);
    REQUIRE(end != NULL);
    CHECK(now_ms() - cancelled_at < 1000);
    CHECK(cancelled.ended);
    CHECK_EQ(cancelled.end_status, BEEPER_ERR_CANCELLED);
    CHECK(json_str_eq(end, "kind", "cancelled"));
    beeper_call_free(call);

    /* The deadline: the session, then the timeout. */
    end = await_event(&timed, 2);
    REQUIRE(end != NULL);
    CHECK(now_ms() - t0 < 3000);
    CHECK(timed.ended);
    CHECK_EQ(timed.end_status, BEEPER_ERR_TIMEOUT);
    CHECK(json_str_eq(end, "kind", "timeout"));

    /* The free ends the last one before it returns. */
    CHECK(!freed.ended);
    beeper_client_free(c);
    CHECK(freed.ended);
    CHECK_EQ(freed.end_status, BEEPER_ERR_CANCELLED);
    CHECK(!timed.overlapping && !cancelled.overlapping && !freed.overlapping);
    log_destroy(&timed);
    log_destroy(&cancelled);
    log_destroy(&freed);
}

/* Counts ends. */
struct tally {
    pthread_mutex_t lock;
    int changes, ends;
};

static void on_tally(void *user_data, int32_t status, char *json, int32_t more) {
    struct tally *t = user_data;
    (void)status;
    beeper_string_free(json);
    pthread_mutex_lock(&t->lock);
    if (more) {
        t->changes++;
    } else {
        t->ends++;
    }
    pthread_mutex_unlock(&t->lock);
}

void test_watch_shares_polls_and_never_busy_loops(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *out = NULL;
    /* A verification waiting for the other device: a state that stays. */
    char *signed_in = sign_in(c, "existing@example.com");
    beeper_string_free(signed_in);
    CHECK_EQ(sim_post("/_sim/other-device/request", NULL), 200);
    call_ok(beeper_verifications_accept(c, "active", &out), &out);
    call_ok(beeper_verifications_sas_start(c, "active", &out), &out);
    call_ok(beeper_verifications_sas_confirm(c, "active", &out), &out);

    struct tally t = {PTHREAD_MUTEX_INITIALIZER, 0, 0};
    enum { N = 1000 };
    long before = sim_requests();
    for (int i = 0; i < N; i++) {
        int rc = beeper_setup_watch_async(c, "{\"intervalMs\":200,\"timeoutMs\":2000}", on_tally,
                                          &t, NULL, &out);
        if (rc != BEEPER_OK) CHECK_OK(rc, out);
        beeper_string_free(out);
    }
    double until = now_ms() + 20000;
    for (;;) {
        pthread_mutex_lock(&t.lock);
        int ends = t.ends;
        pthread_mutex_unlock(&t.lock);
        if (ends == N || now_ms() > until) break;
        sleep_ms(20);
    }
    long polls = sim_requests() - before;
    printf("    %d watchers for 2 s at 200 ms: %ld requests, %d changes, %d ends\n", N, polls,
           t.changes, t.ends);
    CHECK_EQ(t.ends, N);
    CHECK_EQ(t.changes, N);
    /* One request per interval for all of them (starting 1000 under valgrind takes a while). */
    CHECK(polls >= 5 && polls <= 16);
    beeper_client_free(c);
    pthread_mutex_destroy(&t.lock);
}

struct delayed {
    long ms;
    const char *path;
};

static void *post_later(void *arg) {
    struct delayed *d = arg;
    sleep_ms(d->ms);
    sim_post(d->path, NULL);
    return NULL;
}

void test_next_change_waits_for_the_change_after_a_session(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *signed_in = sign_in(c, "existing@example.com");
    beeper_string_free(signed_in);
    char *session = NULL;
    int rc = beeper_setup_retrieve(c, &session);
    REQUIRE_OK(rc, session);
    char *params = malloc(strlen(session) + 64);
    REQUIRE(params != NULL);
    sprintf(params, "{\"intervalMs\":20,\"timeoutMs\":5000,\"after\":%s}", session);
    struct delayed d = {200, "/_sim/other-device/request"};
    pthread_t thread;
    REQUIRE_EQ(pthread_create(&thread, NULL, post_later, &d), 0);
    double t0 = now_ms();
    char *out = NULL;
    rc = beeper_setup_next_change(c, params, &out);
    CHECK_OK(rc, out);
    CHECK(now_ms() - t0 >= 150);
    CHECK(json_str_eq(out, "session.verification.state", "requested"));
    CHECK(json_str_eq(out, "nextStep.step", "verify-device"));
    pthread_join(thread, NULL);
    beeper_string_free(out);
    /* Nothing after the session as it is now yet: the deadline. */
    beeper_string_free(session);
    rc = beeper_setup_retrieve(c, &session);
    CHECK_OK(rc, session);
    free(params);
    params = malloc(strlen(session) + 64);
    REQUIRE(params != NULL);
    sprintf(params, "{\"intervalMs\":20,\"timeoutMs\":200,\"after\":%s}", session);
    rc = beeper_setup_next_change(c, params, &out);
    CHECK_ERR(rc, out, BEEPER_ERR_TIMEOUT, "timeout");
    beeper_string_free(out);
    beeper_string_free(session);
    free(params);
    beeper_client_free(c);
}
