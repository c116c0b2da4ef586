import CBeeperSetup
import Foundation

/// A client of the app-setup API of Beeper Desktop and Beeper Server.
///
/// Every operation of ``app`` is `async`: started in the library without blocking and resumed
/// from its completion callback, so no thread is held per call and Swift's cooperative pool is
/// never blocked. Cancelling the awaiting Task cancels that call only: nothing is sent when it
/// had not gone out, a retry pause or a wait ends at once, and a request in flight ends without
/// its answer (the server may still act on it). The blocking twins are under ``blocking``,
/// unavailable from async contexts.
///
/// A call in flight keeps the client alive; the handle is freed when the last reference goes.
/// One client serves any number of tasks and threads at once.
public final class BeeperSetupClient: @unchecked Sendable {
    // @unchecked: the state is the native handle and a lock-protected counter. The header's
    // "Thread safety": "A client may be used from any number of threads at once; it reuses
    // connections." Its one rule, no free racing a call, holds because every call retains
    // `native` until it returns (see NativeClient).
    let native: NativeClient
    private let initialSettings: ClientSettings

    /// The API's resource tree, async: `client.app.setup.start()`.
    public var app: AppResource { AppResource(client: self) }

    /// Makes a client. Every `nil` takes the library's environment (`BEEPER_BASE_URL`,
    /// `BEEPER_ACCESS_TOKEN`, ...), else its default. Nothing is sent.
    /// - Parameters:
    ///   - baseURL: The server, e.g. "http://127.0.0.1:23373" (Beeper Desktop's default).
    ///   - accessToken: The account's token (secret); sign-in adopts one when there is none.
    ///   - timeout: Seconds per request, >= 0 (default 30).
    ///   - connectTimeout: Seconds to connect, >= 0 (default 5).
    ///   - maxRetries: Retries after the first attempt, 0...100 (default 2).
    ///   - defaultHeaders: Headers sent with every request.
    ///   - userAgent: Replaces the library's User-Agent.
    ///   - adoptAccessToken: Whether sign-in and register keep the token they return.
    ///   - allowInsecureHttp: Allows a token over plain http to a host that is not loopback.
    ///   - caCertificatesPEM: PEM certificates to trust besides the system's (a private CA in
    ///     front of Beeper Server).
    /// - Throws: ``BeeperSetupError`` of kind `.invalidArgument`, naming the parameter.
    public init(baseURL: String? = nil, accessToken: String? = nil, timeout: TimeInterval? = nil,
                connectTimeout: TimeInterval? = nil, maxRetries: Int? = nil,
                defaultHeaders: [String: String] = [:], userAgent: String? = nil,
                adoptAccessToken: Bool = true, allowInsecureHttp: Bool = false,
                caCertificatesPEM: String? = nil) throws {
        var config: [String: JSONValue] = [
            "adoptAccessToken": .bool(adoptAccessToken),
            "allowInsecureHttp": .bool(allowInsecureHttp),
        ]
        config["baseURL"] = baseURL.map(JSONValue.string)
        config["accessToken"] = accessToken.map(JSONValue.string)
        config["timeoutMs"] = try timeout.map { .number(try milliseconds($0, "timeout")) }
        config["connectTimeoutMs"] = try connectTimeout.map { .number(try milliseconds($0, "connectTimeout")) }
        config["maxRetries"] = try maxRetries.map { .number(Double(try checkedRetries($0, "maxRetries"))) }
        config["userAgent"] = userAgent.map(JSONValue.string)
        config["caCertificatesPem"] = caCertificatesPEM.map(JSONValue.string)
        if !defaultHeaders.isEmpty {
            config["defaultHeaders"] = .object(defaultHeaders.mapValues(JSONValue.string))
        }
        let names = ["baseURL": "baseURL", "accessToken": "accessToken", "userAgent": "userAgent",
                     "caCertificatesPem": "caCertificatesPEM", "defaultHeaders": "defaultHeaders"]
        for (key, value) in config { try value.refuseNUL(at: names[key] ?? key) }
        switch NativeClient.make(configJSON: JSONValue.object(config).text) {
        case .success(let native): self.native = native
        case .failure(let failure):
            // A header the library refuses came from defaultHeaders, or else it is the User-Agent.
            let headerNames = Set(defaultHeaders.keys.map { $0.lowercased() })
            throw BeeperSetupError(status: failure.status, json: failure.json).inSwiftTerms { header in
                headerNames.contains(header.lowercased()) || userAgent == nil ? "defaultHeaders" : "userAgent"
            }
        }
        initialSettings = try Self.decode(ClientSettings.self, native.settings())
    }

