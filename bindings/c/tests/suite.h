/* What the files of the C suite share: the fixtures (a client for the simulator, a signed-in
 * session, a Session document), the checks on a status and its *out_json, and the list of the
 * tests each file defines (test_beeper_setup.c runs them, in the order of its table).
 *
 *   test_client.c         the version, a client's construction and settings, tokens, next_step
 *   test_caller_errors.c  each field's rules, custom request paths, config, the text C writes:
 *                         nothing sent (the shapes any argument can take: tests/ffi_battery.rs)
 *   test_scenarios.c      the scenarios end to end, and the verification calls
 *   test_server_errors.c  errors from the server and the network: status, timeouts, retries
 *   test_threads.c        waiting, cancelling, one client shared by threads
 *   test_cancel.c         what beeper_client_cancel reaches: waits begun before it, retry pauses;
 *                         the thread's interrupt check
 *   test_options.c        beeper_client_call: every operation by name, per-call options, raw answers;
 *                         beeper_client_request: custom requests
 *   test_watch.c          watching the setup session: each change once, cancel, deadline, shared polls
 *   test_queue.c          completion queues: taken when readable, every lifetime, bad arguments
 *   test_logging.c        log records: the callback, its level, replacing it under load, no secret
 *   test_lifetimes.c      calls started without blocking: frees from callbacks in any order,
 *                         nothing after a client's free, the handle before the callback
 *   test_outcomes.c       next_step_with: why a verification ended, the other device and the ways
 *                         out, the emojis named in a language
 *
 * Each .c file defines _POSIX_C_SOURCE before any include. */
#ifndef SUITE_H
#define SUITE_H

#include <beeper_setup.h>

#include "harness.h"
#include "mini_json.h"
#include "sim_control.h"

/* A value no function returns: proves that *out_json was written. */
extern char g_sentinel_byte;
#define SENTINEL (&g_sentinel_byte)

/* Milliseconds on the monotonic clock; sleeping. */
double now_ms(void);
void sleep_ms(long ms);

/* A client for the simulator; `extra` is more config members (",\"k\":v"), or "". */
BeeperClient *make_client(const char *extra);

/* BEEPER_OK and a valid JSON *out_json; 1 when so, else records a failure and returns 0. */
int check_ok_at(const char *file, int line, const char *what, int rc, const char *out);
/* Checks an error: the status, and an error object {kind, message, retries, ...} of `kind`. */
int check_err_at(const char *file, int line, const char *what, int rc, const char *out, int want_rc,
                 const char *kind);
/* An invalid_argument error (and, when `needle` is not NULL, a message that mentions it);
 * frees `out` when the call wrote it. */
void expect_invalid_at(const char *file, int line, const char *what, int rc, char *out,
                       const char *needle);

