import CBeeperSetup
import Foundation

/// Every failure of the library, as its error object describes it.
///
/// Match a kind directly in `catch`, or a server code:
/// ```swift
/// do { _ = try await setup.response(response: code, setupRequestID: id) }
/// catch ServerErrorCode.invalidCode { /* ask for the code again */ }
/// catch BeeperSetupError.timeout { /* offer a retry */ }
/// ```
/// Bridged to `NSError`, the domain is ``errorDomain`` and the code ``Kind/code`` (the C
/// status), distinct for every kind. Messages never contain access tokens, recovery keys,
/// emailed codes or lead tokens.
public struct BeeperSetupError: Error, LocalizedError, CustomNSError, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, in the terms of every language's binding.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// Bad input (an empty id, a NUL or control character, a number out of range, a missing
        /// field): nothing was sent.
        case invalidArgument = "invalid_argument"
        /// The server could not be reached, or the connection broke.
        case connection
        /// The request timeout, or a wait's deadline, passed.
        case timeout
        /// The server answered with a non-2xx status: see ``BeeperSetupError/status``,
        /// ``BeeperSetupError/serverCode`` and ``BeeperSetupError/body``.
        case api
        /// The server answered 2xx with a body that is not the documented shape.
        case decode
        /// A wait or call ended by ``BeeperSetupClient/cancel()``.
        case cancelled
        /// A bug in this library; the process is unharmed.
        case `internal`

        /// The library's C status for this kind (`BEEPER_ERR_*`): the `NSError` code.
        public var code: Int {
            switch self {
            case .invalidArgument: Int(BEEPER_ERR_INVALID_ARGUMENT)
            case .connection: Int(BEEPER_ERR_CONNECTION)
            case .timeout: Int(BEEPER_ERR_TIMEOUT)
            case .api: Int(BEEPER_ERR_API)
            case .decode: Int(BEEPER_ERR_DECODE)
            case .cancelled: Int(BEEPER_ERR_CANCELLED)
            case .internal: Int(BEEPER_ERR_INTERNAL)
            }
        }
    }

    /// What went wrong.
    public let kind: Kind
    /// The HTTP status, for `.api` errors.
    public let status: Int?
    /// The server's error code as sent (e.g. "INVALID_CODE"), for `.api` errors; typed as ``serverCode``.
    public let code: String?
    /// A sentence that says what went wrong, naming the Swift parameter for bad input.
    public let message: String
    /// The server's error body as JSON text, for `.api` errors.
    public let body: String?
    /// How many times the request was retried before this error.
    public let retries: Int

    /// Makes an error, for tests and fakes (see ``BeeperSetupAPI``).
    /// - Parameters:
    ///   - kind: What went wrong.
    ///   - message: A sentence for the developer.
    ///   - status: The HTTP status, for `.api`.
    ///   - code: The server's error code, for `.api`.
    ///   - body: The server's error body as JSON text, for `.api`.
    ///   - retries: How many times the request was retried.
    public init(kind: Kind, message: String, status: Int? = nil, code: String? = nil,
                body: String? = nil, retries: Int = 0) {
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code
        self.body = body
        self.retries = retries
    }

    /// The server's error code, typed: `.invalidCode` for a wrong emailed code, and so on;
    /// `nil` when the error is not from the server or carries no code.
    public var serverCode: ServerErrorCode? { code.map(ServerErrorCode.init(rawValue:)) }

    /// The message (LocalizedError).
    public var errorDescription: String? { message }

    /// "BeeperSetupError" (CustomNSError).
    public static var errorDomain: String { "BeeperSetupError" }

    /// The kind's C status, distinct per kind (CustomNSError).
    public var errorCode: Int { kind.code }

    /// The message, and for `.api` the status and server code (CustomNSError).
    public var errorUserInfo: [String: Any] {
        var info: [String: Any] = [NSLocalizedDescriptionKey: message, "kind": kind.rawValue]
        if let status { info["status"] = status }
        if let code { info["code"] = code }
        return info
    }

    /// "BeeperSetupError.api 401 UNAUTHORIZED: ..."
    public var description: String {
        var text = "BeeperSetupError.\(kind)"
        if let status { text += " \(status)" }
        if let code { text += " \(code)" }
        return text + ": \(message)"
    }

    /// `catch BeeperSetupError.invalidArgument`: bad input, nothing sent.
    public static var invalidArgument: Kind { .invalidArgument }
    /// `catch BeeperSetupError.connection`: the server could not be reached.
    public static var connection: Kind { .connection }
    /// `catch BeeperSetupError.timeout`: a timeout or a wait's deadline passed.
    public static var timeout: Kind { .timeout }
    /// `catch BeeperSetupError.api`: the server answered with an error status.
    public static var api: Kind { .api }
    /// `catch BeeperSetupError.decode`: a 2xx answer of the wrong shape.
    public static var decode: Kind { .decode }
    /// `catch BeeperSetupError.cancelled`: ended by ``BeeperSetupClient/cancel()``.
    public static var cancelled: Kind { .cancelled }
    /// `catch BeeperSetupError.internal`: a bug in this library.
    public static var `internal`: Kind { .internal }

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

    static func invalid(_ message: String) -> BeeperSetupError {
        BeeperSetupError(kind: .invalidArgument, message: message)
    }

    /// The library names what it refuses by the wire's names (`caCertificatesPem`, a header's
    /// name, "the verification id"); a Swift caller knows the parameters, so an invalid argument
    /// is told in those. `parameter(of:)` answers which parameter a header named came from.
    func inSwiftTerms(parameterOfHeader parameter: (String) -> String) -> BeeperSetupError {
        guard kind == .invalidArgument else { return self }
        var text = message
        for (wire, swift) in Self.swiftNames {
            text = text.replacingOccurrences(of: wire, with: swift)
        }
        if let header = Self.headerName(in: text) {
            let name = parameter(header)
            if !text.hasPrefix(name) { text = "\(name): \(text)" }
        }
        return BeeperSetupError(kind: kind, message: text, status: status, code: code, body: body, retries: retries)
    }

    /// The library's names of what a Swift caller gives, and the Swift names (longest first
    /// where one holds another).
    private static let swiftNames = [
        ("caCertificatesPem", "caCertificatesPEM"),
        ("the verification id", "verificationID"),
        ("options: extraHeaders", "options.extraHeaders"),
        ("options: `timeoutMs`", "options.timeout"),
        ("options: timeoutMs", "options.timeout"),
        ("takes no extraBody", "takes no options.extraBody"),
        ("connectTimeoutMs", "connectTimeout"),
        ("timeoutMs", "timeout"),
        ("intervalMs", "interval"),
        ("body_json", "body"),
    ]

    /// The header a message names (`header "X-Trace"`, `header name "X Y"`), as quoted.
    private static func headerName(in message: String) -> String? {
        for marker in ["header name \"", "header \""] {
            guard let start = message.range(of: marker) else { continue }
            let rest = message[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return String(rest[..<end])
        }
        return nil
    }
}

