/*
 * beeper_setup.h: the C interface of beeper-setup, a client for the app-setup API of
 * Beeper Desktop and Beeper Server. Licensed MIT OR Apache-2.0.
 *
 * Every function returns an int32_t status: BEEPER_OK (0) or one of the BEEPER_ERR_* codes,
 * whose numbers are never reused. No function panics across this boundary or aborts the host.
 *
 * Ownership
 *   - Arguments (const char *) are borrowed for the duration of the call only; they must be
 *     NUL-terminated UTF-8. Invalid UTF-8 is refused (BEEPER_ERR_INVALID_ARGUMENT), never repaired.
 *   - When `out_json` is not NULL, `*out_json` is always set: to the response JSON on BEEPER_OK,
 *     to an error object otherwise. Free it with beeper_string_free(), exactly once, either way.
 *     A NULL out_json is refused with BEEPER_ERR_INVALID_ARGUMENT and nothing is sent.
 *   - A client handle from beeper_client_new() is owned by the caller; free it once with
 *     beeper_client_free(). Every other function only borrows it.
 *   - beeper_version() returns a static string: never free it.
 *
 * JSON
 *   Params are the wire JSON of the API (camelCase: setupRequestID, userID, ...). Required fields
 *   and types are checked before any I/O; unknown fields are passed through to the server.
 *   Responses are returned as the server sent them, after their shape is checked (a wrong shape
 *   is BEEPER_ERR_DECODE). An operation without a response body answers "null".
 *
 * The error object
 *   {"kind": "invalid_argument" | "connection" | "timeout" | "api" | "decode" | "cancelled" |
 *    "internal", "message": "...", "status": 401, "code": "...", "body": {...}, "retries": 0,
 *    "response": {"status": 401, "headers": {...}, "body": {...}}}
 *   `status`, `code` and `body` appear only where they apply (`body` is the server's error body);
 *   an api error also carries the answer itself as `response` (header names lower-case; a body
 *   that is not JSON is null, with its excerpt in "text").
 *   Messages never contain access tokens, recovery keys or email codes: should the server
 *   quote one the call sent (its token, or a secret field of its body), it reads "[redacted]"
 *   there and in `body` and `response` (values under 4 characters excepted). A timeout or broken
 *   connection of setup.response, setup.register or recoveryKey.reset.create after the request
 *   was sent is not retried (their answer exists once): its message says the outcome is unknown.
 *   Their answer is not abandoned while it arrives: once the request was sent, it is read
 *   while bytes keep coming, past the call's timeout, for up to 10 minutes; only a silence as
 *   long as the timeout ends it (a cancel still ends it at once).
 *
 * Thread safety
 *   A client may be used from any number of threads at once; it reuses connections.
 *   beeper_client_free() must not race with blocking calls in flight on the same client: join
 *   or finish every one (and cancel every wait with beeper_client_cancel()) first.
 *   beeper_client_cancel() may be called from any thread at any time before the free.
 *
 * Logging
 *   Records (requests, retries, a wait's state changes, connection and TLS failures) go to one
 *   process-wide callback set with beeper_log_set_callback(), called on the thread that logs;
 *   with none, to stderr at the level the environment variable BEEPER_LOG names. None holds
 *   a secret. See beeper_log_set_callback() for its threading and lifetime rules.
 *
 * Calls without blocking
 *   The blocking functions run on the caller's thread. Beside them, beeper_client_call_async()
 *   (any operation, by its dotted name), beeper_client_request_async() (a custom request) and
 *   beeper_setup_wait_async() start a call and return at once with a BeeperCall handle; the
 *   call runs on threads the library owns:
 *   - Threads: workers, one per request in flight, and one timer thread that keeps every
 *     pause (retry delays, a wait's next poll, deadlines). A wait holds no thread between
 *     its polls. Both start on first use and end when idle. Each client has at most 8
 *     requests in flight at once by default (beeper_set_worker_threads(), or
 *     BEEPER_WORKER_THREADS in the environment); its further calls queue, and clients are
 *     served in turn, each with workers of its own, up to 256 worker threads in the process.
 *     Why per client: a worker blocked on a server that hangs serves nobody else, so one
 *     shared bound would let one hung server stall every client of the process; per client,
 *     a hung server costs only its own client's calls. Raising or lowering the bound applies
 *     at once, to queued calls too.
 *   - A call's timeout (its timeoutMs, or the client's) runs from its start, time queued for
 *     a worker included: a call still queued at its deadline ends BEEPER_ERR_TIMEOUT, unsent.
 *     A wait's timeoutMs runs from its start too.
 *   - The callback runs exactly once per call that started (BEEPER_OK from the start
 *     function), on one of the library's threads (a worker; the timer thread for a call that
 *     reached its deadline; or the thread inside beeper_client_free(), below), never inside
 *     beeper_call_cancel() (a cancelled call's callback runs on a worker, never the timer
 *     thread), and inside the start function only when the system refuses to start any
 *     worker thread. Keep it short: it delays the other calls of its thread. It may call
 *     any function of this library, start another call, cancel or free a call's handle
 *     (its own included), and free any client, its own included, in any order (two
 *     callbacks freeing each other's client, a ring of them: no deadlock).
 *   - `*out_call` is written before the callback can run (a watch's first delivery too): the
 *     callback finds its handle there.
 *   - `json` in the callback is never NULL: the answer, or the error object, as the blocking
 *     function would give it. The callback owns it and frees it with beeper_string_free().
 *   - The handle is the caller's: free it once with beeper_call_free(), at any time (before or
 *     after the callback, inside it, after the client's free). Freeing it does not cancel.
 *   - beeper_call_cancel() ends that call only, with BEEPER_ERR_CANCELLED, at once: a call not
 *     yet sent sends nothing; one pausing before a retry or between a wait's polls sends
 *     nothing more; one whose request is in flight ends at once without its answer (its worker
 *     stops within 50 ms whatever it was doing: a name lookup, a connect, a TLS handshake, a
 *     write or a read; no retry follows). THE SERVER MAY STILL HAVE ACTED
 *     on a request that was in flight. beeper_client_cancel() ends every such call of the
 *     client the same way.
 *   - beeper_client_free() with calls not yet ended: each is ended with BEEPER_ERR_CANCELLED,
 *     its callback run on the freeing thread, and callbacks already running on other threads
 *     are waited for: once it returns, no callback of that client runs, and a call a callback
 *     tries to start on it meanwhile is refused (BEEPER_ERR_INVALID_ARGUMENT), however
 *     callbacks chain. The one exception: a callback whose thread is itself, through a chain
 *     of frees in callbacks, waiting for this free is not waited for (that wait could never
 *     end).
 *   - A watch (beeper_setup_watch_async()) is such a call whose callback runs once per change
 *     of the setup session, in order, then once more with `more` = 0 to end it (see
 *     BeeperWatchCallback); everything above holds for it, with "exactly once" read as "the
 *     end exactly once". Watches of one client share its polls.
 *
 * Completion queues
 *   For a caller whose code must run on its own thread (an event loop, an interpreter),
 *   beeper_client_call_start(), beeper_client_request_start(), beeper_setup_wait_start() and
 *   beeper_setup_next_change_start() start the same calls with no callback: each call's completion goes to a BeeperQueue
 *   (beeper_queue_new()), and no code of the caller runs on the library's threads.
 *   - beeper_queue_fd() is readable while a completion waits: an event loop watches it and
 *     calls beeper_queue_take() on its own thread, which hands over (user_data, status, json)
 *     exactly once per call that started; beeper_queue_take() can also wait with a timeout.
 *   - Threads: any thread may start calls into a queue and take from it, several at once.
 *   - Cancel and the handle are as above; a cancelled call's completion (BEEPER_ERR_CANCELLED)
 *     arrives in the queue. beeper_client_free() puts the completion of every call of that
 *     client not yet ended into its queue (BEEPER_ERR_CANCELLED) before it returns; those
 *     already there stay, and the queue may be emptied after the client's free.
 *   - The queue is the caller's: free it once with beeper_queue_free(), also with calls still
 *     running (their completions are then dropped; they are not cancelled), never while
 *     another thread is inside a function given that queue. Freeing it closes its descriptor.
 *
 * fork()
 *   Connections are owned by the process that opened them: after fork() the child never uses
 *   (or probes) the parent's pooled connections, it opens its own; the parent's are untouched.
 *   Fork while no call is in flight on other threads (as with any library that uses locks).
 */


