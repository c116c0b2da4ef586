import Foundation

/// Every failure of the library, as its error object describes it (see the README's "Errors").
/// Messages never contain access tokens, recovery keys or email codes.
public struct BeeperSetupError: Error, LocalizedError, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Bad input (an empty id, a control character in a token, a missing field): nothing was sent.
        case invalidArgument = "invalid_argument"
        /// The server could not be reached, or the connection broke.
        case connection
        /// The request timeout, or a wait's deadline, passed.
        case timeout
        /// The server answered with a non-2xx status: see `status`, `code` and `body`.
        case api
        /// The server answered 2xx with a body that is not the documented shape.
        case decode
        /// A wait ended by `cancel()` (or by cancelling the Task that awaits it).
        case cancelled
        /// A bug in this library; the process is unharmed.
        case `internal`
    }

    public let kind: Kind
    /// The HTTP status, for `.api` errors.
    public let status: Int?
    /// The server's error code (e.g. "INVALID_CODE"), for `.api` errors.
    public let code: String?
    public let message: String
    /// The server's error body as JSON text, for `.api` errors.
    public let body: String?
    /// How many times the request was retried before this error.
    public let retries: Int

    public init(kind: Kind, message: String, status: Int? = nil, code: String? = nil,
                body: String? = nil, retries: Int = 0) {
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code
        self.body = body
        self.retries = retries
    }

    public var errorDescription: String? { message }

    public var description: String {
        var text = "BeeperSetupError.\(kind)"
        if let status { text += " \(status)" }
        if let code { text += " \(code)" }
        return text + ": \(message)"
    }

    /// Reads the library's error object; `status` is the C status, used when the object is unreadable.
    init(status: Int32, json: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            self.init(kind: .internal, message: "the library returned status \(status) without a readable error object")
            return
        }
        let kind = (object["kind"] as? String).flatMap(Kind.init(rawValue:)) ?? .internal
        var bodyText: String?
        if let body = object["body"], !(body is NSNull),
           let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .fragmentsAllowed]) {
            bodyText = String(decoding: data, as: UTF8.self)
        }
        self.init(kind: kind,
                  message: object["message"] as? String ?? "unknown error",
                  status: (object["status"] as? NSNumber)?.intValue,
                  code: object["code"] as? String,
                  body: bodyText,
                  retries: (object["retries"] as? NSNumber)?.intValue ?? 0)
    }

    static func invalidArgument(_ message: String) -> BeeperSetupError {
        BeeperSetupError(kind: .invalidArgument, message: message)
    }
}
