/// The library's JSON text as a tree, parsed straight from its UTF-8 bytes, for the models'
/// wire initialisers (WireDecoding.swift). Foundation's `JSONDecoder` costs more than the call
/// itself on Linux (a dictionary per object, generic metadata looked up at run time for every
/// container); the models stay `Codable` for apps, and this is only the library's own path.
///
/// Strict JSON (RFC 8259): what `JSONDecoder` refuses is refused here too (lone surrogates,
/// control characters in strings, numbers out of Double's range, leading zeros).
///
/// Object keys stay where they are in the text, compared byte for byte with the keys a model
/// asks for, so a tree lives only inside ``read(_:_:)``, while its text does.
enum Wire {
    case null
    case bool(Bool)
    /// The literal as sent, read as a Double or an Int by the field that holds it.
    case number(String)
    case string(String)
    case array([Wire])
    case object(WireObject)

    /// Parses a whole JSON text and hands its tree to `body`, which must not keep it.
    static func read<T>(_ text: String, _ body: (Wire) throws -> T) throws -> T {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = WireParser(bytes: bytes)
            return try body(try parser.document())
        }
    }
}

/// An object's members in the order sent. Objects here have a dozen keys at most, so a linear
/// search beats hashing; of a repeated key the first counts, as with `JSONDecoder`.
struct WireObject {
    /// The text the keys are in.
    fileprivate let text: UnsafeBufferPointer<UInt8>
    fileprivate let keys: [WireKey]
    fileprivate let values: [Wire]

    subscript(key: StaticString) -> Wire? {
        key.withUTF8Buffer { wanted in
            for i in keys.indices where keys[i].matches(wanted, in: text) { return values[i] }
            return nil
        }
    }
}

/// Where a key is in the text, or, for one written with escapes, its unescaped bytes.
private struct WireKey {
    let start: Int
    let count: Int
    let unescaped: [UInt8]?

    func matches(_ wanted: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        if let unescaped { return unescaped.elementsEqual(wanted) }
        guard count == wanted.count else { return false }
        for i in 0..<count where text[start + i] != wanted[i] { return false }
        return true
    }
}

/// Why a response could not be read as a model, and where: the path of keys (and "Index N"
/// for array elements, as `DecodingError`'s coding paths name them), filled in on the way out
/// so that a successful read builds none.
struct WireError: Error {
    enum Reason { case missing, unexpected, syntax }
    let reason: Reason
    var path: [String] = []

    /// The same words as for a `DecodingError` (Client.swift): the path, never a value.
    var summary: String {
        switch reason {
        case .missing: "missing \(path.joined(separator: "."))"
        case .unexpected: "unexpected value at \(path.joined(separator: "."))"
        case .syntax: "unreadable JSON"
        }
    }

    /// `body` with `key` prepended to the path of any WireError it throws (the key's text is
    /// made only then).
    static func at<T>(_ key: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as WireError {
            error.path.insert(key(), at: 0)
            throw error
        }
    }
}