#ifndef BEEPER_SETUP_H
#define BEEPER_SETUP_H

/* Generated by cbindgen from src/ffi/. Do not edit by hand: run `make header`. */

#include <stdint.h>

/**
 * The number of this C ABI: 0 while the shared library is libbeeper_setup.so.0. It changes only
 * when the ABI breaks (a function removed or its signature or meaning changed), together with
 * the SONAME; additions keep it. Compare it with `beeper_abi_version()` to refuse a mismatched
 * library.
 */
#define BEEPER_ABI_VERSION 0

/**
 * Success.
 */
#define BEEPER_OK 0

/**
 * The caller passed something unusable (NULL, invalid UTF-8 or JSON, a wrong type, an empty id); nothing was sent.
 */
#define BEEPER_ERR_INVALID_ARGUMENT 1

/**
 * The server could not be reached, or the connection broke.
 */
#define BEEPER_ERR_CONNECTION 2

/**
 * A time limit passed.
 */
#define BEEPER_ERR_TIMEOUT 3

/**
 * The server answered with a non-2xx status; see `status`, `code`, `body` and `response`
 * ({status, headers, body}: the answer itself) in the error object.
 */
#define BEEPER_ERR_API 4

/**
 * The server answered 2xx with a body that is not the documented shape.
 */
#define BEEPER_ERR_DECODE 5

/**
 * A wait, or a call pausing before a retry, was ended by `beeper_client_cancel`.
 */
#define BEEPER_ERR_CANCELLED 6

/**
 * A bug in this library (for example a caught panic). The process is unharmed.
 */
#define BEEPER_ERR_INTERNAL 7

/**
 * No records (a threshold only).
 */
#define BEEPER_LOG_OFF 0

/**
 * Something failed that the library could not report through a call's answer.
 */
#define BEEPER_LOG_ERROR 1

/**
 * Something looks wrong but the call goes on.
 */
#define BEEPER_LOG_WARN 2

/**
 * Retries, connection and TLS failures with their cause, a wait's state changes, client creation.
 */
#define BEEPER_LOG_INFO 3

/**
 * Each request (method, path, status, time taken, attempt), and the HTTP layer's connection records.
 */
