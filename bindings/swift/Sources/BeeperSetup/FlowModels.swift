// Generated from src/api/flow_models.rs by `make generate`: do not edit.
// `cargo test --workspace` fails when it is out of date.

import Foundation

// The library's own answers: what `nextStep` advises and what a watch yields. The library writes
// them and this version reads them, so their enums list the values this version writes (an
// enum's `unknown` also holds what the library writes as "unknown"). Initializers take the
// fields without a default first; a field with a default reads as it when it is missing. Their
// behaviour (`isDone`, `emojiList`, `Identifiable`, ...) is written beside them, in extensions.

/// What kind of screen the app should show now.
public enum Step: OpenEnum {
    /// Ask for the email address and sign in (`setup.start`, `email`, `response`, and `register` for a new
    /// account).
    case signIn
    /// Nothing to do but wait (`wait` until the state changes).
    case wait
    /// Verify this device from another one; `action` says how.
    case verifyDevice
    /// Ask for the recovery key (`recoveryKey.verify`).
    case enterRecoveryKey
    /// Create a recovery key and make the user save it (`recoveryKey.reset.create`, then `confirm`).
    case createRecoveryKey
    /// Setup is complete.
    case done
    /// A state this version does not know (`state` holds it), or a verification it cannot place.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [Step] = [.signIn, .wait, .verifyDevice, .enterRecoveryKey, .createRecoveryKey, .done]

    /// The value as the library sends it.
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

/// For `verify-device`: the verification call to make next, or what to show.
public enum NextAction: OpenEnum {
    /// Ask the other devices (`verifications.create`).
    case create
    /// Accept the other device's request (`verifications.accept`).
    case accept
    /// Start the emoji comparison (`verifications.sas.start`).
    case sasStart
    /// Show the emojis and ask whether they match; if so `verifications.sas.confirm`, else
    /// `verifications.cancel`.
    case compareEmojis
    /// The other device scanned this one's code (`verifications.qr.confirmScanned`).
    case qrConfirmScanned
    /// The other device must act: wait for the verification's state to change.
    case waitForOtherDevice
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [NextAction] = [.create, .accept, .sasStart, .compareEmojis, .qrConfirmScanned, .waitForOtherDevice]

    /// The value as the library sends it.
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

/// Another way to bring encryption up than the one in progress, as a screen offers it.
public enum Alternative: OpenEnum {
    /// Verify from another signed-in device (`verifications.create`, or accept its request).
    case otherDevice
    /// Show this device's QR code to the other device, or scan its code (the verification in progress
    /// supports QR).
    case qr
    /// Enter the recovery key (`recoveryKey.verify`): the account has one.
    case enterRecoveryKey
    /// Create a new recovery key (`recoveryKey.reset`): the way out when no other device and no key is at
    /// hand; other devices must then be verified again.
    case createRecoveryKey
    /// A value this version does not know, as sent.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [Alternative] = [.otherDevice, .qr, .enterRecoveryKey, .createRecoveryKey]

    /// The value as the library sends it.
    public var rawValue: String {
        switch self {
        case .otherDevice: "other-device"
        case .qr: "qr"
        case .enterRecoveryKey: "enter-recovery-key"
        case .createRecoveryKey: "create-recovery-key"
        case .unknown(let value): value
        }
    }
}

/// How a verification ended. A closed set, with `unknown` for codes this version does not know (the raw code
/// and reason stay in the outcome).
public enum OutcomeKind: OpenEnum {
    /// The other device declined or cancelled it (`m.user` from there).
    case declined
    /// This device cancelled it (a cancel this client sent).
    case cancelledHere
    /// The emojis, keys or users did not match (`m.mismatched_sas`, `m.key_mismatch`, `m.user_mismatch`,
    /// `m.mismatched_commitment`): possibly an attack, so not to be retried blindly; offer the recovery key
    /// first.
    case mismatch
    /// One side took too long (`m.timeout`).
    case timedOut
    /// Another device of this account answered the request (`m.accepted`).
    case acceptedElsewhere
    /// The devices did not understand each other (`m.unknown_transaction`, `m.unexpected_message`,
    /// `m.invalid_message`, `m.unknown_method`).
    case protocolError
    /// A code this version does not know, or none: see the outcome's `code`.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [OutcomeKind] = [.declined, .cancelledHere, .mismatch, .timedOut, .acceptedElsewhere, .protocolError]

