import CBeeperSetup

/// The one place that touches the C ABI's pointers: a client handle, and the strings the
/// library returns (copied into a Swift `String`, then freed at once).
///
/// Every function answers the library's status and the JSON text it wrote (the response, or
/// the error object); decoding happens elsewhere, after the C string is gone.
final class NativeClient: @unchecked Sendable {
    // beeper_setup.h, "Thread safety": "A client may be used from any number of threads at
    // once; it reuses connections. beeper_client_free() must not race with calls in flight on
    // the same client". Every call below runs inside a method of this object, which keeps it
    // (and so the handle) alive until the call returns; deinit is the only free.
    private let handle: OpaquePointer

    /// The number of the C ABI this layer was written for (beeper_abi_version()).
    static let abiVersion: Int32 = 0

    /// Makes a client from the config JSON, or answers the library's error object.
    static func make(configJSON: String) -> Result<NativeClient, NativeFailure> {
        let found = beeper_abi_version()
        guard found == abiVersion else {
            let message = "the installed libbeeper_setup provides C ABI \(found); this package was written for \(abiVersion)"
            return .failure(NativeFailure(status: BEEPER_ERR_INTERNAL, json: #"{"kind": "internal", "message": "\#(message)"}"#))
        }
        var handle: OpaquePointer?
        var out: UnsafeMutablePointer<CChar>?
        let status = beeper_client_new(configJSON, &handle, &out)
        let text = takeString(out)
        guard status == BEEPER_OK, let handle else {
            return .failure(NativeFailure(status: status, json: text))
        }
        return .success(NativeClient(handle: handle))
    }

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        beeper_client_free(handle)
    }

    /// Runs an operation by its dotted name (the library's operation table has the rest).
    func call(operation: String, verificationID: String?, paramsJSON: String?, optionsJSON: String?) -> (Int32, String) {
        withExtendedLifetime(self) {
            collect { out in
                withOptionalCString(verificationID) { id in
                    withOptionalCString(paramsJSON) { params in
                        withOptionalCString(optionsJSON) { options in
                            beeper_client_call(handle, operation, id, params, options, out)
                        }
                    }
                }
            }
        }
    }

    func wait(paramsJSON: String) -> (Int32, String) {
        withExtendedLifetime(self) {
            collect { out in beeper_setup_wait(handle, paramsJSON, out) }
        }
    }

    func setAccessToken(_ token: String?) -> (Int32, String) {
        withExtendedLifetime(self) {
            collect { out in
                withOptionalCString(token) { beeper_client_set_access_token(handle, $0, out) }
            }
        }
    }

    func settings() -> (Int32, String) {
        withExtendedLifetime(self) {
            collect { out in beeper_client_settings(handle, out) }
        }
    }

    /// The token the client's requests use now, as JSON ("null" when there is none).
    func accessToken() -> (Int32, String) {
        withExtendedLifetime(self) {
            collect { out in beeper_client_access_token(handle, out) }
        }
    }

    /// Sends a custom request (a method and path the operations do not cover), blocking.
    func request(method: String, path: String, bodyJSON: String?, optionsJSON: String?) -> (Int32, String) {
        withExtendedLifetime(self) {
            collect { out in
                withOptionalCString(bodyJSON) { body in
                    withOptionalCString(optionsJSON) { options in
                        beeper_client_request(handle, method, path, body, options, out)
                    }
                }
            }
        }
    }

    func cancel() {
        withExtendedLifetime(self) {
            _ = beeper_client_cancel(handle)
        }
    }

    /// Starts an operation without blocking; `completion` runs once, on a library thread, with
    /// the status and JSON the blocking call would have answered. A refused start (bad params)
    /// is a failure and `completion` never runs.
    func startCall(operation: String, verificationID: String?, paramsJSON: String?, optionsJSON: String?,
                   completion: @escaping @Sendable (Int32, String) -> Void) -> Result<NativeCall, NativeFailure> {
        withExtendedLifetime(self) {
            NativeCall.start(owner: self, completion: completion) { callback, userData, outCall, outJSON in
                withOptionalCString(verificationID) { id in
                    withOptionalCString(paramsJSON) { params in
                        withOptionalCString(optionsJSON) { options in
                            beeper_client_call_async(handle, operation, id, params, options, callback, userData, outCall, outJSON)
                        }
                    }
                }
            }
        }
    }

    /// Starts a custom request without blocking, as `startCall` does.
    func startRequest(method: String, path: String, bodyJSON: String?, optionsJSON: String?,
                      completion: @escaping @Sendable (Int32, String) -> Void) -> Result<NativeCall, NativeFailure> {
        withExtendedLifetime(self) {
            NativeCall.start(owner: self, completion: completion) { callback, userData, outCall, outJSON in
                withOptionalCString(bodyJSON) { body in
                    withOptionalCString(optionsJSON) { options in
                        beeper_client_request_async(handle, method, path, body, options, callback, userData, outCall, outJSON)
                    }
                }
            }
        }
    }

    /// Starts a wait without blocking, as `startCall` does.
    func startWait(paramsJSON: String,
                   completion: @escaping @Sendable (Int32, String) -> Void) -> Result<NativeCall, NativeFailure> {
        withExtendedLifetime(self) {
            NativeCall.start(owner: self, completion: completion) { callback, userData, outCall, outJSON in
                beeper_setup_wait_async(handle, paramsJSON, callback, userData, outCall, outJSON)
            }
        }
    }

    /// Starts the one-shot next change of the setup session without blocking, as `startCall`
    /// does.
    func startNextChange(paramsJSON: String,
                         completion: @escaping @Sendable (Int32, String) -> Void) -> Result<NativeCall, NativeFailure> {
        withExtendedLifetime(self) {
            NativeCall.start(owner: self, completion: completion) { callback, userData, outCall, outJSON in
                beeper_setup_next_change_async(handle, paramsJSON, callback, userData, outCall, outJSON)
            }
        }
    }

    static func nextStep(sessionJSON: String) -> (Int32, String) {
        collect { out in beeper_setup_next_step(sessionJSON, out) }
    }

    /// `nextStep` with options, this client's own cancels counted.
    func nextStep(sessionJSON: String, optionsJSON: String) -> (Int32, String) {
        withExtendedLifetime(self) {
            collect { out in beeper_setup_next_step_with(handle, sessionJSON, optionsJSON, out) }
        }
    }

    static var version: String {
        String(cString: beeper_version())
    }
}

/// One call started without blocking: its handle, freed on deinit.
final class NativeCall: @unchecked Sendable {
    // beeper_setup.h, "Calls without blocking": "beeper_call_cancel() ends that call only" and
    // may be called from any thread until beeper_call_free(), which deinit alone calls.
    private let handle: OpaquePointer