#define BEEPER_LOG_DEBUG 4

/**
 * Everything the library says.
 */
#define BEEPER_LOG_TRACE 5

/**
 * The handle of a call started without blocking. Made by beeper_client_call_async,
 * beeper_client_request_async, beeper_setup_wait_async and their twins into a queue
 * (beeper_client_call_start, beeper_client_request_start, beeper_setup_wait_start), freed by
 * beeper_call_free.
 */
typedef struct BeeperCall BeeperCall;

/**
 * An opaque client handle. Made by `beeper_client_new`, freed by `beeper_client_free`.
 */
typedef struct BeeperClient BeeperClient;

/**
 * A completion queue. Made by beeper_queue_new, freed by beeper_queue_free.
 */
typedef struct BeeperQueue BeeperQueue;

/**
 * The completion of a call started with beeper_client_call_async,
 * beeper_client_request_async, beeper_setup_wait_async or beeper_setup_next_change_async:
 * called exactly once, on one of the library's threads, with the `user_data` given at the
 * start, the call's status (as the blocking function would return it) and `json` (the answer
 * or the error object, never NULL), which the callback owns and frees with beeper_string_free.
 */
typedef void (*BeeperCallback)(void *user_data, int32_t status, char *json);

/**
 * Asked by a blocking call of the thread that set it, with the `user_data` given: nonzero ends
 * the call (see beeper_thread_set_interrupt_check).
 */
typedef int32_t (*BeeperInterruptCheck)(void *user_data);

/**
 * Receives one log record. `level` is BEEPER_LOG_ERROR .. BEEPER_LOG_TRACE; `target` names the
 * part that logged ("beeper_setup::request", "beeper_setup::retry", "beeper_setup::wait",
 * "beeper_setup::client", "ureq::..."); `message` is one line of UTF-8. Both strings are
 * borrowed for the duration of the call only: copy them to keep them. `user_data` is what was
 * given to beeper_log_set_callback().
 */
typedef void (*BeeperLogCallback)(void *user_data,
                                  int32_t level,
                                  const char *target,
                                  const char *message);

/**
 * The callback of a watch started with beeper_setup_watch_async: called once per change, in
 * order, then once more to end, never two at once, on the library's threads (the timer and
 * worker threads that run every call started without blocking; no thread per watch), with the
 * `user_data` given at the start.
 *
 * `more` is the "more to come / final" signal:
 * - `more` = 1: `status` is BEEPER_OK and `json` a change, `{"sequence": n, "session": {...},
 *   "nextStep": {...}}`; the callback will run again.
 * - `more` = 0: this is the last call for the watch. With `status` BEEPER_OK, `json` is the last
 *   change (setup is done: its `nextStep.step` is "done"); otherwise `json` is the error object
 *   of why it ended: BEEPER_ERR_CANCELLED (beeper_call_cancel, beeper_client_cancel,
 *   beeper_client_free), BEEPER_ERR_TIMEOUT (the watch's `timeoutMs`), or an error the polls
 *   cannot ride out (a refused token, an answer that is not a session).
 *
 * The callback owns `json` in both cases and frees it with beeper_string_free.
 */
typedef void (*BeeperWatchCallback)(void *user_data, int32_t status, char *json, int32_t more);

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * Starts the operation named `operation` without blocking; every other argument but the last
 * four is as for beeper_client_call (borrowed for this call only). On BEEPER_OK the call is
 * under way: `callback(user_data, status, json)` will run exactly once, `*out_call` (when
 * `out_call` is not NULL) receives the call's handle (free it with beeper_call_free) and
 * `*out_json` the string "null". Any other status means the call was refused before anything
 * was sent (a NULL client or callback, an unknown operation, bad params or options):
 * `*out_json` is the error object, `*out_call` is NULL and the callback never runs.
 */
int32_t beeper_client_call_async(const BeeperClient *client,
                                 const char *operation,
                                 const char *verification_id,
                                 const char *params_json,
                                 const char *options_json,
                                 BeeperCallback callback,
                                 void *user_data,
                                 BeeperCall **out_call,
                                 char **out_json);

/**
 * Starts the custom request beeper_client_request would send (`method`, `path`, `body_json`
 * and `options_json` as there, borrowed for this call only) without blocking; the callback,
 * its user data, `*out_call`, `*out_json` and the statuses are as for
 * beeper_client_call_async: the request is refused before anything is sent (a NULL or unknown
 * method, a path that leaves the base URL, a body that is not JSON, bad options, plain http
 * off loopback without allowInsecureHttp) with the error beeper_client_request would return,
 * and the callback never runs. Its callback receives what beeper_client_request would have
 * written to `*out_json`.
 */
int32_t beeper_client_request_async(const BeeperClient *client,
                                    const char *method,
                                    const char *path,
                                    const char *body_json,
                                    const char *options_json,
                                    BeeperCallback callback,
                                    void *user_data,
                                    BeeperCall **out_call,
                                    char **out_json);

/**
 * Starts beeper_setup_wait without blocking (`params_json` as there, borrowed for this call
 * only); the rest is as for beeper_client_call_async. Between its polls the wait holds no
 * thread; at its deadline it ends BEEPER_ERR_TIMEOUT even while a poll is in flight.
 */
int32_t beeper_setup_wait_async(const BeeperClient *client,
                                const char *params_json,
                                BeeperCallback callback,
                                void *user_data,
                                BeeperCall **out_call,
                                char **out_json);

