import Foundation

// The library's own answers, which are not models of the API (so not generated from its
// declaration, as Models.swift is): what to do next (`NextStep`) and the client's settings;
// and the conveniences of the generated models.

extension VerificationSAS {
    /// The emojis one by one, to lay out in a row or a grid (usually seven).
    public var emojiList: [String] { splitEmojis(emojis) }
    /// The numbers one by one (usually three), for devices that show numbers instead.
    public var decimalValues: [Int] { splitDecimals(decimals) }
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

/// What the app should do now, from ``SetupResource/nextStep(_:)``.
public struct NextStep: Codable, Hashable, Sendable {
    /// The step: sign in, wait, verify, enter or create a recovery key, done.
    public var step: Step
    /// The SetupSession's state it was made from.
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
    /// For `.compareEmojis`: the emojis named (in the language asked of
    /// ``SetupResource/nextStep(_:language:cancelledHere:)``) and the decimals as numbers.
    public var comparison: Comparison?
    /// Why the verification ended, once it was cancelled or failed.
    public var outcome: VerificationOutcome?
    /// The other device of the verification, once known.
    public var otherDevice: VerificationOtherDevice?
    /// Who asked: the other device (`.incoming`) or this one (`.outgoing`).
    public var direction: VerificationDirection?
    /// The other ways available now, in the order a screen lists them.
    public var alternatives: [Alternative]

    /// The emojis one by one, to lay out (empty unless comparing).
    public var emojiList: [String] { splitEmojis(emojis ?? "") }
    /// The numbers one by one (empty unless comparing).
    public var decimalValues: [Int] { splitDecimals(decimals) }

    /// Makes one from its fields.
    /// - Parameters:
    ///   - step: The step.
    ///   - state: The SetupSession's state.
    ///   - message: A sentence to show.
    ///   - verificationID: The verification to act on.
    ///   - action: The call to make next.
    ///   - emojis: The emojis to compare.
    ///   - decimals: The numbers to compare.
    ///   - qrData: The QR code's content.
    ///   - comparison: The emojis named.
    ///   - outcome: Why the verification ended.
    ///   - otherDevice: The other device.
    ///   - direction: Who asked.
    ///   - alternatives: The other ways available now.
    public init(step: Step, state: SetupState, message: String, verificationID: String? = nil,
                action: NextAction? = nil, emojis: String? = nil, decimals: String? = nil, qrData: String? = nil,
                comparison: Comparison? = nil, outcome: VerificationOutcome? = nil,
                otherDevice: VerificationOtherDevice? = nil, direction: VerificationDirection? = nil,
                alternatives: [Alternative] = []) {
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

    /// Decodes the library's JSON; `alternatives` missing (an older library) reads as none.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when a field does not fit.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(step: try c.decode(Step.self, forKey: .step), state: try c.decode(SetupState.self, forKey: .state),
                  message: try c.decode(String.self, forKey: .message),
                  verificationID: try c.decodeIfPresent(String.self, forKey: .verificationID),
                  action: try c.decodeIfPresent(NextAction.self, forKey: .action),
                  emojis: try c.decodeIfPresent(String.self, forKey: .emojis),
                  decimals: try c.decodeIfPresent(String.self, forKey: .decimals),
                  qrData: try c.decodeIfPresent(String.self, forKey: .qrData),
                  comparison: try c.decodeIfPresent(Comparison.self, forKey: .comparison),
                  outcome: try c.decodeIfPresent(VerificationOutcome.self, forKey: .outcome),
                  otherDevice: try c.decodeIfPresent(VerificationOtherDevice.self, forKey: .otherDevice),
                  direction: try c.decodeIfPresent(VerificationDirection.self, forKey: .direction),
                  alternatives: try c.decodeIfPresent([Alternative].self, forKey: .alternatives) ?? [])
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
