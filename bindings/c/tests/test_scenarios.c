/* The scenarios end to end (a new account, an existing one verified by emojis or QR codes, a
 * recovery key, the simulator's --auto mode), and the verification calls. */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void test_scenario_new_account(void) {
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

void test_scenario_existing_sas(void) {
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

void test_scenario_incoming_verification_qr(void) {
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

void test_scenario_outgoing_verification_qr_scan(void) {
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

void test_scenario_recovery_key(void) {
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
void test_scenario_existing_auto_with_wait(void) {
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

void test_verifications_list_retrieve_cancel(void) {
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
