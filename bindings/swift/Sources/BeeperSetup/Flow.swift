import Foundation

// The parts of NextStep that say why a verification ended, name the emojis and list the ways
// out: the JSON of beeper_setup_next_step_with.

/// One emoji of a SAS comparison. The same emoji may appear twice in a comparison: ``id``
/// (its position and number) tells the entries apart, so `ForEach(comparison.emojis)` works.
public struct EmojiEntry: Codable, Hashable, Sendable, Identifiable {
    /// What identifies an entry in its comparison.
    public struct ID: Hashable, Sendable {
        /// Where it stands, from 0.
        public var position: Int
        /// Its number in the table, nil for an emoji the table does not hold.
        public var number: Int?
    }

    /// Where it stands in the comparison, from 0.
    public var position: Int
    /// The emoji to show.
    public var emoji: String
    /// Its number in the Matrix SAS table (0-63); nil for an emoji the table does not hold.
    public var number: Int?
    /// Its English name; nil for an emoji the table does not hold.
    public var englishName: String?
    /// Its name in the requested language, else in English; nil for an emoji the table does not hold.
    public var name: String?

    /// The entry's position and number.
    public var id: ID { ID(position: position, number: number) }

    /// Makes one from its fields.
    /// - Parameters:
    ///   - position: Where it stands.
    ///   - emoji: The emoji.
    ///   - number: Its number in the table.
    ///   - englishName: Its English name.
    ///   - name: Its name in the requested language.
    public init(position: Int, emoji: String, number: Int? = nil, englishName: String? = nil, name: String? = nil) {
        self.position = position
        self.emoji = emoji
        self.number = number
        self.englishName = englishName
        self.name = name
    }
}

/// A SAS comparison as a screen shows it: the emojis named, the decimals as numbers.
public struct Comparison: Codable, Hashable, Sendable {
    /// The emojis in the order both devices show them.
    public var emojis: [EmojiEntry]
    /// The three decimals, when the server sent three.
    public var decimals: [Int]?
    /// The table's language the names are in (`de`, `pt_BR`; `en` when the requested one has none).
    public var language: String

    /// Makes one from its fields.
    /// - Parameters:
    ///   - emojis: The entries.
    ///   - decimals: The three numbers.
    ///   - language: The names' language.
    public init(emojis: [EmojiEntry], decimals: [Int]? = nil, language: String = "en") {
        self.emojis = emojis
        self.decimals = decimals
        self.language = language
    }
}

/// How a verification ended (``VerificationOutcome/kind``).
public enum OutcomeKind: OpenEnum {
    /// The other device declined or cancelled it.
    case declined
    /// This device cancelled it.
    case cancelledHere
    /// The emojis (or keys) did not match: possibly an attack; offer the recovery key first.
    case mismatch
    /// One side took too long.
    case timedOut
    /// Another device of this account answered the request.
    case acceptedElsewhere
    /// The devices did not understand each other.
    case protocolError
    /// A code this version does not know (also what the library answers as "unknown"): see
    /// ``VerificationOutcome/code``.
    case unknown(String)

    /// The cases this version knows (never `.unknown`).
    public static let allCases: [OutcomeKind] = [.declined, .cancelledHere, .mismatch, .timedOut,
                                                 .acceptedElsewhere, .protocolError]

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

/// Another way to bring encryption up, as a screen offers it (``NextStep/alternatives``).
public enum Alternative: OpenEnum {
    /// Verify from another signed-in device.
    case otherDevice
    /// Show or scan a QR code in the verification in progress.
    case qr
    /// Enter the recovery key.
    case enterRecoveryKey
    /// Create a new recovery key.
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

/// Why a verification ended (``NextStep/outcome``).
public struct VerificationOutcome: Codable, Hashable, Sendable {
    /// What happened.
    public var kind: OutcomeKind
    /// The Matrix cancel code as the server sent it (`m.timeout`).
    public var code: String?
    /// The reason as the server sent it.
    public var reason: String?
    /// Whether this client sent the cancel.
    public var cancelledByUs: Bool

    /// Makes one from its fields.
    /// - Parameters:
    ///   - kind: What happened.
    ///   - code: The cancel code.
    ///   - reason: The reason.
    ///   - cancelledByUs: This client sent the cancel.
    public init(kind: OutcomeKind, code: String? = nil, reason: String? = nil, cancelledByUs: Bool = false) {
        self.kind = kind
        self.code = code
        self.reason = reason
        self.cancelledByUs = cancelledByUs
    }
}

extension OutcomeKind: WireDecodable {}
extension Alternative: WireDecodable {}

extension EmojiEntry: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(position: try o.required("position"), emoji: try o.required("emoji"), number: try o.optional("number"),
                  englishName: try o.optional("englishName"), name: try o.optional("name"))
    }
}

extension Comparison: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(emojis: try o.required("emojis"), decimals: try o.optional("decimals"),
                  language: try o.required("language"))
    }
}

extension VerificationOutcome: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(kind: try o.required("kind"), code: try o.optional("code"), reason: try o.optional("reason"),
                  cancelledByUs: try o.required("cancelledByUs"))
    }
}

/// The options of beeper_setup_next_step_with, as JSON.
func nextStepOptionsJSON(language: String?, cancelledHere: [String]) -> String {
    var options: [String: Any] = ["cancelledHere": cancelledHere]
    if let language { options["language"] = language }
    let data = (try? JSONSerialization.data(withJSONObject: options, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}