/**
 * Ends this call only, with BEEPER_ERR_CANCELLED, at once: a call not yet sent sends nothing;
 * one pausing before a retry or between a wait's polls sends nothing more; one whose request
 * is in flight ends at once without its answer, and the server may still have acted
 * on that request (a sign-in may have succeeded, a verification may have moved on). Its
 * callback runs on one of the library's workers, never inside this function. Other calls of the
 * client are not touched. A no-op for a call that has ended. Returns BEEPER_OK, or
 * BEEPER_ERR_INVALID_ARGUMENT for NULL. `call` is borrowed; valid until beeper_call_free.
 */
int32_t beeper_call_cancel(const BeeperCall *call);

/**
 * Frees a call's handle. NULL is fine; call it once per handle, at any time: before or after
 * the callback has run, from inside the callback, after the client was freed. Freeing neither
 * cancels the call nor stops its callback.
 */
void beeper_call_free(BeeperCall *call);

/**
 * Sets how many calls started without blocking each client runs at once (1 to 256; default 8,
 * or BEEPER_WORKER_THREADS from the environment when set): each request in flight occupies
 * one worker for its exchange; waits between polls and retry pauses occupy none. Clients are
 * served in turn, each with workers of its own (at most 256 worker threads in the process), so
 * a server that hangs holds only its own client's calls. It applies at once, to calls already
 * started and queued too: a raised bound starts queued calls now, and under a lowered one no
 * call starts until fewer than the new bound run. Returns BEEPER_OK, or
 * BEEPER_ERR_INVALID_ARGUMENT for a count out of range.
 */
int32_t beeper_set_worker_threads(uint32_t count);

/**
 * Makes a client. `config_json` (borrowed, may be NULL for all defaults) is an object with the
 * optional keys baseURL, accessToken, timeoutMs, connectTimeoutMs, maxRetries, defaultHeaders,
 * userAgent, adoptAccessToken, allowInsecureHttp, caCertificatesPem; unknown keys are an error.
 * An accessToken may hold anything but control characters (spaces are fine). defaultHeaders refuses
 * Content-Length, Transfer-Encoding, Host, Content-Type and control characters in values; an
 * Authorization there is sent only where the token would be, and only while there is no token.
 * caCertificatesPem is a string of one or more PEM certificates trusted for https in addition to
 * the platform's trust store (text that is not PEM certificates is BEEPER_ERR_INVALID_ARGUMENT);
 * a certificate that does not check out is BEEPER_ERR_CONNECTION with a message saying why.
 * On success
 * `*out_client` receives a handle to free with `beeper_client_free`, and `*out_json` the string
 * "null"; on failure `*out_client` is NULL and `*out_json` the error object.
 */
int32_t beeper_client_new(const char *config_json, BeeperClient **out_client, char **out_json);

/**
 * Frees a client made by `beeper_client_new`. NULL is fine. Call it once, after every blocking
 * call on this client has returned (in every thread). Calls started without blocking that
 * have not ended are ended here: each not yet called back is called back on this thread with
 * BEEPER_ERR_CANCELLED, and callbacks running on other threads are waited for, so that no
 * callback of this client runs once this returns (from inside one of its callbacks, all but
 * that one). No thread of the client outlives it: a wait's poll still ending when the wait
 * ended is waited for here (it stops within 50 ms, whatever it was doing).
 */
void beeper_client_free(BeeperClient *client);

/**
 * Replaces the client's access token (`token` borrowed; NULL removes it; control characters
 * are refused, spaces are fine). Thread-safe: calls
 * already in flight keep the token they started with. `*out_json` receives "null" or the error.
 */
int32_t beeper_client_set_access_token(const BeeperClient *client,
                                       const char *token,
                                       char **out_json);

/**
 * The client's effective settings, after the environment and defaults: `*out_json` receives
 * {baseURL, timeoutMs, connectTimeoutMs, maxRetries, userAgent, adoptAccessToken,
 * hasAccessToken}. The token itself is never returned.
 */
int32_t beeper_client_settings(const BeeperClient *client, char **out_json);

/**
 * The access token the client holds now: `*out_json` receives it as a JSON string, or "null"
 * when there is none. It is the one the client's requests use: given in the config or by
 * `beeper_client_set_access_token`, taken from BEEPER_ACCESS_TOKEN, or adopted after a
 * successful setup.response or setup.register (also one made through `beeper_client_call`
 * with `raw`), so a binding reads it here rather than watching answers itself. The string is
 * a secret: free it with `beeper_string_free` once copied and never log it.
 */
int32_t beeper_client_access_token(const BeeperClient *client, char **out_json);

/**
 * Ends, promptly and with BEEPER_ERR_CANCELLED, every `beeper_setup_wait` on this client that
 * began before this call returns, every blocking call on it that has not sent its request yet
 * (looking the name up, connecting, in the TLS handshake: within 50 ms) or is pausing before a
 * retry (a request already sent by a blocking call is never cut: its outcome on the server
 * would be unknown), and every call started without blocking that has not ended, as
 * beeper_call_cancel ends each. Calls made afterwards are not affected. Nothing is cancelled on the server. Returns BEEPER_OK, or
 * BEEPER_ERR_INVALID_ARGUMENT for a NULL client.
 */
int32_t beeper_client_cancel(const BeeperClient *client);