    /// Makes a client for the server at `baseURL`, as ``init(baseURL:accessToken:timeout:connectTimeout:maxRetries:defaultHeaders:userAgent:adoptAccessToken:allowInsecureHttp:caCertificatesPEM:)-(String?,_,TimeInterval?,TimeInterval?,_,_,_,_,_,_)``
    /// does from its text. Nothing is sent.
    /// - Parameters:
    ///   - baseURL: The server, e.g. `URL(string: "http://127.0.0.1:23373")!`.
    ///   - accessToken: The account's token (secret); sign-in adopts one when there is none.
    ///   - timeout: Seconds per request, >= 0 (default 30).
    ///   - connectTimeout: Seconds to connect, >= 0 (default 5).
    ///   - maxRetries: Retries after the first attempt, 0...100 (default 2).
    ///   - defaultHeaders: Headers sent with every request.
    ///   - userAgent: Replaces the library's User-Agent.
    ///   - adoptAccessToken: Whether sign-in and register keep the token they return.
    ///   - allowInsecureHttp: Allows a token over plain http to a host that is not loopback.
    ///   - caCertificatesPEM: PEM certificates to trust besides the system's.
    /// - Throws: ``BeeperSetupError`` of kind `.invalidArgument`, naming the parameter.
    public convenience init(baseURL: URL, accessToken: String? = nil, timeout: TimeInterval? = nil,
                            connectTimeout: TimeInterval? = nil, maxRetries: Int? = nil,
                            defaultHeaders: [String: String] = [:], userAgent: String? = nil,
                            adoptAccessToken: Bool = true, allowInsecureHttp: Bool = false,
                            caCertificatesPEM: String? = nil) throws {
        try self.init(baseURL: baseURL.absoluteString, accessToken: accessToken, timeout: timeout,
                      connectTimeout: connectTimeout, maxRetries: maxRetries, defaultHeaders: defaultHeaders,
                      userAgent: userAgent, adoptAccessToken: adoptAccessToken,
                      allowInsecureHttp: allowInsecureHttp, caCertificatesPEM: caCertificatesPEM)
    }

    /// Makes a client with `Duration` timeouts: `BeeperSetupClient(timeout: .seconds(10))`.
    /// Every `nil` takes the library's environment, else its default. Nothing is sent.
    /// - Parameters:
    ///   - baseURL: The server, e.g. "http://127.0.0.1:23373".
    ///   - accessToken: The account's token (secret); sign-in adopts one when there is none.
    ///   - timeout: Per request, >= 0 (default 30 s).
    ///   - connectTimeout: To connect, >= 0 (default 5 s).
    ///   - maxRetries: Retries after the first attempt, 0...100 (default 2).
    ///   - defaultHeaders: Headers sent with every request.
    ///   - userAgent: Replaces the library's User-Agent.
    ///   - adoptAccessToken: Whether sign-in and register keep the token they return.
    ///   - allowInsecureHttp: Allows a token over plain http to a host that is not loopback.
    ///   - caCertificatesPEM: PEM certificates to trust besides the system's.
    /// - Throws: ``BeeperSetupError`` of kind `.invalidArgument`, naming the parameter.
    @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
    public convenience init(baseURL: String? = nil, accessToken: String? = nil, timeout: Duration?,
                            connectTimeout: Duration? = nil, maxRetries: Int? = nil,
                            defaultHeaders: [String: String] = [:], userAgent: String? = nil,
                            adoptAccessToken: Bool = true, allowInsecureHttp: Bool = false,
                            caCertificatesPEM: String? = nil) throws {
        try self.init(baseURL: baseURL, accessToken: accessToken, timeout: timeout?.seconds,
                      connectTimeout: connectTimeout?.seconds, maxRetries: maxRetries, defaultHeaders: defaultHeaders,
                      userAgent: userAgent, adoptAccessToken: adoptAccessToken,
                      allowInsecureHttp: allowInsecureHttp, caCertificatesPEM: caCertificatesPEM)
    }