    /// The value as the library sends it.
    public var rawValue: String {
        switch self {
        case .declined: "declined"
        case .cancelledHere: "cancelled-here"
        case .mismatch: "mismatch"
        case .timedOut: "timed-out"
        case .acceptedElsewhere: "accepted-elsewhere"
        case .protocolError: "protocol-error"
        case .unknown(let value): value
        }
    }
}

/// One emoji of a SAS comparison.
public struct EmojiEntry: Codable, Hashable, Sendable {
    /// Where it stands in the comparison, from 0. The same emoji may appear twice: with `number`, the
    /// position tells the entries apart.
    public var position: Int
    /// The emoji to show (the table's form when it is in the table, else as the server sent it).
    public var emoji: String
    /// Its number in the Matrix SAS emoji table (0-63); none for an emoji the table does not hold.
    public var number: Int?
    /// Its English name; none for an emoji the table does not hold.
    public var englishName: String?
    /// Its name in the requested language, else in English; none for an emoji the table does not hold.
    public var name: String?

    /// Makes one from its fields.
    /// - Parameters:
    ///   - position: Where it stands in the comparison, from 0. The same emoji may appear twice: with
    ///     `number`, the position tells the entries apart.
    ///   - emoji: The emoji to show (the table's form when it is in the table, else as the server sent it).
    ///   - number: Its number in the Matrix SAS emoji table (0-63); none for an emoji the table does not
    ///     hold.
    ///   - englishName: Its English name; none for an emoji the table does not hold.
    ///   - name: Its name in the requested language, else in English; none for an emoji the table does not
    ///     hold.
    public init(
        position: Int,
        emoji: String,
        number: Int? = nil,
        englishName: String? = nil,
        name: String? = nil
    ) {
        self.position = position
        self.emoji = emoji
        self.number = number
        self.englishName = englishName
        self.name = name
    }
}

/// A SAS comparison as a screen shows it: the emojis named, and the decimals as numbers.
public struct Comparison: Codable, Hashable, Sendable {
    /// The emojis in the order both devices show them.
    public var emojis: [EmojiEntry]
    /// The decimals as three numbers (1000 to 9191), when the server sent three.
    public var decimals: [Int]?
    /// The table's language the names are in (`de`, `pt_BR`, `zh_Hans`; `en` when the requested one has no
    /// names, or none was asked for).
    public var language: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - emojis: The emojis in the order both devices show them.
    ///   - decimals: The decimals as three numbers (1000 to 9191), when the server sent three.
    ///   - language: The table's language the names are in (`de`, `pt_BR`, `zh_Hans`; `en` when the requested
    ///     one has no names, or none was asked for).
    public init(emojis: [EmojiEntry] = [], decimals: [Int]? = nil, language: String = "en") {
        self.emojis = emojis
        self.decimals = decimals
        self.language = language
    }

    /// Decodes the library's JSON; a missing field that has a default reads as it.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when a field does not fit.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        emojis = try c.decodeIfPresent([EmojiEntry].self, forKey: .emojis) ?? []
        decimals = try c.decodeIfPresent([Int].self, forKey: .decimals)
        language = try c.decodeIfPresent(String.self, forKey: .language) ?? "en"
    }
}

/// Why a verification ended, for `cancelled` and `error` verifications.
public struct VerificationOutcome: Codable, Hashable, Sendable {
    /// What happened.
    public var kind: OutcomeKind
    /// The Matrix cancel code as the server sent it (`m.timeout`).
    public var code: String?
    /// The reason as the server sent it.
    public var reason: String?
    /// Whether this client cancelled it: it sent `verifications.cancel` for it (or the caller said so in
    /// `cancelledHere`).
    public var cancelledByUs: Bool