/**
 * Runs the operation named `operation`, with per-call options. Every pointer argument is
 * borrowed for the duration of the call only; nothing passed in is freed or kept.
 * - `operation` (required): the operation's dotted name, as in the official SDKs:
 *   "setup.retrieve", "setup.start", "setup.email", "setup.response", "setup.register",
 *   "recoveryKey.verify", "recoveryKey.reset.create", "recoveryKey.reset.confirm",
 *   "verifications.list", "verifications.create", "verifications.retrieve",
 *   "verifications.accept", "verifications.cancel", "verifications.qr.scan",
 *   "verifications.qr.confirmScanned", "verifications.sas.start", "verifications.sas.confirm".
 * - `verification_id`: required for the operations whose path takes an id, else NULL.
 * - `params_json`: the body params, as for the operation's own function; NULL where every
 *   field is optional.
 * - `options_json`: NULL for none, or an object whose keys are all optional (unknown keys and
 *   wrong types are BEEPER_ERR_INVALID_ARGUMENT, and nothing is sent):
 *   `timeoutMs` (number >= 0: this call's timeout), `maxRetries` (integer >= 0),
 *   `extraHeaders` (name -> string, or null to remove a default header such as User-Agent or
 *   one from defaultHeaders; control characters and the headers the library writes, Content-Length,
 *   Transfer-Encoding, Host and Content-Type, are refused; an Authorization value replaces the
 *   token for this call and is guarded and hidden like it),
 *   `extraQuery` (name -> string, number, boolean, or null to leave out; percent-encoded),
 *   `extraBody` (object merged into the top level of the JSON body; refused for operations
 *   that send no body), `raw` (boolean, default false), `validateResponse` (boolean, default
 *   true: false returns a 2xx body of the wrong shape as sent instead of BEEPER_ERR_DECODE).
 *
 * `*out_json` always receives a string (`out_json` NULL is BEEPER_ERR_INVALID_ARGUMENT), which
 * the caller frees with `beeper_string_free`: the response body, or with `raw`
 * `{"status": 200, "headers": {"content-type": "...", ...}, "request": {"method": "GET",
 * "url": "..."}, "body": <JSON or null>}` (header names lower-case, repeated headers joined
 * with ", "; `request` is the request as sent: its method and its final URL, the id and the
 * query percent-encoded exactly as on the wire, never a header or the body; a body that is
 * not JSON gives `"body": null` and `"text": "<the body>"`), or the error object. Errors of kind "api" always
 * carry "response": {"status", "headers", "body"} in the same form.
 */
int32_t beeper_client_call(const BeeperClient *client,
                           const char *operation,
                           const char *verification_id,
                           const char *params_json,
                           const char *options_json,
                           char **out_json);

/**
 * Sends a custom request: a method and a path the operation functions do not cover, through
 * the same pipeline (retries, header rules, the response size cap). Every pointer argument
 * is borrowed for the duration of the call only.
 * - `method` (required): "GET", "POST", "PUT", "PATCH" or "DELETE" (any case).
 * - `path` (required): relative to the base URL ("/v1/app/setup", may hold a query), or an
 *   absolute URL that starts with the base URL; "." and ".." segments, control characters,
 *   spaces, "\" and "#" are refused.
 * - `body_json`: the JSON body, any JSON value, sent as given; NULL sends no body (a GET
 *   takes none).
 * - `options_json`: NULL, or the options of `beeper_client_call` (`extraBody` needs an object
 *   body or none; `validateResponse` has nothing to check here).
 *
 * The access token is sent when the client has one; over plain http to a host that is not
 * loopback the request is refused (BEEPER_ERR_INVALID_ARGUMENT, nothing sent) unless
 * allowInsecureHttp is set, token or not. No token is adopted from the answer. `*out_json`
 * receives the response body as sent ("null" when empty; a 2xx body that is not JSON is
 * BEEPER_ERR_DECODE unless `raw`), or with `raw` the {status, headers, request, body} answer
 * of `beeper_client_call`, or the error object; the caller frees it with `beeper_string_free`.
 */
int32_t beeper_client_request(const BeeperClient *client,
                              const char *method,
                              const char *path,
                              const char *body_json,
                              const char *options_json,
                              char **out_json);

/**
 * Polls setup.retrieve until the state is one of `until` (default ["ready"]), or the
 * verification reaches one of `verificationStates`, or the state (`whileState`) or the
 * verification's state (`whileVerificationState`) is no longer the one given; `params_json`
 * (borrowed, may be NULL) also takes timeoutMs (default 300000) and intervalMs (default 500). `*out_json` receives the last
 * Session. Ends with BEEPER_ERR_TIMEOUT at the deadline, or BEEPER_ERR_CANCELLED when
 * beeper_client_cancel is called from another thread once this call has begun.
 */
int32_t beeper_setup_wait(const BeeperClient *c,
                          const char *params_json,
                          char **out_json);

/**
 * Makes the blocking calls of the calling thread interruptible, for languages whose signal
 * handlers run only on one thread and between two steps of its own code (Python's main thread):
 * while such a call waits (for the server's answer, a pause before a retry, the next poll of a
 * wait), it runs `check(user_data)` on this thread every 50 ms; the check runs the handlers that
 * are due (it may call the library, and those calls are not interrupted) and returns nonzero
 * to end the call, which then fails with BEEPER_ERR_CANCELLED at once, nothing more sent for
 * it. Every wait of the call asks it alike: a name lookup, a connect, a TLS handshake, a write
 * the server does not take. NULL removes the check. It applies to this thread only,
 * until changed; a check must not unwind. Returns BEEPER_OK.
 */
