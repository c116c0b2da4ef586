import Foundation

// The API's results. Property names are the wire names (camelCase), so Codable needs no keys;
// fields a newer server adds are ignored, and enum values it adds decode as `.unknown`.
// Types holding a secret (an access token, a lead token, a recovery key) show it as "***" in
// description, debugDescription and reflection (dump, Mirror). Every type has a memberwise
// initializer, so that tests and previews can make one without JSON.
//
// The library's answers are read by WireDecoding.swift, not through Codable: a field added
// here is read there too, and added to the fixtures of WireDecodingTests, which compare both.

/// Which encrypted-messaging keys this device holds (``E2EE/secrets``).
public struct E2EESecrets: Codable, Hashable, Sendable {
    /// The cross-signing master key.
    public var masterKey: Bool
    /// The key of the message backup.
    public var megolmBackupKey: Bool
    /// The recovery key.
    public var recoveryKey: Bool
    /// The self-signing key.
    public var selfSigningKey: Bool
    /// The user-signing key.
    public var userSigningKey: Bool

    /// Makes one from its fields.
    /// - Parameters:
    ///   - masterKey: The cross-signing master key is held.
    ///   - megolmBackupKey: The backup key is held.
    ///   - recoveryKey: The recovery key is held.
    ///   - selfSigningKey: The self-signing key is held.
    ///   - userSigningKey: The user-signing key is held.
    public init(masterKey: Bool = false, megolmBackupKey: Bool = false, recoveryKey: Bool = false,
                selfSigningKey: Bool = false, userSigningKey: Bool = false) {
        self.masterKey = masterKey
        self.megolmBackupKey = megolmBackupKey
        self.recoveryKey = recoveryKey
        self.selfSigningKey = selfSigningKey
        self.userSigningKey = userSigningKey
    }
}

/// The encrypted-messaging setup of this device (``Session/e2ee``).
public struct E2EE: Codable, Hashable, Sendable {
    /// Cross-signing is set up.
    public var crossSigning: Bool
    /// The first sync after sign-in has finished.
    public var firstSyncDone: Bool
    /// The user has confirmed saving the recovery key.
    public var hasBackedUpRecoveryKey: Bool
    /// Encryption is initialized.
    public var initialized: Bool
    /// The message backup is on.
    public var keyBackup: Bool
    /// The keys this device holds.
    public var secrets: E2EESecrets
    /// Secret storage is set up.
    public var secretStorage: Bool
    /// This device is verified.
    public var verified: Bool
    /// When the recovery key was made; the server sends seconds since 1970.
    public var recoveryKeyGeneratedAt: Date?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - crossSigning: Cross-signing is set up.
    ///   - firstSyncDone: The first sync has finished.
    ///   - hasBackedUpRecoveryKey: The recovery key was saved.
    ///   - initialized: Encryption is initialized.
    ///   - keyBackup: The message backup is on.
    ///   - secrets: The keys this device holds.
    ///   - secretStorage: Secret storage is set up.
    ///   - verified: This device is verified.
    ///   - recoveryKeyGeneratedAt: When the recovery key was made.
    public init(crossSigning: Bool = false, firstSyncDone: Bool = false, hasBackedUpRecoveryKey: Bool = false,
                initialized: Bool = false, keyBackup: Bool = false, secrets: E2EESecrets = E2EESecrets(),
                secretStorage: Bool = false, verified: Bool = false, recoveryKeyGeneratedAt: Date? = nil) {
        self.crossSigning = crossSigning
        self.firstSyncDone = firstSyncDone
        self.hasBackedUpRecoveryKey = hasBackedUpRecoveryKey
        self.initialized = initialized
        self.keyBackup = keyBackup
        self.secrets = secrets
        self.secretStorage = secretStorage
        self.verified = verified
        self.recoveryKeyGeneratedAt = recoveryKeyGeneratedAt
    }

    private enum CodingKeys: String, CodingKey {
        case crossSigning, firstSyncDone, hasBackedUpRecoveryKey, initialized, keyBackup, secrets
        case secretStorage, verified, recoveryKeyGeneratedAt
    }