    /// Makes a client for the server at `baseURL` with `Duration` timeouts. Nothing is sent.
    /// - Parameters:
    ///   - baseURL: The server.
    ///   - accessToken: The account's token (secret); sign-in adopts one when there is none.
    ///   - timeout: Per request, >= 0 (default 30 s).
    ///   - connectTimeout: To connect, >= 0 (default 5 s).
    ///   - maxRetries: Retries after the first attempt, 0...100 (default 2).
    ///   - defaultHeaders: Headers sent with every request.
    ///   - userAgent: Replaces the library's User-Agent.
    ///   - adoptAccessToken: Whether sign-in and register keep the token they return.
    ///   - allowInsecureHttp: Allows a token over plain http to a host that is not loopback.
    ///   - caCertificatesPEM: PEM certificates to trust besides the system's.
    /// - Throws: ``BeeperSetupError`` of kind `.invalidArgument`, naming the parameter.
    @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
    public convenience init(baseURL: URL, accessToken: String? = nil, timeout: Duration?,
                            connectTimeout: Duration? = nil, maxRetries: Int? = nil,
                            defaultHeaders: [String: String] = [:], userAgent: String? = nil,
                            adoptAccessToken: Bool = true, allowInsecureHttp: Bool = false,
                            caCertificatesPEM: String? = nil) throws {
        try self.init(baseURL: baseURL.absoluteString, accessToken: accessToken, timeout: timeout?.seconds,
                      connectTimeout: connectTimeout?.seconds, maxRetries: maxRetries, defaultHeaders: defaultHeaders,
                      userAgent: userAgent, adoptAccessToken: adoptAccessToken,
                      allowInsecureHttp: allowInsecureHttp, caCertificatesPEM: caCertificatesPEM)
    }

    /// The library's version, e.g. "0.1.0".
    public static var libraryVersion: String { NativeClient.version }

    /// The effective settings (base URL, timeouts, whether a token is held; never the token).
    public var settings: ClientSettings {
        // The library answers this for every live client; the snapshot taken at init is only
        // a fallback that cannot be reached in practice.
        (try? Self.decode(ClientSettings.self, native.settings())) ?? initialSettings
    }

    /// The server this client talks to, as a `URL` (``ClientSettings/baseURL`` is its text).
    public var baseURL: URL {
        // The library accepted only an absolute http(s) URL, which `URL` reads.
        URL(string: settings.baseURL) ?? URL(fileURLWithPath: "/")
    }

    /// The access token the client's requests use now (secret: never log it): the one given,
    /// taken from `BEEPER_ACCESS_TOKEN`, set by ``setAccessToken(_:)``, or adopted after a
    /// sign-in or register. `nil` when there is none. Save it after a sign-in: Beeper returns
    /// it once.
    public var accessToken: String? {
        let reply = native.accessToken()
        guard reply.0 == 0 else { return nil }
        return try? Wire.read(reply.1) { $0.string }
    }

    /// Replaces the access token (`nil` removes it). Calls in flight keep the one they started
    /// with.
    /// - Parameter token: The new token (secret), or `nil`.
    /// - Throws: ``BeeperSetupError`` of kind `.invalidArgument` for a NUL or control character.
    public func setAccessToken(_ token: String?) throws {
        if let token { try refuseNUL(token, "accessToken") }
        try Self.check(native.setAccessToken(token))
    }

    /// Ends every wait on this client that has begun (with `.cancelled`), every call that has
    /// not sent its request yet (still connecting), and every call pausing before a retry. A
    /// request a blocking call has sent is never cut; an async call
    /// ends at once, even in flight. Nothing is cancelled on the server. Callable from any
    /// thread or task.
    public func cancel() {
        native.cancel()
    }

    // MARK: - Plumbing shared by the resources

    func call<T: WireDecodable>(_ operation: Operation, options: CallOptions?, as type: T.Type = T.self) throws -> T {
        let operation = try operation.checked()
        let reply = native.call(operation: operation.name, verificationID: operation.id,
                                paramsJSON: operation.params.map { JSONValue.object($0).text },
                                optionsJSON: try options?.json().text)
        return try Self.decode(type, reply)
    }

    /// The async twin of `call`.
    func callAsync<T: WireDecodable>(_ operation: Operation, options: CallOptions?,
                                 as type: T.Type = T.self) async throws -> T {
        let operation = try operation.checked()
        let paramsJSON = operation.params.map { JSONValue.object($0).text }
        let optionsJSON = try options?.json().text
        return try await perform(type) { native, done in
            native.startCall(operation: operation.name, verificationID: operation.id, paramsJSON: paramsJSON,
                             optionsJSON: optionsJSON, completion: done)
        }
    }

    func wait(_ request: WaitRequest) throws -> SetupSession {
        try Self.decode(SetupSession.self, native.wait(paramsJSON: JSONValue.object(request.params).text))
    }

    func waitAsync(_ request: WaitRequest) async throws -> SetupSession {
        let paramsJSON = JSONValue.object(request.params).text
        return try await perform(SetupSession.self) { native, done in
            native.startWait(paramsJSON: paramsJSON, completion: done)
        }
    }

    /// Starts a call with `start` and resumes from its completion; the Task's cancellation
    /// cancels that call (a Task already cancelled starts nothing).
    func perform<T: WireDecodable>(_ type: T.Type,
                               _ start: (NativeClient, @escaping @Sendable (Int32, String) -> Void) -> Result<NativeCall, NativeFailure>)
        async throws -> T {
        try Self.decode(type, try await performReply(start))
    }