    private init(handle: OpaquePointer) { self.handle = handle }

    deinit { beeper_call_free(handle) }

    /// Ends this call only, at once (`.cancelled`); a no-op once it has ended.
    func cancel() { _ = beeper_call_cancel(handle) }

    /// What the callback carries to the library's thread: the completion, and the client,
    /// kept alive until the call has ended.
    private final class Context {
        let completion: @Sendable (Int32, String) -> Void
        let owner: NativeClient
        init(_ completion: @escaping @Sendable (Int32, String) -> Void, _ owner: NativeClient) {
            self.completion = completion
            self.owner = owner
        }
    }

    typealias Starter = (BeeperCallback, UnsafeMutableRawPointer,
                         UnsafeMutablePointer<OpaquePointer?>,
                         UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32

    static func start(owner: NativeClient, completion: @escaping @Sendable (Int32, String) -> Void,
                      _ body: Starter) -> Result<NativeCall, NativeFailure> {
        // Retained for the callback, which runs exactly once when the start succeeds.
        let context = Unmanaged.passRetained(Context(completion, owner))
        var call: OpaquePointer?
        var out: UnsafeMutablePointer<CChar>?
        let status = body(onDone, context.toOpaque(), &call, &out)
        let text = takeString(out)
        guard status == BEEPER_OK, let call else {
            context.release()
            return .failure(NativeFailure(status: status, json: text))
        }
        return .success(NativeCall(handle: call))
    }

    private static let onDone: BeeperCallback = { userData, status, json in
        guard let userData else { return }
        let context = Unmanaged<Context>.fromOpaque(userData).takeRetainedValue()
        context.completion(status, takeString(json))
    }
}

/// A failure reported by the library: its status and error object.
struct NativeFailure: Error {
    let status: Int32
    let json: String
}

private func collect(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32) -> (Int32, String) {
    var out: UnsafeMutablePointer<CChar>?
    let status = body(&out)
    return (status, takeString(out))
}

/// Copies the library's string and frees it (it is always set when out_json is given).
private func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    guard let pointer else { return "null" }
    defer { beeper_string_free(pointer) }
    return String(cString: pointer)
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