    /// Decodes the wire form; `recoveryKeyGeneratedAt` is read as seconds since 1970 whatever
    /// the decoder's date strategy.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing field or a wrong type.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        crossSigning = try c.decode(Bool.self, forKey: .crossSigning)
        firstSyncDone = try c.decode(Bool.self, forKey: .firstSyncDone)
        hasBackedUpRecoveryKey = try c.decode(Bool.self, forKey: .hasBackedUpRecoveryKey)
        initialized = try c.decode(Bool.self, forKey: .initialized)
        keyBackup = try c.decode(Bool.self, forKey: .keyBackup)
        secrets = try c.decode(E2EESecrets.self, forKey: .secrets)
        secretStorage = try c.decode(Bool.self, forKey: .secretStorage)
        verified = try c.decode(Bool.self, forKey: .verified)
        recoveryKeyGeneratedAt = try c.decodeIfPresent(Double.self, forKey: .recoveryKeyGeneratedAt)
            .map(Date.init(timeIntervalSince1970:))
    }

    /// Encodes the wire form (`recoveryKeyGeneratedAt` as seconds since 1970).
    /// - Parameter encoder: The encoder.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(crossSigning, forKey: .crossSigning)
        try c.encode(firstSyncDone, forKey: .firstSyncDone)
        try c.encode(hasBackedUpRecoveryKey, forKey: .hasBackedUpRecoveryKey)
        try c.encode(initialized, forKey: .initialized)
        try c.encode(keyBackup, forKey: .keyBackup)
        try c.encode(secrets, forKey: .secrets)
        try c.encode(secretStorage, forKey: .secretStorage)
        try c.encode(verified, forKey: .verified)
        try c.encodeIfPresent(recoveryKeyGeneratedAt?.timeIntervalSince1970, forKey: .recoveryKeyGeneratedAt)
    }
}

/// The signed-in account (``Session/matrix``).
public struct Matrix: Codable, Hashable, Sendable {
    /// This device's id.
    public var deviceID: String
    /// The account's homeserver.
    public var homeserver: String
    /// The account, e.g. "@me:beeper.com".
    public var userID: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - deviceID: This device's id.
    ///   - homeserver: The account's homeserver.
    ///   - userID: The account.
    public init(deviceID: String, homeserver: String, userID: String) {
        self.deviceID = deviceID
        self.homeserver = homeserver
        self.userID = userID
    }
}

/// Returned once by sign-in and register (``SignInSuccess/matrix``). `accessToken` is secret.
public struct Credentials: Codable, Hashable, Sendable {
    /// The account's access token (secret: shown as "***" in descriptions).
    public var accessToken: String
    /// This device's id.
    public var deviceID: String
    /// The account's homeserver.
    public var homeserver: String
    /// The account, e.g. "@me:beeper.com".
    public var userID: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - accessToken: The access token.
    ///   - deviceID: This device's id.
    ///   - homeserver: The account's homeserver.
    ///   - userID: The account.
    public init(accessToken: String, deviceID: String, homeserver: String, userID: String) {
        self.accessToken = accessToken
        self.deviceID = deviceID
        self.homeserver = homeserver
        self.userID = userID
    }
}

/// Why a verification ended in error or was cancelled (``Verification/error``).
public struct VerificationError: Codable, Hashable, Sendable {
    /// The reason's code, e.g. "m.user".
    public var code: String
    /// A sentence to show.
    public var reason: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - code: The reason's code.
    ///   - reason: A sentence to show.
    public init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }
}

/// The other device of a verification (``Verification/otherDevice``).
public struct VerificationOtherDevice: Codable, Hashable, Sendable {
    /// Its device id.
    public var id: String
    /// Its name, when known.
    public var name: String?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - id: Its device id.
    ///   - name: Its name.
    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// The QR code of a verification (``Verification/qr``).
public struct VerificationQR: Codable, Hashable, Sendable {
    /// The QR code's content, to show (or to scan on the other device).
    public var data: String

    /// Makes one from its content.
    /// - Parameter data: The QR code's content.
    public init(data: String) {
        self.data = data
    }
}

/// The emojis and numbers to compare (``Verification/sas``), once both devices have them.
public struct VerificationSAS: Codable, Hashable, Sendable {
    /// The emojis as the server sends them: one string.
    public var emojis: String
    /// The numbers as the server sends them: one string, e.g. "1234 5678 9012".
    public var decimals: String?

    /// The emojis one by one, to lay out in a row or a grid (usually seven).
    public var emojiList: [String] { splitEmojis(emojis) }
    /// The numbers one by one (usually three), for devices that show numbers instead.
    public var decimalValues: [Int] { splitDecimals(decimals) }