int32_t beeper_thread_set_interrupt_check(BeeperInterruptCheck check, void *user_data);

/**
 * The library version, e.g. "0.1.0". Static: never free it.
 */
const char *beeper_version(void);

/**
 * The number of the C ABI this library provides (`BEEPER_ABI_VERSION` when it was built; 0 for
 * libbeeper_setup.so.0). A program or binding compares it with the `BEEPER_ABI_VERSION` it was
 * written for and refuses a library whose number differs.
 */
int32_t beeper_abi_version(void);

/**
 * Frees a string returned in `*out_json`. NULL is fine.
 */
void beeper_string_free(char *s);

/**
 * What the app should do next, from a Session (or any response with a `session` field),
 * `session_json` borrowed. Pure: no I/O. `*out_json` receives {step, state, verificationID?,
 * action?, emojis?, decimals?, qrData?, comparison?, outcome?, otherDevice?, direction?,
 * alternatives, message}, as beeper_setup_next_step_with answers it without options.
 */
int32_t beeper_setup_next_step(const char *session_json, char **out_json);

/**
 * beeper_setup_next_step, with options and what a client knows. Every pointer is borrowed for
 * the call only. No I/O.
 * - `client`: NULL, or a client whose own cancels (`verifications.cancel` answered 2xx) mark
 *   those verifications as cancelled here.
 * - `session_json` (required): a Session, or any response with a `session` field.
 * - `options_json`: NULL, or {"language"?: a BCP-47 tag ("de-DE", "pt-BR", "zh-Hans") or POSIX
 *   locale ("de_DE.UTF-8") to name the emojis in (default English; a language the table lacks
 *   falls back to another variant of it, then to English), "cancelledHere"?: [verification ids
 *   this app cancelled itself]}. Unknown keys and wrong types: BEEPER_ERR_INVALID_ARGUMENT.
 *
 * `*out_json` receives the step: {step, state, verificationID?, action?, emojis?, decimals?,
 * qrData?, message, alternatives: ["other-device" | "qr" | "enter-recovery-key" |
 * "create-recovery-key", ...in the order a screen lists them], otherDevice?: {id, name?},
 * direction?: "incoming" | "outgoing", comparison? (for action "compare-emojis"): {emojis: [{position,
 * emoji, number (0-63, null when not in the Matrix SAS table), englishName, name}] (seven),
 * decimals?: [three numbers], language}, outcome? (for an ended verification): {kind:
 * "declined" | "cancelled-here" | "mismatch" | "timed-out" | "accepted-elsewhere" |
 * "protocol-error" | "unknown", code?, reason?, cancelledByUs}}.
 */
int32_t beeper_setup_next_step_with(const BeeperClient *client,
                                    const char *session_json,
                                    const char *options_json,
                                    char **out_json);

/**
 * Sends the library's log records at `max_level` or more severe (BEEPER_LOG_OFF ..
 * BEEPER_LOG_TRACE) to `callback`, with `user_data` (which the library never reads or frees),
 * instead of stderr. A NULL `callback` clears it: records go to stderr again, at the level
 * that the environment variable BEEPER_LOG (error, warn, info, debug, trace) names; with
 * neither, nothing is logged. Returns BEEPER_OK, or BEEPER_ERR_INVALID_ARGUMENT for a level
 * out of range (nothing changes).
 *
 * Threading: may be called from any thread at any time, also while other threads make calls.
 * The callback is called on whatever thread logs (a caller's thread, or a wait's poll thread),
 * possibly on several threads at once, so it and `user_data` must be thread-safe. It may call
 * any function of this library, this one included; records logged while it runs on a thread
 * are dropped (it is never called recursively).
 *
 * Lifetime: when this function returns, the previous callback is not running on any other
 * thread and is never called again, so its `user_data` may be freed at once. Called from
 * within a callback, it does not wait for that callback (its caller), nor for callbacks that
 * are themselves inside this function on other threads.
 *
 * No record holds an access token, recovery key, emailed code or lead token at any level.
 * The HTTP layer's records (target "ureq...") are capped at BEEPER_LOG_DEBUG, and arrive as
 * the exchange they belong to ends (it logs them under locks of its own).
 */
int32_t beeper_log_set_callback(BeeperLogCallback callback, void *user_data, int32_t max_level);

/**
 * Changes the threshold (BEEPER_LOG_OFF .. BEEPER_LOG_TRACE) of the callback set with
 * beeper_log_set_callback(), keeping the callback; with none set, the threshold of stderr
 * (overriding BEEPER_LOG). Records above the threshold cost almost nothing: they are not
 * formatted. Any thread, any time. Returns BEEPER_OK, or BEEPER_ERR_INVALID_ARGUMENT for a
 * level out of range.
 */
int32_t beeper_log_set_level(int32_t max_level);

/**
 * GET /v1/app/setup: the Session: the setup state, the account and the verification in progress.
 * Public before sign-in.
 */
int32_t beeper_setup_retrieve(const BeeperClient *c, char **out_json);

/**
 * POST /v1/app/setup/start: begins a sign-in: {setupRequestID, signInMethods}.
 */
