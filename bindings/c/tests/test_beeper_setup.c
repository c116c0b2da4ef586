/*
 * The C test suite of beeper-setup: every function of include/beeper_setup.h, through the
 * installed header and library, against the simulator (its base URL in BEEPER_SIM_URL).
 *
 *   test_beeper_setup [TEST_NAME_SUBSTRING]
 *
 * Each test starts from a clean simulator (POST /_sim/reset). The last line printed is
 * "N passed, M failed"; the exit status is 0 only when nothing failed.
 *
 * This file is the runner: the table below says which tests run, and in which order. The
 * tests are in test_*.c by topic; suite.h declares them and what they share.
 */
#define _POSIX_C_SOURCE 200809L

#include "suite.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int g_test_failed;

/* ------------------------------------------------------------------------------------------ */
/* The runner                                                                                 */
/* ------------------------------------------------------------------------------------------ */

struct test {
    const char *name;
    void (*fn)(void);
    const char *scenario; /* the simulator's forced scenario, or NULL to choose by email */
};

static const struct test TESTS[] = {
    {"scenario_new_account", test_scenario_new_account, NULL},
    {"scenario_existing_sas", test_scenario_existing_sas, NULL},
    {"scenario_incoming_verification_qr", test_scenario_incoming_verification_qr, NULL},
    {"scenario_outgoing_verification_qr_scan", test_scenario_outgoing_verification_qr_scan, NULL},
    {"scenario_recovery_key", test_scenario_recovery_key, NULL},
    {"scenario_existing_auto_with_wait", test_scenario_existing_auto_with_wait, NULL},
    {"next_step_outcome_of_each_cancel_code", test_next_step_outcome_of_each_cancel_code, NULL},
    {"next_step_outcome_cancelled_here_timeout_and_elsewhere",
     test_next_step_outcome_cancelled_here_timeout_and_elsewhere, NULL},
    {"next_step_names_the_other_device_and_the_ways_out",
     test_next_step_names_the_other_device_and_the_ways_out, NULL},
    {"verifications_list_retrieve_cancel", test_verifications_list_retrieve_cancel, NULL},
    {"access_token_handling", test_access_token_handling, NULL},
    {"access_token_after_raw_sign_in", test_access_token_after_raw_sign_in, NULL},
    {"api_errors_carry_status_code_body", test_api_errors_carry_status_code_body, NULL},
    {"connection_error", test_connection_error, NULL},
    {"timeout", test_timeout, NULL},
    {"decode_errors", test_decode_errors, NULL},
    {"retries", test_retries, NULL},
    {"a_sign_in_is_not_sent_again_once_it_may_have_arrived",
     test_a_sign_in_is_not_sent_again_once_it_may_have_arrived, NULL},
    {"no_secret_goes_over_plain_http_off_loopback", test_no_secret_goes_over_plain_http_off_loopback,
     NULL},
    {"a_secret_the_server_echoes_stays_out_of_the_error",
     test_a_secret_the_server_echoes_stays_out_of_the_error, NULL},
    {"cancel_ends_wait_from_another_thread", test_cancel_ends_wait_from_another_thread, NULL},
    {"cancel_keeps_remote_verification", test_cancel_keeps_remote_verification, NULL},
    {"threads_share_one_client", test_threads_share_one_client, NULL},
    {"cancel_reaches_a_wait_still_reading_its_params",
     test_cancel_reaches_a_wait_still_reading_its_params, NULL},
    {"cancel_ends_a_call_pausing_before_a_retry", test_cancel_ends_a_call_pausing_before_a_retry,
     NULL},
    {"interrupt_check_ends_the_threads_blocking_calls",
     test_interrupt_check_ends_the_threads_blocking_calls, NULL},
    {"call_every_operation_with_options", test_call_every_operation_with_options, NULL},
    {"call_timeout_and_errors_with_response", test_call_timeout_and_errors_with_response, NULL},
    {"custom_request", test_custom_request, NULL},
    {"log_records_arrive_and_levels_filter", test_log_records_arrive_and_levels_filter, NULL},
    {"log_callback_replaced_and_cleared_under_concurrent_calls",
     test_log_callback_replaced_and_cleared_under_concurrent_calls, NULL},
    {"log_callback_may_call_back_into_the_library",
     test_log_callback_may_call_back_into_the_library, NULL},
    {"log_records_hold_no_secret", test_log_records_hold_no_secret, NULL},
    {"async_call_runs_its_callback_once_on_a_library_thread",
     test_async_call_runs_its_callback_once_on_a_library_thread, NULL},
    {"async_refuses_bad_arguments_without_calling_back",
     test_async_refuses_bad_arguments_without_calling_back, NULL},
    {"async_cancel_ends_that_call_only", test_async_cancel_ends_that_call_only, NULL},
    {"async_client_free_ends_the_calls_in_flight", test_async_client_free_ends_the_calls_in_flight,
     NULL},
    {"async_many_waits_keep_their_deadline_on_few_threads",
     test_async_many_waits_keep_their_deadline_on_few_threads, NULL},
    {"async_custom_request_answers_cancels_and_may_free_its_client",
     test_async_custom_request_answers_cancels_and_may_free_its_client, NULL},
    {"async_custom_request_refuses_what_the_blocking_one_refuses",
     test_async_custom_request_refuses_what_the_blocking_one_refuses, NULL},
    {"watch_scripted_session_changes_once_in_order",
     test_watch_scripted_session_changes_once_in_order, NULL},
    {"watch_cancel_deadline_and_free", test_watch_cancel_deadline_and_free, NULL},
    {"watch_shares_polls_and_never_busy_loops", test_watch_shares_polls_and_never_busy_loops, NULL},
    {"watch_next_change_after_a_session",
     test_next_change_waits_for_the_change_after_a_session, NULL},
    {"queue_hands_each_completion_over_once_when_readable",
     test_queue_hands_each_completion_over_once_when_readable, NULL},
    {"queue_cancel_and_client_free", test_queue_cancel_and_client_free, NULL},
    {"queue_free_with_calls_running_and_completions_waiting",
     test_queue_free_with_calls_running_and_completions_waiting, NULL},
    {"queue_refuses_bad_arguments", test_queue_refuses_bad_arguments, NULL},
    {"lifetime_callbacks_free_each_others_clients",
     test_lifetime_callbacks_free_each_others_clients, NULL},
    {"lifetime_a_client_freed_from_its_own_callback_waits_for_its_others",
     test_lifetime_a_client_freed_from_its_own_callback_waits_for_its_others, NULL},
    {"lifetime_no_callback_of_a_client_after_its_free",
     test_lifetime_no_callback_of_a_client_after_its_free, NULL},
    {"lifetime_the_handle_is_written_before_the_callback_runs",
     test_lifetime_the_handle_is_written_before_the_callback_runs, NULL},
    {"lifetime_a_watchs_handle_is_written_before_its_first_delivery",
     test_lifetime_a_watchs_handle_is_written_before_its_first_delivery, NULL},
    {"lifetime_a_blocking_cancelled_callback_holds_no_other_clients_timing",
     test_lifetime_a_blocking_cancelled_callback_holds_no_other_clients_timing, NULL},
    /* Last of the calls that open connections: the library's threads end once idle, so none
     * is left when the process exits (valgrind would count its thread's memory lost). */
    {"async_threads_end_when_idle", test_async_threads_end_when_idle, NULL},
    /* Caller errors and pure functions last: they open no connection, so no thread of the
     * HTTP stack is still finishing when the process exits (see valgrind.supp). */
    {"version", test_version, NULL},
    {"abi_version", test_abi_version, NULL},
    {"client_new_defaults_and_free", test_client_new_defaults_and_free, NULL},
    {"custom_request_rules", test_custom_request_rules, NULL},
    {"invalid_utf8", test_invalid_utf8, NULL},
    {"parser_messages_hide_the_input", test_parser_messages_hide_the_input, NULL},
    {"wrong_json_types", test_wrong_json_types, NULL},
    {"missing_required_fields", test_missing_required_fields, NULL},
    {"call_refuses_bad_options_without_sending", test_call_refuses_bad_options_without_sending,
     NULL},
    {"config_errors", test_config_errors, NULL},
    {"next_step_pure", test_next_step_pure, NULL},
    {"next_step_names_all_64_emojis", test_next_step_names_all_64_emojis, NULL},
    {"next_step_repeated_and_unknown_emojis_and_bad_options",
     test_next_step_repeated_and_unknown_emojis_and_bad_options, NULL},
};