    /// Makes one from the server's strings.
    /// - Parameters:
    ///   - emojis: The emojis, one string.
    ///   - decimals: The numbers, separated by spaces.
    public init(emojis: String, decimals: String? = nil) {
        self.emojis = emojis
        self.decimals = decimals
    }
}

/// The emojis of a comparison one by one: each user-perceived character (an emoji with its
/// modifiers is one), whatever separates them.
func splitEmojis(_ emojis: String) -> [String] {
    emojis.filter { !$0.isWhitespace && $0 != "," }.map(String.init)
}

/// The numbers of a comparison: the runs of digits.
func splitDecimals(_ decimals: String?) -> [Int] {
    (decimals ?? "").split { !$0.isASCII || !$0.isNumber }.compactMap { Int($0) }
}

/// A device verification and its progress.
public struct Verification: Codable, Hashable, Sendable, Identifiable {
    /// Its id, for the verification calls.
    public var id: String
    /// The calls it takes now; anything else is refused with ``ServerErrorCode/actionNotAvailable``.
    public var availableActions: [VerificationAction]
    /// Who started it.
    public var direction: VerificationDirection
    /// The ways it can be done.
    public var methods: [VerificationMethod]
    /// Signing in on this device, or verifying another one.
    public var purpose: VerificationPurpose
    /// Where it stands.
    public var state: VerificationState
    /// Why it ended, for `.error` and `.cancelled`.
    public var error: VerificationError?
    /// The other device, once known.
    public var otherDevice: VerificationOtherDevice?
    /// The other user, when it is not this account.
    public var otherUserID: String?
    /// The QR code, when that method is offered.
    public var qr: VerificationQR?
    /// The emojis to compare, from `.sasReady`.
    public var sas: VerificationSAS?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - id: Its id.
    ///   - availableActions: The calls it takes now.
    ///   - direction: Who started it.
    ///   - methods: The ways it can be done.
    ///   - purpose: Why it exists.
    ///   - state: Where it stands.
    ///   - error: Why it ended.
    ///   - otherDevice: The other device.
    ///   - otherUserID: The other user.
    ///   - qr: The QR code.
    ///   - sas: The emojis to compare.
    public init(id: String, availableActions: [VerificationAction] = [], direction: VerificationDirection = .outgoing,
                methods: [VerificationMethod] = [.sas], purpose: VerificationPurpose = .login,
                state: VerificationState = .requested, error: VerificationError? = nil,
                otherDevice: VerificationOtherDevice? = nil, otherUserID: String? = nil,
                qr: VerificationQR? = nil, sas: VerificationSAS? = nil) {
        self.id = id
        self.availableActions = availableActions
        self.direction = direction
        self.methods = methods
        self.purpose = purpose
        self.state = state
        self.error = error
        self.otherDevice = otherDevice
        self.otherUserID = otherUserID
        self.qr = qr
        self.sas = sas
    }
}

/// The setup state (`setup.retrieve`): what every call answers with.
public struct Session: Codable, Hashable, Sendable {
    /// The encrypted-messaging setup of this device.
    public var e2ee: E2EE
    /// Where the setup stands; ``SetupResource/nextStep(_:)`` says what to do about it.
    public var state: SetupState
    /// The signed-in account, after sign-in.
    public var matrix: Matrix?
    /// The verification in progress.
    public var verification: Verification?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - e2ee: The encrypted-messaging setup.
    ///   - state: Where the setup stands.
    ///   - matrix: The signed-in account.
    ///   - verification: The verification in progress.
    public init(e2ee: E2EE = E2EE(), state: SetupState, matrix: Matrix? = nil, verification: Verification? = nil) {
        self.e2ee = e2ee
        self.state = state
        self.matrix = matrix
        self.verification = verification
    }
}

/// The answer of `setup.start`: the id that ties the sign-in steps together.
public struct SetupStartResponse: Codable, Hashable, Sendable {
    /// Passed to `email`, `response` and `register`.
    public var setupRequestID: String
    /// The ways to sign in the server offers, e.g. ["email"].
    public var signInMethods: [String]

    /// Makes one from its fields.
    /// - Parameters:
    ///   - setupRequestID: The sign-in's id.
    ///   - signInMethods: The ways to sign in.
    public init(setupRequestID: String, signInMethods: [String] = ["email"]) {
        self.setupRequestID = setupRequestID
        self.signInMethods = signInMethods
    }
}

/// `setup.response` for an existing account, and `setup.register`: credentials and the Session.
public struct SignInSuccess: Codable, Hashable, Sendable {
    /// The account's credentials (the token is secret; the client has adopted it).
    public var matrix: Credentials
    /// The Session after sign-in.
    public var session: Session

