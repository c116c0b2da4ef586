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

    private static func parse(_ value: String) -> Self {
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
    case needsLogin, initializing, needsCrossSigningSetup, needsVerification, needsSecrets
    case needsFirstSync, ready
    case unknown(String)

    public static let allCases: [SetupState] = [.needsLogin, .initializing, .needsCrossSigningSetup, .needsVerification, .needsSecrets, .needsFirstSync, .ready]

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

    public static let allCases: [VerificationState] = [.requested, .ready, .sasReady, .qrScanned, .done, .cancelled, .error]

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

    public static let allCases: [VerificationAction] = [.accept, .cancel, .qrConfirmScanned, .sasStart, .sasConfirm]

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

    public static let allCases: [VerificationMethod] = [.qr, .sas]

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

    public static let allCases: [VerificationPurpose] = [.login, .device]

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

    public static let allCases: [VerificationDirection] = [.incoming, .outgoing]

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

    public static let allCases: [Step] = [.signIn, .wait, .verifyDevice, .enterRecoveryKey, .createRecoveryKey, .done]

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

    public static let allCases: [NextAction] = [.create, .accept, .sasStart, .compareEmojis, .qrConfirmScanned, .waitForOtherDevice]

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
