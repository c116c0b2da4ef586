/* Errors from a real server and from the network: api errors with their status, code and body,
 * a refused connection, a timeout, undecodable answers, retries. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <stdlib.h>
#include <string.h>

void test_api_errors_carry_status_code_body(void) {
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

void test_connection_error(void) {
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

void test_timeout(void) {
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

void test_decode_errors(void) {
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

void test_retries(void) {
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
