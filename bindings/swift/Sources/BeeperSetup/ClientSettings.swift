import Foundation

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