    /// Makes one from its fields.
    /// - Parameters:
    ///   - kind: What happened.
    ///   - code: The Matrix cancel code as the server sent it (`m.timeout`).
    ///   - reason: The reason as the server sent it.
    ///   - cancelledByUs: Whether this client cancelled it: it sent `verifications.cancel` for it (or the
    ///     caller said so in `cancelledHere`).
    public init(kind: OutcomeKind, code: String? = nil, reason: String? = nil, cancelledByUs: Bool = false) {
        self.kind = kind
        self.code = code
        self.reason = reason
        self.cancelledByUs = cancelledByUs
    }

    /// Decodes the library's JSON; a missing field that has a default reads as it.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when a field does not fit.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(OutcomeKind.self, forKey: .kind)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        cancelledByUs = try c.decodeIfPresent(Bool.self, forKey: .cancelledByUs) ?? false
    }
}

/// What the app should do now, from the session alone: the answer of `next_step`.
public struct NextStep: Codable, Hashable, Sendable {
    /// The kind of screen.
    public var step: Step
    /// The session state it was made from, as the server sent it.
    public var state: SetupState
    /// A sentence to show the user.
    public var message: String
    /// The verification to act on.
    public var verificationID: String?
    /// For `verify-device`: the call to make next, or what to show.
    public var action: NextAction?
    /// For `compare-emojis`: the emojis to show, as the server sent them.
    public var emojis: String?
    /// For `compare-emojis`: the same as numbers, as the server sent them.
    public var decimals: String?
    /// This device's QR payload, when the other device can scan it.
    public var qrData: String?
    /// For `compare-emojis`: the emojis as entries a person can read (number, names in the requested
    /// language) and the decimals as numbers.
    public var comparison: Comparison?
    /// Why the verification ended, once it has been cancelled or has failed.
    public var outcome: VerificationOutcome?
    /// The other device of the verification, once it is known.
    public var otherDevice: VerificationOtherDevice?
    /// Who asked: `incoming` (the other device) or `outgoing` (this one).
    public var direction: VerificationDirection?
    /// The other ways available now, in the order a screen lists them.
    public var alternatives: [Alternative]

    /// Makes one from its fields.
    /// - Parameters:
    ///   - step: The kind of screen.
    ///   - state: The session state it was made from, as the server sent it.
    ///   - message: A sentence to show the user.
    ///   - verificationID: The verification to act on.
    ///   - action: For `verify-device`: the call to make next, or what to show.
    ///   - emojis: For `compare-emojis`: the emojis to show, as the server sent them.
    ///   - decimals: For `compare-emojis`: the same as numbers, as the server sent them.
    ///   - qrData: This device's QR payload, when the other device can scan it.
    ///   - comparison: For `compare-emojis`: the emojis as entries a person can read (number, names in the
    ///     requested language) and the decimals as numbers.
    ///   - outcome: Why the verification ended, once it has been cancelled or has failed.
    ///   - otherDevice: The other device of the verification, once it is known.
    ///   - direction: Who asked: `incoming` (the other device) or `outgoing` (this one).
    ///   - alternatives: The other ways available now, in the order a screen lists them.
    public init(
        step: Step,
        state: SetupState,
        message: String,
        verificationID: String? = nil,
        action: NextAction? = nil,
        emojis: String? = nil,
        decimals: String? = nil,
        qrData: String? = nil,
        comparison: Comparison? = nil,
        outcome: VerificationOutcome? = nil,
        otherDevice: VerificationOtherDevice? = nil,
        direction: VerificationDirection? = nil,
        alternatives: [Alternative] = []
    ) {
        self.step = step
        self.state = state
        self.message = message
        self.verificationID = verificationID
        self.action = action
        self.emojis = emojis
        self.decimals = decimals
        self.qrData = qrData
        self.comparison = comparison
        self.outcome = outcome
        self.otherDevice = otherDevice
        self.direction = direction
        self.alternatives = alternatives
    }

