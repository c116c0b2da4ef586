/*
 * setup_new_account: sign a new user up and bring encryption up, from C.
 *
 *   BEEPER_BASE_URL=http://127.0.0.1:23373 ./setup_new_account you@example.com yourname
 *
 * It asks for the code that was emailed (on stdin), registers the account, creates a recovery
 * key, and waits until Beeper is ready. Every string the library returns is freed with
 * beeper_string_free(); the client with beeper_client_free().
 */
#include <beeper_setup.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies the string value of "key" out of a flat JSON answer (enough for this example; use a
 * real JSON parser in an application). */
static void json_field(const char *json, const char *key, char *dst, size_t cap) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *p = strstr(json, pattern);
    dst[0] = '\0';
    if (p == NULL) return;
    p += strlen(pattern);
    size_t n = strcspn(p, "\"");
    if (n >= cap) n = cap - 1;
    memcpy(dst, p, n);
    dst[n] = '\0';
}

/* Prints the error object of a failed call and says so. */
static int failed(const char *what, int32_t status, char *json) {
    if (status == BEEPER_OK) return 0;
    fprintf(stderr, "%s failed (status %d): %s\n", what, (int)status, json ? json : "");
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s EMAIL USERNAME\n", argv[0]);
        return 2;
    }
    const char *email = argv[1], *username = argv[2];
    char params[1024], request_id[128], lead_token[256], code[64], key[256];
    char *json = NULL;
    BeeperClient *client = NULL;
    int rc = 1;

    /* NULL config: baseURL from BEEPER_BASE_URL, else http://localhost:23373. */
    int32_t st = beeper_client_new(NULL, &client, &json);
    if (failed("beeper_client_new", st, json)) goto out;
    beeper_string_free(json), json = NULL;
    printf("beeper-setup %s\n", beeper_version());

    /* 1. Start a sign-in and have a code emailed. */
    st = beeper_setup_start(client, &json);
    if (failed("start", st, json)) goto out;
    json_field(json, "setupRequestID", request_id, sizeof request_id);
    beeper_string_free(json), json = NULL;

    snprintf(params, sizeof params, "{\"email\":\"%s\",\"setupRequestID\":\"%s\"}", email, request_id);
    st = beeper_setup_email(client, params, &json);
    if (failed("email", st, json)) goto out;
    beeper_string_free(json), json = NULL;

    printf("A code was sent to %s. Enter it: ", email);
    fflush(stdout);
    if (fgets(code, sizeof code, stdin) == NULL) goto out;
    code[strcspn(code, "\r\n")] = '\0';

    /* 2. Answer with the code: a new address must register (an existing one is signed in). */
    snprintf(params, sizeof params, "{\"response\":\"%s\",\"setupRequestID\":\"%s\"}", code, request_id);
    st = beeper_setup_response(client, params, &json);
    if (failed("response", st, json)) goto out;
    if (strstr(json, "\"registrationRequired\":true") == NULL) {
        fprintf(stderr, "%s already has an account; this example only creates new ones\n", email);
        goto out;
    }
    json_field(json, "leadToken", lead_token, sizeof lead_token);
    beeper_string_free(json), json = NULL;

    snprintf(params, sizeof params,
             "{\"acceptTerms\":true,\"leadToken\":\"%s\",\"setupRequestID\":\"%s\",\"username\":\"%s\"}",
             lead_token, request_id, username);
    st = beeper_setup_register(client, params, &json);
    if (failed("register", st, json)) goto out;
    beeper_string_free(json), json = NULL;
    /* The client now uses the account's access token by itself (adoptAccessToken). */

    /* 3. Create the recovery key, show it once, and confirm it. */
    st = beeper_recovery_key_reset_create(client, NULL, &json);
    if (failed("recovery key", st, json)) goto out;
    json_field(json, "recoveryKey", key, sizeof key);
    beeper_string_free(json), json = NULL;
    printf("Your recovery key (save it somewhere safe): %s\n", key);

    snprintf(params, sizeof params, "{\"recoveryKey\":\"%s\"}", key);
    st = beeper_recovery_key_reset_confirm(client, params, &json);
    if (failed("confirm recovery key", st, json)) goto out;
    beeper_string_free(json), json = NULL;

    /* 4. Wait for the first sync; beeper_client_cancel() from another thread would end it. */
    printf("Syncing...\n");
    st = beeper_setup_wait(client, "{\"until\":[\"ready\"],\"timeoutMs\":120000}", &json);
    if (failed("wait", st, json)) goto out;

    char *step = NULL;
    st = beeper_setup_next_step(json, &step);
    if (st == BEEPER_OK) {
        char message[256];
        json_field(step, "message", message, sizeof message);
        printf("%s\n", message);
        rc = 0;
    }
    beeper_string_free(step);

out:
    beeper_string_free(json); /* NULL is fine */
    beeper_client_free(client);
    return rc;
}
