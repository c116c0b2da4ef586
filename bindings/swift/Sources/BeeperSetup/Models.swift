// Generated from src/api/models.rs by `make generate`: do not edit.
// `cargo test --workspace` fails when it is out of date.

import Foundation

// The API's results. Property names are the wire names (camelCase), so Codable needs no keys;
// fields a newer server adds are ignored, and enum values it adds decode as `.unknown`. Types
// holding a secret (an access token, a lead token, a recovery key) show it as "***" in
// description, debugDescription and reflection (dump, Mirror). Every type has a memberwise
// initializer, so that tests and previews can make one without JSON. The library's answers are
// read by `init(wire:)` (below, over WireDecoding.swift), which reads what `Decodable` reads, by
// the same rules.

/// Where the sign-in and encryption setup stands.
public enum SetupState: OpenEnum {
    /// Nobody is signed in: sign in by email.
    case needsLogin
    /// The app is starting up or applying a change: wait.
    case initializing
    /// The account needs its cross-signing identity: create a recovery key.
    case needsCrossSigningSetup
    /// Verify this device from another one, or with the recovery key.
    case needsVerification
    /// The keys are missing: enter the recovery key.
    case needsSecrets
    /// Encrypted messages are syncing for the first time: wait.
    case needsFirstSync
    /// Setup is complete.
    case ready
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [SetupState] = [.needsLogin, .initializing, .needsCrossSigningSetup, .needsVerification, .needsSecrets, .needsFirstSync, .ready]

    /// The value as the server sends it.
    public var rawValue: String {
        switch self {
        case .needsLogin: "needs-login"
        case .initializing: "initializing"
        case .needsCrossSigningSetup: "needs-cross-signing-setup"
        case .needsVerification: "needs-verification"
        case .needsSecrets: "needs-secrets"
        case .needsFirstSync: "needs-first-sync"
        case .ready: "ready"
        case .unknown(let value): value
        }
    }
}

/// Where a device verification stands.
public enum DeviceVerificationState: OpenEnum {
    /// Asked, not yet accepted.
    case requested
    /// Accepted by both sides: start a method (the emoji comparison, or a QR code).
    case ready
    /// The emojis are ready to compare.
    case sasReady
    /// A QR code was scanned: confirm it on the device that showed it.
    case qrScanned
    /// Verified.
    case done
    /// Cancelled by either side.
    case cancelled
    /// Failed.
    case error
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [DeviceVerificationState] = [.requested, .ready, .sasReady, .qrScanned, .done, .cancelled, .error]

    /// The value as the server sends it.
    public var rawValue: String {
        switch self {
        case .requested: "requested"
        case .ready: "ready"
        case .sasReady: "sas_ready"
        case .qrScanned: "qr_scanned"
        case .done: "done"
        case .cancelled: "cancelled"
        case .error: "error"
        case .unknown(let value): value
        }
    }
}

/// Something the app may do next with a verification.
public enum VerificationAction: OpenEnum {
    /// Accept an incoming request (`verifications.accept`).
    case accept
    /// Cancel the verification (`verifications.cancel`).
    case cancel
    /// Confirm that the other device scanned this device's QR code (`verifications.qr.confirmScanned`).
    case qrConfirmScanned
    /// Start the emoji comparison (`verifications.sas.start`).
    case sasStart
    /// Confirm that the emojis match (`verifications.sas.confirm`).
    case sasConfirm
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [VerificationAction] = [.accept, .cancel, .qrConfirmScanned, .sasStart, .sasConfirm]

    /// The value as the server sends it.
    public var rawValue: String {
        switch self {
        case .accept: "accept"
        case .cancel: "cancel"
        case .qrConfirmScanned: "qr.confirmScanned"
        case .sasStart: "sas.start"
        case .sasConfirm: "sas.confirm"
        case .unknown(let value): value
        }
    }
}

/// Who started a verification.
public enum VerificationDirection: OpenEnum {
    /// The other device asked.
    case incoming
    /// This device asked.
    case outgoing
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [VerificationDirection] = [.incoming, .outgoing]

    /// The value as the server sends it.
    public var rawValue: String {
        switch self {
        case .incoming: "incoming"
        case .outgoing: "outgoing"
        case .unknown(let value): value
        }
    }
}

