/* The client itself: the version, construction and settings, the access token, and
 * beeper_setup_next_step (pure: it sends nothing). */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EXPECTED_VERSION
#error "compile with -DEXPECTED_VERSION='\"x.y.z\"' (the version in Cargo.toml)"
#endif

/* ------------------------------------------------------------------------------------------ */
/* Version, construction, free                                                                */
/* ------------------------------------------------------------------------------------------ */

void test_version(void) {
    const char *v = beeper_version();
    REQUIRE(v != NULL);
    CHECK(strcmp(v, EXPECTED_VERSION) == 0);
    CHECK(beeper_version() == v); /* static */
}

void test_abi_version(void) {
    /* The library loaded provides the ABI this program was compiled for. */
    CHECK(beeper_abi_version() == BEEPER_ABI_VERSION);
    CHECK(beeper_abi_version() >= 0);
}

void test_client_new_defaults_and_free(void) {
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
/* Tokens                                                                                     */
/* ------------------------------------------------------------------------------------------ */

void test_access_token_handling(void) {
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
    rc = beeper_client_access_token(c, &o);
    CHECK_OK(rc, o);
    CHECK(o != NULL && strcmp(o, "null") == 0);
    beeper_string_free(o);
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
    rc = beeper_client_access_token(c, &o);
    CHECK_OK(rc, o);
    CHECK(o != NULL && o[0] == '"' && strncmp(o + 1, token, strlen(token)) == 0);
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
        rc = beeper_client_set_access_token(c, "syt_abc\r\nHidden", &e);
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
    rc = beeper_client_access_token(c, &o);
    CHECK_OK(rc, o);
    CHECK(o != NULL && strcmp(o, "\"syt_mine\"") == 0);
    beeper_string_free(o);
    beeper_client_free(c);
}

/* A sign-in made through beeper_client_call with "raw" adopts the token as the plain call
 * does, and beeper_client_access_token tells it (a binding reads it there). */
void test_access_token_after_raw_sign_in(void) {
    REQUIRE_EQ(sim_reset(NULL, 0), 0);
    BeeperClient *c = make_client("");
    REQUIRE(c != NULL);
    char *o = NULL;
    int rc = beeper_setup_start(c, &o);
    REQUIRE_OK(rc, o);
    char *id = json_string(o, "setupRequestID");
    beeper_string_free(o);
    REQUIRE(id != NULL);
    char params[512];
    snprintf(params, sizeof params, "{\"email\":\"existing@example.com\",\"setupRequestID\":\"%s\"}", id);
    rc = beeper_setup_email(c, params, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    char *code = sim_state_string("lastEmailCode");
    REQUIRE(code != NULL);
    snprintf(params, sizeof params, "{\"response\":\"%s\",\"setupRequestID\":\"%s\"}", code, id);
    rc = beeper_client_call(c, "setup.response", NULL, params, "{\"raw\":true}", &o);
    CHECK_OK(rc, o);
    CHECK_EQ(json_int(o, "status", 0), 200);
    beeper_string_free(o);
    char *expected = sim_state_string("accessToken");
    REQUIRE(expected != NULL);
    rc = beeper_client_access_token(c, &o);
    CHECK_OK(rc, o);
    CHECK(o != NULL && o[0] == '"' && strncmp(o + 1, expected, strlen(expected)) == 0 &&
          o[strlen(expected) + 1] == '"');
    beeper_string_free(o);
    rc = beeper_verifications_list(c, &o);
    CHECK_OK(rc, o);
    beeper_string_free(o);
    free(expected);
    free(code);
    free(id);
    beeper_client_free(c);
}

/* ------------------------------------------------------------------------------------------ */
/* next_step, pure                                                                            */
/* ------------------------------------------------------------------------------------------ */

void test_next_step_pure(void) {
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