    /// Makes one from its fields.
    /// - Parameters:
    ///   - matrix: The credentials.
    ///   - session: The Session.
    public init(matrix: Credentials, session: Session) {
        self.matrix = matrix
        self.session = session
    }
}

/// The copy to show while creating an account (``RegistrationRequired/copy``).
public struct RegistrationRequiredCopy: Codable, Hashable, Sendable {
    /// The submit button's title.
    public var submit: String
    /// The terms to accept.
    public var terms: String
    /// The screen's title.
    public var title: String
    /// The username field's placeholder.
    public var usernamePlaceholder: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - submit: The submit button's title.
    ///   - terms: The terms.
    ///   - title: The title.
    ///   - usernamePlaceholder: The placeholder.
    public init(submit: String, terms: String, title: String, usernamePlaceholder: String) {
        self.submit = submit
        self.terms = terms
        self.title = title
        self.usernamePlaceholder = usernamePlaceholder
    }
}

/// `setup.response` when a new account must be registered. `leadToken` is secret.
public struct RegistrationRequired: Codable, Hashable, Sendable {
    /// What to show on the registration screen.
    public var copy: RegistrationRequiredCopy
    /// Passed to `register` (secret: shown as "***" in descriptions).
    public var leadToken: String
    /// Always true here.
    public var registrationRequired: Bool
    /// Passed to `register`.
    public var setupRequestID: String
    /// Usernames the server suggests.
    public var usernameSuggestions: [String]?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - copy: The screen's copy.
    ///   - leadToken: The lead token.
    ///   - registrationRequired: True.
    ///   - setupRequestID: The sign-in's id.
    ///   - usernameSuggestions: Suggested usernames.
    public init(copy: RegistrationRequiredCopy, leadToken: String, registrationRequired: Bool = true,
                setupRequestID: String, usernameSuggestions: [String]? = nil) {
        self.copy = copy
        self.leadToken = leadToken
        self.registrationRequired = registrationRequired
        self.setupRequestID = setupRequestID
        self.usernameSuggestions = usernameSuggestions
    }
}

/// The answer of `setup.response`: signed in, or an account to register.
public enum SetupResponseResponse: Codable, Hashable, Sendable {
    /// An existing account: signed in, the token adopted.
    case success(SignInSuccess)
    /// A new account: call `register` with these.
    case registrationRequired(RegistrationRequired)

    private enum Keys: String, CodingKey { case registrationRequired }

    /// Decodes either answer, by its `registrationRequired` flag.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when neither shape fits.
    public init(from decoder: Decoder) throws {
        let flag = try decoder.container(keyedBy: Keys.self)
            .decodeIfPresent(Bool.self, forKey: .registrationRequired)
        if flag == true {
            self = .registrationRequired(try RegistrationRequired(from: decoder))
        } else {
            self = .success(try SignInSuccess(from: decoder))
        }
    }

    /// Encodes the answer as the server sent it.
    /// - Parameter encoder: The encoder.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .success(let value): try value.encode(to: encoder)
        case .registrationRequired(let value): try value.encode(to: encoder)
        }
    }
}

/// `{session}`: the answer of `recoveryKey.verify` and `recoveryKey.reset.confirm`.
public struct SessionResponse: Codable, Hashable, Sendable {
    /// The Session afterwards.
    public var session: Session

    /// Makes one from its Session.
    /// - Parameter session: The Session.
    public init(session: Session) {
        self.session = session
    }
}

/// The answer of `recoveryKey.reset.create`: a new recovery key (show it once, then confirm it).
public struct RecoveryKeyCreated: Codable, Hashable, Sendable {
    /// The new key (secret: shown as "***" in descriptions).
    public var recoveryKey: String
    /// The Session afterwards.
    public var session: Session

    /// Makes one from its fields.
    /// - Parameters:
    ///   - recoveryKey: The new key.
    ///   - session: The Session.
    public init(recoveryKey: String, session: Session) {
        self.recoveryKey = recoveryKey
        self.session = session
    }
}

/// The answer of `verifications.list`.
public struct VerificationList: Codable, Hashable, Sendable {
    /// The verifications.
    public var items: [Verification]

    /// Makes one from its items.
    /// - Parameter items: The verifications.
    public init(items: [Verification]) {
        self.items = items
    }
}

/// `{session, verification?}`: the answer of every verification action.
public struct VerificationResponse: Codable, Hashable, Sendable {
    /// The Session afterwards.
    public var session: Session
    /// The verification afterwards.
    public var verification: Verification?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - session: The Session.
    ///   - verification: The verification.
    public init(session: Session, verification: Verification? = nil) {
        self.session = session
        self.verification = verification
    }
}