/// A recursive-descent parser over UTF-8 bytes.
private struct WireParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    /// Deeper nesting is refused rather than risking the stack (`JSONDecoder` stops at 512 too).
    static let maxDepth = 512

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws -> Wire {
        let value = try self.value(depth: 0)
        skipSpace()
        guard at == bytes.count else { throw WireError(reason: .syntax) }
        return value
    }

    private var syntax: WireError { WireError(reason: .syntax) }

    private mutating func skipSpace() {
        while at < bytes.count {
            switch bytes[at] {
            case 0x20, 0x09, 0x0A, 0x0D: at += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws -> Wire {
        skipSpace()
        guard at < bytes.count else { throw syntax }
        switch bytes[at] {
        case UInt8(ascii: "{"): return .object(try object(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try array(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard bytes.count - at >= count else { throw syntax }
        for i in 0..<count where bytes[at + i] != word.utf8Start[i] { throw syntax }
        at += count
    }

    private mutating func object(depth: Int) throws -> WireObject {
        guard depth <= Self.maxDepth else { throw syntax }
        at += 1  // {
        var keys: [WireKey] = []
        var values: [Wire] = []
        // One allocation each for the objects of this API (a dozen members at most), not five.
        keys.reserveCapacity(16)
        values.reserveCapacity(16)
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
            at += 1
            return WireObject(text: bytes, keys: keys, values: values)
        }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw syntax }
            let key = try self.key()
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw syntax }
            at += 1
            keys.append(key)
            values.append(try value(depth: depth))
            skipSpace()
            guard at < bytes.count else { throw syntax }
            switch bytes[at] {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "}"): at += 1; return WireObject(text: bytes, keys: keys, values: values)
            default: throw syntax
            }
        }
    }

    private mutating func array(depth: Int) throws -> [Wire] {
        guard depth <= Self.maxDepth else { throw syntax }
        at += 1  // [
        var elements: [Wire] = []
        elements.reserveCapacity(4)
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
            at += 1
            return elements
        }
        while true {
            elements.append(try value(depth: depth))
            skipSpace()
            guard at < bytes.count else { throw syntax }
            switch bytes[at] {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "]"): at += 1; return elements
            default: throw syntax
            }
        }
    }

    /// A string from its opening quote; the bytes are copied once, unescaped only when needed.
    private mutating func string() throws -> String {
        let start = at + 1
        if let end = try plainEnd() {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        return String(decoding: try unescaped(from: start), as: UTF8.self)
    }

    /// A key from its opening quote: where it is, unescaped only when it must be.
    private mutating func key() throws -> WireKey {
        let start = at + 1
        if let end = try plainEnd() { return WireKey(start: start, count: end - start, unescaped: nil) }
        let bytes = try unescaped(from: start)
        return WireKey(start: start, count: bytes.count, unescaped: bytes)
    }

    /// From a string's opening quote to past its closing one, when it holds no escape: the
    /// index of the closing quote. At an escape, nil, with `at` on its backslash.
    private mutating func plainEnd() throws -> Int? {
        at += 1  // "
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                at += 1
                return at - 1
            }
            if byte == UInt8(ascii: "\\") { return nil }
            guard byte >= 0x20 else { throw syntax }
            at += 1
        }
        throw syntax
    }

    /// The bytes of a string holding an escape: `start` is its first byte, `at` its first `\`.
    private mutating func unescaped(from start: Int) throws -> [UInt8] {
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<at]))
        while at < bytes.count {
            let byte = bytes[at]
            switch byte {
            case UInt8(ascii: "\""):
                at += 1
                return out
            case UInt8(ascii: "\\"):
                at += 1
                guard at < bytes.count else { throw syntax }
                let escape = bytes[at]
                at += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: String(try unicodeEscape()).utf8)
                default: throw syntax
                }
            default:
                guard byte >= 0x20 else { throw syntax }
                out.append(byte)
                at += 1
            }
        }
        throw syntax
    }

    /// The scalar of a `\uXXXX` escape (after its `u`), joining a surrogate pair; a lone
    /// surrogate is refused.
    private mutating func unicodeEscape() throws -> Character {
        let first = try hex4()
        switch first {
        case 0xD800...0xDBFF:
            guard bytes.count - at >= 2, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                throw syntax
            }
            at += 2
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second),
                  let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else {
                throw syntax
            }
            return Character(scalar)
        case 0xDC00...0xDFFF:
            throw syntax
        default:
            guard let scalar = Unicode.Scalar(first) else { throw syntax }
            return Character(scalar)
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - at >= 4 else { throw syntax }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw syntax
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }

    /// A number's literal, checked against JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private mutating func number() throws -> String {
        let start = at
        if peek(UInt8(ascii: "-")) { at += 1 }
        if peek(UInt8(ascii: "0")) {
            at += 1
        } else {
            guard digits() > 0 else { throw syntax }
        }
        if peek(UInt8(ascii: ".")) {
            at += 1
            guard digits() > 0 else { throw syntax }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            at += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { at += 1 }
            guard digits() > 0 else { throw syntax }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
    }

    private func peek(_ byte: UInt8) -> Bool {
        at < bytes.count && bytes[at] == byte
    }

    private mutating func digits() -> Int {
        let start = at
        while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
        return at - start
    }
}
