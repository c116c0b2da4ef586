/* The fixtures and checks the files of the C suite share (see suite.h). */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char g_sentinel_byte;

double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

BeeperClient *make_client(const char *extra) {
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

/* The end of a failed check_ok_at/check_err_at: shows the out_json, records the failure. */
static int fail_with_out(const char *out) {
    NOTE_JSON("out_json", out == SENTINEL ? "(not set)" : out);
    g_test_failed = 1;
    return 0;
}

int check_ok_at(const char *file, int line, const char *what, int rc, const char *out) {
    if (rc == BEEPER_OK && out != NULL && out != SENTINEL && json_valid(out)) return 1;
    fprintf(stderr, "    %s:%d: %s: expected BEEPER_OK, got %d\n", file, line, what, rc);
    return fail_with_out(out);
}

int check_err_at(const char *file, int line, const char *what, int rc, const char *out, int want_rc,
                 const char *kind) {
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
    return fail_with_out(out);
}

void expect_invalid_at(const char *file, int line, const char *what, int rc, char *out,
                       const char *needle) {
    if (check_err_at(file, line, what, rc, out, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument") &&
        needle != NULL) {
        char *m = json_string(out, "message");
        if (m == NULL || strstr(m, needle) == NULL) {
            fprintf(stderr, "    %s:%d: message lacks \"%s\": %s\n", file, line, needle,
                    m ? m : "(none)");
            g_test_failed = 1;
        }
        free(m);
    }
    if (out != SENTINEL) beeper_string_free(out);
}

void check_message_hides(const char *out, const char *secret) {
    char *msg = json_string(out, "message");
    CHECK(msg != NULL);
    if (msg != NULL && strstr(msg, secret) != NULL) {
        fprintf(stderr, "    the error message reveals a secret: %s\n", msg);
        g_test_failed = 1;
    }
    free(msg);
}

void check_next_step_at(const char *file, int line, const char *session_json, const char *step,
                        const char *action) {
    char *o = SENTINEL;
    int rc = beeper_setup_next_step(session_json, &o);
    if (!check_ok_at(file, line, "beeper_setup_next_step", rc, o)) {
        if (o != SENTINEL) beeper_string_free(o);
        return;
    }
    if (!json_str_eq(o, "step", step) || (action != NULL && !json_str_eq(o, "action", action)) ||
        json_type(o, "message") != 's' || json_type(o, "state") != 's') {
        fprintf(stderr, "    %s:%d: next_step: expected step %s action %s\n", file, line, step,
                action ? action : "(any)");
        NOTE_JSON("next_step", o);
        g_test_failed = 1;
    }
    beeper_string_free(o);
}

char *sim_state_string(const char *key) {
    char *st = sim_state();
    char *v = st ? json_string(st, key) : NULL;
    free(st);
    return v;
}

char *sign_in(BeeperClient *c, const char *email) {
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

char *session_json(const char *state, const char *verification) {
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
