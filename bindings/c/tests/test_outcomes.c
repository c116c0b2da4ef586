/* beeper_setup_next_step_with: why a verification ended (each cancel code, a cancel sent from
 * this client, a timeout, accepted elsewhere), the other device and the ways out, and the SAS
 * emojis named in a language (all 64 of the Matrix table, read from src/api/emoji). */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The step from the simulator's session now, read through `c`; with `c`'s own cancels counted
 * when `counted`. Malloc'd by the library, or NULL after recording a failure. */
static char *step_now(BeeperClient *c, int counted, const char *options) {
    char *session = NULL, *step = SENTINEL;
    int rc = beeper_setup_retrieve(c, &session);
    if (!CHECK_OK(rc, session)) {
        beeper_string_free(session);
        return NULL;
    }
    rc = beeper_setup_next_step_with(counted ? c : NULL, session, options, &step);
    beeper_string_free(session);
    if (!CHECK_OK(rc, step)) {
        if (step != SENTINEL) beeper_string_free(step);
        return NULL;
    }
    return step;
}

/* A client signed in to the existing account with a verification it asked for; its id in *id. */
static BeeperClient *requested(char **id) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    char *o = sign_in(c, "existing@example.com");
    beeper_string_free(o);
    o = NULL;
    int rc = beeper_verifications_create(c, NULL, &o);
    if (CHECK_OK(rc, o)) *id = json_string(o, "verification.id");
    beeper_string_free(o);
    return c;
}

