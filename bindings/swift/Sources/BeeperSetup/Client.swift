import CBeeperSetup
import Foundation

/// A client of the app-setup API of Beeper Desktop and Beeper Server.
///
/// Every operation comes twice: blocking (`throws`) and `async throws` under the same name. The
/// async one is started in the library without blocking and resumed from its completion
/// callback: no thread per call, and Swift's cooperative pool is never blocked. Cancelling the
/// awaiting Task cancels that call only: nothing is sent when it had not gone out, a retry
/// pause or a wait ends at once, and a request in flight ends without its answer (the server
/// may still act on it).
/// A call in flight keeps the client alive; the handle is freed when the last reference goes.
public final class BeeperSetupClient: @unchecked Sendable {
    // @unchecked: the state is the native handle and a lock-protected counter. The header's
    // "Thread safety": "A client may be used from any number of threads at once; it reuses
    // connections." Its one rule, no free racing a call, holds because every call retains
    // `native` until it returns (see NativeClient).
    let native: NativeClient
    private let initialSettings: Settings

    /// `client.app.setup`, ...
    public var app: App { App(client: self) }

    /// Makes a client. `nil` takes the library's environment (BEEPER_BASE_URL,
    /// BEEPER_ACCESS_TOKEN, ...) and defaults. Times are in seconds. `caCertificatesPEM`: PEM
    /// certificates to trust besides the system's, for a private CA in front of Beeper Server.
    public init(baseURL: String? = nil, accessToken: String? = nil, timeout: TimeInterval? = nil,
                connectTimeout: TimeInterval? = nil, maxRetries: Int? = nil,
                defaultHeaders: [String: String] = [:], userAgent: String? = nil,
                adoptAccessToken: Bool = true, allowInsecureHttp: Bool = false,
                caCertificatesPEM: String? = nil) throws {
        var config: [String: JSON] = [
            "adoptAccessToken": .bool(adoptAccessToken),
            "allowInsecureHttp": .bool(allowInsecureHttp),
        ]
        config["baseURL"] = baseURL.map(JSON.string)
        config["accessToken"] = accessToken.map(JSON.string)
        config["timeoutMs"] = try timeout.map { .number(try milliseconds($0, "timeout")) }
        config["connectTimeoutMs"] = try connectTimeout.map { .number(try milliseconds($0, "connectTimeout")) }
        config["maxRetries"] = maxRetries.map { .number(Double($0)) }
        config["userAgent"] = userAgent.map(JSON.string)
        config["caCertificatesPem"] = caCertificatesPEM.map(JSON.string)
        if !defaultHeaders.isEmpty {
            config["defaultHeaders"] = .object(defaultHeaders.mapValues(JSON.string))
        }
        switch NativeClient.make(configJSON: JSON.object(config).text) {
        case .success(let native): self.native = native
        case .failure(let failure): throw BeeperSetupError(status: failure.status, json: failure.json)
        }
        initialSettings = try Self.decode(Settings.self, native.settings())
    }

    /// The library's version, e.g. "0.1.0".
    public static var libraryVersion: String { NativeClient.version }

    /// The effective settings (base URL, timeouts, whether a token is held; never the token).
    public var settings: Settings {
        // The library answers this for every live client; the snapshot taken at init is only
        // a fallback that cannot be reached in practice.
        (try? Self.decode(Settings.self, native.settings())) ?? initialSettings
    }

    /// Replaces the access token (`nil` removes it). Calls in flight keep the one they started
    /// with. Control characters are refused.
    public func setAccessToken(_ token: String?) throws {
        if let token { try refuseNUL(token, "accessToken") }
        try Self.check(native.setAccessToken(token))
    }

    /// Ends every wait on this client that has begun (with `.cancelled`), and every call
    /// pausing before a retry. A request a blocking call has sent is never cut; an async call
    /// ends at once, even in flight. Nothing is cancelled on the server.
    public func cancel() {
        native.cancel()
    }

    // MARK: - Plumbing shared by the resources

    func call<T: Decodable>(_ operation: String, id: String? = nil,
                            params: [String: JSON]? = nil, as type: T.Type = T.self) throws -> T {
        if let id { try refuseNUL(id, "verificationID") }
        let reply = native.call(operation: operation, verificationID: id,
                                paramsJSON: params.map { JSON.object($0).text })
        return try Self.decode(type, reply)
    }

    /// The async twin of `call`.
    func callAsync<T: Decodable>(_ operation: String, id: String? = nil,
                                 params: [String: JSON]? = nil, as type: T.Type = T.self) async throws -> T {
        if let id { try refuseNUL(id, "verificationID") }
        let paramsJSON = params.map { JSON.object($0).text }
        return try await perform(type) { native, done in
            native.startCall(operation: operation, verificationID: id, paramsJSON: paramsJSON, completion: done)
        }
    }

    /// Starts a call with `start` and resumes from its completion; the Task's cancellation
    /// cancels that call (a Task already cancelled starts nothing).
    func perform<T: Decodable>(_ type: T.Type,
                               _ start: (NativeClient, @escaping @Sendable (Int32, String) -> Void) -> Result<NativeCall, NativeFailure>)
        async throws -> T {
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
        return try Self.decode(type, reply)
    }


    static func check(_ reply: (Int32, String)) throws {
        if reply.0 != 0 { throw BeeperSetupError(status: reply.0, json: reply.1) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ reply: (Int32, String)) throws -> T {
        try check(reply)
        do {
            return try JSONDecoder().decode(type, from: Data(reply.1.utf8))
        } catch {
            // The library checked the shape already; this is a field this version reads
            // differently (the message names the path, never a value).
            throw BeeperSetupError(kind: .decode, message: "cannot read the response as \(type): \(describePath(error))")
        }
    }
}

/// An empty response ("null").
struct Empty: Decodable {
    init(from decoder: Decoder) throws {}
}

/// Seconds to the library's milliseconds; refuses what is not a finite number >= 0.
func milliseconds(_ seconds: TimeInterval, _ name: String) throws -> Double {
    guard seconds.isFinite, seconds >= 0 else {
        throw BeeperSetupError.invalidArgument("\(name) must be a finite number of seconds >= 0")
    }
    return (seconds * 1000).rounded()
}

/// A C string ends at its first NUL: a string holding one would reach the library cut short.
func refuseNUL(_ value: String, _ name: String) throws {
    if value.utf8.contains(0) {
        throw BeeperSetupError.invalidArgument("\(name) must not contain a NUL character")
    }
}

private func describePath(_ error: Error) -> String {
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

/// The JSON this layer sends (params and config). Written by hand: JSONSerialization costs more
/// than the call itself on Linux.
enum JSON: Sendable {
    case string(String), number(Double), bool(Bool), array([JSON]), object([String: JSON])

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let value): JSON.quote(value, to: &out)
        case .number(let value):
            // Only finite numbers reach here (see milliseconds()); integers print without ".0".
            out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .array(let values):
            out += "["
            for (i, value) in values.enumerated() {
                if i > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let values):
            out += "{"
            for (i, (key, value)) in values.enumerated() {
                if i > 0 { out += "," }
                JSON.quote(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