/// A way to compare devices.
public enum VerificationMethod: OpenEnum {
    /// Show or scan a QR code.
    case qr
    /// Compare emojis (short authentication string).
    case sas
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [VerificationMethod] = [.qr, .sas]

    /// The value as the server sends it.
    public var rawValue: String {
        switch self {
        case .qr: "qr"
        case .sas: "sas"
        case .unknown(let value): value
        }
    }
}

/// Why a verification exists.
public enum VerificationPurpose: OpenEnum {
    /// Verify this device, after signing in on it.
    case login
    /// Verify another device of the account.
    case device
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [VerificationPurpose] = [.login, .device]

    /// The value as the server sends it.
    public var rawValue: String {
        switch self {
        case .login: "login"
        case .device: "device"
        case .unknown(let value): value
        }
    }
}

/// Which encryption keys this device has.
public struct E2EESecrets: Codable, Hashable, Sendable {
    /// The account identity key is available.
    public var masterKey: Bool
    /// The message backup key is available.
    public var megolmBackupKey: Bool
    /// A recovery key is available.
    public var recoveryKey: Bool
    /// The device trust key is available.
    public var selfSigningKey: Bool
    /// The user trust key is available.
    public var userSigningKey: Bool

    /// Makes one from its fields.
    /// - Parameters:
    ///   - masterKey: The account identity key is available.
    ///   - megolmBackupKey: The message backup key is available.
    ///   - recoveryKey: A recovery key is available.
    ///   - selfSigningKey: The device trust key is available.
    ///   - userSigningKey: The user trust key is available.
    public init(
        masterKey: Bool = false,
        megolmBackupKey: Bool = false,
        recoveryKey: Bool = false,
        selfSigningKey: Bool = false,
        userSigningKey: Bool = false
    ) {
        self.masterKey = masterKey
        self.megolmBackupKey = megolmBackupKey
        self.recoveryKey = recoveryKey
        self.selfSigningKey = selfSigningKey
        self.userSigningKey = userSigningKey
    }
}

/// Encryption setup status.
public struct E2EE: Codable, Hashable, Sendable {
    /// This account can verify trusted devices.
    public var crossSigning: Bool
    /// The first encrypted sync is complete.
    public var firstSyncDone: Bool
    /// The user confirmed saving the recovery key.
    public var hasBackedUpRecoveryKey: Bool
    /// Encryption setup has started.
    public var initialized: Bool
    /// Encrypted message backup is available.
    public var keyBackup: Bool
    /// The keys available on this device.
    public var secrets: E2EESecrets
    /// Secure key storage is available.
    public var secretStorage: Bool
    /// This device is trusted.
    public var verified: Bool
    /// When the recovery key was created (seconds since 1970).
    public var recoveryKeyGeneratedAt: Date?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - crossSigning: This account can verify trusted devices.
    ///   - firstSyncDone: The first encrypted sync is complete.
    ///   - hasBackedUpRecoveryKey: The user confirmed saving the recovery key.
    ///   - initialized: Encryption setup has started.
    ///   - keyBackup: Encrypted message backup is available.
    ///   - secrets: The keys available on this device.
    ///   - secretStorage: Secure key storage is available.
    ///   - verified: This device is trusted.
    ///   - recoveryKeyGeneratedAt: When the recovery key was created (seconds since 1970).
    public init(
        crossSigning: Bool = false,
        firstSyncDone: Bool = false,
        hasBackedUpRecoveryKey: Bool = false,
        initialized: Bool = false,
        keyBackup: Bool = false,
        secrets: E2EESecrets = E2EESecrets(),
        secretStorage: Bool = false,
        verified: Bool = false,
        recoveryKeyGeneratedAt: Date? = nil
    ) {
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
        case crossSigning, firstSyncDone, hasBackedUpRecoveryKey, initialized, keyBackup, secrets, secretStorage, verified, recoveryKeyGeneratedAt
    }

    /// Decodes the wire form; times are read as seconds since 1970 whatever the decoder's
    /// date strategy.
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

