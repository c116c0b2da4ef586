/* The simulator from C, as an app's test starts it: the testing library (beeper_setup_sim.h,
 * -lbeeper_setup_sim) in this process, every scenario it lists signed in to with the
 * production library, the other device steered by control name, faults, refusals and bad
 * input. Its own program (no simulator binary), run under valgrind by run-tests.sh. */
#include <beeper_setup.h>
#include <beeper_setup_sim.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mini_json.h"

int g_test_failed = 0;

/* Calls a control endpoint by name; returns its status and sets *out (free it). */
static int control(BeeperSimulator *sim, const char *method, const char *name, const char *body,
                   char **out) {
    return beeper_simulator_control(sim, method, name, body, out);
}

/* The simulator's state field `key`, malloc'd, or NULL. */
static char *state_string(BeeperSimulator *sim, const char *key) {
    char *state = NULL;
    char *value = NULL;
    if (control(sim, NULL, "state", NULL, &state) == BEEPER_SIM_OK) value = json_string(state, key);
    beeper_simulator_string_free(state);
    return value;
}

/* start, email, the emailed code (and register for a new account): the client is signed in. */
static void sign_in(BeeperClient *client, BeeperSimulator *sim) {
    char *out = NULL;
    char params[512];
    REQUIRE_EQ(beeper_setup_start(client, &out), BEEPER_OK);
    char *rid = json_string(out, "setupRequestID");
    beeper_string_free(out);
    REQUIRE(rid != NULL);
    snprintf(params, sizeof params, "{\"email\":\"me@example.com\",\"setupRequestID\":\"%s\"}", rid);
    CHECK_EQ(beeper_setup_email(client, params, &out), BEEPER_OK);
    beeper_string_free(out);
    char *code = state_string(sim, "lastEmailCode");
    if (code != NULL) {
        snprintf(params, sizeof params, "{\"response\":\"%s\",\"setupRequestID\":\"%s\"}", code, rid);
        CHECK_EQ(beeper_setup_response(client, params, &out), BEEPER_OK);
        char *lead = json_string(out, "leadToken");
        beeper_string_free(out);
        if (lead != NULL) {
            snprintf(params, sizeof params,
                     "{\"acceptTerms\":true,\"leadToken\":\"%s\",\"setupRequestID\":\"%s\","
                     "\"username\":\"me\"}", lead, rid);
            CHECK_EQ(beeper_setup_register(client, params, &out), BEEPER_OK);
            beeper_string_free(out);
            free(lead);
        }
    }
    CHECK(code != NULL);
    free(code);
    free(rid);
}

/* A simulator started with `options`, or NULL (the error printed). */
static BeeperSimulator *start(const char *options) {
    BeeperSimulator *sim = NULL;
    char *out = NULL;
    int32_t status = beeper_simulator_start(options, &sim, &out);
    if (status != BEEPER_SIM_OK) NOTE_JSON("beeper_simulator_start", out);
    else if (!json_str_eq(out, "baseURL", beeper_simulator_base_url(sim))) NOTE_JSON("baseURL", out);
    beeper_simulator_string_free(out);
    return sim;
}

static BeeperClient *client_for(BeeperSimulator *sim) {
    char config[256];
    char *out = NULL;
    BeeperClient *client = NULL;
    snprintf(config, sizeof config, "{\"baseURL\":\"%s\",\"maxRetries\":0}",
             beeper_simulator_base_url(sim));
    if (beeper_client_new(config, &client, &out) != BEEPER_OK) NOTE_JSON("client", out);
    beeper_string_free(out);
    return client;
}

static void test_every_scenario_by_name(void) {
    char *described = NULL;
    REQUIRE_EQ(beeper_simulator_describe(&described), BEEPER_SIM_OK);
    int count = json_array_len(described, "scenarios");
    CHECK(count >= 3);
    for (int i = 0; i < count; i++) {
        char path[32], options[256];
        snprintf(path, sizeof path, "scenarios.%d", i);
        char *name = json_string(described, path);
        snprintf(options, sizeof options, "{\"scenario\":\"%s\"}", name);
        BeeperSimulator *sim = start(options);
        CHECK(sim != NULL);
        char *out = NULL;
        BeeperClient *client = sim != NULL ? client_for(sim) : NULL;
        if (sim != NULL && client != NULL) {
            sign_in(client, sim);
            char *scenario = state_string(sim, "scenario");
            CHECK(scenario != NULL && strcmp(scenario, name) == 0);
            free(scenario);
            CHECK_EQ(beeper_setup_retrieve(client, &out), BEEPER_OK);
            CHECK(!json_str_eq(out, "state", "needs-login"));
            beeper_string_free(out);
        }
        beeper_client_free(client);
        beeper_simulator_stop(sim);
        free(name);
    }
    beeper_simulator_string_free(described);
}

