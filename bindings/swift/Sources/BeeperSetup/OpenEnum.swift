/// A string enum of the API that a newer server may extend: a value this version does not
/// know decodes as `.unknown(value)` instead of failing, and encodes back unchanged.
/// Equality and hashing follow the wire value.
public protocol OpenEnum: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible
where RawValue == String {
    /// The cases this version knows.
    static var knownCases: [Self] { get }
    static func unknown(_ value: String) -> Self
}

extension OpenEnum {
    public init(rawValue: String) {
        self = Self.parse(rawValue)
    }

    private static func parse(_ value: String) -> Self {
        knownCases.first { $0.rawValue == value } ?? unknown(value)
    }

    public init(from decoder: Decoder) throws {
        self = Self.parse(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

/// The setup state of a Session.
public enum SetupState: OpenEnum {
    case needsLogin, initializing, needsCrossSigningSetup, needsVerification, needsSecrets
    case needsFirstSync, ready
    case unknown(String)

    public static let knownCases: [SetupState] = [.needsLogin, .initializing, .needsCrossSigningSetup, .needsVerification, .needsSecrets, .needsFirstSync, .ready]

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
    case requested, ready, sasReady, qrScanned, done, cancelled, error
    case unknown(String)

    public static let knownCases: [VerificationState] = [.requested, .ready, .sasReady, .qrScanned, .done, .cancelled, .error]

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
    case accept, cancel, qrConfirmScanned, sasStart, sasConfirm
    case unknown(String)

    public static let knownCases: [VerificationAction] = [.accept, .cancel, .qrConfirmScanned, .sasStart, .sasConfirm]

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
    case qr, sas
    case unknown(String)

    public static let knownCases: [VerificationMethod] = [.qr, .sas]

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
    case login, device
    case unknown(String)

    public static let knownCases: [VerificationPurpose] = [.login, .device]

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
    case incoming, outgoing
    case unknown(String)

    public static let knownCases: [VerificationDirection] = [.incoming, .outgoing]

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
    case signIn, wait, verifyDevice, enterRecoveryKey, createRecoveryKey, done
    /// Also what the library answers for a state it cannot place ("unknown").
    case unknown(String)

    public static let knownCases: [Step] = [.signIn, .wait, .verifyDevice, .enterRecoveryKey, .createRecoveryKey, .done]

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
    case create, accept, sasStart, compareEmojis, qrConfirmScanned, waitForOtherDevice
    case unknown(String)

    public static let knownCases: [NextAction] = [.create, .accept, .sasStart, .compareEmojis, .qrConfirmScanned, .waitForOtherDevice]

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
