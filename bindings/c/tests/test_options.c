/* beeper_client_call: every operation by name, with per-call options (a timeout, a header, a
 * query parameter) and the raw answer (status and headers), on success and on error; options
 * that are refused before anything is sent; a token with spaces. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *RAW_OPTIONS =
    "{\"timeoutMs\":5000,\"extraHeaders\":{\"X-Trace\":\"c-suite\"},"
    "\"extraQuery\":{\"probe\":\"a b&c\",\"n\":1},\"raw\":true}";

/* One row per operation: its name, its id (NULL when its path takes none) and params. */
struct call {
    const char *op;
    const char *id;
    const char *params;
};

/* The status and content-type of a raw answer (success) or of an api error's response. */
static void check_raw_answer(const char *op, int rc, const char *o) {
    const char *where = rc == BEEPER_OK ? "" : "response.";
    char status_path[64], type_path[64];
    snprintf(status_path, sizeof status_path, "%sstatus", where);
    snprintf(type_path, sizeof type_path, "%sheaders.content-type", where);
    if (rc != BEEPER_OK) CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    long status = json_int(o, status_path, 0);
    char *type = json_string(o, type_path);
    int ok = (rc == BEEPER_OK ? status >= 200 && status < 300 : status >= 400 && status < 600) &&
             type != NULL && strstr(type, "json") != NULL;
    CHECK(ok);
    if (!ok) {
        fprintf(stderr, "    operation %s: rc %d\n", op, rc);
        NOTE_JSON("out_json", o);
    }
    free(type);
}

void test_call_every_operation_with_options(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    REQUIRE(c != NULL);
    char *signed_in = sign_in(c, "options@example.com");
    REQUIRE(signed_in != NULL);
    beeper_string_free(signed_in);
    const struct call calls[] = {
        {"setup.retrieve", NULL, NULL},
        {"setup.start", NULL, NULL},
        {"setup.email", NULL, "{\"email\":\"a@example.com\",\"setupRequestID\":\"sr_x\"}"},
        {"setup.response", NULL, "{\"response\":\"000000\",\"setupRequestID\":\"sr_x\"}"},
        {"setup.register", NULL,
         "{\"acceptTerms\":true,\"leadToken\":\"l\",\"setupRequestID\":\"sr_x\",\"username\":\"u\"}"},
        {"recoveryKey.verify", NULL, "{\"recoveryKey\":\"not a key\"}"},
        {"recoveryKey.reset.create", NULL, NULL},
        {"recoveryKey.reset.confirm", NULL, "{\"recoveryKey\":\"not a key\"}"},
        {"verifications.list", NULL, NULL},
        {"verifications.create", NULL, NULL},
        {"verifications.retrieve", "active", NULL},
        {"verifications.accept", "active", NULL},
        {"verifications.cancel", "active", NULL},
        {"verifications.qr.scan", NULL, "{\"data\":\"not a code\"}"},
        {"verifications.qr.confirmScanned", "active", NULL},
        {"verifications.sas.start", "active", NULL},
        {"verifications.sas.confirm", "active", NULL},
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        char *o = SENTINEL;
        int rc = beeper_client_call(c, calls[i].op, calls[i].id, calls[i].params, RAW_OPTIONS, &o);
        REQUIRE(o != SENTINEL && o != NULL);
        check_raw_answer(calls[i].op, rc, o);
        beeper_string_free(o);
    }
    /* Without raw the answer is the body, as from the operation's own function. */
    char *o = NULL;
    int rc = beeper_client_call(c, "setup.retrieve", NULL, NULL, NULL, &o);
    CHECK_OK(rc, o);
    CHECK(json_type(o, "state") == 's');
    beeper_string_free(o);
    beeper_client_free(c);
}

