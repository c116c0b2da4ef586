import Foundation

// How the library's answers become models without `JSONDecoder` (see WireJSON.swift for why).
// Each initialiser reads what the model's `Decodable` conformance reads, in the same order and
// with the same rules, so that an answer decodes to the same value, or fails at the same path:
// a field that is missing or null is nil when optional, an error otherwise; unknown fields are
// ignored; open enums take any string. WireDecodingTests checks every model against
// `JSONDecoder`, field by field.

/// A model the library's answers decode into.
protocol WireDecodable: Decodable {
    /// Reads the model from a parsed answer.
    /// - Throws: ``WireError`` naming the path that does not fit.
    init(wire: Wire) throws
}

extension Wire {
    /// The object this value must be.
    func object() throws -> WireObject {
        guard let members else { throw WireError(reason: .unexpected) }
        return members
    }
}

extension WireObject {
    /// A field that must be there and not null.
    func required<T: WireDecodable>(_ key: StaticString, as type: T.Type = T.self) throws -> T {
        guard let value = self[key] else { throw WireError(reason: .missing, path: ["\(key)"]) }
        return try WireError.at("\(key)") { try T(wire: value) }
    }

    /// A field that may be missing or null (`decodeIfPresent`).
    func optional<T: WireDecodable>(_ key: StaticString, as type: T.Type = T.self) throws -> T? {
        guard let value = self[key], !value.isNull else { return nil }
        return try WireError.at("\(key)") { try T(wire: value) }
    }
}

extension Bool: WireDecodable {
    init(wire: Wire) throws {
        guard let value = wire.bool else { throw WireError(reason: .unexpected) }
        self = value
    }
}

extension String: WireDecodable {
    init(wire: Wire) throws {
        guard let value = wire.string else { throw WireError(reason: .unexpected) }
        self = value
    }
}

extension Double: WireDecodable {
    /// Any number Double holds; as `JSONDecoder`, one past its range either way (an infinity,
    /// or a non-zero literal that rounds to zero) is refused.
    init(wire: Wire) throws {
        guard let literal = wire.numberLiteral, let value = Double(literal), value.isFinite else {
            throw WireError(reason: .unexpected)
        }
        if value == 0, literal.utf8.prefix(while: { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") })
            .contains(where: { (UInt8(ascii: "1")...UInt8(ascii: "9")).contains($0) }) {
            throw WireError(reason: .unexpected)
        }
        self = value
    }
}

extension Int: WireDecodable {
    /// An integer literal read exactly, or a fraction or exponent form with an integral value
    /// ("1.0", "1e2"), as `JSONDecoder` takes them; anything out of Int's range is refused.
    init(wire: Wire) throws {
        guard let literal = wire.numberLiteral else { throw WireError(reason: .unexpected) }
        let isInteger = !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        guard let value = isInteger ? Int(literal) : Double(literal).flatMap({ Int(exactly: $0) }) else {
            throw WireError(reason: .unexpected)
        }
        self = value
    }
}

extension Array: WireDecodable where Element: WireDecodable {
    /// The elements in order; an error names its element "Index N", as `DecodingError` does.
    init(wire: Wire) throws {
        guard let values = wire.elements else { throw WireError(reason: .unexpected) }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for (index, value) in values.enumerated() {
            elements.append(try WireError.at("Index \(index)") { try Element(wire: value) })
        }
        self = elements
    }
}

extension OpenEnum {
    /// Any string: one this version does not know is `.unknown(value)`.
    init(wire: Wire) throws {
        guard let value = wire.string else { throw WireError(reason: .unexpected) }
        self = Self.parse(value)
    }
}

extension Empty: WireDecodable {
    /// Whatever the body, as its `Decodable` init (the text was parsed already).
    init(wire: Wire) {}
}

extension ClientSettings: WireDecodable {
    /// The library's form (times in milliseconds), as its `Decodable` init.
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(baseURL: try o.required("baseURL"), timeout: try o.required("timeoutMs", as: Double.self) / 1000,
                  connectTimeout: try o.required("connectTimeoutMs", as: Double.self) / 1000,
                  maxRetries: try o.required("maxRetries"), userAgent: try o.required("userAgent"),
                  adoptAccessToken: try o.required("adoptAccessToken"), hasAccessToken: try o.required("hasAccessToken"))
    }
}
