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