void test_call_timeout_and_errors_with_response(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    REQUIRE(c != NULL);
    char *o = NULL;
    /* A per-call timeout shorter than the client's 10 s. */
    REQUIRE_EQ(sim_fault("{\"delayMs\":3000,\"count\":1}"), 0);
    double t0 = now_ms();
    int rc = beeper_client_call(c, "setup.retrieve", NULL, NULL, "{\"timeoutMs\":200}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_TIMEOUT, "timeout");
    CHECK(now_ms() - t0 < 2000);
    beeper_string_free(o);
    /* An api error carries the answer's status and headers, with or without raw. */
    rc = beeper_client_call(c, "verifications.list", NULL, NULL, NULL, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "response.status", 0), 401);
    CHECK(json_type(o, "response.headers") == 'o');
    CHECK(json_str_eq(o, "response.body.code", "UNAUTHORIZED"));
    beeper_string_free(o);
    /* validateResponse:false takes a body of the wrong shape as it came. */
    REQUIRE_EQ(sim_fault("{\"body\":\"wrong-shape\",\"count\":1}"), 0);
    rc = beeper_client_call(c, "setup.retrieve", NULL, NULL, "{\"validateResponse\":false}", &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    beeper_client_free(c);
}

void test_call_refuses_bad_options_without_sending(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    REQUIRE(c != NULL);
    long before = sim_requests();
    static const char *bad[] = {
        "{\"timeout\":1}",
        "{\"timeoutMs\":-5}",
        "{\"maxRetries\":\"1\"}",
        "{\"raw\":\"yes\"}",
        "{\"extraHeaders\":{\"X-A\":\"a\\r\\nX-Injected: 1\"}}",
        "{\"extraHeaders\":{\"X-A\":\"a\\u0000b\"}}",
        "{\"extraHeaders\":{\"Content-Length\":\"0\"}}",
        "{\"extraQuery\":{\"q\":[1]}}",
        "{\"extraBody\":{\"a\":1}}", /* setup.retrieve sends no body */
        "[1]",
        "{",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EXPECT_INVALID(beeper_client_call(c, "setup.retrieve", NULL, NULL, bad[i], &o));
    }
    EXPECT_INVALID_MSG(beeper_client_call(c, "setup.nope", NULL, NULL, NULL, &o), "operation");
    EXPECT_INVALID(beeper_client_call(c, NULL, NULL, NULL, NULL, &o));
    EXPECT_INVALID(beeper_client_call(NULL, "setup.retrieve", NULL, NULL, NULL, &o));
    EXPECT_INVALID(beeper_client_call(c, "verifications.retrieve", NULL, NULL, NULL, &o));
    EXPECT_INVALID(beeper_client_call(c, "setup.start", "an-id", NULL, NULL, &o));
    CHECK_EQ(beeper_client_call(c, "setup.retrieve", NULL, NULL, NULL, NULL),
             BEEPER_ERR_INVALID_ARGUMENT);
    CHECK_EQ(sim_requests(), before);
    /* A token with spaces is a token. */
    char *o = NULL;
    int rc = beeper_client_set_access_token(c, "My Access Token", &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    beeper_client_free(c);
}

/* beeper_client_request: a custom method and path through the same pipeline, its body as
 * given and its options applied; errors are api errors carrying the response. */
void test_custom_request(void) {
    REQUIRE_EQ(sim_reset(NULL, 0), 0);
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *o = NULL;
    int rc = beeper_client_request(c, "GET", "/v1/app/setup", NULL, NULL, &o);
    CHECK_OK(rc, o);
    CHECK(json_str_eq(o, "state", "needs-login"));
    beeper_string_free(o);

    rc = beeper_client_request(c, "post", "/v1/app/setup/start?from=c", "{\"a\":[1]}",
                               "{\"extraBody\":{\"b\":2},\"extraHeaders\":{\"X-Trace\":\"c\"},"
                               "\"raw\":true}",
                               &o);
    CHECK_OK(rc, o);
    CHECK_EQ(json_int(o, "status", 0), 200);
    CHECK(json_type(o, "body.setupRequestID") == 's');
    beeper_string_free(o);
    char *seen = NULL;
    REQUIRE_EQ(sim_request("GET", "/_sim/last-request", NULL, &seen), 200);
    CHECK(json_str_eq(seen, "method", "POST"));
    CHECK(json_str_eq(seen, "query.from", "c"));
    CHECK(json_str_eq(seen, "headers.x-trace", "c"));
    CHECK_EQ(json_int(seen, "body.b", 0), 2);
    CHECK(json_type(seen, "body.a") == 'a');
    free(seen);

    rc = beeper_client_request(c, "PATCH", "/v1/nowhere", "{}", NULL, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
    CHECK_EQ(json_int(o, "status", 0), 404);
    CHECK_EQ(json_int(o, "response.status", 0), 404);
    beeper_string_free(o);
    REQUIRE_EQ(sim_request("GET", "/_sim/last-request", NULL, &seen), 200);
    CHECK(json_str_eq(seen, "method", "PATCH"));
    free(seen);
    beeper_client_free(c);
}
