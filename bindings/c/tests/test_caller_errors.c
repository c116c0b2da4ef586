/* Caller errors: the rules of each field, of custom requests and of the config, and the text C
 * code writes. Each is refused with invalid_argument, the message names what is wrong, and
 * nothing may be sent. The shapes of bad input any argument can take (NULL, bytes that are not
 * UTF-8, huge or deeply nested text, JSON that does not parse or is not an object) are checked
 * for every function once, in tests/ffi_battery.rs (under valgrind too: make memcheck); these
 * are the inputs whose checks are the field's own: JSON text with a broken character inside a
 * string, an overlong encoding, a lone surrogate, a field of the wrong type or missing, a path a
 * request may not take. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_custom_request_rules(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();

    EXPECT_INVALID_MSG(beeper_client_request(c, "TRACE", "/v1/app/setup", NULL, NULL, &o), "method");
    EXPECT_INVALID_MSG(beeper_client_request(c, "GET", "v1/app/setup", NULL, NULL, &o), "path");
    EXPECT_INVALID_MSG(beeper_client_request(c, "GET", "/v1/../x", NULL, NULL, &o), "..");
    EXPECT_INVALID_MSG(beeper_client_request(c, "GET", "http://other.example/v1", NULL, NULL, &o),
                       "relative");
    EXPECT_INVALID(beeper_client_request(c, "GET", "/a b", NULL, NULL, &o));
    EXPECT_INVALID_MSG(beeper_client_request(c, "POST", "/v1/x", "{nope", NULL, &o), "JSON");
    EXPECT_INVALID_MSG(beeper_client_request(c, "GET", "/v1/x", "{}", NULL, &o), "GET");
    EXPECT_INVALID(beeper_client_request(c, "GET", "/v1/x", NULL, "{\"bogus\":1}", &o));
    /* Nothing to cancel is no error. */
    CHECK_EQ(beeper_client_cancel(c), BEEPER_OK);

    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

void test_invalid_utf8(void) {
    const char *bad_in_json = "{\"email\":\"a\xc3\x28@example.com\",\"setupRequestID\":\"sr_x\"}";
    const char *overlong = "{\"recoveryKey\":\"\xc0\xaf\"}";
    const char *surrogate = "{\"data\":\"\xed\xa0\x80\"}";
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();

    {
        BeeperClient *c2 = (BeeperClient *)SENTINEL;
        char *o = SENTINEL;
        char cfg[256];
        snprintf(cfg, sizeof cfg, "{\"baseURL\":\"%s\",\"userAgent\":\"\xff\"}", sim_base_url());
        int rc = beeper_client_new(cfg, &c2, &o);
        CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
        CHECK(c2 == NULL);
        if (o != SENTINEL) beeper_string_free(o);
    }
    EXPECT_INVALID(beeper_setup_email(c, bad_in_json, &o));
    EXPECT_INVALID(beeper_recovery_key_verify(c, overlong, &o));
    EXPECT_INVALID(beeper_verifications_qr_scan(c, surrogate, &o));
    EXPECT_INVALID(beeper_verifications_cancel(c, "vrf_1", "{\"reason\":\"\xe2\x82\"}", &o));

    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

void test_parser_messages_hide_the_input(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();
    /* A parser message must not quote the input: it may hold a secret. */
    char *o = SENTINEL;
    int rc = beeper_recovery_key_verify(c, "{\"recoveryKey\": \"Sekr1tKey9\" oops}", &o);
    CHECK_ERR(rc, o, BEEPER_ERR_INVALID_ARGUMENT, "invalid_argument");
    if (o != SENTINEL) {
        check_message_hides(o, "Sekr1tKey9");
        beeper_string_free(o);
    }
    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

void test_wrong_json_types(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();
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

void test_missing_required_fields(void) {
    BeeperClient *c = make_client(",\"accessToken\":\"syt_dummy\"");
    REQUIRE(c != NULL);
    long before = sim_requests();
    /* No params, or none of the fields: the message names the first field the operation needs. */
    static const struct {
        int32_t (*call)(const BeeperClient *, const char *, char **);
        const char *name, *field;
    } needs[] = {
        {beeper_setup_email, "email", "email"},
        {beeper_setup_response, "response", "response"},
        {beeper_setup_register, "register", "acceptTerms"},
        {beeper_recovery_key_verify, "recovery_key_verify", "recoveryKey"},
        {beeper_recovery_key_reset_confirm, "recovery_key_reset_confirm", "recoveryKey"},
        {beeper_verifications_qr_scan, "qr_scan", "data"},
    };
    static const char *nothing[] = {"", "null", "{}", "{\"unknown\":1}"};
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++) {
        for (size_t j = 0; j < sizeof nothing / sizeof nothing[0]; j++) {
            char *o = SENTINEL;
            int rc = needs[i].call(c, nothing[j], &o);
            char what[128];
            snprintf(what, sizeof what, "%s(%s)", needs[i].name, nothing[j]);
            expect_invalid_at(__FILE__, __LINE__, what, rc, o, needs[i].field);
        }
    }
    EXPECT_INVALID_MSG(beeper_setup_email(c, "{\"email\":\"a@b.c\"}", &o), "setupRequestID");
    EXPECT_INVALID_MSG(beeper_setup_email(c, "{\"setupRequestID\":\"s\"}", &o), "email");
    EXPECT_INVALID_MSG(beeper_setup_response(c, "{\"response\":\"1\"}", &o), "setupRequestID");
    EXPECT_INVALID_MSG(
        beeper_setup_register(c, "{\"acceptTerms\":true,\"setupRequestID\":\"s\",\"username\":\"u\"}", &o),
        "leadToken");
    EXPECT_INVALID_MSG(
        beeper_setup_register(c, "{\"acceptTerms\":true,\"leadToken\":\"l\",\"username\":\"u\"}", &o),
        "setupRequestID");
    EXPECT_INVALID_MSG(
        beeper_setup_register(c, "{\"acceptTerms\":true,\"leadToken\":\"l\",\"setupRequestID\":\"s\"}", &o),
        "username");
    EXPECT_INVALID_MSG(beeper_recovery_key_verify(c, "{\"recovery_key\":\"k\"}", &o), "recoveryKey");
    CHECK_EQ(sim_requests(), before);
    beeper_client_free(c);
}

void test_config_errors(void) {
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
        {"{\"accessToken\":\"two\\nlines\"}", "accessToken"},
        {"{\"defaultHeaders\":{\"Bad Name\":\"v\"}}", "header"},
        {"{\"defaultHeaders\":{\"X-A\":\"a\\r\\nX-Injected: 1\"}}", "control characters"},
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
        int rc = beeper_client_new("{\"accessToken\":\"syt_Secret\\u0000Token\"}", &c, &o);
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
