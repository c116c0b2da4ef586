import Foundation

/// Options for one call, as the other languages take them: `options: CallOptions(timeout: 5)`.
/// Everything left `nil` or empty keeps the client's setting.
public struct CallOptions: Sendable, Hashable {
    /// This call's request timeout in seconds, >= 0.
    public var timeout: TimeInterval?
    /// This call's retries after the first attempt, 0...100.
    public var maxRetries: Int?
    /// Headers to add; a `nil` value removes a default header (User-Agent, or one of
    /// `defaultHeaders`). An `Authorization` value replaces the token for this call.
    public var extraHeaders: [String: String?]
    /// Query parameters to add (percent-encoded); `.null` leaves one out.
    public var extraQuery: [String: JSONValue]
    /// Fields merged into the top level of the JSON body (refused for operations without a body).
    public var extraBody: [String: JSONValue]

    /// Makes per-call options.
    /// - Parameters:
    ///   - timeout: This call's timeout in seconds, >= 0.
    ///   - maxRetries: This call's retries, 0...100.
    ///   - extraHeaders: Headers to add (`nil` removes a default one).
    ///   - extraQuery: Query parameters to add.
    ///   - extraBody: Fields merged into the JSON body.
    public init(timeout: TimeInterval? = nil, maxRetries: Int? = nil, extraHeaders: [String: String?] = [:],
                extraQuery: [String: JSONValue] = [:], extraBody: [String: JSONValue] = [:]) {
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.extraHeaders = extraHeaders
        self.extraQuery = extraQuery
        self.extraBody = extraBody
    }

    /// Makes per-call options with a `Duration` timeout: `CallOptions(timeout: .seconds(5))`.
    /// - Parameters:
    ///   - timeout: This call's timeout, >= 0.
    ///   - maxRetries: This call's retries, 0...100.
    ///   - extraHeaders: Headers to add (`nil` removes a default one).
    ///   - extraQuery: Query parameters to add.
    ///   - extraBody: Fields merged into the JSON body.
    @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
    public init(timeout: Duration, maxRetries: Int? = nil, extraHeaders: [String: String?] = [:],
                extraQuery: [String: JSONValue] = [:], extraBody: [String: JSONValue] = [:]) {
        self.init(timeout: timeout.seconds, maxRetries: maxRetries, extraHeaders: extraHeaders,
                  extraQuery: extraQuery, extraBody: extraBody)
    }

    /// The library's options object, checked first so that errors name these properties.
    func json(raw: Bool = false) throws -> JSONValue {
        var object: [String: JSONValue] = [:]
        object["timeoutMs"] = try timeout.map { .number(try milliseconds($0, "options.timeout")) }
        object["maxRetries"] = try maxRetries.map { .number(Double(try checkedRetries($0, "options.maxRetries"))) }
        if !extraHeaders.isEmpty {
            object["extraHeaders"] = .object(extraHeaders.mapValues { $0.map(JSONValue.string) ?? .null })
        }
        if !extraQuery.isEmpty { object["extraQuery"] = .object(extraQuery) }
        if !extraBody.isEmpty { object["extraBody"] = .object(extraBody) }
        if raw { object["raw"] = .bool(true) }
        let names = ["extraHeaders": "options.extraHeaders", "extraQuery": "options.extraQuery",
                     "extraBody": "options.extraBody"]
        for (key, value) in object { try value.refuseNUL(at: names[key] ?? key) }
        return .object(object)
    }
}