void test_next_step_outcome_of_each_cancel_code(void) {
    static const char *const table[][2] = {
        {"m.user", "declined"},
        {"m.timeout", "timed-out"},
        {"m.mismatched_sas", "mismatch"},
        {"m.key_mismatch", "mismatch"},
        {"m.user_mismatch", "mismatch"},
        {"m.mismatched_commitment", "mismatch"},
        {"m.accepted", "accepted-elsewhere"},
        {"m.unknown_transaction", "protocol-error"},
        {"m.unexpected_message", "protocol-error"},
        {"m.invalid_message", "protocol-error"},
        {"m.unknown_method", "protocol-error"},
        {"com.example.teleported", "unknown"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        REQUIRE(sim_reset(NULL, 0) == 0);
        char *id = NULL, body[160];
        BeeperClient *c = requested(&id);
        snprintf(body, sizeof body, "{\"code\":\"%s\",\"reason\":\"Said the other side.\"}", table[i][0]);
        CHECK_EQ(sim_post("/_sim/other-device/cancel", body), 200);
        char *step = step_now(c, 1, NULL);
        if (step != NULL) {
            if (!json_str_eq(step, "outcome.kind", table[i][1])) {
                fprintf(stderr, "    %s: expected %s\n", table[i][0], table[i][1]);
                NOTE_JSON("next_step", step);
                g_test_failed = 1;
            }
            CHECK(json_str_eq(step, "outcome.code", table[i][0]));
            CHECK(json_str_eq(step, "outcome.reason", "Said the other side."));
            CHECK_EQ(json_bool(step, "outcome.cancelledByUs"), 0);
            CHECK(json_str_eq(step, "verificationID", id));
            CHECK(json_str_eq(step, "action", "create"));
            CHECK(json_str_eq(step, "direction", "outgoing"));
            const char *first = strcmp(table[i][1], "mismatch") == 0 ? "enter-recovery-key" : "other-device";
            CHECK(json_str_eq(step, "alternatives.0", first));
        }
        beeper_string_free(step);
        free(id);
        beeper_client_free(c);
    }
}

void test_next_step_outcome_cancelled_here_timeout_and_elsewhere(void) {
    char *id = NULL, *o = NULL;
    BeeperClient *c = requested(&id);
    REQUIRE(id != NULL);
    int rc = beeper_verifications_cancel(c, "active", NULL, &o);
    REQUIRE_OK(rc, o);
    beeper_string_free(o);

    char *mine = step_now(c, 1, NULL);
    CHECK(mine != NULL && json_str_eq(mine, "outcome.kind", "cancelled-here"));
    CHECK(mine != NULL && json_bool(mine, "outcome.cancelledByUs") == 1);
    beeper_string_free(mine);
    /* Without the client nothing says who sent it: the other side, then. Told, it agrees. */
    char *theirs = step_now(c, 0, NULL);
    CHECK(theirs != NULL && json_str_eq(theirs, "outcome.kind", "declined"));
    beeper_string_free(theirs);
    char options[200];
    snprintf(options, sizeof options, "{\"cancelledHere\":[\"%s\"]}", id);
    char *told = step_now(c, 0, options);
    CHECK(told != NULL && json_str_eq(told, "outcome.kind", "cancelled-here"));
    beeper_string_free(told);
    free(id);

    static const char *const ends[][2] = {{"/_sim/verification/timeout", "timed-out"},
                                          {"/_sim/verification/accepted-elsewhere", "accepted-elsewhere"}};
    for (size_t i = 0; i < 2; i++) {
        o = NULL;
        rc = beeper_verifications_create(c, NULL, &o);
        REQUIRE_OK(rc, o);
        beeper_string_free(o);
        CHECK_EQ(sim_post(ends[i][0], "{}"), 200);
        char *step = step_now(c, 1, NULL);
        CHECK(step != NULL && json_str_eq(step, "outcome.kind", ends[i][1]));
        CHECK(step != NULL && json_bool(step, "outcome.cancelledByUs") == 0);
        beeper_string_free(step);
    }
    beeper_client_free(c);
}

void test_next_step_names_the_other_device_and_the_ways_out(void) {
    BeeperClient *c = make_client(",\"maxRetries\":0");
    char *o = sign_in(c, "existing@example.com");
    beeper_string_free(o);
    char *before = step_now(c, 1, NULL);
    REQUIRE(before != NULL);
    CHECK_EQ(json_array_len(before, "alternatives"), 3);
    CHECK(json_str_eq(before, "alternatives.0", "other-device"));
    CHECK(json_str_eq(before, "alternatives.1", "enter-recovery-key"));
    CHECK(json_str_eq(before, "alternatives.2", "create-recovery-key"));
    beeper_string_free(before);

    CHECK_EQ(sim_post("/_sim/other-device/request", "{\"deviceID\":\"WORKLAPTOP\",\"deviceName\":\"Work laptop\"}"),
             200);
    char *step = step_now(c, 1, "{\"language\":\"de-DE\"}");
    REQUIRE(step != NULL);
    CHECK(json_str_eq(step, "action", "accept"));
    CHECK(json_str_eq(step, "direction", "incoming"));
    CHECK(json_str_eq(step, "otherDevice.id", "WORKLAPTOP"));
    CHECK(json_str_eq(step, "otherDevice.name", "Work laptop"));
    CHECK_EQ(json_array_len(step, "alternatives"), 4);
    CHECK(json_str_eq(step, "alternatives.1", "qr"));
    CHECK_EQ(json_type(step, "outcome"), 0);
    beeper_string_free(step);
    beeper_client_free(c);
}

/* The step of a session comparing `emojis`, named in `language` (NULL: no options). */
static char *comparing(const char *emojis, const char *language) {
    char verification[512], options[96];
    snprintf(verification, sizeof verification,
             "{\"id\":\"v1\",\"availableActions\":[\"sas.confirm\",\"cancel\"],\"direction\":\"outgoing\","
             "\"methods\":[\"sas\"],\"purpose\":\"login\",\"state\":\"sas_ready\","
             "\"sas\":{\"emojis\":\"%s\",\"decimals\":\"1234 5678 9012\"}}",
             emojis);
    char *session = session_json("needs-verification", verification);
    snprintf(options, sizeof options, "{\"language\":\"%s\"}", language ? language : "");
    char *step = SENTINEL;
    int rc = beeper_setup_next_step_with(NULL, session, language ? options : NULL, &step);
    free(session);
    if (!CHECK_OK(rc, step)) {
        if (step != SENTINEL) beeper_string_free(step);
        return NULL;
    }
    return step;
}

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (text != NULL && fread(text, 1, (size_t)n, f) == (size_t)n)
        text[n] = '\0';
    else {
        free(text);
        text = NULL;
    }
    fclose(f);
    return text;
}

