/// A JSON value, for what this layer sends: per-call extra body fields and query values
/// (``CallOptions``), and internally every params and config object. Written by hand rather
/// than through JSONSerialization, which costs more than the call itself on Linux.
///
/// Literals build it: `["note": "from the app", "count": 2, "flag": true]`.
public enum JSONValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    /// A string.
    case string(String)
    /// A number; it must be finite.
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])
    /// `null`.
    case null

    /// A string literal.
    /// - Parameter value: The string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal.
    /// - Parameter value: The integer.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A floating-point literal.
    /// - Parameter value: The number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A Boolean literal.
    /// - Parameter value: The Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array literal.
    /// - Parameter elements: The elements.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal; a repeated key keeps its last value.
    /// - Parameter elements: The keys and values.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
    /// `nil`, as `null`.
    /// - Parameter nilLiteral: Nothing.
    public init(nilLiteral: ()) { self = .null }

    /// The JSON text.
    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Refuses a NUL in any string or key, and a number that is not finite, naming where
    /// (`path`, the Swift parameter or the key path below it): a C string ends at a NUL, and a
    /// server may cut or refuse a value there, so nothing holding one is sent.
    func refuseNUL(at path: String?) throws {
        func name(_ key: String) -> String { path.map { "\($0).\(key)" } ?? key }
        switch self {
        case .string(let value):
            try BeeperSetup.refuseNUL(value, path ?? "value")
        case .number(let value):
            guard value.isFinite else {
                throw BeeperSetupError.invalid("\(path ?? "value") must be a finite number")
            }
        case .bool, .null:
            break
        case .array(let values):
            for (i, value) in values.enumerated() { try value.refuseNUL(at: "\(path ?? "")[\(i)]") }
        case .object(let values):
            for (key, value) in values {
                try BeeperSetup.refuseNUL(key, "a key of \(path ?? "the object")")
                try value.refuseNUL(at: name(key))
            }
        }
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let value): JSONValue.quote(value, to: &out)
        case .number(let value):
            // Only finite numbers reach here (refuseNUL); integers print without ".0".
            out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let values):
            out += "["
            for (i, value) in values.enumerated() {
                if i > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let values):
            out += "{"
            for (i, (key, value)) in values.enumerated() {
                if i > 0 { out += "," }
                JSONValue.quote(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