    /// `perform` without the decoding: the library's status and JSON text.
    func performReply(_ start: (NativeClient, @escaping @Sendable (Int32, String) -> Void) -> Result<NativeCall, NativeFailure>)
        async throws -> (Int32, String) {
        let slot = CallSlot()
        let native = self.native
        let reply: (Int32, String) = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<(Int32, String), Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                switch start(native, { status, json in continuation.resume(returning: (status, json)) }) {
                case .success(let call): slot.hold(call)
                case .failure(let failure): continuation.resume(returning: (failure.status, failure.json))
                }
            }
        } onCancel: {
            slot.cancel()
        }
        if reply.0 == BEEPER_ERR_CANCELLED, slot.wasCancelled { throw CancellationError() }
        return reply
    }


    static func check(_ reply: (Int32, String)) throws {
        // Calls take headers only from their options (the client's were checked when made).
        if reply.0 != 0 {
            throw BeeperSetupError(status: reply.0, json: reply.1).inSwiftTerms { _ in "options.extraHeaders" }
        }
    }

    /// The model of a successful reply, read from the library's text without `JSONDecoder`.
    static func decode<T: WireDecodable>(_ type: T.Type, _ reply: (Int32, String)) throws -> T {
        try check(reply)
        do {
            return try Wire.read(reply.1) { try T(wire: $0) }
        } catch let error as WireError {
            throw undecodable(type, error.summary)
        }
    }

    /// `decode` for any Decodable type, as ``RawResponse/decode(as:)`` takes: the models
    /// through their wire initialisers, an app's own types through `JSONDecoder`.
    static func decodeAny<T: Decodable>(_ type: T.Type, _ reply: (Int32, String)) throws -> T {
        if let model = type as? any WireDecodable.Type {
            // `model` is `T.Type`, so the value is a T.
            guard let value = try decode(model, reply) as? T else {
                throw BeeperSetupError(kind: .internal, message: "decoded \(type) as another type")
            }
            return value
        }
        try check(reply)
        do {
            return try JSONDecoder().decode(type, from: Data(reply.1.utf8))
        } catch {
            throw undecodable(type, describePath(error))
        }
    }

    /// The library checked the shape already, so this is a field this version reads
    /// differently; the message names the path, never a value.
    private static func undecodable(_ type: Any.Type, _ detail: String) -> BeeperSetupError {
        BeeperSetupError(kind: .decode, message: "cannot read the response as \(type): \(detail)")
    }
}

/// An empty response ("null").
struct Empty: Decodable {
    init(from decoder: Decoder) throws {}
}

/// Seconds to the library's milliseconds; refuses what is not a finite number >= 0 (> 0 where
/// the library refuses 0), naming the Swift parameter.
func milliseconds(_ seconds: TimeInterval, _ name: String, allowZero: Bool = true) throws -> Double {
    let ms = (seconds * 1000).rounded()
    guard seconds.isFinite, ms < 1e15 else {
        throw BeeperSetupError.invalid("\(name) must be a finite number of seconds, got \(seconds)")
    }
    if allowZero ? ms < 0 : ms <= 0 {
        let bound = allowZero ? ">= 0" : "more than 0 (at least 0.001)"
        throw BeeperSetupError.invalid("\(name) must be a number of seconds \(bound), got \(seconds)")
    }
    return ms
}

/// The library's bound on retries, checked here so that the message names the Swift parameter.
func checkedRetries(_ retries: Int, _ name: String) throws -> Int {
    guard (0...100).contains(retries) else {
        throw BeeperSetupError.invalid("\(name) must be between 0 and 100, got \(retries)")
    }
    return retries
}

/// A C string ends at its first NUL: a string holding one would reach the library cut short.
func refuseNUL(_ value: String, _ name: String) throws {
    if value.utf8.contains(0) {
        throw BeeperSetupError.invalid("\(name) must not contain a NUL character")
    }
}

func describePath(_ error: Error) -> String {
    switch error as? DecodingError {
    case .keyNotFound(let key, let context)?:
        return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
    case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
        return "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
    default:
        return "unreadable JSON"
    }
}

/// The call of one awaiting Task, and whether the Task was cancelled: whichever comes second of
/// the call's start and the Task's cancellation cancels it, so a cancel is never missed.
final class CallSlot: @unchecked Sendable {
    // @unchecked: every field is behind the lock.
    private let lock = NSLock()
    private var call: NativeCall?
    private var cancelled = false

    func hold(_ call: NativeCall) {
        lock.lock()
        self.call = call
        let cancel = cancelled
        lock.unlock()
        if cancel { call.cancel() }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let call = self.call
        lock.unlock()
        call?.cancel()
    }

    var wasCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
}