static void test_the_other_device_cancels_with_a_code(void) {
    BeeperSimulator *sim = start("{\"scenario\":\"existing\"}");
    REQUIRE(sim != NULL);
    char *out = NULL;
    BeeperClient *client = client_for(sim);
    if (client != NULL) {
        sign_in(client, sim);
        CHECK_EQ(beeper_verifications_create(client, "{}", &out), BEEPER_OK);
        char *id = json_string(out, "verification.id");
        beeper_string_free(out);
        CHECK_EQ(control(sim, NULL, "other-device/accept", NULL, &out), BEEPER_SIM_OK);
        beeper_simulator_string_free(out);
        CHECK_EQ(control(sim, NULL, "other-device/cancel",
                         "{\"code\":\"m.mismatched_sas\",\"reason\":\"no match\"}", &out),
                 BEEPER_SIM_OK);
        beeper_simulator_string_free(out);
        CHECK_EQ(beeper_verifications_retrieve(client, id != NULL ? id : "", &out), BEEPER_OK);
        CHECK(json_str_eq(out, "verification.state", "cancelled"));
        CHECK(json_str_eq(out, "verification.error.code", "m.mismatched_sas"));
        beeper_string_free(out);
        free(id);
    }
    beeper_client_free(client);
    beeper_simulator_stop(sim);
}

static void test_faults_refusals_and_bad_input(void) {
    BeeperSimulator *sim = start(NULL);
    REQUIRE(sim != NULL);
    char *out = NULL;
    BeeperClient *client = client_for(sim);
    CHECK_EQ(control(sim, NULL, "faults", "{\"status\":503}", &out), BEEPER_SIM_OK);
    CHECK_EQ(json_int(out, "remaining", -1), 1);
    beeper_simulator_string_free(out);
    CHECK_EQ(beeper_setup_retrieve(client, &out), BEEPER_ERR_API);
    CHECK_EQ(json_int(out, "status", 0), 503);
    beeper_string_free(out);
    CHECK_EQ(control(sim, NULL, "stats", NULL, &out), BEEPER_SIM_OK);
    CHECK_EQ(json_int(out, "requests", -1), 1);
    beeper_simulator_string_free(out);

    /* The state does not allow it yet: the endpoint's own refusal, with its status. */
    CHECK_EQ(control(sim, NULL, "other-device/confirm", NULL, &out), BEEPER_SIM_ERR_REFUSED);
    CHECK(json_str_eq(out, "kind", "refused"));
    CHECK_EQ(json_int(out, "status", 0), 409);
    beeper_simulator_string_free(out);
    CHECK_EQ(control(sim, "DELETE", "no-such-control", NULL, &out), BEEPER_SIM_ERR_REFUSED);
    CHECK_EQ(json_int(out, "status", 0), 404);
    beeper_simulator_string_free(out);
    CHECK_EQ(control(sim, NULL, "reset", "{broken", &out), BEEPER_SIM_ERR_REFUSED);
    CHECK_EQ(json_int(out, "status", 0), 400);
    beeper_simulator_string_free(out);
    CHECK_EQ(control(sim, NULL, NULL, NULL, &out), BEEPER_SIM_ERR_INVALID_ARGUMENT);
    beeper_simulator_string_free(out);
    CHECK_EQ(control(NULL, NULL, "state", NULL, &out), BEEPER_SIM_ERR_INVALID_ARGUMENT);
    beeper_simulator_string_free(out);
    CHECK_EQ(control(sim, NULL, "state", NULL, NULL), BEEPER_SIM_ERR_INVALID_ARGUMENT);

    BeeperSimulator *none = (BeeperSimulator *)&out;
    CHECK_EQ(beeper_simulator_start("{\"scenario\":\"nope\"}", &none, &out),
             BEEPER_SIM_ERR_INVALID_ARGUMENT);
    CHECK(none == NULL);
    CHECK(json_str_eq(out, "kind", "invalid_argument"));
    beeper_simulator_string_free(out);
    CHECK_EQ(beeper_simulator_start("{\"port\":80}", &none, &out), BEEPER_SIM_ERR_INVALID_ARGUMENT);
    beeper_simulator_string_free(out);

    beeper_client_free(client);
    beeper_simulator_stop(sim);
    beeper_simulator_stop(NULL);
    beeper_simulator_string_free(NULL);
}

int main(void) {
    struct { const char *name; void (*run)(void); } tests[] = {
        {"every_scenario_by_name", test_every_scenario_by_name},
        {"the_other_device_cancels_with_a_code", test_the_other_device_cancels_with_a_code},
        {"faults_refusals_and_bad_input", test_faults_refusals_and_bad_input},
    };
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        g_test_failed = 0;
        tests[i].run();
        printf("%s - simulator_%s\n", g_test_failed ? "FAIL" : "ok", tests[i].name);
        if (g_test_failed) failed++; else passed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
