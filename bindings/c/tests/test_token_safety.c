/* The secrets of the sign-in flow: an answer that exists once is never asked for twice, no
 * secret crosses plain http to a host that is not loopback, and none the server quotes back
 * reaches an error object. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Starts a sign-in for existing@example.com; the params for setup.response go to `params`. */
static int emailed(BeeperClient *c, char *params, size_t size) {
    char *o = NULL, p[256];
    int rc = beeper_setup_start(c, &o);
    char *rid = rc == BEEPER_OK ? json_string(o, "setupRequestID") : NULL;
    beeper_string_free(o);
    if (rid == NULL) return 0;
    snprintf(p, sizeof p, "{\"email\":\"existing@example.com\",\"setupRequestID\":\"%s\"}", rid);
    rc = beeper_setup_email(c, p, &o);
    beeper_string_free(o);
    char *code = rc == BEEPER_OK ? sim_state_string("lastEmailCode") : NULL;
    if (code != NULL)
        snprintf(params, size, "{\"response\":\"%s\",\"setupRequestID\":\"%s\"}", code, rid);
    free(rid);
    free(code);
    return code != NULL;
}

void test_a_sign_in_is_not_sent_again_once_it_may_have_arrived(void) {
    BeeperClient *c = make_client(",\"timeoutMs\":300,\"maxRetries\":2");
    REQUIRE(c != NULL);
    char params[256];
    REQUIRE(emailed(c, params, sizeof params));
    REQUIRE_EQ(sim_fault("{\"delayMs\":800,\"count\":3}"), 0);
    long before = sim_requests();
    char *o = NULL;
    int rc = beeper_setup_response(c, params, &o);
    CHECK_ERR(rc, o, BEEPER_ERR_TIMEOUT, "timeout");
    CHECK_EQ(json_int(o, "retries", -1), 0);
    char *msg = json_string(o, "message");
    CHECK(msg != NULL && strstr(msg, "may have acted") && strstr(msg, "setup.retrieve"));
    free(msg);
    beeper_string_free(o);
    CHECK_EQ(sim_requests() - before, 1);
    beeper_client_free(c);
}

void test_no_secret_goes_over_plain_http_off_loopback(void) {
    /* 0.0.0.0 is not loopback by address, yet reaches this machine: were the refusal missing,
     * the simulator would count the request. */
    const char *port = strrchr(sim_base_url(), ':');
    REQUIRE(port != NULL);
    char cfg[256];
    snprintf(cfg, sizeof cfg, "{\"baseURL\":\"http://0.0.0.0%s\",\"maxRetries\":0}", port);
    BeeperClient *c = NULL;
    char *o = NULL;
    int rc = beeper_client_new(cfg, &c, &o);
    REQUIRE_OK(rc, o);
    beeper_string_free(o);
    long before = sim_requests();
    EXPECT_INVALID_MSG(
        beeper_setup_response(c, "{\"response\":\"code-4711\",\"setupRequestID\":\"r\"}", &o),
        "allowInsecureHttp");
    EXPECT_INVALID_MSG(beeper_recovery_key_verify(c, "{\"recoveryKey\":\"key-4711\"}", &o),
                       "allowInsecureHttp");
    rc = beeper_setup_response(c, "{\"response\":\"code-4711\",\"setupRequestID\":\"r\"}", &o);
    check_message_hides(o, "code-4711");
    beeper_string_free(o);
    CHECK_EQ(sim_requests() - before, 0);
    beeper_client_free(c);
}

/* A server that quotes the request back (the simulator's echo faults: JSON, then plain text):
 * the error object, message, body and response alike, holds neither the recovery key nor the
 * token, for an operation and for a custom request to its path. */
void test_a_secret_the_server_echoes_stays_out_of_the_error(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_CECHOTOKEN0001\"");
    REQUIRE(c != NULL);
    const char *key = "{\"recoveryKey\":\"EsCC ECHO KEY0 0001\"}";
    const char *faults[] = {"{\"body\":\"echo\"}", "{\"body\":\"echo-text\"}",
                            "{\"body\":\"echo\"}"};
    for (int i = 0; i < 3; i++) {
        REQUIRE_EQ(sim_fault(faults[i]), 0);
        char *o = NULL;
        int rc = i < 2 ? beeper_recovery_key_verify(c, key, &o)
                       : beeper_client_request(c, "POST", "/v1/app/setup/verification/recovery-key",
                                               key, NULL, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_API, "api");
        /* What is no secret is still quoted. */
        CHECK(o != NULL && strstr(o, "rejected") != NULL && strstr(o, "[redacted]") != NULL);
        if (o != NULL && (strstr(o, "ECHO KEY0") != NULL || strstr(o, "CECHOTOKEN") != NULL)) {
            fprintf(stderr, "    the error object reveals a secret: %s\n", o);
            g_test_failed = 1;
        }
        beeper_string_free(o);
    }
    beeper_client_free(c);
}
