/// A string enum of the API that a newer server may extend: a value this version does not
/// know decodes as `.unknown(value)` instead of failing, and encodes back unchanged.
/// Equality and hashing follow the wire value.
///
/// `allCases` (CaseIterable) lists the cases this version knows, never `.unknown`.
public protocol OpenEnum: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, CaseIterable
where RawValue == String, AllCases == [Self] {
    /// A value this version does not know, as sent.
    /// - Parameter value: The wire value.
    /// - Returns: The `.unknown` case holding it.
    static func unknown(_ value: String) -> Self
}

extension OpenEnum {
    /// The case of a wire value; `.unknown(rawValue)` for one this version does not know.
    /// - Parameter rawValue: The wire value.
    public init(rawValue: String) {
        self = Self.parse(rawValue)
    }

    static func parse(_ value: String) -> Self {
        allCases.first { $0.rawValue == value } ?? unknown(value)
    }

    /// Decodes the wire string; never fails on a value this version does not know.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when the value is not a string.
    public init(from decoder: Decoder) throws {
        self = Self.parse(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the wire string.
    /// - Parameter encoder: The encoder.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The wire value.
    public var description: String { rawValue }
}

/// The setup state of a Session.
public enum SetupState: OpenEnum {
    /// Not signed in: sign in by email (``Step/signIn``).
    case needsLogin
    /// The server is setting up encryption: wait.
    case initializing
    /// Cross-signing must be set up: create a recovery key.
    case needsCrossSigningSetup
    /// This device must be verified from another one, or with the recovery key.
    case needsVerification
    /// The keys are missing: enter the recovery key.
    case needsSecrets
    /// Signed in and verified; the first sync is running: wait.
    case needsFirstSync
    /// Done: the device is set up.
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

/// The state of a device verification.
public enum VerificationState: OpenEnum {
    /// Asked for; the other device has not answered.
    case requested
    /// Both devices are in: choose a method (start the emoji comparison, or show or scan a QR code).
    case ready
    /// The emojis are there to compare (``Verification/sas``).
    case sasReady
    /// A QR code was scanned; confirm on the device that showed it.
    case qrScanned
    /// Verified.
    case done
    /// Cancelled by either device (see ``Verification/error``).
    case cancelled
    /// Failed (see ``Verification/error``).
    case error
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [VerificationState] = [.requested, .ready, .sasReady, .qrScanned, .done, .cancelled, .error]

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

/// An action a verification offers now (`availableActions`).
public enum VerificationAction: OpenEnum {
    /// ``VerificationsResource/accept(verificationID:options:)``.
    case accept
    /// ``VerificationsResource/cancel(verificationID:code:reason:options:)``.
    case cancel
    /// ``VerificationsResource/QR/confirmScanned(verificationID:options:)``.
    case qrConfirmScanned
    /// ``VerificationsResource/SAS/start(verificationID:options:)``.
    case sasStart
    /// ``VerificationsResource/SAS/confirm(verificationID:options:)``.
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

/// A way to verify: by QR code or by comparing emojis (SAS).
public enum VerificationMethod: OpenEnum {
    /// Showing or scanning a QR code.
    case qr
    /// Comparing emojis (short authentication string).
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

/// Why a verification exists: signing in on this device, or verifying another device.
public enum VerificationPurpose: OpenEnum {
    /// Verifying this device, after signing in on it.
    case login
    /// Verifying another device of the account.
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

/// Who started a verification.
public enum VerificationDirection: OpenEnum {
    /// Started by the other device.
    case incoming
    /// Started by this device.
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

/// What the app should do now (`NextStep.step`).
public enum Step: OpenEnum {
    /// Sign in: `start`, `email`, `response` (and `register` for a new account).
    case signIn
    /// Nothing to do but wait: `wait(until: .ready)`.
    case wait
    /// Verify this device from another one: see ``NextStep/action``.
    case verifyDevice
    /// Ask for the recovery key: `recoveryKey.verify`.
    case enterRecoveryKey
    /// Make a recovery key: `recoveryKey.reset.create`, show it, then `confirm`.
    case createRecoveryKey
    /// The device is ready.
    case done
    /// Also what the library answers for a state it cannot place ("unknown").
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [Step] = [.signIn, .wait, .verifyDevice, .enterRecoveryKey, .createRecoveryKey, .done]

    /// The value as the server sends it.
    public var rawValue: String {
        switch self {
        case .signIn: "sign-in"
        case .wait: "wait"
        case .verifyDevice: "verify-device"
        case .enterRecoveryKey: "enter-recovery-key"
        case .createRecoveryKey: "create-recovery-key"
        case .done: "done"
        case .unknown(let value): value
        }
    }
}

/// For `Step.verifyDevice`: the verification call to make next, or what to show.
public enum NextAction: OpenEnum {
    /// Ask the other devices: `verifications.create`.
    case create
    /// Accept the other device's request: `verifications.accept`.
    case accept
    /// Start the emoji comparison: `verifications.sas.start`.
    case sasStart
    /// Show ``NextStep/emojiList`` and ask "do they match?"; if so `verifications.sas.confirm`, else `verifications.cancel`.
    case compareEmojis
    /// The other device scanned this one's code: `verifications.qr.confirmScanned`.
    case qrConfirmScanned
    /// The other device must act: `wait(verificationStates:)`.
    case waitForOtherDevice
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [NextAction] = [.create, .accept, .sasStart, .compareEmojis, .qrConfirmScanned, .waitForOtherDevice]

    /// The value as the server sends it.
    public var rawValue: String {
        switch self {
        case .create: "create"
        case .accept: "accept"
        case .sasStart: "sas.start"
        case .compareEmojis: "compare-emojis"
        case .qrConfirmScanned: "qr.confirmScanned"
        case .waitForOtherDevice: "wait-for-other-device"
        case .unknown(let value): value
        }
    }
}