struct run {
    const char *url;
    const char *filter;
    int passed, failed;
};

static void *run_suite(void *arg) {
    struct run *r = arg;
    for (size_t i = 0; i < sizeof TESTS / sizeof TESTS[0]; i++) {
        const struct test *t = &TESTS[i];
        if (r->filter != NULL && strstr(t->name, r->filter) == NULL) continue;
        g_test_failed = 0;
        double t0 = now_ms();
        if (sim_reset(t->scenario, 0) != 0) {
            fprintf(stderr, "    cannot reset the simulator at %s\n", r->url);
            g_test_failed = 1;
        } else {
            t->fn();
        }
        fflush(stderr);
        printf("%s - %s (%.0f ms)\n", g_test_failed ? "FAIL" : "ok", t->name, now_ms() - t0);
        fflush(stdout);
        if (g_test_failed)
            r->failed++;
        else
            r->passed++;
    }
    return NULL;
}

int main(int argc, char **argv) {
    struct run r = {getenv("BEEPER_SIM_URL"), argc > 1 ? argv[1] : NULL, 0, 0};
    if (r.url == NULL || sim_init(r.url) != 0) {
        fprintf(stderr, "test_beeper_setup: set BEEPER_SIM_URL to the simulator's base URL\n");
        return 2;
    }
    /* The suite runs on a thread of its own, not on the process's main thread: Rust's standard
     * library keeps a 48-byte handle for the main thread that it never frees (an open issue in
     * Rust, rust-lang/rust#135608), which valgrind reports as "possibly lost". On any other
     * thread that handle is freed when the thread ends, so the leak check stays exact without
     * suppressing anything in the library. */
    pthread_t runner;
    if (pthread_create(&runner, NULL, run_suite, &r) != 0) {
        fprintf(stderr, "test_beeper_setup: cannot start the runner thread\n");
        return 2;
    }
    pthread_join(runner, NULL);
    printf("%d passed, %d failed\n", r.passed, r.failed);
    return r.failed == 0 ? 0 : 1;
}
