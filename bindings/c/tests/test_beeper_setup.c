/*
 * The C test suite of beeper-setup: every function of include/beeper_setup.h, through the
 * installed header and library, against the simulator (its base URL in BEEPER_SIM_URL).
 *
 *   test_beeper_setup [TEST_NAME_SUBSTRING]
 *
 * Each test starts from a clean simulator (POST /_sim/reset). The last line printed is
 * "N passed, M failed"; the exit status is 0 only when nothing failed.
 */
#define _POSIX_C_SOURCE 200809L

#include <beeper_setup.h>

#include "harness.h"
#include "mini_json.h"
#include "sim_control.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef EXPECTED_VERSION
#error "compile with -DEXPECTED_VERSION='\"x.y.z\"' (the version in Cargo.toml)"
#endif

int g_test_failed;

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/* A value no function returns: proves that *out_json was written. */
static char g_sentinel_byte;
#define SENTINEL (&g_sentinel_byte)

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A client for the simulator; `extra` is more config members (",\"k\":v"), or "". */
static BeeperClient *make_client(const char *extra) {
    char cfg[2048];
    snprintf(cfg, sizeof cfg, "{\"baseURL\":\"%s\",\"timeoutMs\":10000%s}", sim_base_url(), extra);
    BeeperClient *c = NULL;
    char *out = NULL;
    int rc = beeper_client_new(cfg, &c, &out);
    if (rc != BEEPER_OK || c == NULL || out == NULL || strcmp(out, "null") != 0) {
        fprintf(stderr, "    beeper_client_new(%s) failed: %d\n", cfg, rc);
        NOTE_JSON("out_json", out);
        g_test_failed = 1;
    }
    beeper_string_free(out);
    return c;
}

static int check_ok_at(const char *file, int line, const char *what, int rc, const char *out) {
    if (rc == BEEPER_OK && out != NULL && out != SENTINEL && json_valid(out)) return 1;
    fprintf(stderr, "    %s:%d: %s: expected BEEPER_OK, got %d\n", file, line, what, rc);
    NOTE_JSON("out_json", out == SENTINEL ? "(not set)" : out);
    g_test_failed = 1;
    return 0;
}

/* Checks an error: the status, and an error object {kind, message, retries, ...} of `kind`. */
static int check_err_at(const char *file, int line, const char *what, int rc, const char *out,
                        int want_rc, const char *kind) {
    int ok = rc == want_rc && out != NULL && out != SENTINEL && json_valid(out) &&
             json_type(out, "") == 'o' && json_str_eq(out, "kind", kind) &&
             json_type(out, "message") == 's' && json_type(out, "retries") == 'n';
    if (ok) {
        char *msg = json_string(out, "message");
        ok = msg != NULL && msg[0] != '\0';
        free(msg);
    }
    if (ok) return 1;
    fprintf(stderr, "    %s:%d: %s: expected status %d (%s), got %d\n", file, line, what, want_rc,
            kind, rc);
    NOTE_JSON("out_json", out == SENTINEL ? "(not set)" : out);
    g_test_failed = 1;
    return 0;
}