    /// Encodes the wire form (times as seconds since 1970).
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

/// The signed-in account (no token). Missing until sign-in is complete.
public struct Matrix: Codable, Hashable, Sendable {
    /// This device's ID.
    public var deviceID: String
    /// The account's homeserver URL.
    public var homeserver: String
    /// The account's user ID, e.g. "@me:beeper.com".
    public var userID: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - deviceID: This device's ID.
    ///   - homeserver: The account's homeserver URL.
    ///   - userID: The account's user ID, e.g. "@me:beeper.com".
    public init(deviceID: String, homeserver: String, userID: String) {
        self.deviceID = deviceID
        self.homeserver = homeserver
        self.userID = userID
    }
}

/// The account credentials, returned once at sign-in or register.
public struct Credentials: Codable, Hashable, Sendable {
    /// The Bearer token for later calls (secret: never shown in descriptions).
    public var accessToken: String
    /// This device's ID.
    public var deviceID: String
    /// The account's homeserver URL.
    public var homeserver: String
    /// The account's user ID, e.g. "@me:beeper.com".
    public var userID: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - accessToken: The Bearer token for later calls (secret: never shown in descriptions).
    ///   - deviceID: This device's ID.
    ///   - homeserver: The account's homeserver URL.
    ///   - userID: The account's user ID, e.g. "@me:beeper.com".
    public init(accessToken: String, deviceID: String, homeserver: String, userID: String) {
        self.accessToken = accessToken
        self.deviceID = deviceID
        self.homeserver = homeserver
        self.userID = userID
    }
}

/// Why a verification was cancelled or failed.
public struct VerificationError: Codable, Hashable, Sendable {
    /// A machine-readable code, e.g. "m.user".
    public var code: String
    /// A user-facing reason.
    public var reason: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - code: A machine-readable code, e.g. "m.user".
    ///   - reason: A user-facing reason.
    public init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }
}

/// The other device in a verification.
public struct VerificationOtherDevice: Codable, Hashable, Sendable, Identifiable {
    /// Its device ID.
    public var id: String
    /// Its display name, when known.
    public var name: String?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - id: Its device ID.
    ///   - name: Its display name, when known.
    public init(id: String, name: String? = nil) {
        self.id = id
        self.name = name
    }
}

/// A QR payload.
public struct VerificationQR: Codable, Hashable, Sendable {
    /// The payload to render as a QR code (or that the other device shows).
    public var data: String

    /// Makes one from its fields.
    /// - Parameter data: The payload to render as a QR code (or that the other device shows).
    public init(data: String) {
        self.data = data
    }
}

/// The short authentication string: what both devices show to compare.
public struct VerificationSAS: Codable, Hashable, Sendable {
    /// The emojis to compare, as one string.
    public var emojis: String
    /// The same as numbers, as one string, e.g. "1234 5678 9012".
    public var decimals: String?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - emojis: The emojis to compare, as one string.
    ///   - decimals: The same as numbers, as one string, e.g. "1234 5678 9012".
    public init(emojis: String, decimals: String? = nil) {
        self.emojis = emojis
        self.decimals = decimals
    }
}

