// The API's results. Property names are the wire names (camelCase), so Codable needs no keys;
// fields a newer server adds are ignored, and enum values it adds decode as `.unknown`.
// Types holding a secret (an access token, a lead token, a recovery key) show it as "***" in
// description, debugDescription and reflection (dump, Mirror).

/// Encrypted messaging keys available on this device.
public struct E2EESecrets: Codable, Hashable, Sendable {
    public var masterKey: Bool
    public var megolmBackupKey: Bool
    public var recoveryKey: Bool
    public var selfSigningKey: Bool
    public var userSigningKey: Bool
}

/// Encrypted messaging setup status.
public struct E2EE: Codable, Hashable, Sendable {
    public var crossSigning: Bool
    public var firstSyncDone: Bool
    public var hasBackedUpRecoveryKey: Bool
    public var initialized: Bool
    public var keyBackup: Bool
    public var secrets: E2EESecrets
    public var secretStorage: Bool
    public var verified: Bool
    /// Milliseconds since the epoch.
    public var recoveryKeyGeneratedAt: Double?
}

/// The signed-in account (in a Session).
public struct Matrix: Codable, Hashable, Sendable {
    public var deviceID: String
    public var homeserver: String
    public var userID: String
}

/// Returned once by sign-in and register. `accessToken` is secret.
public struct Credentials: Codable, Hashable, Sendable {
    public var accessToken: String
    public var deviceID: String
    public var homeserver: String
    public var userID: String
}

public struct VerificationError: Codable, Hashable, Sendable {
    public var code: String
    public var reason: String
}

public struct VerificationOtherDevice: Codable, Hashable, Sendable {
    public var id: String
    public var name: String?
}

public struct VerificationQR: Codable, Hashable, Sendable {
    /// The QR code's content, to show (or to scan on the other device).
    public var data: String
}

public struct VerificationSAS: Codable, Hashable, Sendable {
    /// The emojis to compare, as one string.
    public var emojis: String
    public var decimals: String?
}

/// A device verification and its progress.
public struct Verification: Codable, Hashable, Sendable {
    public var id: String
    public var availableActions: [VerificationAction]
    public var direction: VerificationDirection
    public var methods: [VerificationMethod]
    public var purpose: VerificationPurpose
    public var state: VerificationState
    public var error: VerificationError?
    public var otherDevice: VerificationOtherDevice?
    public var otherUserID: String?
    public var qr: VerificationQR?
    public var sas: VerificationSAS?
}

/// The setup state (`GET /v1/app/setup`).
public struct Session: Codable, Hashable, Sendable {
    public var e2ee: E2EE
    public var state: SetupState
    public var matrix: Matrix?
    public var verification: Verification?
}

/// `setup.start`: the id that ties the sign-in steps together.
public struct SetupStartResponse: Codable, Hashable, Sendable {
    public var setupRequestID: String
    public var signInMethods: [String]
}

/// `setup.response` for an existing account, and `setup.register`: credentials and the session.
public struct SignInSuccess: Codable, Hashable, Sendable {
    public var matrix: Credentials
    public var session: Session
}

/// Copy to display during account creation.
public struct RegistrationRequiredCopy: Codable, Hashable, Sendable {
    public var submit: String
    public var terms: String
    public var title: String
    public var usernamePlaceholder: String
}

/// `setup.response` when a new account must be registered. `leadToken` is secret.
public struct RegistrationRequired: Codable, Hashable, Sendable {
    public var copy: RegistrationRequiredCopy
    public var leadToken: String
    public var registrationRequired: Bool
    public var setupRequestID: String
    public var usernameSuggestions: [String]?
}

/// The answer of `setup.response`.
public enum SetupResponseResponse: Codable, Hashable, Sendable {
    case success(SignInSuccess)
    case registrationRequired(RegistrationRequired)

    private enum Keys: String, CodingKey { case registrationRequired }