void test_next_step_names_all_64_emojis(void) {
    /* The suite runs from the repository's root. */
    char *table = read_file("src/api/emoji/sas-emoji.json");
    REQUIRE(table != NULL);
    CHECK_EQ(json_array_len(table, ""), 64);
    static const char *const languages[][2] = {{NULL, NULL}, {"de-DE", "de"}, {"fr", "fr"}, {"ja_JP.UTF-8", "ja"}};
    for (size_t l = 0; l < 4; l++) {
        for (int start = 0; start < 64; start += 7) {
            int count = start + 7 <= 64 ? 7 : 64 - start;
            char emojis[128] = "", path[96];
            for (int k = 0; k < count; k++) {
                snprintf(path, sizeof path, "%d.emoji", start + k);
                char *e = json_string(table, path);
                if (e != NULL) strncat(emojis, e, sizeof emojis - strlen(emojis) - 1);
                free(e);
            }
            char *step = comparing(emojis, languages[l][0]);
            if (step == NULL) continue;
            CHECK(json_str_eq(step, "comparison.language", languages[l][1] ? languages[l][1] : "en"));
            CHECK_EQ(json_array_len(step, "comparison.emojis"), count);
            CHECK_EQ(json_int(step, "comparison.decimals.2", 0), 9012);
            for (int k = 0; k < count; k++) {
                char got[96], want[128];
                snprintf(got, sizeof got, "comparison.emojis.%d.number", k);
                CHECK_EQ(json_int(step, got, -1), start + k);
                snprintf(got, sizeof got, "comparison.emojis.%d.position", k);
                CHECK_EQ(json_int(step, got, -1), k);
                snprintf(want, sizeof want, "%d.description", start + k);
                char *english = json_string(table, want);
                snprintf(got, sizeof got, "comparison.emojis.%d.englishName", k);
                CHECK(english != NULL && json_str_eq(step, got, english));
                char *translated = NULL;
                if (languages[l][1] != NULL) {
                    snprintf(want, sizeof want, "%d.translated_descriptions.%s", start + k, languages[l][1]);
                    translated = json_string(table, want); /* NULL when the table has none */
                }
                snprintf(got, sizeof got, "comparison.emojis.%d.name", k);
                const char *name = translated != NULL ? translated : english;
                if (name == NULL || !json_str_eq(step, got, name)) {
                    fprintf(stderr, "    emoji %d in %s: expected %s\n", start + k,
                            languages[l][1] ? languages[l][1] : "en", name ? name : "(none)");
                    g_test_failed = 1;
                }
                free(translated);
                free(english);
            }
            beeper_string_free(step);
        }
    }
    free(table);
}

void test_next_step_repeated_and_unknown_emojis_and_bad_options(void) {
    char *step = comparing("🍄🍄👑🐶", "szl");
    REQUIRE(step != NULL);
    CHECK_EQ(json_int(step, "comparison.emojis.0.number", -1), 18);
    CHECK_EQ(json_int(step, "comparison.emojis.1.number", -1), 18);
    CHECK_EQ(json_int(step, "comparison.emojis.1.position", -1), 1);
    CHECK(json_str_eq(step, "comparison.emojis.2.emoji", "👑"));
    CHECK_EQ(json_type(step, "comparison.emojis.2.number"), 'z');
    CHECK_EQ(json_type(step, "comparison.emojis.2.name"), 'z');
    CHECK(json_str_eq(step, "comparison.emojis.3.name", "Dog")); /* no Silesian name: English */
    beeper_string_free(step);

    char *session = session_json("ready", NULL);
    EXPECT_INVALID(beeper_setup_next_step_with(NULL, session, "{\"language\":5}", &o));
    EXPECT_INVALID(beeper_setup_next_step_with(NULL, session, "{\"langauge\":\"de\"}", &o));
    EXPECT_INVALID(beeper_setup_next_step_with(NULL, session, "{\"cancelledHere\":\"v1\"}", &o));
    EXPECT_INVALID(beeper_setup_next_step_with(NULL, session, "{", &o));
    EXPECT_INVALID(beeper_setup_next_step_with(NULL, NULL, NULL, &o));
    CHECK_EQ(beeper_setup_next_step_with(NULL, session, NULL, NULL), BEEPER_ERR_INVALID_ARGUMENT);
    free(session);
}