int32_t beeper_setup_start(const BeeperClient *c, char **out_json);

/**
 * POST /v1/app/setup/email with {email, setupRequestID}: emails a sign-in code. Answers nothing
 * ("null").
 */
int32_t beeper_setup_email(const BeeperClient *c, const char *params_json, char **out_json);

/**
 * POST /v1/app/setup/response with {response, setupRequestID}: signs in with the emailed code:
 * Success {matrix, session}, or RegistrationRequired {registrationRequired: true, leadToken, ...}
 * for an email without an account. A client without a token adopts the returned one (unless
 * adoptAccessToken is false).
 */
int32_t beeper_setup_response(const BeeperClient *c, const char *params_json, char **out_json);

/**
 * POST /v1/app/setup/register with {acceptTerms, leadToken, setupRequestID, username}: creates the
 * account after RegistrationRequired: {matrix, session}. The token is adopted as for
 * setup.response.
 */
int32_t beeper_setup_register(const BeeperClient *c, const char *params_json, char **out_json);

/**
 * POST /v1/app/setup/verification/recovery-key with {recoveryKey}: unlocks encrypted messaging
 * with the account's recovery key: {session}.
 */
int32_t beeper_recovery_key_verify(const BeeperClient *c, const char *params_json, char **out_json);

/**
 * POST /v1/app/setup/verification/recovery-key/reset with {existingRecoveryKey?} (params_json may
 * be NULL): creates a new recovery key, replacing the existing one if given: {recoveryKey,
 * session}. Show it to the user once, then confirm it.
 */
int32_t beeper_recovery_key_reset_create(const BeeperClient *c,
                                         const char *params_json,
                                         char **out_json);

/**
 * POST /v1/app/setup/verification/recovery-key/reset/confirm with {recoveryKey}: confirms the new
 * recovery key (the user typed it back), completing setup: {session}.
 */
int32_t beeper_recovery_key_reset_confirm(const BeeperClient *c,
                                          const char *params_json,
                                          char **out_json);

/**
 * GET /v1/app/setup/verifications: the active verifications: {items}.
 */
int32_t beeper_verifications_list(const BeeperClient *c, char **out_json);

/**
 * POST /v1/app/setup/verifications with {purpose?, userID?} (params_json may be NULL): asks
 * another device to verify this one: {session, verification?}.
 */
int32_t beeper_verifications_create(const BeeperClient *c,
                                    const char *params_json,
                                    char **out_json);

/**
 * GET /v1/app/setup/verifications/{id}: one verification: {session, verification?}. The id
 * "active" names the one in progress.
 */
int32_t beeper_verifications_retrieve(const BeeperClient *c,
                                      const char *verification_id,
                                      char **out_json);

/**
 * POST /v1/app/setup/verifications/{id}/accept: accepts a verification requested by another
 * device: {session, verification?}.
 */
int32_t beeper_verifications_accept(const BeeperClient *c,
                                    const char *verification_id,
                                    char **out_json);

/**
 * POST /v1/app/setup/verifications/{id}/cancel with {code?, reason?} (params_json may be NULL):
 * cancels a verification, with an optional user-facing code and reason: {session, verification?}.
 */
int32_t beeper_verifications_cancel(const BeeperClient *c,
                                    const char *verification_id,
                                    const char *params_json,
                                    char **out_json);

/**
 * POST /v1/app/setup/verifications/qr/scan with {data}: submits the QR payload scanned from the
 * other device: {session, verification?}.
 */
int32_t beeper_verifications_qr_scan(const BeeperClient *c,
                                     const char *params_json,
                                     char **out_json);

/**
 * POST /v1/app/setup/verifications/{id}/qr/confirm-scanned: confirms that the other device scanned
 * this device's QR code: {session, verification?}.
 */
int32_t beeper_verifications_qr_confirm_scanned(const BeeperClient *c,
                                                const char *verification_id,
                                                char **out_json);

/**
 * POST /v1/app/setup/verifications/{id}/sas/start: starts the emoji comparison: {session,
 * verification?}, with sas.emojis once ready.
 */
int32_t beeper_verifications_sas_start(const BeeperClient *c,
                                       const char *verification_id,
                                       char **out_json);

/**
 * POST /v1/app/setup/verifications/{id}/sas/confirm: confirms that the emojis match: {session,
 * verification?}.
 */
int32_t beeper_verifications_sas_confirm(const BeeperClient *c,
                                         const char *verification_id,
                                         char **out_json);

/**
 * Makes a completion queue. On BEEPER_OK `*out_queue` is the queue (free it with
 * beeper_queue_free) and `*out_json` the string "null"; otherwise `*out_queue` is NULL and
 * `*out_json` the error object (BEEPER_ERR_INTERNAL when the system has no descriptor left).
 */
int32_t beeper_queue_new(BeeperQueue **out_queue, char **out_json);

/**
 * The queue's file descriptor: readable while a completion waits in the queue, for an event
 * loop to watch (poll, epoll, kqueue, asyncio's add_reader, trio's wait_readable). It belongs
 * to the queue: never read, write or close it; it is closed by beeper_queue_free. -1 for NULL,
 * and where the system has no such descriptor (Windows: use beeper_queue_take's timeout).
 */
int32_t beeper_queue_fd(const BeeperQueue *queue);