    /// Decodes the library's JSON; a missing field that has a default reads as it.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when a field does not fit.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = try c.decode(Step.self, forKey: .step)
        state = try c.decode(SetupState.self, forKey: .state)
        message = try c.decode(String.self, forKey: .message)
        verificationID = try c.decodeIfPresent(String.self, forKey: .verificationID)
        action = try c.decodeIfPresent(NextAction.self, forKey: .action)
        emojis = try c.decodeIfPresent(String.self, forKey: .emojis)
        decimals = try c.decodeIfPresent(String.self, forKey: .decimals)
        qrData = try c.decodeIfPresent(String.self, forKey: .qrData)
        comparison = try c.decodeIfPresent(Comparison.self, forKey: .comparison)
        outcome = try c.decodeIfPresent(VerificationOutcome.self, forKey: .outcome)
        otherDevice = try c.decodeIfPresent(VerificationOtherDevice.self, forKey: .otherDevice)
        direction = try c.decodeIfPresent(VerificationDirection.self, forKey: .direction)
        alternatives = try c.decodeIfPresent([Alternative].self, forKey: .alternatives) ?? []
    }
}

/// One change of the setup session, as a watch delivers it: its state, a verification appearing, changing
/// state or ending.
public struct SetupChange: Codable, Hashable, Sendable {
    /// This client's count of changes seen: one more than the change before it.
    public var sequence: Int
    /// The session as the server sent it.
    public var session: SetupSession
    /// What the app should do now (a verification this client cancelled ends as cancelled here).
    public var nextStep: NextStep

    /// Makes one from its fields.
    /// - Parameters:
    ///   - sequence: This client's count of changes seen: one more than the change before it.
    ///   - session: The session as the server sent it.
    ///   - nextStep: What the app should do now (a verification this client cancelled ends as cancelled
    ///     here).
    public init(sequence: Int, session: SetupSession, nextStep: NextStep) {
        self.sequence = sequence
        self.session = session
        self.nextStep = nextStep
    }
}

// MARK: - Reading the library's answers

extension Step: WireDecodable {}

extension NextAction: WireDecodable {}

extension Alternative: WireDecodable {}

extension OutcomeKind: WireDecodable {}

extension EmojiEntry: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            position: try o.required("position"),
            emoji: try o.required("emoji"),
            number: try o.optional("number"),
            englishName: try o.optional("englishName"),
            name: try o.optional("name")
        )
    }
}

extension Comparison: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            emojis: try o.optional("emojis") ?? [],
            decimals: try o.optional("decimals"),
            language: try o.optional("language") ?? "en"
        )
    }
}

extension VerificationOutcome: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            kind: try o.required("kind"),
            code: try o.optional("code"),
            reason: try o.optional("reason"),
            cancelledByUs: try o.optional("cancelledByUs") ?? false
        )
    }
}

extension NextStep: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            step: try o.required("step"),
            state: try o.required("state"),
            message: try o.required("message"),
            verificationID: try o.optional("verificationID"),
            action: try o.optional("action"),
            emojis: try o.optional("emojis"),
            decimals: try o.optional("decimals"),
            qrData: try o.optional("qrData"),
            comparison: try o.optional("comparison"),
            outcome: try o.optional("outcome"),
            otherDevice: try o.optional("otherDevice"),
            direction: try o.optional("direction"),
            alternatives: try o.optional("alternatives") ?? []
        )
    }
}

extension SetupChange: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(
            sequence: try o.required("sequence"),
            session: try o.required("session"),
            nextStep: try o.required("nextStep")
        )
    }
}