    public init(from decoder: Decoder) throws {
        let flag = try decoder.container(keyedBy: Keys.self)
            .decodeIfPresent(Bool.self, forKey: .registrationRequired)
        if flag == true {
            self = .registrationRequired(try RegistrationRequired(from: decoder))
        } else {
            self = .success(try SignInSuccess(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .success(let value): try value.encode(to: encoder)
        case .registrationRequired(let value): try value.encode(to: encoder)
        }
    }
}

/// `{session}`: the answer of `recoveryKey.verify` and `recoveryKey.reset.confirm`.
public struct SessionResponse: Codable, Hashable, Sendable {
    public var session: Session
}

/// `recoveryKey.reset.create`: a new recovery key (show it once, then confirm it). Secret.
public struct RecoveryKeyCreated: Codable, Hashable, Sendable {
    public var recoveryKey: String
    public var session: Session
}

/// `verifications.list`.
public struct VerificationList: Codable, Hashable, Sendable {
    public var items: [Verification]
}

/// `{session, verification?}`: the answer of every verification action.
public struct VerificationResponse: Codable, Hashable, Sendable {
    public var session: Session
    public var verification: Verification?
}

/// What the app should do now, from `client.app.setup.nextStep(session)`.
public struct NextStep: Codable, Hashable, Sendable {
    public var step: Step
    public var state: SetupState
    /// A sentence to show the user.
    public var message: String
    public var verificationID: String?
    public var action: NextAction?
    public var emojis: String?
    public var decimals: String?
    public var qrData: String?

    /// Makes a NextStep, for tests and previews.
    public init(step: Step, state: SetupState, message: String, verificationID: String? = nil,
                action: NextAction? = nil, emojis: String? = nil, decimals: String? = nil, qrData: String? = nil) {
        self.step = step
        self.state = state
        self.message = message
        self.verificationID = verificationID
        self.action = action
        self.emojis = emojis
        self.decimals = decimals
        self.qrData = qrData
    }
}

/// The client's effective settings (environment and defaults applied). Never the token.
public struct ClientSettings: Codable, Hashable, Sendable {
    public var baseURL: String
    public var timeout: Double
    public var connectTimeout: Double
    public var maxRetries: Int
    public var userAgent: String
    public var adoptAccessToken: Bool
    public var hasAccessToken: Bool

    private enum CodingKeys: String, CodingKey {
        case baseURL, timeout = "timeoutMs", connectTimeout = "connectTimeoutMs", maxRetries
        case userAgent, adoptAccessToken, hasAccessToken
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        baseURL = try c.decode(String.self, forKey: .baseURL)
        timeout = try c.decode(Double.self, forKey: .timeout) / 1000
        connectTimeout = try c.decode(Double.self, forKey: .connectTimeout) / 1000
        maxRetries = try c.decode(Int.self, forKey: .maxRetries)
        userAgent = try c.decode(String.self, forKey: .userAgent)
        adoptAccessToken = try c.decode(Bool.self, forKey: .adoptAccessToken)
        hasAccessToken = try c.decode(Bool.self, forKey: .hasAccessToken)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(baseURL, forKey: .baseURL)
        try c.encode(timeout * 1000, forKey: .timeout)
        try c.encode(connectTimeout * 1000, forKey: .connectTimeout)
        try c.encode(maxRetries, forKey: .maxRetries)
        try c.encode(userAgent, forKey: .userAgent)
        try c.encode(adoptAccessToken, forKey: .adoptAccessToken)
        try c.encode(hasAccessToken, forKey: .hasAccessToken)
    }
}

// MARK: - Secrets stay out of descriptions

private let hidden = "***"

/// "Type(name: value, ...)" from fields whose secret values are already masked.
private func describe(_ type: Any.Type, _ fields: KeyValuePairs<String, Any>) -> String {
    let shown = fields.map { "\($0.key): \(String(reflecting: $0.value))" }
    return "\(type)(\(shown.joined(separator: ", ")))"
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var shownFields: KeyValuePairs<String, Any> {
        ["accessToken": hidden, "deviceID": deviceID, "homeserver": homeserver, "userID": userID]
    }
    public var description: String { describe(Self.self, shownFields) }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: shownFields) }
}

extension RegistrationRequired: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var shownFields: KeyValuePairs<String, Any> {
        ["copy": copy, "leadToken": hidden, "registrationRequired": registrationRequired,
         "setupRequestID": setupRequestID, "usernameSuggestions": usernameSuggestions as Any]
    }
    public var description: String { describe(Self.self, shownFields) }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: shownFields) }
}

extension RecoveryKeyCreated: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var shownFields: KeyValuePairs<String, Any> { ["recoveryKey": hidden, "session": session] }
    public var description: String { describe(Self.self, shownFields) }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: shownFields) }
}
