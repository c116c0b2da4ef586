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