/// A device verification and its progress.
public struct Verification: Codable, Hashable, Sendable, Identifiable {
    /// The id to use in verification paths.
    public var id: String
    /// Exactly the actions valid now.
    public var availableActions: [VerificationAction]
    /// Who asked.
    public var direction: VerificationDirection
    /// The methods both sides support.
    public var methods: [VerificationMethod]
    /// Why it exists.
    public var purpose: VerificationPurpose
    /// Where it stands.
    public var state: DeviceVerificationState
    /// Why it was cancelled or failed.
    public var error: VerificationError?
    /// The other device, once known.
    public var otherDevice: VerificationOtherDevice?
    /// The other user's ID, when it is not this account.
    public var otherUserID: String?
    /// This device's QR payload, for the other device to scan.
    public var qr: VerificationQR?
    /// The emojis (and numbers) to compare, once both devices have them.
    public var sas: VerificationSAS?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - id: The id to use in verification paths.
    ///   - availableActions: Exactly the actions valid now.
    ///   - direction: Who asked.
    ///   - methods: The methods both sides support.
    ///   - purpose: Why it exists.
    ///   - state: Where it stands.
    ///   - error: Why it was cancelled or failed.
    ///   - otherDevice: The other device, once known.
    ///   - otherUserID: The other user's ID, when it is not this account.
    ///   - qr: This device's QR payload, for the other device to scan.
    ///   - sas: The emojis (and numbers) to compare, once both devices have them.
    public init(
        id: String,
        availableActions: [VerificationAction] = [],
        direction: VerificationDirection = .outgoing,
        methods: [VerificationMethod] = [.sas],
        purpose: VerificationPurpose = .login,
        state: DeviceVerificationState = .requested,
        error: VerificationError? = nil,
        otherDevice: VerificationOtherDevice? = nil,
        otherUserID: String? = nil,
        qr: VerificationQR? = nil,
        sas: VerificationSAS? = nil
    ) {
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

/// The setup state: `setup.retrieve`, and `session` in most responses.
public struct SetupSession: Codable, Hashable, Sendable {
    /// Encryption setup status.
    public var e2ee: E2EE
    /// Where the setup stands.
    public var state: SetupState
    /// The signed-in account, once sign-in is complete.
    public var matrix: Matrix?
    /// The verification in progress, if any.
    public var verification: Verification?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - e2ee: Encryption setup status.
    ///   - state: Where the setup stands.
    ///   - matrix: The signed-in account, once sign-in is complete.
    ///   - verification: The verification in progress, if any.
    public init(
        e2ee: E2EE = E2EE(),
        state: SetupState,
        matrix: Matrix? = nil,
        verification: Verification? = nil
    ) {
        self.e2ee = e2ee
        self.state = state
        self.matrix = matrix
        self.verification = verification
    }
}

/// `setup.start`: the id that ties the sign-in steps together.
public struct SetupStartResponse: Codable, Hashable, Sendable {
    /// Pass this to the next sign-in step.
    public var setupRequestID: String
    /// The sign-in methods on offer, e.g. ["email"].
    public var signInMethods: [String]

    /// Makes one from its fields.
    /// - Parameters:
    ///   - setupRequestID: Pass this to the next sign-in step.
    ///   - signInMethods: The sign-in methods on offer, e.g. ["email"].
    public init(setupRequestID: String, signInMethods: [String] = ["email"]) {
        self.setupRequestID = setupRequestID
        self.signInMethods = signInMethods
    }
}

/// Signed in: the credentials and the new session.
public struct SignInSuccess: Codable, Hashable, Sendable {
    /// The credentials (returned once; the client adopts the token).
    public var matrix: Credentials
    /// The session after sign-in.
    public var session: SetupSession

    /// Makes one from its fields.
    /// - Parameters:
    ///   - matrix: The credentials (returned once; the client adopts the token).
    ///   - session: The session after sign-in.
    public init(matrix: Credentials, session: SetupSession) {
        self.matrix = matrix
        self.session = session
    }
}

/// The texts of the account creation screen.
public struct RegistrationRequiredCopy: Codable, Hashable, Sendable {
    /// The submit button's label.
    public var submit: String
    /// The terms the user accepts.
    public var terms: String
    /// The screen's title.
    public var title: String
    /// The username field's placeholder.
    public var usernamePlaceholder: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - submit: The submit button's label.
    ///   - terms: The terms the user accepts.
    ///   - title: The screen's title.
    ///   - usernamePlaceholder: The username field's placeholder.
    public init(submit: String, terms: String, title: String, usernamePlaceholder: String) {
        self.submit = submit
        self.terms = terms
        self.title = title
        self.usernamePlaceholder = usernamePlaceholder
    }
}

/// A new account is needed: call `register` with the lead token and a username.
public struct RegistrationRequired: Codable, Hashable, Sendable {
    /// Text to show: title, placeholder, terms, submit label.
    public var copy: RegistrationRequiredCopy
    /// Pass to `register` (secret: never shown in descriptions).
    public var leadToken: String
    /// Always true; tells this answer apart.
    public var registrationRequired: Bool
    /// Pass to `register`.
    public var setupRequestID: String
    /// Usernames to offer.
    public var usernameSuggestions: [String]?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - copy: Text to show: title, placeholder, terms, submit label.
    ///   - leadToken: Pass to `register` (secret: never shown in descriptions).
    ///   - registrationRequired: Always true; tells this answer apart.
    ///   - setupRequestID: Pass to `register`.
    ///   - usernameSuggestions: Usernames to offer.
    public init(
        copy: RegistrationRequiredCopy,
        leadToken: String,
        registrationRequired: Bool = true,
        setupRequestID: String,
        usernameSuggestions: [String]? = nil
    ) {
        self.copy = copy
        self.leadToken = leadToken
        self.registrationRequired = registrationRequired
        self.setupRequestID = setupRequestID
        self.usernameSuggestions = usernameSuggestions
    }
}

/// `setup.response`: signed in, or a new account must be registered.
public enum SignInResponse: Codable, Hashable, Sendable {
    /// A new account is needed: call `register` with the lead token and a username.
    case registrationRequired(RegistrationRequired)
    /// Signed in.
    case success(SignInSuccess)

    private enum Keys: String, CodingKey { case registrationRequired }

    /// Decodes either answer, by its `registrationRequired` flag.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when neither shape fits.
    public init(from decoder: Decoder) throws {
        let flag = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Bool.self, forKey: .registrationRequired)
        self = flag == true ? .registrationRequired(try RegistrationRequired(from: decoder)) : .success(try SignInSuccess(from: decoder))
    }

    /// Encodes the answer as the server sent it.
    /// - Parameter encoder: The encoder.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: Encoder) throws {
        switch self {
        case .registrationRequired(let value): try value.encode(to: encoder)
        case .success(let value): try value.encode(to: encoder)
        }
    }
}

