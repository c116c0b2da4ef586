/* Log records through beeper_log_set_callback: they arrive with their level, target and user
 * data, the threshold filters them, a callback replaced while other threads make calls is never
 * called after the setter returns (its user data is freed at once: valgrind would see a late
 * call), a callback may call back into the library, and no record holds a secret. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every record received, as "LEVEL TARGET MESSAGE\n" lines. */
struct sink {
    pthread_mutex_t lock;
    char *text;
    size_t len, cap;
    int count;
};

static struct sink *sink_new(void) {
    struct sink *s = calloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

static void sink_free(struct sink *s) {
    pthread_mutex_destroy(&s->lock);
    free(s->text);
    free(s);
}

static void collect(void *user_data, int32_t level, const char *target, const char *message) {
    struct sink *s = user_data;
    char line[4096];
    int n = snprintf(line, sizeof line, "%d %s %s\n", level, target, message);
    if (n < 0) return;
    if ((size_t)n >= sizeof line) n = sizeof line - 1;
    pthread_mutex_lock(&s->lock);
    if (s->len + (size_t)n + 1 > s->cap) {
        size_t cap = (s->cap + (size_t)n + 1) * 2;
        char *grown = realloc(s->text, cap);
        if (grown == NULL) {
            pthread_mutex_unlock(&s->lock);
            return;
        }
        s->text = grown;
        s->cap = cap;
    }
    memcpy(s->text + s->len, line, (size_t)n + 1);
    s->len += (size_t)n;
    s->count++;
    pthread_mutex_unlock(&s->lock);
}

static int sink_has(struct sink *s, const char *needle) {
    pthread_mutex_lock(&s->lock);
    int found = s->text != NULL && strstr(s->text, needle) != NULL;
    pthread_mutex_unlock(&s->lock);
    return found;
}

static void retrieve(BeeperClient *c) {
    char *o = NULL;
    int rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
}

void test_log_records_arrive_and_levels_filter(void) {
    struct sink *s = sink_new();
    CHECK_EQ(beeper_log_set_callback(collect, s, 6), BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(beeper_log_set_callback(collect, s, -1), BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(beeper_log_set_level(42), BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(s->count, 0);

    CHECK_EQ(beeper_log_set_callback(collect, s, BEEPER_LOG_DEBUG), BEEPER_OK);
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    retrieve(c);
    CHECK(sink_has(s, "3 beeper_setup::client client for http://127.0.0.1:"));
    CHECK(sink_has(s, "4 beeper_setup::request setup.retrieve: GET /v1/app/setup -> 200 in "));
    CHECK(sink_has(s, " ms (attempt 1)\n"));
    CHECK(sink_has(s, "4 ureq"));
    CHECK(!sink_has(s, "\n5 ") && (s->text == NULL || s->text[0] != '5'));

    /* INFO: the requests' DEBUG records stay out. */
    CHECK_EQ(beeper_log_set_level(BEEPER_LOG_INFO), BEEPER_OK);
    int before = s->count;
    retrieve(c);
    CHECK_EQ(s->count, before);

    /* Cleared: nothing more arrives (and the sink may go). */
    CHECK_EQ(beeper_log_set_level(BEEPER_LOG_TRACE), BEEPER_OK);
    CHECK_EQ(beeper_log_set_callback(NULL, NULL, BEEPER_LOG_OFF), BEEPER_OK);
    before = s->count;
    retrieve(c);
    CHECK_EQ(s->count, before);
    if (g_test_failed) NOTE_JSON("records", s->text);
    beeper_client_free(c);
    sink_free(s);
}

struct caller {
    const BeeperClient *client;
    int stop; /* atomic */
    int calls;
};

static void *call_until_stopped(void *arg) {
    struct caller *k = arg;
    while (!__atomic_load_n(&k->stop, __ATOMIC_SEQ_CST)) {
        char *o = NULL;
        if (beeper_setup_retrieve(k->client, &o) == BEEPER_OK) k->calls++;
        beeper_string_free(o);
    }
    return NULL;
}

/* A slow callback, so that replacements land while calls are inside it. */
static void collect_slowly(void *user_data, int32_t level, const char *target,
                           const char *message) {
    collect(user_data, level, target, message);
    sleep_ms(1);
}

void test_log_callback_replaced_and_cleared_under_concurrent_calls(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    struct caller callers[3] = {{c, 0, 0}, {c, 0, 0}, {c, 0, 0}};
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        REQUIRE_EQ(pthread_create(&t[i], NULL, call_until_stopped, &callers[i]), 0);
    int received = 0;
    for (int round = 0; round < 60; round++) {
        struct sink *s = sink_new();
        CHECK_EQ(beeper_log_set_callback(collect_slowly, s, BEEPER_LOG_TRACE), BEEPER_OK);
        sleep_ms(3);
        if (round % 2 == 0) {
            CHECK_EQ(beeper_log_set_callback(NULL, NULL, BEEPER_LOG_OFF), BEEPER_OK);
        } else {
            /* Replaced by another callback, which the next round replaces in turn. */
            CHECK_EQ(beeper_log_set_callback(collect, NULL, BEEPER_LOG_OFF), BEEPER_OK);
        }
        /* The setter has returned: the old callback runs nowhere and never again, so its
         * user data is freed at once (a late call would be a use after free). */
        received += s->count;
        sink_free(s);
    }
    for (int i = 0; i < 3; i++) {
        __atomic_store_n(&callers[i].stop, 1, __ATOMIC_SEQ_CST);
        pthread_join(t[i], NULL);
        CHECK(callers[i].calls > 0);
    }
    CHECK_EQ(beeper_log_set_callback(NULL, NULL, BEEPER_LOG_OFF), BEEPER_OK);
    CHECK(received > 0);
    beeper_client_free(c);
}

struct reentrant {
    const BeeperClient *client;
    int calls; /* atomic */
};

/* Calls back into the library: a request (whose own records are not fed back), the level
 * setter, and the callback setter itself. */
static void call_back_in(void *user_data, int32_t level, const char *target, const char *message) {
    struct reentrant *r = user_data;
    (void)level;
    (void)message;
    if (strcmp(target, "beeper_setup::request") != 0) return;
    if (__atomic_fetch_add(&r->calls, 1, __ATOMIC_SEQ_CST) != 0) return;
    char *o = NULL;
    beeper_setup_retrieve(r->client, &o);
    beeper_string_free(o);
    beeper_log_set_level(BEEPER_LOG_DEBUG);
    beeper_log_set_callback(NULL, NULL, BEEPER_LOG_OFF);
}

void test_log_callback_may_call_back_into_the_library(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    struct reentrant r = {c, 0};
    CHECK_EQ(beeper_log_set_callback(call_back_in, &r, BEEPER_LOG_DEBUG), BEEPER_OK);
    retrieve(c);
    CHECK_EQ(__atomic_load_n(&r.calls, __ATOMIC_SEQ_CST), 1);
    /* It cleared itself: more calls reach nothing. */
    retrieve(c);
    CHECK_EQ(__atomic_load_n(&r.calls, __ATOMIC_SEQ_CST), 1);
    beeper_client_free(c);
}

#define LOG_TOKEN "syt_CLOGSECRETTOKEN01"
#define LOG_KEY "EsCL SECR ETKE Y000 0000 0000 0000 0000 0000 0000 0000 0000"

static void check_no_secret(struct sink *s, const char *secret) {
    if (secret == NULL) return;
    if (sink_has(s, secret)) {
        fprintf(stderr, "    a record holds the secret %s\n", secret);
        g_test_failed = 1;
    }
}

/* Sign-in with the emailed code, a wrong and the right recovery key, and a new account's
 * registration with its lead token and a new recovery key, at TRACE. */
void test_log_records_hold_no_secret(void) {
    struct sink *s = sink_new();
    REQUIRE_EQ(beeper_log_set_callback(collect, s, BEEPER_LOG_TRACE), BEEPER_OK);
    char *secrets[8] = {0};
    int n = 0;
    char p[1024];
    char *o = NULL;

    BeeperClient *c = make_client(",\"accessToken\":\"" LOG_TOKEN "\"");
    REQUIRE(c != NULL);
    int rc = beeper_verifications_list(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    beeper_string_free(o);
    rc = beeper_client_set_access_token(c, NULL, &o);
    beeper_string_free(o);
    char *signed_in = sign_in(c, "recovery@example.com");
    secrets[n++] = sim_state_string("lastEmailCode");
    if (signed_in != NULL) secrets[n++] = json_string(signed_in, "matrix.accessToken");
    beeper_string_free(signed_in);
    rc = beeper_recovery_key_verify(c, "{\"recoveryKey\":\"" LOG_KEY "\"}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    beeper_string_free(o);
    char *key = sim_state_string("recoveryKey");
    secrets[n++] = key;
    if (key != NULL) {
        snprintf(p, sizeof p, "{\"recoveryKey\":\"%s\"}", key);
        rc = beeper_recovery_key_verify(c, p, &o);
        CHECK_OK(rc, o);
        beeper_string_free(o);
    }
    beeper_client_free(c);

    CHECK_EQ(sim_reset(NULL, 0), 0);
    c = make_client("");
    REQUIRE(c != NULL);
    char *reg = sign_in(c, "newcomer@example.com");
    secrets[n++] = sim_state_string("lastEmailCode");
    char *lead = reg != NULL ? json_string(reg, "leadToken") : NULL;
    char *rid = reg != NULL ? json_string(reg, "setupRequestID") : NULL;
    secrets[n++] = lead;
    beeper_string_free(reg);
    if (lead != NULL && rid != NULL) {
        snprintf(p, sizeof p,
                 "{\"acceptTerms\":true,\"leadToken\":\"%s\",\"setupRequestID\":\"%s\","
                 "\"username\":\"newcomer\"}",
                 lead, rid);
        rc = beeper_setup_register(c, p, &o);
        CHECK_OK(rc, o);
        secrets[n++] = json_string(o, "matrix.accessToken");
        beeper_string_free(o);
        rc = beeper_recovery_key_reset_create(c, NULL, &o);
        CHECK_OK(rc, o);
        secrets[n++] = json_string(o, "recoveryKey");
        beeper_string_free(o);
    }
    free(rid);
    beeper_client_free(c);
    CHECK_EQ(beeper_log_set_callback(NULL, NULL, BEEPER_LOG_OFF), BEEPER_OK);

    CHECK(sink_has(s, "beeper_setup::request setup.response: POST /v1/app/setup/response -> 200"));
    CHECK(sink_has(s, "beeper_setup::request setup.register: POST /v1/app/setup/register -> 200"));
    CHECK(!sink_has(s, "\n5 ureq"));
    check_no_secret(s, LOG_TOKEN);
    check_no_secret(s, LOG_KEY);
    check_no_secret(s, "CLOGSECRET");
    for (int i = 0; i < n; i++) {
        CHECK(secrets[i] != NULL && strlen(secrets[i]) >= 6);
        check_no_secret(s, secrets[i]);
        free(secrets[i]);
    }
    sink_free(s);
}
