/* Starts a sign-in against BEEPER_BASE_URL through the shared library: prints the version and
 * "ok - <setupRequestID>"; exits non-zero on any error. */
#include <beeper_setup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *base_url = getenv("BEEPER_BASE_URL");
    char config[512];
    if (base_url == NULL ||
        snprintf(config, sizeof config, "{\"baseURL\": \"%s\", \"maxRetries\": 0}", base_url) >=
            (int)sizeof config) {
        fprintf(stderr, "consumer_c: set BEEPER_BASE_URL\n");
        return 2;
    }
    printf("beeper_setup %s, C ABI %d\n", beeper_version(), (int)beeper_abi_version());
    BeeperClient *client = NULL;
    char *json = NULL;
    if (beeper_client_new(config, &client, &json) != BEEPER_OK) {
        fprintf(stderr, "consumer_c: beeper_client_new: %s\n", json);
        beeper_string_free(json);
        return 1;
    }
    beeper_string_free(json);
    int32_t rc = beeper_setup_start(client, &json);
    int ok = rc == BEEPER_OK && strstr(json, "\"setupRequestID\"") != NULL;
    printf("%s - %s\n", ok ? "ok" : "FAILED", json);
    beeper_string_free(json);
    beeper_client_free(client);
    return ok ? 0 : 1;
}