/// A response that carries only the session.
public struct SessionResponse: Codable, Hashable, Sendable {
    /// The session after the call.
    public var session: SetupSession

    /// Makes one from its fields.
    /// - Parameter session: The session after the call.
    public init(session: SetupSession) {
        self.session = session
    }
}

/// `recoveryKey.reset.create`: the new key (show it once, then confirm it) and the session.
public struct RecoveryKeyCreated: Codable, Hashable, Sendable {
    /// The new recovery key (secret: never shown in descriptions).
    public var recoveryKey: String
    /// The session after the call.
    public var session: SetupSession

    /// Makes one from its fields.
    /// - Parameters:
    ///   - recoveryKey: The new recovery key (secret: never shown in descriptions).
    ///   - session: The session after the call.
    public init(recoveryKey: String, session: SetupSession) {
        self.recoveryKey = recoveryKey
        self.session = session
    }
}

/// `verifications.list`.
public struct VerificationList: Codable, Hashable, Sendable {
    /// The active verifications.
    public var items: [Verification]

    /// Makes one from its fields.
    /// - Parameter items: The active verifications.
    public init(items: [Verification] = []) {
        self.items = items
    }
}

/// A verification call's answer: the session and the verification, if any.
public struct VerificationResponse: Codable, Hashable, Sendable {
    /// The session after the call.
    public var session: SetupSession
    /// The verification after the call.
    public var verification: Verification?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - session: The session after the call.
    ///   - verification: The verification after the call.
    public init(session: SetupSession, verification: Verification? = nil) {
        self.session = session
        self.verification = verification
    }
}

// MARK: - Former names

/// The former name of ``SignInResponse``.
@available(*, deprecated, renamed: "SignInResponse")
public typealias SetupResponseResponse = SignInResponse

// MARK: - Reading the library's answers

extension SetupState: WireDecodable {}

extension DeviceVerificationState: WireDecodable {}

extension VerificationAction: WireDecodable {}

extension VerificationDirection: WireDecodable {}

extension VerificationMethod: WireDecodable {}

extension VerificationPurpose: WireDecodable {}

extension E2EESecrets: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            masterKey: try o.required("masterKey"),
            megolmBackupKey: try o.required("megolmBackupKey"),
            recoveryKey: try o.required("recoveryKey"),
            selfSigningKey: try o.required("selfSigningKey"),
            userSigningKey: try o.required("userSigningKey")
        )
    }
}

extension E2EE: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            crossSigning: try o.required("crossSigning"),
            firstSyncDone: try o.required("firstSyncDone"),
            hasBackedUpRecoveryKey: try o.required("hasBackedUpRecoveryKey"),
            initialized: try o.required("initialized"),
            keyBackup: try o.required("keyBackup"),
            secrets: try o.required("secrets"),
            secretStorage: try o.required("secretStorage"),
            verified: try o.required("verified"),
            recoveryKeyGeneratedAt: try o.optional("recoveryKeyGeneratedAt", as: Double.self).map(Date.init(timeIntervalSince1970:))
        )
    }
}

extension Matrix: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            deviceID: try o.required("deviceID"),
            homeserver: try o.required("homeserver"),
            userID: try o.required("userID")
        )
    }
}