/**
 * Takes the oldest completion, waiting up to `timeout_ms` for one (0: not at all). BEEPER_OK:
 * `*out_user_data` is the user data its call was started with, `*out_status` the call's status
 * and `*out_json` its answer or error object, as the blocking function would have returned
 * them (the caller frees it with beeper_string_free). BEEPER_ERR_TIMEOUT when none came in
 * time (`*out_user_data` and `*out_status` untouched); BEEPER_ERR_INVALID_ARGUMENT for NULL
 * arguments. Any thread may take, several at once (each completion goes to one of them).
 */
int32_t beeper_queue_take(const BeeperQueue *queue,
                          uint32_t timeout_ms,
                          void **out_user_data,
                          int32_t *out_status,
                          char **out_json);

/**
 * Frees a queue: its descriptor is closed, the completions it holds are dropped (their strings
 * freed), and so are those of the calls started into it that end later; those calls are not
 * cancelled (cancel them first when their work is no longer wanted). NULL is fine; once per
 * queue, when no other thread is inside a function given this queue, at any time otherwise:
 * with calls pending, before or after their client's free.
 */
void beeper_queue_free(BeeperQueue *queue);

/**
 * Starts the operation named `operation` without blocking, as beeper_client_call_async does,
 * its completion going to `queue` (borrowed for this call only) rather than to a callback:
 * `(user_data, status, json)` is taken from there with beeper_queue_take, exactly once per
 * call that started, on the taker's thread. The other arguments, the statuses and `*out_call`
 * (NULL allowed) are as for beeper_client_call_async; a NULL queue is refused.
 */
int32_t beeper_client_call_start(const BeeperClient *client,
                                 const char *operation,
                                 const char *verification_id,
                                 const char *params_json,
                                 const char *options_json,
                                 const BeeperQueue *queue,
                                 void *user_data,
                                 BeeperCall **out_call,
                                 char **out_json);

/**
 * Starts a custom request without blocking, as beeper_client_request_async does, its
 * completion going to `queue` as for beeper_client_call_start.
 */
int32_t beeper_client_request_start(const BeeperClient *client,
                                    const char *method,
                                    const char *path,
                                    const char *body_json,
                                    const char *options_json,
                                    const BeeperQueue *queue,
                                    void *user_data,
                                    BeeperCall **out_call,
                                    char **out_json);

/**
 * Starts beeper_setup_wait without blocking, as beeper_setup_wait_async does, its completion
 * going to `queue` as for beeper_client_call_start.
 */
int32_t beeper_setup_wait_start(const BeeperClient *client,
                                const char *params_json,
                                const BeeperQueue *queue,
                                void *user_data,
                                BeeperCall **out_call,
                                char **out_json);

/**
 * Starts a watch of the setup session without blocking. `params_json` (borrowed for this call
 * only; NULL for the defaults): `{"timeoutMs": n}` (default: no deadline), `{"intervalMs": n}`
 * (the least time between polls; default 500), `{"after": change-or-session}` (start after
 * this change or session: the first change delivered is the next one; without it the first
 * is the session as the first poll finds it). `callback` (not NULL) runs as
 * BeeperWatchCallback says. Watchers of one client share its polls: any number of them cost
 * one request per interval, and between polls no thread is held. Connection errors and 5xx
 * answers (Beeper restarting) do not end a watch: its polls slow down until Beeper answers.
 *
 * On BEEPER_OK the watch is under way, `*out_call` (when `out_call` is not NULL) receives its
 * handle (beeper_call_cancel ends it; free it with beeper_call_free, at any time) and
 * `*out_json` the string "null". Any other status means it was refused before anything was
 * sent (a NULL client or callback, bad params): `*out_json` is the error object, `*out_call`
 * is NULL and the callback never runs.
 */
int32_t beeper_setup_watch_async(const BeeperClient *client,
                                 const char *params_json,
                                 BeeperWatchCallback callback,
                                 void *user_data,
                                 BeeperCall **out_call,
                                 char **out_json);

/**
 * The next change of the setup session, blocking: the first change a watch with the same
 * `params_json` (as for beeper_setup_watch_async; typically `{"after": <the change or session
 * the app shows>, "timeoutMs": n}`) would deliver, as `{"sequence": n, "session": {...},
 * "nextStep": {...}}`. Ends BEEPER_ERR_TIMEOUT at `timeoutMs`, BEEPER_ERR_CANCELLED on
 * beeper_client_cancel (or the thread's interrupt check). Shares the client's polls with its
 * watches.
 */
int32_t beeper_setup_next_change(const BeeperClient *client,
                                 const char *params_json,
                                 char **out_json);

/**
 * Starts beeper_setup_next_change without blocking; the rest is as for
 * beeper_client_call_async (its callback runs once, with the change or the error object).
 */
int32_t beeper_setup_next_change_async(const BeeperClient *client,
                                       const char *params_json,
                                       BeeperCallback callback,
                                       void *user_data,
                                       BeeperCall **out_call,
                                       char **out_json);

/**
 * Starts beeper_setup_next_change without blocking, its completion going to `queue` as for
 * beeper_client_call_start.
 */
int32_t beeper_setup_next_change_start(const BeeperClient *client,
                                       const char *params_json,
                                       const BeeperQueue *queue,
                                       void *user_data,
                                       BeeperCall **out_call,
                                       char **out_json);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* BEEPER_SETUP_H */
