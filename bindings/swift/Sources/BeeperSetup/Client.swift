import Foundation

/// A client of the app-setup API of Beeper Desktop and Beeper Server.
///
/// Every operation comes twice: blocking (`throws`) and `async throws` under the same name. The
/// async one runs the blocking call on a thread of its own, never on Swift's cooperative pool.
/// A call in flight keeps the client alive; the handle is freed when the last reference goes.
public final class BeeperSetupClient: @unchecked Sendable {
    // @unchecked: the state is the native handle and a lock-protected counter. The header's
    // "Thread safety": "A client may be used from any number of threads at once; it reuses
    // connections." Its one rule, no free racing a call, holds because every call retains
    // `native` until it returns (see NativeClient).
    let native: NativeClient
    private let cancelGeneration = Locked(0)
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
    /// pausing before a retry. A request already sent is never cut; nothing is cancelled on
    /// the server.
    public func cancel() {
        cancelGeneration.update { $0 += 1 }
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

    /// Runs `body` (a blocking call) on a thread of its own and resumes with its result.
    func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }

    var currentCancelGeneration: Int { cancelGeneration.value }

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

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()

    init(_ value: Value) { stored = value }

    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }

    func update<R>(_ body: (inout Value) -> R) -> R {
        lock.lock(); defer { lock.unlock() }
        return body(&stored)
    }
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