#define CHECK_OK(rc, out) check_ok_at(__FILE__, __LINE__, #rc, (rc), (out))
#define REQUIRE_OK(rc, out) \
    do { if (!check_ok_at(__FILE__, __LINE__, #rc, (rc), (out))) return; } while (0)
#define CHECK_ERR(rc, out, want, kind) check_err_at(__FILE__, __LINE__, #rc, (rc), (out), (want), (kind))

/* Runs `call` (which writes to `o`), expects BEEPER_ERR_INVALID_ARGUMENT and an
 * invalid_argument error object, and frees it. */
#define EXPECT_INVALID(call)                                                                 \
    do {                                                                                     \
        char *o = SENTINEL;                                                                  \
        int _rc = (call);                                                                    \
        check_err_at(__FILE__, __LINE__, #call, _rc, o, BEEPER_ERR_INVALID_ARGUMENT,         \
                     "invalid_argument");                                                    \
        if (o != SENTINEL) beeper_string_free(o);                                            \
    } while (0)

/* Like EXPECT_INVALID, and the message must mention `needle`. */
#define EXPECT_INVALID_MSG(call, needle)                                                     \
    do {                                                                                     \
        char *o = SENTINEL;                                                                  \
        int _rc = (call);                                                                    \
        if (check_err_at(__FILE__, __LINE__, #call, _rc, o, BEEPER_ERR_INVALID_ARGUMENT,     \
                         "invalid_argument")) {                                              \
            char *_m = json_string(o, "message");                                            \
            if (_m == NULL || strstr(_m, (needle)) == NULL) {                                \
                fprintf(stderr, "    %s:%d: message lacks \"%s\": %s\n", __FILE__, __LINE__, \
                        (needle), _m ? _m : "(none)");                                       \
                g_test_failed = 1;                                                           \
            }                                                                                \
            free(_m);                                                                        \
        }                                                                                    \
        if (o != SENTINEL) beeper_string_free(o);                                            \
    } while (0)

/* The message of an error object must not contain `secret`. */
static void check_message_hides(const char *out, const char *secret) {
    char *msg = json_string(out, "message");
    CHECK(msg != NULL);
    if (msg != NULL && strstr(msg, secret) != NULL) {
        fprintf(stderr, "    the error message reveals a secret: %s\n", msg);
        g_test_failed = 1;
    }
    free(msg);
}

/* next_step of `session_json`: the step and (optionally) the action must match. */
static void check_next_step_at(int line, const char *session_json, const char *step,
                               const char *action) {
    char *o = SENTINEL;
    int rc = beeper_setup_next_step(session_json, &o);
    if (!check_ok_at(__FILE__, line, "beeper_setup_next_step", rc, o)) {
        if (o != SENTINEL) beeper_string_free(o);
        return;
    }
    if (!json_str_eq(o, "step", step) || (action != NULL && !json_str_eq(o, "action", action)) ||
        json_type(o, "message") != 's' || json_type(o, "state") != 's') {
        fprintf(stderr, "    %s:%d: next_step: expected step %s action %s\n", __FILE__, line, step,
                action ? action : "(any)");
        NOTE_JSON("next_step", o);
        g_test_failed = 1;
    }
    beeper_string_free(o);
}
#define CHECK_NEXT_STEP(json, step, action) check_next_step_at(__LINE__, (json), (step), (action))

/* The simulator's `key` from GET /_sim/state (a string), malloc'd; NULL when absent. */
static char *sim_state_string(const char *key) {
    char *st = sim_state();
    char *v = st ? json_string(st, key) : NULL;
    free(st);
    return v;
}

/* start -> email -> (code from the simulator) -> response. Returns the response JSON (free with
 * beeper_string_free), or NULL after recording a failure. */
static char *sign_in(BeeperClient *c, const char *email) {
    char *o = NULL, *out = NULL, *rid = NULL, *code = NULL;
    char params[512];
    int rc = beeper_setup_start(c, &o);
    if (!CHECK_OK(rc, o)) goto done;
    rid = json_string(o, "setupRequestID");
    CHECK(rid != NULL && rid[0] != '\0');
    CHECK(json_array_has(o, "signInMethods", "email"));
    beeper_string_free(o);
    o = NULL;
    if (rid == NULL) goto done;

    snprintf(params, sizeof params, "{\"email\":\"%s\",\"setupRequestID\":\"%s\"}", email, rid);
    rc = beeper_setup_email(c, params, &o);
    if (!CHECK_OK(rc, o)) goto done;
    CHECK(strcmp(o, "null") == 0); /* an operation without a response body answers "null" */
    beeper_string_free(o);
    o = NULL;

    code = sim_state_string("lastEmailCode");
    CHECK(code != NULL && strlen(code) == 6);
    if (code == NULL) goto done;
    snprintf(params, sizeof params, "{\"response\":\"%s\",\"setupRequestID\":\"%s\"}", code, rid);
    rc = beeper_setup_response(c, params, &o);
    if (!CHECK_OK(rc, o)) goto done;
    out = o;
    o = NULL;
done:
    if (o != NULL) beeper_string_free(o);
    free(rid);
    free(code);
    return out;
}

/* A complete Session in `state`, with `verification` (JSON) when not NULL; malloc'd. */
static char *session_json(const char *state, const char *verification) {
    static const char *e2ee =
        "{\"crossSigning\":true,\"firstSyncDone\":false,\"hasBackedUpRecoveryKey\":true,"
        "\"initialized\":true,\"keyBackup\":true,\"secretStorage\":true,\"verified\":false,"
        "\"secrets\":{\"masterKey\":false,\"megolmBackupKey\":false,\"recoveryKey\":false,"
        "\"selfSigningKey\":false,\"userSigningKey\":false}}";
    size_t n = strlen(state) + strlen(e2ee) + (verification ? strlen(verification) : 0) + 128;
    char *s = malloc(n);
    if (s == NULL) return NULL;
    if (verification != NULL)
        snprintf(s, n, "{\"state\":\"%s\",\"e2ee\":%s,\"verification\":%s}", state, e2ee,
                 verification);
    else
        snprintf(s, n, "{\"state\":\"%s\",\"e2ee\":%s}", state, e2ee);
    return s;
}

/* Posts to a control endpoint in the background after a delay (the other device, the sync). */
struct delayed_post {
    const char *path;
    long delay_ms;
    int status;
};

static void *delayed_post_thread(void *arg) {
    struct delayed_post *d = arg;
    sleep_ms(d->delay_ms);
    d->status = sim_post(d->path, NULL);
    return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Version, construction, free                                                                */
/* ------------------------------------------------------------------------------------------ */

static void test_version(void) {
    const char *v = beeper_version();
    REQUIRE(v != NULL);
    CHECK(strcmp(v, EXPECTED_VERSION) == 0);
    CHECK(beeper_version() == v); /* static */
}

static void test_client_new_defaults_and_free(void) {
    const char *configs[] = {NULL, "null", "{}", "  ", ""};
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        BeeperClient *c = (BeeperClient *)SENTINEL;
        char *o = SENTINEL;
        int rc = beeper_client_new(configs[i], &c, &o);
        CHECK_OK(rc, o);
        CHECK(o != SENTINEL && o != NULL && strcmp(o, "null") == 0);
        CHECK(c != NULL && c != (BeeperClient *)SENTINEL);
        if (o != SENTINEL) beeper_string_free(o);
        if (c != (BeeperClient *)SENTINEL) beeper_client_free(c);
    }
    /* Every option at once. */
    char cfg[1024];
    snprintf(cfg, sizeof cfg,
             "{\"baseURL\":\"%s/\",\"accessToken\":null,\"timeoutMs\":5000,"
             "\"connectTimeoutMs\":2000,\"maxRetries\":1,\"defaultHeaders\":{\"X-Test\":\"c\"},"
             "\"userAgent\":\"c-tests/1\",\"adoptAccessToken\":true,\"allowInsecureHttp\":false}",
             sim_base_url());
    BeeperClient *c = NULL;
    char *o = NULL;
    int rc = beeper_client_new(cfg, &c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    REQUIRE(c != NULL);
    o = NULL;
    rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "needs-login"));
    beeper_string_free(o);
    /* The settings read back as given (the trailing slash dropped), never with a token. */
    o = NULL;
    rc = beeper_client_settings(c, &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "baseURL", sim_base_url()));
    CHECK(strstr(o, "\"timeoutMs\":5000") != NULL);
    CHECK(strstr(o, "\"maxRetries\":1") != NULL);
    CHECK(strstr(o, "\"hasAccessToken\":false") != NULL);
    beeper_string_free(o);
    beeper_client_free(c);
    beeper_client_free(NULL);
    beeper_string_free(NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Caller errors: NULL, invalid UTF-8, broken JSON, wrong types. Nothing may be sent.         */
/* ------------------------------------------------------------------------------------------ */

static const char *P_EMAIL = "{\"email\":\"a@example.com\",\"setupRequestID\":\"sr_x\"}";
static const char *P_RESPONSE = "{\"response\":\"123456\",\"setupRequestID\":\"sr_x\"}";
static const char *P_REGISTER =
    "{\"acceptTerms\":true,\"leadToken\":\"l\",\"setupRequestID\":\"sr_x\",\"username\":\"u\"}";
static const char *P_KEY = "{\"recoveryKey\":\"abcd\"}";
static const char *P_QR = "{\"data\":\"MATRIX\"}";
static const char *P_WAIT = "{\"timeoutMs\":100,\"intervalMs\":10}";

static void test_null_arguments(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    char *sess = session_json("ready", NULL);
    REQUIRE(sess != NULL);
    long before = sim_requests();

    /* beeper_client_new */
    {
        char *o = SENTINEL;
        int rc = beeper_client_new("{}", NULL, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
        if (o != SENTINEL) beeper_string_free(o);
        BeeperClient *c2 = (BeeperClient *)SENTINEL;
        CHECK_EQ(beeper_client_new("{}", &c2, NULL), BEEPER_ERR_INVALID_ARGUMENT);
        CHECK(c2 == NULL);
        CHECK_EQ(beeper_client_new("{}", NULL, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    }
    /* beeper_client_set_access_token (a NULL token is valid: it removes the token) */
    EXPECT_INVALID(beeper_client_set_access_token(NULL, "tok", &o));
    EXPECT_INVALID(beeper_client_set_access_token(NULL, NULL, &o));
    CHECK_EQ(beeper_client_set_access_token(c, "tok", NULL), BEEPER_ERR_INVALID_ARGUMENT);
    /* beeper_client_settings */
    EXPECT_INVALID(beeper_client_settings(NULL, &o));
    CHECK_EQ(beeper_client_settings(c, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    /* beeper_client_cancel */
    CHECK_EQ(beeper_client_cancel(NULL), BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(beeper_client_cancel(c), BEEPER_OK);

    /* Operations without params. */
    EXPECT_INVALID(beeper_setup_retrieve(NULL, &o));
    CHECK_EQ(beeper_setup_retrieve(c, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_setup_start(NULL, &o));
    CHECK_EQ(beeper_setup_start(c, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_verifications_list(NULL, &o));
    CHECK_EQ(beeper_verifications_list(c, NULL), BEEPER_ERR_INVALID_ARGUMENT);

    /* Operations with required params: a NULL client, NULL params, NULL out_json. */
    EXPECT_INVALID(beeper_setup_email(NULL, P_EMAIL, &o));
    EXPECT_INVALID(beeper_setup_email(c, NULL, &o));
    CHECK_EQ(beeper_setup_email(c, P_EMAIL, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_setup_response(NULL, P_RESPONSE, &o));
    EXPECT_INVALID(beeper_setup_response(c, NULL, &o));
    CHECK_EQ(beeper_setup_response(c, P_RESPONSE, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_setup_register(NULL, P_REGISTER, &o));
    EXPECT_INVALID(beeper_setup_register(c, NULL, &o));
    CHECK_EQ(beeper_setup_register(c, P_REGISTER, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_recovery_key_verify(NULL, P_KEY, &o));
    EXPECT_INVALID(beeper_recovery_key_verify(c, NULL, &o));
    CHECK_EQ(beeper_recovery_key_verify(c, P_KEY, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_recovery_key_reset_confirm(NULL, P_KEY, &o));
    EXPECT_INVALID(beeper_recovery_key_reset_confirm(c, NULL, &o));
    CHECK_EQ(beeper_recovery_key_reset_confirm(c, P_KEY, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_verifications_qr_scan(NULL, P_QR, &o));
    EXPECT_INVALID(beeper_verifications_qr_scan(c, NULL, &o));
    CHECK_EQ(beeper_verifications_qr_scan(c, P_QR, NULL), BEEPER_ERR_INVALID_ARGUMENT);

    /* Operations with optional params (NULL params are valid there). */
    EXPECT_INVALID(beeper_recovery_key_reset_create(NULL, NULL, &o));
    EXPECT_INVALID(beeper_recovery_key_reset_create(NULL, "{}", &o));
    CHECK_EQ(beeper_recovery_key_reset_create(c, NULL, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(beeper_recovery_key_reset_create(c, "{}", NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_verifications_create(NULL, NULL, &o));
    EXPECT_INVALID(beeper_verifications_create(NULL, "{}", &o));
    CHECK_EQ(beeper_verifications_create(c, NULL, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(beeper_verifications_create(c, "{}", NULL), BEEPER_ERR_INVALID_ARGUMENT);

    /* Operations on a verification id. */
    EXPECT_INVALID(beeper_verifications_retrieve(NULL, "vrf_1", &o));
    EXPECT_INVALID(beeper_verifications_retrieve(c, NULL, &o));
    CHECK_EQ(beeper_verifications_retrieve(c, "vrf_1", NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_verifications_accept(NULL, "vrf_1", &o));
    EXPECT_INVALID(beeper_verifications_accept(c, NULL, &o));
    CHECK_EQ(beeper_verifications_accept(c, "vrf_1", NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_verifications_qr_confirm_scanned(NULL, "vrf_1", &o));
    EXPECT_INVALID(beeper_verifications_qr_confirm_scanned(c, NULL, &o));
    CHECK_EQ(beeper_verifications_qr_confirm_scanned(c, "vrf_1", NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_verifications_sas_start(NULL, "vrf_1", &o));
    EXPECT_INVALID(beeper_verifications_sas_start(c, NULL, &o));
    CHECK_EQ(beeper_verifications_sas_start(c, "vrf_1", NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_verifications_sas_confirm(NULL, "vrf_1", &o));
    EXPECT_INVALID(beeper_verifications_sas_confirm(c, NULL, &o));
    CHECK_EQ(beeper_verifications_sas_confirm(c, "vrf_1", NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_verifications_cancel(NULL, "vrf_1", NULL, &o));
    EXPECT_INVALID(beeper_verifications_cancel(NULL, "vrf_1", "{}", &o));
    EXPECT_INVALID(beeper_verifications_cancel(c, NULL, NULL, &o));
    EXPECT_INVALID(beeper_verifications_cancel(c, NULL, "{\"reason\":\"r\"}", &o));
    CHECK_EQ(beeper_verifications_cancel(c, "vrf_1", NULL, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(beeper_verifications_cancel(c, "vrf_1", "{}", NULL), BEEPER_ERR_INVALID_ARGUMENT);

    /* Flow helpers. */
    EXPECT_INVALID(beeper_setup_next_step(NULL, &o));
    CHECK_EQ(beeper_setup_next_step(sess, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    EXPECT_INVALID(beeper_setup_wait(NULL, NULL, &o));
    EXPECT_INVALID(beeper_setup_wait(NULL, P_WAIT, &o));
    CHECK_EQ(beeper_setup_wait(c, P_WAIT, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(beeper_setup_wait(c, NULL, NULL), BEEPER_ERR_INVALID_ARGUMENT);

    /* The free functions accept NULL. */
    beeper_string_free(NULL);
    beeper_client_free(NULL);

    CHECK_EQ(sim_requests(), before);
    free(sess);
    beeper_client_free(c);
}

static void test_invalid_utf8(void) {
    const char *bad = "\xff\xfe";
    const char *bad_in_json = "{\"email\":\"a\xc3\x28@example.com\",\"setupRequestID\":\"sr_x\"}";
    const char *overlong = "{\"recoveryKey\":\"\xc0\xaf\"}";
    const char *surrogate = "{\"data\":\"\xed\xa0\x80\"}";
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();

    {
        BeeperClient *c2 = (BeeperClient *)SENTINEL;
        char *o = SENTINEL;
        int rc = beeper_client_new(bad, &c2, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
        CHECK(c2 == NULL);
        if (o != SENTINEL) beeper_string_free(o);
        char cfg[256];
        snprintf(cfg, sizeof cfg, "{\"baseURL\":\"%s\",\"userAgent\":\"\xff\"}", sim_base_url());
        o = SENTINEL;
        rc = beeper_client_new(cfg, &c2, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
        CHECK(c2 == NULL);
        if (o != SENTINEL) beeper_string_free(o);
    }
    EXPECT_INVALID_MSG(beeper_client_set_access_token(c, bad, &o), "UTF-8");
    EXPECT_INVALID_MSG(beeper_setup_email(c, bad, &o), "UTF-8");
    EXPECT_INVALID(beeper_setup_email(c, bad_in_json, &o));
    EXPECT_INVALID(beeper_setup_response(c, bad, &o));
    EXPECT_INVALID(beeper_setup_register(c, bad, &o));
    EXPECT_INVALID(beeper_recovery_key_verify(c, bad, &o));
    EXPECT_INVALID(beeper_recovery_key_verify(c, overlong, &o));
    EXPECT_INVALID(beeper_recovery_key_reset_create(c, bad, &o));
    EXPECT_INVALID(beeper_recovery_key_reset_confirm(c, bad, &o));
    EXPECT_INVALID(beeper_verifications_create(c, bad, &o));
    EXPECT_INVALID(beeper_verifications_qr_scan(c, bad, &o));
    EXPECT_INVALID(beeper_verifications_qr_scan(c, surrogate, &o));
    EXPECT_INVALID_MSG(beeper_verifications_retrieve(c, bad, &o), "UTF-8");
    EXPECT_INVALID(beeper_verifications_accept(c, bad, &o));
    EXPECT_INVALID(beeper_verifications_qr_confirm_scanned(c, bad, &o));
    EXPECT_INVALID(beeper_verifications_sas_start(c, bad, &o));
    EXPECT_INVALID(beeper_verifications_sas_confirm(c, bad, &o));
    EXPECT_INVALID(beeper_verifications_cancel(c, bad, NULL, &o));
    EXPECT_INVALID(beeper_verifications_cancel(c, "vrf_1", bad, &o));
    EXPECT_INVALID(beeper_verifications_cancel(c, "vrf_1", "{\"reason\":\"\xe2\x82\"}", &o));
    EXPECT_INVALID(beeper_setup_next_step(bad, &o));
    EXPECT_INVALID(beeper_setup_wait(c, bad, &o));

    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

static void test_broken_json(void) {
    static const char *broken[] = {"{", "{\"email\":", "nope", "{} trailing", "{\"a\":1,}",
                                   "{'email':'x'}", "{\"a\" 1}", "[1,2"};
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        const char *b = broken[i];
        EXPECT_INVALID(beeper_setup_email(c, b, &o));
        EXPECT_INVALID(beeper_setup_response(c, b, &o));
        EXPECT_INVALID(beeper_setup_register(c, b, &o));
        EXPECT_INVALID(beeper_recovery_key_verify(c, b, &o));
        EXPECT_INVALID(beeper_recovery_key_reset_create(c, b, &o));
        EXPECT_INVALID(beeper_recovery_key_reset_confirm(c, b, &o));
        EXPECT_INVALID(beeper_verifications_create(c, b, &o));
        EXPECT_INVALID(beeper_verifications_qr_scan(c, b, &o));
        EXPECT_INVALID(beeper_verifications_cancel(c, "vrf_1", b, &o));
        EXPECT_INVALID(beeper_setup_next_step(b, &o));
        EXPECT_INVALID(beeper_setup_wait(c, b, &o));
        BeeperClient *c2 = (BeeperClient *)SENTINEL;
        char *o = SENTINEL;
        int rc = beeper_client_new(b, &c2, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
        CHECK(c2 == NULL);
        if (o != SENTINEL) beeper_string_free(o);
    }
    /* A parser message must not quote the input: it may hold a secret. */
    {
        char *o = SENTINEL;
        int rc = beeper_recovery_key_verify(c, "{\"recoveryKey\": \"Sekr1tKey9\" oops}", &o);
        CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
        if (o != SENTINEL) {
            check_message_hides(o, "Sekr1tKey9");
            beeper_string_free(o);
        }
    }
    /* Deep nesting is an error, not a crash. */
    {
        size_t depth = 50000;
        char *deep = malloc(2 * depth + 1);
        REQUIRE(deep != NULL);
        memset(deep, '[', depth);
        memset(deep + depth, ']', depth);
        deep[2 * depth] = '\0';
        EXPECT_INVALID(beeper_setup_email(c, deep, &o));
        EXPECT_INVALID(beeper_setup_next_step(deep, &o));
        free(deep);
    }
    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

static void test_wrong_json_types(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();
    /* Params must be an object. */
    static const char *not_objects[] = {"[]", "[{\"email\":\"a@b\"}]", "\"text\"", "42", "true"};
    for (size_t i = 0; i < sizeof not_objects / sizeof not_objects[0]; i++) {
        const char *p = not_objects[i];
        EXPECT_INVALID_MSG(beeper_setup_email(c, p, &o), "object");
        EXPECT_INVALID(beeper_setup_register(c, p, &o));
        EXPECT_INVALID(beeper_recovery_key_reset_create(c, p, &o));
        EXPECT_INVALID(beeper_verifications_create(c, p, &o));
        EXPECT_INVALID(beeper_verifications_cancel(c, "vrf_1", p, &o));
        EXPECT_INVALID(beeper_setup_wait(c, p, &o));
        EXPECT_INVALID(beeper_setup_next_step(p, &o));
    }
    /* A string field given a number, an array, null, an object, a boolean. */
    static const char *email_values[] = {"5", "[]", "[\"a@b\"]", "null", "{\"x\":\"y\"}", "true"};
    for (size_t i = 0; i < sizeof email_values / sizeof email_values[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "{\"email\":%s,\"setupRequestID\":\"sr_x\"}", email_values[i]);
        EXPECT_INVALID_MSG(beeper_setup_email(c, p, &o), "email");
        snprintf(p, sizeof p, "{\"email\":\"a@b.c\",\"setupRequestID\":%s}", email_values[i]);
        EXPECT_INVALID_MSG(beeper_setup_email(c, p, &o), "setupRequestID");
        snprintf(p, sizeof p, "{\"response\":%s,\"setupRequestID\":\"sr_x\"}", email_values[i]);
        EXPECT_INVALID_MSG(beeper_setup_response(c, p, &o), "response");
        snprintf(p, sizeof p, "{\"recoveryKey\":%s}", email_values[i]);
        EXPECT_INVALID_MSG(beeper_recovery_key_verify(c, p, &o), "recoveryKey");
        EXPECT_INVALID_MSG(beeper_recovery_key_reset_confirm(c, p, &o), "recoveryKey");
        snprintf(p, sizeof p, "{\"data\":%s}", email_values[i]);
        EXPECT_INVALID_MSG(beeper_verifications_qr_scan(c, p, &o), "data");
    }
    /* Optional string fields: null is absence, but other types are refused. */
    static const char *non_strings[] = {"5", "[]", "{\"x\":1}", "false"};
    for (size_t i = 0; i < sizeof non_strings / sizeof non_strings[0]; i++) {
        char p[256];
        snprintf(p, sizeof p, "{\"existingRecoveryKey\":%s}", non_strings[i]);
        EXPECT_INVALID_MSG(beeper_recovery_key_reset_create(c, p, &o), "existingRecoveryKey");
        snprintf(p, sizeof p, "{\"purpose\":%s}", non_strings[i]);
        EXPECT_INVALID_MSG(beeper_verifications_create(c, p, &o), "purpose");
        snprintf(p, sizeof p, "{\"userID\":%s}", non_strings[i]);
        EXPECT_INVALID_MSG(beeper_verifications_create(c, p, &o), "userID");
        snprintf(p, sizeof p, "{\"code\":%s}", non_strings[i]);
        EXPECT_INVALID_MSG(beeper_verifications_cancel(c, "vrf_1", p, &o), "code");
        snprintf(p, sizeof p, "{\"reason\":%s}", non_strings[i]);
        EXPECT_INVALID_MSG(beeper_verifications_cancel(c, "vrf_1", p, &o), "reason");
    }
    /* register: acceptTerms must be the literal true, username non-empty. */
    static const char *terms[] = {"false", "\"true\"", "1", "null"};
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
        char p[256];
        snprintf(p, sizeof p,
                 "{\"acceptTerms\":%s,\"leadToken\":\"l\",\"setupRequestID\":\"s\",\"username\":\"u\"}",
                 terms[i]);
        EXPECT_INVALID_MSG(beeper_setup_register(c, p, &o), "acceptTerms");
    }
    EXPECT_INVALID_MSG(
        beeper_setup_register(
            c, "{\"acceptTerms\":true,\"leadToken\":\"l\",\"setupRequestID\":\"s\",\"username\":\"\"}", &o),
        "username");
    EXPECT_INVALID_MSG(
        beeper_setup_register(
            c, "{\"acceptTerms\":true,\"leadToken\":7,\"setupRequestID\":\"s\",\"username\":\"u\"}", &o),
        "leadToken");
    /* Wait params. */
    EXPECT_INVALID(beeper_setup_wait(c, "{\"until\":\"ready\"}", &o));
    EXPECT_INVALID(beeper_setup_wait(c, "{\"until\":[1]}", &o));
    EXPECT_INVALID(beeper_setup_wait(c, "{\"verificationStates\":{}}", &o));
    EXPECT_INVALID(beeper_setup_wait(c, "{\"timeoutMs\":\"5\"}", &o));
    EXPECT_INVALID(beeper_setup_wait(c, "{\"timeoutMs\":-1}", &o));
    EXPECT_INVALID(beeper_setup_wait(c, "{\"timeoutMs\":0}", &o));
    EXPECT_INVALID(beeper_setup_wait(c, "{\"intervalMs\":0}", &o));
    EXPECT_INVALID(beeper_setup_wait(c, "{\"untill\":[\"ready\"]}", &o));
    /* next_step: not a session. */
    EXPECT_INVALID(beeper_setup_next_step("{}", &o));
    EXPECT_INVALID(beeper_setup_next_step("{\"state\":42,\"e2ee\":{}}", &o));
    EXPECT_INVALID(beeper_setup_next_step("{\"state\":\"ready\"}", &o));
    EXPECT_INVALID(beeper_setup_next_step("null", &o));
    EXPECT_INVALID(beeper_setup_next_step("", &o));
    /* Config values of the wrong type. */
    static const char *configs[] = {
        "{\"timeoutMs\":\"5\"}",     "{\"timeoutMs\":1.5}",       "{\"maxRetries\":-1}",
        "{\"baseURL\":5}",           "{\"defaultHeaders\":[]}",   "{\"defaultHeaders\":{\"X\":1}}",
        "{\"adoptAccessToken\":\"yes\"}", "{\"accessToken\":{\"t\":1}}", "{\"userAgent\":[]}",
        "{\"allowInsecureHttp\":1}", "[]",                        "5",
        "\"http://127.0.0.1:1\"",    "true"};
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) {
        BeeperClient *c2 = (BeeperClient *)SENTINEL;
        char *o = SENTINEL;
        int rc = beeper_client_new(configs[i], &c2, &o);
        if (!CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument"))
            fprintf(stderr, "    config: %s\n", configs[i]);
        CHECK(c2 == NULL);
        if (o != SENTINEL) beeper_string_free(o);
        if (c2 != NULL && c2 != (BeeperClient *)SENTINEL) beeper_client_free(c2);
    }
    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

static void test_missing_required_fields(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();
    EXPECT_INVALID_MSG(beeper_setup_email(c, "{}", &o), "email");
    EXPECT_INVALID_MSG(beeper_setup_email(c, "null", &o), "email");
    EXPECT_INVALID_MSG(beeper_setup_email(c, "", &o), "email");
    EXPECT_INVALID_MSG(beeper_setup_email(c, "{\"email\":\"a@b.c\"}", &o), "setupRequestID");
    EXPECT_INVALID_MSG(beeper_setup_email(c, "{\"setupRequestID\":\"s\"}", &o), "email");
    EXPECT_INVALID_MSG(beeper_setup_response(c, "{}", &o), "response");
    EXPECT_INVALID_MSG(beeper_setup_response(c, "{\"response\":\"1\"}", &o), "setupRequestID");
    EXPECT_INVALID_MSG(beeper_setup_register(c, "{}", &o), "acceptTerms");
    EXPECT_INVALID_MSG(
        beeper_setup_register(c, "{\"acceptTerms\":true,\"setupRequestID\":\"s\",\"username\":\"u\"}", &o),
        "leadToken");
    EXPECT_INVALID_MSG(
        beeper_setup_register(c, "{\"acceptTerms\":true,\"leadToken\":\"l\",\"username\":\"u\"}", &o),
        "setupRequestID");
    EXPECT_INVALID_MSG(
        beeper_setup_register(c, "{\"acceptTerms\":true,\"leadToken\":\"l\",\"setupRequestID\":\"s\"}", &o),
        "username");
    EXPECT_INVALID_MSG(beeper_recovery_key_verify(c, "{}", &o), "recoveryKey");
    EXPECT_INVALID_MSG(beeper_recovery_key_verify(c, "{\"recovery_key\":\"k\"}", &o), "recoveryKey");
    EXPECT_INVALID_MSG(beeper_recovery_key_reset_confirm(c, "{}", &o), "recoveryKey");
    EXPECT_INVALID_MSG(beeper_verifications_qr_scan(c, "{}", &o), "data");
    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

static void test_empty_and_oversized_verification_ids(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();
    EXPECT_INVALID(beeper_verifications_retrieve(c, "", &o));
    EXPECT_INVALID(beeper_verifications_accept(c, "", &o));
    EXPECT_INVALID(beeper_verifications_cancel(c, "", NULL, &o));
    EXPECT_INVALID(beeper_verifications_cancel(c, "", "{\"reason\":\"r\"}", &o));
    EXPECT_INVALID(beeper_verifications_qr_confirm_scanned(c, "", &o));
    EXPECT_INVALID(beeper_verifications_sas_start(c, "", &o));
    EXPECT_INVALID(beeper_verifications_sas_confirm(c, "", &o));
    char *huge = malloc(100001);
    REQUIRE(huge != NULL);
    memset(huge, 'v', 100000);
    huge[100000] = '\0';
    EXPECT_INVALID(beeper_verifications_retrieve(c, huge, &o));
    EXPECT_INVALID(beeper_verifications_sas_start(c, huge, &o));
    free(huge);
    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

static void test_config_errors(void) {
    long before = sim_requests();
    char unknown1[256], unknown2[256];
    snprintf(unknown1, sizeof unknown1, "{\"baseUrl\":\"%s\"}", sim_base_url());
    snprintf(unknown2, sizeof unknown2, "{\"baseURL\":\"%s\",\"retries\":1}", sim_base_url());
    struct {
        const char *config;
        const char *needle;
    } cases[] = {
        {unknown1, "unknown field"},
        {unknown2, "unknown field"},
        {"{\"timeout\":5}", "unknown field"},
        {"{\"baseURL\":\"ftp://127.0.0.1:1\"}", "baseURL"},
        {"{\"baseURL\":\"localhost:1\"}", "baseURL"},
        {"{\"baseURL\":\"http://127.0.0.1:99999\"}", "baseURL"},
        {"{\"baseURL\":\"http://\"}", "baseURL"},
        {"{\"baseURL\":\"\"}", "baseURL"},
        {"{\"baseURL\":\"not a url\"}", "baseURL"},
        {"{\"baseURL\":\"http://user@127.0.0.1:1\"}", "baseURL"},
        {"{\"baseURL\":\"http://127.0.0.1:1/?q=1\"}", "baseURL"},
        {"{\"baseURL\":\"http://127.0.0.1:1/#f\"}", "baseURL"},
        {"{\"baseURL\":\"http://127.0.0.1 :1\"}", "baseURL"},
        {"{\"timeoutMs\":0}", "timeoutMs"},
        {"{\"connectTimeoutMs\":0}", "connectTimeoutMs"},
        {"{\"maxRetries\":1000}", "maxRetries"},
        {"{\"accessToken\":\"\"}", "accessToken"},
        {"{\"accessToken\":\"two words\"}", "accessToken"},
        {"{\"defaultHeaders\":{\"Bad Name\":\"v\"}}", "header"},
        {"{\"defaultHeaders\":{\"X-A\":\"a\\r\\nX-Injected: 1\"}}", "line breaks"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        BeeperClient *c = (BeeperClient *)SENTINEL;
        EXPECT_INVALID_MSG(beeper_client_new(cases[i].config, &c, &o), cases[i].needle);
        CHECK(c == NULL);
        if (c != NULL && c != (BeeperClient *)SENTINEL) beeper_client_free(c);
    }
    /* The token is never quoted in the error. */
    {
        BeeperClient *c = NULL;
        char *o = SENTINEL;
        int rc = beeper_client_new("{\"accessToken\":\"syt_Secret Token\"}", &c, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
        if (o != SENTINEL) {
            check_message_hides(o, "Secret");
            beeper_string_free(o);
        }
    }
    /* Plain http to a host that is not loopback: the token is not sent without consent. */
    {
        BeeperClient *c = NULL;
        char *o = NULL;
        int rc = beeper_client_new(
            "{\"baseURL\":\"http://beeper.invalid:1\",\"accessToken\":\"syt_x\",\"maxRetries\":0}",
            &c, &o);
        CHECK_OK(rc, o);
        beeper_string_free(o);
        if (c != NULL) {
            EXPECT_INVALID_MSG(beeper_verifications_list(c, &o), "allowInsecureHttp");
            beeper_client_free(c);
        }
    }
    CHECK_EQ(sim_requests(), before);
}

/* ------------------------------------------------------------------------------------------ */
/* The three scenarios, end to end                                                            */
/* ------------------------------------------------------------------------------------------ */

static void test_scenario_new_account(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *o = NULL, *rid = NULL, *code = NULL, *lead = NULL, *key = NULL;
    char p[1024];
    int rc;

    /* Public before sign-in. */
    rc = beeper_setup_retrieve(c, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "state", "needs-login"));
    CHECK(json_type(o, "matrix") == 0);
    CHECK_NEXT_STEP(o, "sign-in", NULL);
    beeper_string_free(o);

    rc = beeper_setup_start(c, &o);
    REQUIRE_OK(rc, o);
    rid = json_string(o, "setupRequestID");
    beeper_string_free(o);
    REQUIRE(rid != NULL);

    /* Unknown params fields are passed through (the server ignores them). */
    snprintf(p, sizeof p,
             "{\"email\":\"newcomer@example.com\",\"setupRequestID\":\"%s\",\"futureField\":{\"x\":[1]}}",
             rid);
    rc = beeper_setup_email(c, p, &o);
    REQUIRE_OK(rc, o);
    CHECK(strcmp(o, "null") == 0);
    beeper_string_free(o);

    code = sim_state_string("lastEmailCode");
    REQUIRE(code != NULL);
    snprintf(p, sizeof p, "{\"response\":\"%s\",\"setupRequestID\":\"%s\"}", code, rid);
    rc = beeper_setup_response(c, p, &o);
    REQUIRE_OK(rc, o);
    CHECK_EQ(json_bool(o, "registrationRequired"), 1);
    CHECK(json_str_eq(o, "setupRequestID", rid));
    CHECK(json_array_has(o, "usernameSuggestions", "newcomer"));
    CHECK(json_str_eq(o, "copy.title", "Choose your username"));
    lead = json_string(o, "leadToken");
    beeper_string_free(o);
    REQUIRE(lead != NULL);

    /* No token yet: Bearer endpoints answer 401. */
    rc = beeper_verifications_list(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 401);
    beeper_string_free(o);

    snprintf(p, sizeof p,
             "{\"acceptTerms\":true,\"leadToken\":\"%s\",\"setupRequestID\":\"%s\",\"username\":\"newcomer\"}",
             lead, rid);
    rc = beeper_setup_register(c, p, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_type(o, "matrix.accessToken") == 's');
    CHECK(json_str_eq(o, "matrix.userID", "@newcomer:beeper.com"));
    CHECK(json_str_eq(o, "session.state", "needs-cross-signing-setup"));
    CHECK_NEXT_STEP(o, "create-recovery-key", NULL);
    {
        char *token = json_string(o, "matrix.accessToken");
        char *sim_token = sim_state_string("accessToken");
        CHECK(token != NULL && sim_token != NULL && strcmp(token, sim_token) == 0);
        free(token);
        free(sim_token);
    }
    beeper_string_free(o);

    /* The token was adopted: Bearer endpoints work now, and the session is the signed-in one. */
    rc = beeper_verifications_list(c, &o);
    CHECK_OK(rc, o);
    CHECK_EQ(json_array_len(o, "items"), 0);
    beeper_string_free(o);
    rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "needs-cross-signing-setup"));
    CHECK(json_str_eq(o, "matrix.userID", "@newcomer:beeper.com"));
    beeper_string_free(o);

    rc = beeper_recovery_key_reset_create(c, NULL, &o);
    REQUIRE_OK(rc, o);
    key = json_string(o, "recoveryKey");
    CHECK(json_type(o, "session.state") == 's');
    beeper_string_free(o);
    REQUIRE(key != NULL && strlen(key) > 20);

    /* A wrong confirmation is a 400 from the server, and the error never quotes a key. */
    rc = beeper_recovery_key_reset_confirm(c, "{\"recoveryKey\":\"WRNG KEY0 1234\"}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 400);
    CHECK(json_str_eq(o, "code", "RECOVERY_KEY_MISMATCH"));
    check_message_hides(o, "WRNG KEY0");
    beeper_string_free(o);

    snprintf(p, sizeof p, "{\"recoveryKey\":\"%s\"}", key);
    rc = beeper_recovery_key_reset_confirm(c, p, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "session.state", "needs-first-sync"));
    CHECK_NEXT_STEP(o, "wait", NULL);
    beeper_string_free(o);
    {
        char *sim_key = sim_state_string("recoveryKey");
        CHECK(sim_key != NULL && strcmp(sim_key, key) == 0);
        free(sim_key);
    }

    /* The first sync has not happened: a short wait times out with the last session. */
    rc = beeper_setup_wait(c, "{\"timeoutMs\":300,\"intervalMs\":50}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_TIMEOUT, "timeout");
    beeper_string_free(o);

    /* The sync finishes while we wait. */
    struct delayed_post sync = {"/_sim/first-sync", 300, 0};
    pthread_t t;
    REQUIRE_EQ(pthread_create(&t, NULL, delayed_post_thread, &sync), 0);
    rc = beeper_setup_wait(c, "{\"timeoutMs\":20000,\"intervalMs\":50}", &o);
    pthread_join(t, NULL);
    CHECK_EQ(sync.status, 200);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "ready"));
    CHECK_EQ(json_bool(o, "e2ee.firstSyncDone"), 1);
    CHECK_NEXT_STEP(o, "done", NULL);
    beeper_string_free(o);

    free(rid);
    free(code);
    free(lead);
    free(key);
    beeper_client_free(c);
}

static void test_scenario_existing_sas(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *o = NULL, *id = NULL, *emojis = NULL;
    int rc;

    char *signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    CHECK(json_type(signed_in, "matrix.accessToken") == 's');
    CHECK(json_str_eq(signed_in, "session.state", "needs-verification"));
    CHECK_NEXT_STEP(signed_in, "verify-device", "create");
    beeper_string_free(signed_in);

    rc = beeper_verifications_create(c, NULL, &o);
    REQUIRE_OK(rc, o);
    id = json_string(o, "verification.id");
    CHECK(json_str_eq(o, "verification.state", "requested"));
    CHECK(json_str_eq(o, "verification.direction", "outgoing"));
    CHECK(json_str_eq(o, "verification.purpose", "login"));
    CHECK_NEXT_STEP(o, "verify-device", "wait-for-other-device");
    beeper_string_free(o);
    REQUIRE(id != NULL);

    CHECK_EQ(sim_post("/_sim/other-device/accept", NULL), 200);

    rc = beeper_verifications_retrieve(c, id, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "ready"));
    CHECK(json_array_has(o, "verification.availableActions", "sas.start"));
    CHECK_NEXT_STEP(o, "verify-device", "sas.start");
    beeper_string_free(o);

    rc = beeper_verifications_sas_start(c, id, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "sas_ready"));
    emojis = json_string(o, "verification.sas.emojis");
    CHECK(emojis != NULL && emojis[0] != '\0');
    CHECK_NEXT_STEP(o, "verify-device", "compare-emojis");
    {
        char *step = NULL;
        rc = beeper_setup_next_step(o, &step);
        CHECK_OK(rc, step);
        CHECK(emojis != NULL && json_str_eq(step, "emojis", emojis));
        CHECK(json_str_eq(step, "verificationID", id));
        CHECK(json_type(step, "decimals") == 's');
        beeper_string_free(step);
    }
    beeper_string_free(o);

    /* Compare with what the other device shows. */
    {
        char *st = sim_state();
        CHECK(st != NULL && emojis != NULL && json_str_eq(st, "verification.sas.emojis", emojis));
        free(st);
    }

    rc = beeper_verifications_sas_confirm(c, id, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "sas_ready"));
    CHECK(!json_array_has(o, "verification.availableActions", "sas.confirm"));
    beeper_string_free(o);

    CHECK_EQ(sim_post("/_sim/other-device/confirm", NULL), 200);

    rc = beeper_verifications_retrieve(c, id, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "done"));
    CHECK(json_str_eq(o, "session.state", "needs-first-sync"));
    beeper_string_free(o);

    CHECK_EQ(sim_post("/_sim/first-sync", NULL), 200);
    rc = beeper_setup_wait(c, "{\"timeoutMs\":10000,\"intervalMs\":50}", &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "ready"));
    CHECK_EQ(json_bool(o, "e2ee.verified"), 1);
    beeper_string_free(o);

    free(id);
    free(emojis);
    beeper_client_free(c);
}

static void test_scenario_incoming_verification_qr(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *o = NULL, *id = NULL, *qr = NULL;
    int rc;
    char *signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    beeper_string_free(signed_in);

    /* The other device asks to verify this one while we wait for it. */
    struct delayed_post req = {"/_sim/other-device/request", 200, 0};
    pthread_t t;
    REQUIRE_EQ(pthread_create(&t, NULL, delayed_post_thread, &req), 0);
    rc = beeper_setup_wait(c,
                           "{\"until\":[\"ready\"],\"verificationStates\":[\"requested\"],"
                           "\"timeoutMs\":20000,\"intervalMs\":50}",
                           &o);
    pthread_join(t, NULL);
    CHECK_EQ(req.status, 200);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "state", "needs-verification"));
    CHECK(json_str_eq(o, "verification.direction", "incoming"));
    CHECK(json_str_eq(o, "verification.state", "requested"));
    CHECK_NEXT_STEP(o, "verify-device", "accept");
    id = json_string(o, "verification.id");
    beeper_string_free(o);
    REQUIRE(id != NULL);

    rc = beeper_verifications_accept(c, id, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "ready"));
    qr = json_string(o, "verification.qr.data");
    CHECK(qr != NULL);
    {
        char *step = NULL;
        rc = beeper_setup_next_step(o, &step);
        CHECK_OK(rc, step);
        CHECK(qr != NULL && json_str_eq(step, "qrData", qr));
        beeper_string_free(step);
    }
    beeper_string_free(o);
    REQUIRE(qr != NULL);

    /* The other device scans this device's code. */
    {
        char body[512];
        snprintf(body, sizeof body, "{\"data\":\"%s\"}", qr);
        CHECK_EQ(sim_post("/_sim/other-device/scan", body), 200);
    }
    rc = beeper_verifications_retrieve(c, "active", &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.id", id));
    CHECK(json_str_eq(o, "verification.state", "qr_scanned"));
    CHECK_NEXT_STEP(o, "verify-device", "qr.confirmScanned");
    beeper_string_free(o);

    rc = beeper_verifications_qr_confirm_scanned(c, id, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "done"));
    CHECK(json_str_eq(o, "session.state", "needs-first-sync"));
    beeper_string_free(o);

    CHECK_EQ(sim_post("/_sim/first-sync", NULL), 200);
    rc = beeper_setup_wait(c, NULL, &o); /* the defaults: until ready, already there */
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "ready"));
    beeper_string_free(o);
    free(id);
    free(qr);
    beeper_client_free(c);
}

static void test_scenario_outgoing_verification_qr_scan(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    REQUIRE(c != NULL);
    char *o = NULL, *id = NULL, *other_qr = NULL;
    int rc;
    char *signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    beeper_string_free(signed_in);

    rc = beeper_verifications_create(c, "{\"purpose\":\"login\"}", &o);
    REQUIRE_OK(rc, o);
    id = json_string(o, "verification.id");
    beeper_string_free(o);
    REQUIRE(id != NULL);
    CHECK_EQ(sim_post("/_sim/other-device/accept", NULL), 200);
    other_qr = sim_state_string("otherDeviceQr");
    REQUIRE(other_qr != NULL);

    rc = beeper_verifications_qr_scan(c, "{\"data\":\"MATRIX.v02.not-this-one\"}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 400);
    CHECK(json_str_eq(o, "code", "QR_MISMATCH"));
    beeper_string_free(o);

    char p[512];
    snprintf(p, sizeof p, "{\"data\":\"%s\"}", other_qr);
    rc = beeper_verifications_qr_scan(c, p, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "qr_scanned"));
    CHECK_NEXT_STEP(o, "verify-device", "qr.confirmScanned");
    beeper_string_free(o);

    rc = beeper_verifications_qr_confirm_scanned(c, id, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "done"));
    CHECK_NEXT_STEP(o, "wait", NULL);
    beeper_string_free(o);
    free(id);
    free(other_qr);
    beeper_client_free(c);
}

static void test_scenario_recovery_key(void) {
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *o = NULL, *key = NULL;
    int rc;
    char *signed_in = sign_in(c, "recovery@example.com");
    REQUIRE(signed_in != NULL);
    CHECK(json_str_eq(signed_in, "session.state", "needs-secrets"));
    CHECK_NEXT_STEP(signed_in, "enter-recovery-key", NULL);
    beeper_string_free(signed_in);

    rc = beeper_recovery_key_verify(c, "{\"recoveryKey\":\"AAAA BBBB CCCC\"}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 400);
    CHECK(json_str_eq(o, "code", "INVALID_RECOVERY_KEY"));
    CHECK(json_str_eq(o, "body.code", "INVALID_RECOVERY_KEY"));
    check_message_hides(o, "AAAA BBBB");
    beeper_string_free(o);

    key = sim_state_string("recoveryKey");
    REQUIRE(key != NULL);
    char p[256];
    snprintf(p, sizeof p, "{\"recoveryKey\":\"%s\"}", key);
    rc = beeper_recovery_key_verify(c, p, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "session.state", "needs-first-sync"));
    beeper_string_free(o);

    CHECK_EQ(sim_post("/_sim/first-sync", NULL), 200);
    rc = beeper_setup_wait(c, "{\"until\":[\"ready\"],\"timeoutMs\":10000,\"intervalMs\":50}", &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "ready"));
    CHECK_EQ(json_bool(o, "e2ee.secrets.recoveryKey"), 1);
    beeper_string_free(o);
    free(key);
    beeper_client_free(c);
}

/* The simulator's --auto mode: the other device and the sync act by themselves; the client
 * only waits for the verification states it cares about. */
static void test_scenario_existing_auto_with_wait(void) {
    REQUIRE_EQ(sim_reset(NULL, 1), 0);
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *o = NULL, *id = NULL;
    int rc;
    char *signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    beeper_string_free(signed_in);

    rc = beeper_verifications_create(c, "{}", &o);
    REQUIRE_OK(rc, o);
    id = json_string(o, "verification.id");
    beeper_string_free(o);
    REQUIRE(id != NULL);

    rc = beeper_setup_wait(c,
                           "{\"verificationStates\":[\"ready\",\"cancelled\"],"
                           "\"timeoutMs\":20000,\"intervalMs\":50}",
                           &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "ready"));
    beeper_string_free(o);

    rc = beeper_verifications_sas_start(c, id, &o);
    REQUIRE_OK(rc, o);
    beeper_string_free(o);
    rc = beeper_verifications_sas_confirm(c, id, &o);
    REQUIRE_OK(rc, o);
    beeper_string_free(o);

    rc = beeper_setup_wait(c, "{\"timeoutMs\":20000,\"intervalMs\":50}", &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "ready"));
    CHECK(json_str_eq(o, "verification.state", "done"));
    beeper_string_free(o);
    free(id);
    beeper_client_free(c);
}

static void test_verifications_list_retrieve_cancel(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    REQUIRE(c != NULL);
    char *o = NULL, *id1 = NULL, *id2 = NULL;
    int rc;
    char *signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    beeper_string_free(signed_in);

    rc = beeper_verifications_list(c, &o);
    REQUIRE_OK(rc, o);
    CHECK_EQ(json_array_len(o, "items"), 0);
    beeper_string_free(o);

    rc = beeper_verifications_create(c, "{\"purpose\":\"login\",\"userID\":\"@existing:beeper.com\"}", &o);
    REQUIRE_OK(rc, o);
    id1 = json_string(o, "verification.id");
    CHECK(json_str_eq(o, "verification.otherUserID", "@existing:beeper.com"));
    beeper_string_free(o);
    REQUIRE(id1 != NULL);

    rc = beeper_verifications_list(c, &o);
    REQUIRE_OK(rc, o);
    CHECK_EQ(json_array_len(o, "items"), 1);
    CHECK(json_str_eq(o, "items.0.id", id1));
    CHECK(json_str_eq(o, "items.0.state", "requested"));
    beeper_string_free(o);

    rc = beeper_verifications_retrieve(c, id1, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.id", id1));
    CHECK(json_str_eq(o, "session.verification.id", id1));
    beeper_string_free(o);
    rc = beeper_verifications_retrieve(c, "active", &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.id", id1));
    beeper_string_free(o);

    /* A second one while the first is in progress: 409 from the server. */
    rc = beeper_verifications_create(c, NULL, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 409);
    CHECK(json_str_eq(o, "code", "VERIFICATION_IN_PROGRESS"));
    beeper_string_free(o);

    rc = beeper_verifications_cancel(c, id1, "{\"code\":\"m.user\",\"reason\":\"Changed my mind\"}", &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "cancelled"));
    CHECK(json_str_eq(o, "verification.error.reason", "Changed my mind"));
    CHECK_EQ(json_array_len(o, "verification.availableActions"), 0);
    CHECK_NEXT_STEP(o, "verify-device", "create");
    beeper_string_free(o);

    rc = beeper_verifications_cancel(c, id1, NULL, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 409);
    CHECK(json_str_eq(o, "code", "ACTION_NOT_AVAILABLE"));
    beeper_string_free(o);

    rc = beeper_verifications_retrieve(c, "active", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 404);
    beeper_string_free(o);

    rc = beeper_verifications_create(c, NULL, &o);
    REQUIRE_OK(rc, o);
    id2 = json_string(o, "verification.id");
    beeper_string_free(o);
    REQUIRE(id2 != NULL);
    CHECK(strcmp(id1, id2) != 0);
    rc = beeper_verifications_cancel(c, id2, NULL, &o);
    REQUIRE_OK(rc, o);
    CHECK(json_str_eq(o, "verification.state", "cancelled"));
    CHECK(json_str_eq(o, "verification.error.code", "m.user"));
    beeper_string_free(o);

    rc = beeper_verifications_list(c, &o);
    REQUIRE_OK(rc, o);
    CHECK_EQ(json_array_len(o, "items"), 2);
    CHECK(json_str_eq(o, "items.1.id", id2));
    beeper_string_free(o);

    /* Ids are percent-encoded: one with '/', ' ' and '?' reaches the verification route. */
    rc = beeper_verifications_retrieve(c, "a/b c?d#e", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 404);
    CHECK(json_str_eq(o, "code", "VERIFICATION_NOT_FOUND"));
    beeper_string_free(o);

    free(id1);
    free(id2);
    beeper_client_free(c);
}

/* ------------------------------------------------------------------------------------------ */
/* Tokens                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static void test_access_token_handling(void) {
    BeeperClient *c = make_client(",\"adoptAccessToken\":false");
    REQUIRE(c != NULL);
    char *o = NULL, *token = NULL;
    int rc;
    char *signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    token = json_string(signed_in, "matrix.accessToken");
    beeper_string_free(signed_in);
    REQUIRE(token != NULL);

    /* adoptAccessToken false: the client still has no token. */
    rc = beeper_verifications_list(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 401);
    CHECK(json_str_eq(o, "code", "UNAUTHORIZED"));
    CHECK(json_str_eq(o, "body.code", "UNAUTHORIZED"));
    CHECK(json_type(o, "body.message") == 's');
    beeper_string_free(o);
    /* setup.retrieve is public only before sign-in. */
    rc = beeper_setup_retrieve(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 401);
    beeper_string_free(o);

    rc = beeper_client_set_access_token(c, token, &o);
    CHECK_OK(rc, o);
    CHECK(strcmp(o, "null") == 0);
    beeper_string_free(o);
    rc = beeper_verifications_list(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "needs-verification"));
    beeper_string_free(o);

    /* NULL removes the token. */
    rc = beeper_client_set_access_token(c, NULL, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    rc = beeper_verifications_list(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 401);
    beeper_string_free(o);

    /* Unusable tokens are refused, and never quoted. */
    EXPECT_INVALID(beeper_client_set_access_token(c, "", &o));
    {
        char *e = SENTINEL;
        rc = beeper_client_set_access_token(c, "syt_abc Hidden", &e);
        CHECK_ERR(rc, e, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
        if (e != SENTINEL) {
            check_message_hides(e, "Hidden");
            beeper_string_free(e);
        }
    }

    /* A token given in the config works from the start. */
    {
        char extra[256];
        snprintf(extra, sizeof extra, ",\"accessToken\":\"%s\"", token);
        BeeperClient *c2 = make_client(extra);
        REQUIRE(c2 != NULL);
        rc = beeper_verifications_list(c2, &o);
        CHECK_OK(rc, o);
        beeper_string_free(o);
        beeper_client_free(c2);
    }
    free(token);
    beeper_client_free(c);

    /* A client that already has a token keeps it after a sign-in (it adopts only when it has
     * none). */
    REQUIRE_EQ(sim_reset(NULL, 0), 0);
    c = make_client(",\"accessToken\":\"syt_mine\"");
    REQUIRE(c != NULL);
    signed_in = sign_in(c, "existing@example.com");
    REQUIRE(signed_in != NULL);
    beeper_string_free(signed_in);
    rc = beeper_verifications_list(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 401);
    beeper_string_free(o);
    beeper_client_free(c);
}

/* ------------------------------------------------------------------------------------------ */
/* Errors from a real server and from the network                                             */
/* ------------------------------------------------------------------------------------------ */

static void test_api_errors_carry_status_code_body(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    REQUIRE(c != NULL);
    char *o = NULL, *rid = NULL, *code = NULL;
    char p[512];
    int rc;

    /* 401 before sign-in on a Bearer endpoint. */
    rc = beeper_verifications_list(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 401);
    CHECK(json_str_eq(o, "code", "UNAUTHORIZED"));
    CHECK(json_type(o, "body") == 'o');
    CHECK_EQ(json_int(o, "retries", -1), 0);
    beeper_string_free(o);

    /* 404: an unknown setup request. */
    rc = beeper_setup_email(c, "{\"email\":\"x@example.com\",\"setupRequestID\":\"sr_nope\"}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 404);
    CHECK(json_str_eq(o, "code", "SETUP_REQUEST_NOT_FOUND"));
    beeper_string_free(o);

    rc = beeper_setup_start(c, &o);
    REQUIRE_OK(rc, o);
    rid = json_string(o, "setupRequestID");
    beeper_string_free(o);
    REQUIRE(rid != NULL);

    /* 400 validation from the server: the library only checks types, the server the content. */
    snprintf(p, sizeof p, "{\"email\":\"\",\"setupRequestID\":\"%s\"}", rid);
    rc = beeper_setup_email(c, p, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 400);
    CHECK(json_str_eq(o, "code", "VALIDATION_ERROR"));
    CHECK(json_type(o, "body.details.issues") == 'a');
    CHECK(json_str_eq(o, "body.details.issues.0.path.0", "email"));
    beeper_string_free(o);

    snprintf(p, sizeof p, "{\"email\":\"existing@example.com\",\"setupRequestID\":\"%s\"}", rid);
    rc = beeper_setup_email(c, p, &o);
    REQUIRE_OK(rc, o);
    beeper_string_free(o);
    code = sim_state_string("lastEmailCode");
    REQUIRE(code != NULL && strlen(code) == 6);

    /* 400: a wrong email code; the error never quotes the code. */
    char wrong[7];
    memcpy(wrong, code, 7);
    wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);
    snprintf(p, sizeof p, "{\"response\":\"%s\",\"setupRequestID\":\"%s\"}", wrong, rid);
    long before = sim_requests();
    rc = beeper_setup_response(c, p, &o);
    CHECK_EQ(sim_requests() - before, 1); /* a 400 is not retried */
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 400);
    CHECK(json_str_eq(o, "code", "INVALID_CODE"));
    CHECK(json_str_eq(o, "body.code", "INVALID_CODE"));
    CHECK(json_type(o, "body.message") == 's');
    check_message_hides(o, wrong);
    beeper_string_free(o);

    /* The right code still works after a wrong one. */
    snprintf(p, sizeof p, "{\"response\":\"%s\",\"setupRequestID\":\"%s\"}", code, rid);
    rc = beeper_setup_response(c, p, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);

    /* 404: an unknown verification id (signed in now, so not a 401). */
    rc = beeper_verifications_retrieve(c, "vrf_does_not_exist", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 404);
    CHECK(json_str_eq(o, "code", "VERIFICATION_NOT_FOUND"));
    CHECK(json_str_eq(o, "body.code", "VERIFICATION_NOT_FOUND"));
    beeper_string_free(o);
    rc = beeper_verifications_sas_start(c, "vrf_does_not_exist", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 404);
    beeper_string_free(o);

    /* 409: signed in already. */
    rc = beeper_setup_start(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 409);
    CHECK(json_str_eq(o, "code", "ALREADY_SIGNED_IN"));
    beeper_string_free(o);

    /* A proxy's HTML error page: an api error whose body is kept as a string excerpt. */
    REQUIRE_EQ(sim_fault("{\"body\":\"html\"}"), 0);
    rc = beeper_setup_retrieve(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 502);
    CHECK(json_type(o, "body") == 's');
    CHECK(json_type(o, "code") == 0);
    beeper_string_free(o);

    /* 400 from the server for an enum value only it knows. */
    rc = beeper_verifications_create(c, "{\"purpose\":\"bogus\"}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 400);
    beeper_string_free(o);

    free(rid);
    free(code);
    beeper_client_free(c);
}

static void test_connection_error(void) {
    int port = unused_port();
    REQUIRE(port > 0);
    char cfg[256];
    snprintf(cfg, sizeof cfg, "{\"baseURL\":\"http://127.0.0.1:%d\",\"maxRetries\":0}", port);
    BeeperClient *c = NULL;
    char *o = NULL;
    int rc = beeper_client_new(cfg, &c, &o);
    REQUIRE_OK(rc, o);
    beeper_string_free(o);
    rc = beeper_setup_retrieve(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_CONNECTION, "connection");
    CHECK_EQ(json_int(o, "retries", -1), 0);
    CHECK(json_type(o, "status") == 0);
    beeper_string_free(o);
    rc = beeper_setup_start(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_CONNECTION, "connection");
    beeper_string_free(o);
    beeper_client_free(c);

    /* With retries, the error says how many were made. */
    snprintf(cfg, sizeof cfg, "{\"baseURL\":\"http://127.0.0.1:%d\",\"maxRetries\":1}", port);
    rc = beeper_client_new(cfg, &c, &o);
    REQUIRE_OK(rc, o);
    beeper_string_free(o);
    rc = beeper_setup_retrieve(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_CONNECTION, "connection");
    CHECK_EQ(json_int(o, "retries", -1), 1);
    beeper_string_free(o);
    beeper_client_free(c);
}

static void test_timeout(void) {
    BeeperClient *c = make_client(",\"timeoutMs\":300,\"maxRetries\":0");
    REQUIRE(c != NULL);
    REQUIRE_EQ(sim_fault("{\"delayMs\":2000,\"count\":1}"), 0);
    char *o = NULL;
    double t0 = now_ms();
    int rc = beeper_setup_retrieve(c, &o);
    double took = now_ms() - t0;
    CHECK_ERR(rc, o, BEEPER_ERR_TIMEOUT, "timeout");
    CHECK(took < 1800);
    beeper_string_free(o);
    /* The next request is fine. */
    rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    beeper_client_free(c);
}

static void test_decode_errors(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    REQUIRE(c != NULL);
    char *o = NULL;
    int rc;
    static const char *faults[] = {"{\"body\":\"wrong-shape\"}", "{\"body\":\"malformed\"}"};
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        REQUIRE_EQ(sim_fault(faults[i]), 0);
        rc = beeper_setup_retrieve(c, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_DECODE, "decode");
        beeper_string_free(o);
        REQUIRE_EQ(sim_fault(faults[i]), 0);
        rc = beeper_setup_start(c, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_DECODE, "decode");
        beeper_string_free(o);
    }
    rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    beeper_client_free(c);
}

static void test_retries(void) {
    BeeperClient *c = make_client(",\"maxRetries\":2");
    REQUIRE(c != NULL);
    char *o = NULL;
    int rc;

    /* 503 twice, then success. */
    REQUIRE_EQ(sim_fault("{\"status\":503,\"count\":2,\"retryAfterMs\":10}"), 0);
    long before = sim_requests();
    rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "needs-login"));
    beeper_string_free(o);
    CHECK_EQ(sim_requests() - before, 3);

    /* The retries run out. */
    REQUIRE_EQ(sim_fault("{\"status\":503,\"count\":5,\"retryAfterMs\":10}"), 0);
    before = sim_requests();
    rc = beeper_setup_retrieve(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 503);
    CHECK_EQ(json_int(o, "retries", -1), 2);
    CHECK(json_str_eq(o, "code", "SIM_FAULT"));
    beeper_string_free(o);
    CHECK_EQ(sim_requests() - before, 3);

    /* x-should-retry: false wins over the status. */
    REQUIRE_EQ(sim_fault("{\"status\":503,\"count\":5,\"shouldRetry\":false}"), 0);
    before = sim_requests();
    rc = beeper_setup_retrieve(c, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "retries", -1), 0);
    beeper_string_free(o);
    CHECK_EQ(sim_requests() - before, 1);
    REQUIRE_EQ(sim_request("DELETE", "/_sim/faults", NULL, NULL), 200);

    /* A dropped connection is retried too. */
    REQUIRE_EQ(sim_fault("{\"drop\":true,\"count\":1}"), 0);
    rc = beeper_setup_retrieve(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    beeper_client_free(c);
}

/* ------------------------------------------------------------------------------------------ */
/* Waiting, cancelling, threads                                                               */
/* ------------------------------------------------------------------------------------------ */

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

static void test_cancel_ends_wait_from_another_thread(void) {
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
    /* A wait that had not started polling yet when cancel was called would not be ended by it;
     * cancel again (a cheap, idempotent call) until both return, within a deadline. */
    for (int tries = 0; tries < 100; tries++) {
        if (__atomic_load_n(&jobs[0].done, __ATOMIC_SEQ_CST) &&
            __atomic_load_n(&jobs[1].done, __ATOMIC_SEQ_CST))
            break;
        sleep_ms(50);
        if (tries % 10 == 9) beeper_client_cancel(c);
    }
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

static void test_cancel_keeps_remote_verification(void) {
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

static void test_threads_share_one_client(void) {
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

/* ------------------------------------------------------------------------------------------ */
/* next_step, pure                                                                            */
/* ------------------------------------------------------------------------------------------ */

static void test_next_step_pure(void) {
    long before = sim_requests();
    struct {
        const char *state;
        const char *step;
    } plain[] = {
        {"needs-login", "sign-in"},
        {"initializing", "wait"},
        {"needs-cross-signing-setup", "create-recovery-key"},
        {"needs-secrets", "enter-recovery-key"},
        {"needs-first-sync", "wait"},
        {"ready", "done"},
        {"needs-verification", "verify-device"},
        {"needs-a-coffee", "unknown"}, /* unknown states are not errors */
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        char *s = session_json(plain[i].state, NULL);
        REQUIRE(s != NULL);
        char *o = NULL;
        int rc = beeper_setup_next_step(s, &o);
        if (CHECK_OK(rc, o)) {
            CHECK(json_str_eq(o, "step", plain[i].step));
            CHECK(json_str_eq(o, "state", plain[i].state));
        }
        beeper_string_free(o);
        free(s);
    }

    /* A verification with emojis to compare. */
    const char *v =
        "{\"id\":\"vrf_1\",\"availableActions\":[\"sas.confirm\",\"cancel\"],\"direction\":\"outgoing\","
        "\"methods\":[\"qr\",\"sas\"],\"purpose\":\"login\",\"state\":\"sas_ready\","
        "\"sas\":{\"emojis\":\"\xf0\x9f\x90\xb6\xf0\x9f\x90\xb1\",\"decimals\":\"1 2 3\"},"
        "\"futureField\":true}";
    char *s = session_json("needs-verification", v);
    REQUIRE(s != NULL);
    char *o = NULL;
    int rc = beeper_setup_next_step(s, &o);
    if (CHECK_OK(rc, o)) {
        CHECK(json_str_eq(o, "step", "verify-device"));
        CHECK(json_str_eq(o, "action", "compare-emojis"));
        CHECK(json_str_eq(o, "verificationID", "vrf_1"));
        CHECK(json_str_eq(o, "emojis", "\xf0\x9f\x90\xb6\xf0\x9f\x90\xb1"));
        CHECK(json_str_eq(o, "decimals", "1 2 3"));
    }
    beeper_string_free(o);
    /* Wrapped in a response: {"session": ...}. */
    {
        size_t n = strlen(s) + strlen(v) + 64;
        char *wrapped = malloc(n);
        REQUIRE(wrapped != NULL);
        snprintf(wrapped, n, "{\"session\":%s,\"verification\":%s}", s, v);
        CHECK_NEXT_STEP(wrapped, "verify-device", "compare-emojis");
        free(wrapped);
    }
    free(s);

    /* An unknown verification state and unknown actions are passed through, not errors. */
    s = session_json("needs-verification",
                     "{\"id\":\"vrf_2\",\"availableActions\":[\"teleport\"],\"direction\":\"incoming\","
                     "\"methods\":[\"qr\",\"sas\",\"telepathy\"],\"purpose\":\"login\",\"state\":\"pondering\"}");
    REQUIRE(s != NULL);
    CHECK_NEXT_STEP(s, "unknown", NULL);
    free(s);

    CHECK_EQ(sim_requests(), before);
}

/* ------------------------------------------------------------------------------------------ */
/* The runner                                                                                 */
/* ------------------------------------------------------------------------------------------ */

struct test {
    const char *name;
    void (*fn)(void);
    const char *scenario; /* the simulator's forced scenario, or NULL to choose by email */
};

static const struct test TESTS[] = {
    {"scenario_new_account", test_scenario_new_account, NULL},
    {"scenario_existing_sas", test_scenario_existing_sas, NULL},
    {"scenario_incoming_verification_qr", test_scenario_incoming_verification_qr, NULL},
    {"scenario_outgoing_verification_qr_scan", test_scenario_outgoing_verification_qr_scan, NULL},
    {"scenario_recovery_key", test_scenario_recovery_key, NULL},
    {"scenario_existing_auto_with_wait", test_scenario_existing_auto_with_wait, NULL},
    {"verifications_list_retrieve_cancel", test_verifications_list_retrieve_cancel, NULL},
    {"access_token_handling", test_access_token_handling, NULL},
    {"api_errors_carry_status_code_body", test_api_errors_carry_status_code_body, NULL},
    {"connection_error", test_connection_error, NULL},
    {"timeout", test_timeout, NULL},
    {"decode_errors", test_decode_errors, NULL},
    {"retries", test_retries, NULL},
    {"cancel_ends_wait_from_another_thread", test_cancel_ends_wait_from_another_thread, NULL},
    {"cancel_keeps_remote_verification", test_cancel_keeps_remote_verification, NULL},
    {"threads_share_one_client", test_threads_share_one_client, NULL},
    /* Caller errors and pure functions last: they open no connection, so no thread of the
     * HTTP stack is still finishing when the process exits (see valgrind.supp). */
    {"version", test_version, NULL},
    {"client_new_defaults_and_free", test_client_new_defaults_and_free, NULL},
    {"null_arguments", test_null_arguments, NULL},
    {"invalid_utf8", test_invalid_utf8, NULL},
    {"broken_json", test_broken_json, NULL},
    {"wrong_json_types", test_wrong_json_types, NULL},
    {"missing_required_fields", test_missing_required_fields, NULL},
    {"empty_and_oversized_verification_ids", test_empty_and_oversized_verification_ids, NULL},
    {"config_errors", test_config_errors, NULL},
    {"next_step_pure", test_next_step_pure, NULL},
};

struct run {
    const char *url;
    const char *filter;
    int passed, failed;
};

static void *run_suite(void *arg) {
    struct run *r = arg;
    for (size_t i = 0; i < sizeof TESTS / sizeof TESTS[0]; i++) {
        const struct test *t = &TESTS[i];
        if (r->filter != NULL && strstr(t->name, r->filter) == NULL) continue;
        g_test_failed = 0;
        double t0 = now_ms();
        if (sim_reset(t->scenario, 0) != 0) {
            fprintf(stderr, "    cannot reset the simulator at %s\n", r->url);
            g_test_failed = 1;
        } else {
            t->fn();
        }
        fflush(stderr);
        printf("%s - %s (%.0f ms)\n", g_test_failed ? "FAIL" : "ok", t->name, now_ms() - t0);
        fflush(stdout);
        if (g_test_failed)
            r->failed++;
        else
            r->passed++;
    }
    return NULL;
}

int main(int argc, char **argv) {
    struct run r = {getenv("BEEPER_SIM_URL"), argc > 1 ? argv[1] : NULL, 0, 0};
    if (r.url == NULL || sim_init(r.url) != 0) {
        fprintf(stderr, "test_beeper_setup: set BEEPER_SIM_URL to the simulator's base URL\n");
        return 2;
    }
    /* The suite runs on a thread of its own, not on the process's main thread: Rust's standard
     * library keeps a 48-byte handle for the main thread that it never frees (an open issue in
     * Rust, rust-lang/rust#135608), which valgrind reports as "possibly lost". On any other
     * thread that handle is freed when the thread ends, so the leak check stays exact without
     * suppressing anything in the library. */
    pthread_t runner;
    if (pthread_create(&runner, NULL, run_suite, &r) != 0) {
        fprintf(stderr, "test_beeper_setup: cannot start the runner thread\n");
        return 2;
    }
    pthread_join(runner, NULL);
    printf("%d passed, %d failed\n", r.passed, r.failed);
    return r.failed == 0 ? 0 : 1;
}