/// What the app should do now, from ``SetupResource/nextStep(_:)``.
public struct NextStep: Codable, Hashable, Sendable {
    /// The step: sign in, wait, verify, enter or create a recovery key, done.
    public var step: Step
    /// The Session's state it was made from.
    public var state: SetupState
    /// A sentence to show the user.
    public var message: String
    /// For `.verifyDevice`: the verification to act on.
    public var verificationID: String?
    /// For `.verifyDevice`: the call to make next, or what to show.
    public var action: NextAction?
    /// For `.compareEmojis`: the emojis, as the server sends them.
    public var emojis: String?
    /// For `.compareEmojis`: the numbers, as the server sends them.
    public var decimals: String?
    /// For a QR verification: the code's content to show.
    public var qrData: String?

    /// The emojis one by one, to lay out (empty unless comparing).
    public var emojiList: [String] { splitEmojis(emojis ?? "") }
    /// The numbers one by one (empty unless comparing).
    public var decimalValues: [Int] { splitDecimals(decimals) }

    /// Makes one from its fields.
    /// - Parameters:
    ///   - step: The step.
    ///   - state: The Session's state.
    ///   - message: A sentence to show.
    ///   - verificationID: The verification to act on.
    ///   - action: The call to make next.
    ///   - emojis: The emojis to compare.
    ///   - decimals: The numbers to compare.
    ///   - qrData: The QR code's content.
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

/// The client's effective settings (``BeeperSetupClient/settings``): the environment and
/// defaults applied. Never the token.
public struct ClientSettings: Codable, Hashable, Sendable {
    /// The server.
    public var baseURL: String
    /// Seconds per request.
    public var timeout: TimeInterval
    /// Seconds to connect.
    public var connectTimeout: TimeInterval
    /// Retries after the first attempt.
    public var maxRetries: Int
    /// The User-Agent sent.
    public var userAgent: String
    /// Whether sign-in and register keep the token they return.
    public var adoptAccessToken: Bool
    /// Whether the client holds a token.
    public var hasAccessToken: Bool

    /// Makes one from its fields.
    /// - Parameters:
    ///   - baseURL: The server.
    ///   - timeout: Seconds per request.
    ///   - connectTimeout: Seconds to connect.
    ///   - maxRetries: Retries after the first attempt.
    ///   - userAgent: The User-Agent.
    ///   - adoptAccessToken: Whether sign-in keeps the token.
    ///   - hasAccessToken: Whether a token is held.
    public init(baseURL: String, timeout: TimeInterval = 30, connectTimeout: TimeInterval = 5, maxRetries: Int = 2,
                userAgent: String = "", adoptAccessToken: Bool = true, hasAccessToken: Bool = false) {
        self.baseURL = baseURL
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxRetries = maxRetries
        self.userAgent = userAgent
        self.adoptAccessToken = adoptAccessToken
        self.hasAccessToken = hasAccessToken
    }

    private enum CodingKeys: String, CodingKey {
        case baseURL, timeout = "timeoutMs", connectTimeout = "connectTimeoutMs", maxRetries
        case userAgent, adoptAccessToken, hasAccessToken
    }

    /// Decodes the library's form (times in milliseconds).
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for a missing field or a wrong type.
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

    /// Encodes the library's form (times in milliseconds).
    /// - Parameter encoder: The encoder.
    /// - Throws: What the encoder throws.
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
    /// The fields, the secret one as "***".
    public var description: String { describe(Self.self, shownFields) }
    /// The fields, the secret one as "***".
    public var debugDescription: String { description }
    /// The fields for `dump` and `Mirror`, the secret one as "***".
    public var customMirror: Mirror { Mirror(self, children: shownFields) }
}

extension RegistrationRequired: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var shownFields: KeyValuePairs<String, Any> {
        ["copy": copy, "leadToken": hidden, "registrationRequired": registrationRequired,
         "setupRequestID": setupRequestID, "usernameSuggestions": usernameSuggestions as Any]
    }
    /// The fields, the secret one as "***".
    public var description: String { describe(Self.self, shownFields) }
    /// The fields, the secret one as "***".
    public var debugDescription: String { description }
    /// The fields for `dump` and `Mirror`, the secret one as "***".
    public var customMirror: Mirror { Mirror(self, children: shownFields) }
}

extension RecoveryKeyCreated: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var shownFields: KeyValuePairs<String, Any> { ["recoveryKey": hidden, "session": session] }
    /// The fields, the secret one as "***".
    public var description: String { describe(Self.self, shownFields) }
    /// The fields, the secret one as "***".
    public var debugDescription: String { description }
    /// The fields for `dump` and `Mirror`, the secret one as "***".
    public var customMirror: Mirror { Mirror(self, children: shownFields) }
}