#define CHECK_OK(rc, out) check_ok_at(__FILE__, __LINE__, #rc, (rc), (out))
#define REQUIRE_OK(rc, out) \
    do { if (!check_ok_at(__FILE__, __LINE__, #rc, (rc), (out))) return; } while (0)
#define CHECK_ERR(rc, out, want, kind) check_err_at(__FILE__, __LINE__, #rc, (rc), (out), (want), (kind))

/* Runs `call` (which writes to `o`), expects BEEPER_ERR_INVALID_ARGUMENT and an
 * invalid_argument error object, and frees it. */
#define EXPECT_INVALID_AT_(call, what, needle)                                   \
    do {                                                                         \
        char *o = SENTINEL;                                                      \
        int _rc = (call);                                                        \
        expect_invalid_at(__FILE__, __LINE__, (what), _rc, o, (needle));         \
    } while (0)
#define EXPECT_INVALID(call) EXPECT_INVALID_AT_(call, #call, NULL)
/* Like EXPECT_INVALID, and the message must mention `needle`. */
#define EXPECT_INVALID_MSG(call, needle) EXPECT_INVALID_AT_(call, #call, needle)

/* The message of an error object must not contain `secret`. */
void check_message_hides(const char *out, const char *secret);

/* next_step of `session_json`: the step and (optionally) the action must match. */
void check_next_step_at(const char *file, int line, const char *session_json, const char *step,
                        const char *action);
#define CHECK_NEXT_STEP(json, step, action) \
    check_next_step_at(__FILE__, __LINE__, (json), (step), (action))

/* The simulator's `key` from GET /_sim/state (a string), malloc'd; NULL when absent. */
char *sim_state_string(const char *key);

/* start -> email -> (code from the simulator) -> response. Returns the response JSON (free with
 * beeper_string_free), or NULL after recording a failure. */
char *sign_in(BeeperClient *c, const char *email);

/* A complete Session in `state`, with `verification` (JSON) when not NULL; malloc'd. */
char *session_json(const char *state, const char *verification);

/* ---- the tests -------------------------------------------------------------------------- */

/* test_outcomes.c */
void test_next_step_outcome_of_each_cancel_code(void);
void test_next_step_outcome_cancelled_here_timeout_and_elsewhere(void);
void test_next_step_names_the_other_device_and_the_ways_out(void);
void test_next_step_names_all_64_emojis(void);
void test_next_step_repeated_and_unknown_emojis_and_bad_options(void);

/* test_client.c */
void test_version(void);
void test_abi_version(void);
void test_client_new_defaults_and_free(void);
void test_access_token_handling(void);
void test_access_token_after_raw_sign_in(void);
void test_next_step_pure(void);

/* test_caller_errors.c */
void test_custom_request_rules(void);
void test_invalid_utf8(void);
void test_parser_messages_hide_the_input(void);
void test_wrong_json_types(void);
void test_missing_required_fields(void);
void test_config_errors(void);

/* test_scenarios.c */
void test_scenario_new_account(void);
void test_scenario_existing_sas(void);
void test_scenario_incoming_verification_qr(void);
void test_scenario_outgoing_verification_qr_scan(void);
void test_scenario_recovery_key(void);
void test_scenario_existing_auto_with_wait(void);
void test_verifications_list_retrieve_cancel(void);

/* test_server_errors.c */
void test_api_errors_carry_status_code_body(void);
void test_connection_error(void);
void test_timeout(void);
void test_decode_errors(void);
void test_retries(void);

/* test_token_safety.c */
void test_a_sign_in_is_not_sent_again_once_it_may_have_arrived(void);
void test_no_secret_goes_over_plain_http_off_loopback(void);
void test_a_secret_the_server_echoes_stays_out_of_the_error(void);

/* test_threads.c */
void test_cancel_ends_wait_from_another_thread(void);
void test_cancel_keeps_remote_verification(void);
void test_threads_share_one_client(void);

/* test_cancel.c */
void test_cancel_reaches_a_wait_still_reading_its_params(void);
void test_cancel_ends_a_call_pausing_before_a_retry(void);
void test_interrupt_check_ends_the_threads_blocking_calls(void);

/* test_async.c */
void test_async_call_runs_its_callback_once_on_a_library_thread(void);
void test_async_refuses_bad_arguments_without_calling_back(void);
void test_async_cancel_ends_that_call_only(void);
void test_async_client_free_ends_the_calls_in_flight(void);
void test_async_many_waits_keep_their_deadline_on_few_threads(void);
void test_async_threads_end_when_idle(void);
void test_async_custom_request_answers_cancels_and_may_free_its_client(void);
void test_async_custom_request_refuses_what_the_blocking_one_refuses(void);
/* test_queue.c */
void test_queue_hands_each_completion_over_once_when_readable(void);
void test_queue_cancel_and_client_free(void);
void test_queue_free_with_calls_running_and_completions_waiting(void);
void test_queue_refuses_bad_arguments(void);
void test_lifetime_callbacks_free_each_others_clients(void);
void test_lifetime_a_client_freed_from_its_own_callback_waits_for_its_others(void);
void test_lifetime_no_callback_of_a_client_after_its_free(void);
void test_lifetime_the_handle_is_written_before_the_callback_runs(void);
void test_lifetime_a_watchs_handle_is_written_before_its_first_delivery(void);
void test_lifetime_a_blocking_cancelled_callback_holds_no_other_clients_timing(void);

/* test_watch.c */
void test_watch_scripted_session_changes_once_in_order(void);
void test_watch_cancel_deadline_and_free(void);
void test_watch_shares_polls_and_never_busy_loops(void);
void test_next_change_waits_for_the_change_after_a_session(void);

/* test_options.c */
void test_call_every_operation_with_options(void);
void test_call_timeout_and_errors_with_response(void);
void test_call_refuses_bad_options_without_sending(void);
void test_custom_request(void);

/* test_logging.c */
void test_log_records_arrive_and_levels_filter(void);
void test_log_callback_replaced_and_cleared_under_concurrent_calls(void);
void test_log_callback_may_call_back_into_the_library(void);
void test_log_records_hold_no_secret(void);

#endif