/// Matches an error of this kind: `catch BeeperSetupError.timeout`, `case .api = error.kind`.
/// - Parameters:
///   - kind: The kind to match.
///   - error: Any error.
/// - Returns: Whether `error` is a ``BeeperSetupError`` of that kind.
public func ~= (kind: BeeperSetupError.Kind, error: any Error) -> Bool {
    (error as? BeeperSetupError)?.kind == kind
}

/// Matches a server error with this code: `catch ServerErrorCode.invalidCode`.
/// - Parameters:
///   - code: The server's code to match.
///   - error: Any error.
/// - Returns: Whether `error` is a ``BeeperSetupError`` of kind `.api` carrying that code.
public func ~= (code: ServerErrorCode, error: any Error) -> Bool {
    guard let error = error as? BeeperSetupError, error.kind == .api else { return false }
    return error.serverCode == code
}

/// An error code of the app-setup API (``BeeperSetupError/serverCode``), with the ones an app
/// tells apart as static members. A struct rather than an enum, as `URLError.Code` is, so that
/// `catch ServerErrorCode.invalidCode` matches an error, and a code this version does not know
/// is still a value (`ServerErrorCode(rawValue: "NEW_CODE")`).
public struct ServerErrorCode: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The code as the server sends it, e.g. "INVALID_CODE".
    public let rawValue: String

    /// A code as the server sends it.
    /// - Parameter rawValue: E.g. "INVALID_CODE".
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The code as sent.
    public var description: String { rawValue }

    /// The emailed code is wrong: ask for it again.
    public static let invalidCode = ServerErrorCode(rawValue: "INVALID_CODE")
    /// The emailed code was used already: start the sign-in again.
    public static let codeAlreadyUsed = ServerErrorCode(rawValue: "CODE_ALREADY_USED")
    /// The email could not be sent.
    public static let emailNotSent = ServerErrorCode(rawValue: "EMAIL_NOT_SENT")
    /// The `setupRequestID` is unknown or expired: start the sign-in again.
    public static let setupRequestNotFound = ServerErrorCode(rawValue: "SETUP_REQUEST_NOT_FOUND")
    /// The lead token of a registration is wrong or expired.
    public static let invalidLeadToken = ServerErrorCode(rawValue: "INVALID_LEAD_TOKEN")
    /// `register` after a sign-in that needed no registration.
    public static let registrationNotRequired = ServerErrorCode(rawValue: "REGISTRATION_NOT_REQUIRED")
    /// A sign-in on a device that is signed in already.
    public static let alreadySignedIn = ServerErrorCode(rawValue: "ALREADY_SIGNED_IN")
    /// No token, or one the server refuses.
    public static let unauthorized = ServerErrorCode(rawValue: "UNAUTHORIZED")
    /// The recovery key is wrong.
    public static let invalidRecoveryKey = ServerErrorCode(rawValue: "INVALID_RECOVERY_KEY")
    /// The key confirmed is not the one `recoveryKey.reset.create` made.
    public static let recoveryKeyMismatch = ServerErrorCode(rawValue: "RECOVERY_KEY_MISMATCH")
    /// `recoveryKey.reset.confirm` without a key made first.
    public static let noPendingRecoveryKey = ServerErrorCode(rawValue: "NO_PENDING_RECOVERY_KEY")
    /// The operation does not fit the SetupSession's state.
    public static let invalidState = ServerErrorCode(rawValue: "INVALID_STATE")
    /// The verification does not offer this action now (see ``Verification/availableActions``).
    public static let actionNotAvailable = ServerErrorCode(rawValue: "ACTION_NOT_AVAILABLE")
    /// "active" was asked for, and no verification is in progress.
    public static let noActiveVerification = ServerErrorCode(rawValue: "NO_ACTIVE_VERIFICATION")
    /// Another verification is in progress.
    public static let verificationInProgress = ServerErrorCode(rawValue: "VERIFICATION_IN_PROGRESS")
    /// No verification has this id.
    public static let verificationNotFound = ServerErrorCode(rawValue: "VERIFICATION_NOT_FOUND")
    /// The scanned QR code is not the other device's.
    public static let qrMismatch = ServerErrorCode(rawValue: "QR_MISMATCH")
    /// The request's body is not what the server takes.
    public static let validationError = ServerErrorCode(rawValue: "VALIDATION_ERROR")
    /// No such route.
    public static let notFound = ServerErrorCode(rawValue: "NOT_FOUND")

    /// Every code this version knows.
    public static let allCases: [ServerErrorCode] = [
        .invalidCode, .codeAlreadyUsed, .emailNotSent, .setupRequestNotFound, .invalidLeadToken,
        .registrationNotRequired, .alreadySignedIn, .unauthorized, .invalidRecoveryKey, .recoveryKeyMismatch,
        .noPendingRecoveryKey, .invalidState, .actionNotAvailable, .noActiveVerification, .verificationInProgress,
        .verificationNotFound, .qrMismatch, .validationError, .notFound,
    ]
}