extension Credentials: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            accessToken: try o.required("accessToken"),
            deviceID: try o.required("deviceID"),
            homeserver: try o.required("homeserver"),
            userID: try o.required("userID")
        )
    }
}

extension VerificationError: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            code: try o.required("code"),
            reason: try o.required("reason")
        )
    }
}

extension VerificationOtherDevice: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            id: try o.required("id"),
            name: try o.optional("name")
        )
    }
}

extension VerificationQR: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            data: try o.required("data")
        )
    }
}

extension VerificationSAS: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            emojis: try o.required("emojis"),
            decimals: try o.optional("decimals")
        )
    }
}

extension Verification: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            id: try o.required("id"),
            availableActions: try o.required("availableActions"),
            direction: try o.required("direction"),
            methods: try o.required("methods"),
            purpose: try o.required("purpose"),
            state: try o.required("state"),
            error: try o.optional("error"),
            otherDevice: try o.optional("otherDevice"),
            otherUserID: try o.optional("otherUserID"),
            qr: try o.optional("qr"),
            sas: try o.optional("sas")
        )
    }
}

extension SetupSession: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            e2ee: try o.required("e2ee"),
            state: try o.required("state"),
            matrix: try o.optional("matrix"),
            verification: try o.optional("verification")
        )
    }
}

extension SetupStartResponse: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            setupRequestID: try o.required("setupRequestID"),
            signInMethods: try o.required("signInMethods")
        )
    }
}

extension SignInSuccess: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            matrix: try o.required("matrix"),
            session: try o.required("session")
        )
    }
}

extension RegistrationRequiredCopy: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            submit: try o.required("submit"),
            terms: try o.required("terms"),
            title: try o.required("title"),
            usernamePlaceholder: try o.required("usernamePlaceholder")
        )
    }
}

extension RegistrationRequired: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            copy: try o.required("copy"),
            leadToken: try o.required("leadToken"),
            registrationRequired: try o.required("registrationRequired"),
            setupRequestID: try o.required("setupRequestID"),
            usernameSuggestions: try o.optional("usernameSuggestions")
        )
    }
}

extension SignInResponse: WireDecodable {
    /// By the `registrationRequired` flag, as its `Decodable` init.
    init(wire: Wire) throws {
        if try wire.object().optional("registrationRequired", as: Bool.self) == true {
            self = .registrationRequired(try RegistrationRequired(wire: wire))
        } else {
            self = .success(try SignInSuccess(wire: wire))
        }
    }
}

extension SessionResponse: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            session: try o.required("session")
        )
    }
}

extension RecoveryKeyCreated: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            recoveryKey: try o.required("recoveryKey"),
            session: try o.required("session")
        )
    }
}

extension VerificationList: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            items: try o.required("items")
        )
    }
}

extension VerificationResponse: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            session: try o.required("session"),
            verification: try o.optional("verification")
        )
    }
}

// MARK: - Secrets stay out of descriptions

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
        ["copy": copy, "leadToken": hidden, "registrationRequired": registrationRequired, "setupRequestID": setupRequestID, "usernameSuggestions": usernameSuggestions as Any]
    }
    /// The fields, the secret one as "***".
    public var description: String { describe(Self.self, shownFields) }
    /// The fields, the secret one as "***".
    public var debugDescription: String { description }
    /// The fields for `dump` and `Mirror`, the secret one as "***".
    public var customMirror: Mirror { Mirror(self, children: shownFields) }
}

extension RecoveryKeyCreated: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private var shownFields: KeyValuePairs<String, Any> {
        ["recoveryKey": hidden, "session": session]
    }
    /// The fields, the secret one as "***".
    public var description: String { describe(Self.self, shownFields) }
    /// The fields, the secret one as "***".
    public var debugDescription: String { description }
    /// The fields for `dump` and `Mirror`, the secret one as "***".
    public var customMirror: Mirror { Mirror(self, children: shownFields) }
}

private let hidden = "***"

/// "Type(name: value, ...)" from fields whose secret values are already masked.
private func describe(_ type: Any.Type, _ fields: KeyValuePairs<String, Any>) -> String {
    let shown = fields.map { "\($0.key): \(String(reflecting: $0.value))" }
    return "\(type)(\(shown.joined(separator: ", ")))"
}
