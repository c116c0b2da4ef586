// The library's JSON text, parsed straight from its UTF-8 bytes, for the models' wire
// initialisers (WireDecoding.swift). Foundation's `JSONDecoder` costs more than the call itself
// on Linux (a dictionary per object, generic metadata looked up at run time for every
// container); the models stay `Codable` for apps, and this is only the library's own path.
//
// Strict JSON (RFC 8259): what `JSONDecoder` refuses is refused here too (lone surrogates,
// control characters in strings, numbers out of Double's range, leading zeros).
//
// The parse is one array of nodes in document order (a container, then what it holds), each
// pointing into the text: no string is made until a model reads it, and nothing in a document
// is reference-counted, so reading it copies and frees nothing but the strings a model keeps.
// A document lives only inside `Wire.read`, while its text does.

/// One value of a parsed document.
struct Wire {
    fileprivate let document: WireDocument
    fileprivate let index: Int

    /// Parses a whole JSON text and hands its top value to `body`, which must not keep it.
    static func read<T>(_ text: String, _ body: (Wire) throws -> T) throws -> T {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = WireParser(bytes: bytes)
            let nodes = try parser.document()
            return try nodes.withUnsafeBufferPointer { nodes in
                try body(Wire(document: WireDocument(text: bytes, nodes: nodes), index: 0))
            }
        }
    }

    private var node: WireNode { document.nodes[index] }

    var isNull: Bool { node.kind == .null }

    /// The Boolean this value is, or nil.
    var bool: Bool? {
        switch node.kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// The string this value is, or nil.
    var string: String? {
        let node = self.node
        switch node.kind {
        case .string: return String(decoding: document.bytes(node), as: UTF8.self)
        case .escapedString: return String(decoding: unescape(document.bytes(node)), as: UTF8.self)
        default: return nil
        }
    }

    /// The number's literal as sent, or nil when this value is not a number.
    var numberLiteral: String? {
        let node = self.node
        return node.kind == .number ? String(decoding: document.bytes(node), as: UTF8.self) : nil
    }

    /// The members of the object this value is, or nil.
    var members: WireObject? {
        node.kind == .object ? WireObject(document: document, index: index) : nil
    }

    /// The elements of the array this value is, in order, or nil.
    var elements: [Wire]? {
        let node = self.node
        guard node.kind == .array else { return nil }
        var elements: [Wire] = []
        elements.reserveCapacity(Int(node.count))
        var child = index + 1
        for _ in 0..<node.count {
            elements.append(Wire(document: document, index: child))
            child = Int(document.nodes[child].end)
        }
        return elements
    }
}

/// An object's members in the order sent. Objects here have a dozen keys at most, so a linear
/// search beats hashing; of a repeated key the first counts, as with `JSONDecoder`.
struct WireObject {
    fileprivate let document: WireDocument
    fileprivate let index: Int

    /// The value of `key`: keys are compared byte for byte as sent, unescaped when written with
    /// escapes.
    subscript(key: StaticString) -> Wire? {
        key.withUTF8Buffer { wanted in
            let object = document.nodes[index]
            var child = index + 1  // a key, then its value
            for _ in 0..<object.count {
                let keyNode = document.nodes[child]
                let found = keyNode.kind == .string
                    ? keyNode.count == wanted.count && same(document.bytes(keyNode), wanted)
                    : unescape(document.bytes(keyNode)).withUnsafeBufferPointer { same($0, wanted) }
                if found { return Wire(document: document, index: child + 1) }
                child = Int(document.nodes[child + 1].end)
            }
            return nil
        }
    }
}

/// Whether two byte runs are equal (`elementsEqual` costs several times this loop here).
private func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count where a[i] != b[i] { return false }
    return true
}

/// A parsed text and its nodes, both valid only inside ``Wire/read(_:_:)``.
private struct WireDocument {
    let text: UnsafeBufferPointer<UInt8>
    let nodes: UnsafeBufferPointer<WireNode>

    /// The text of a string's content (between its quotes) or of a number.
    func bytes(_ node: WireNode) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: text[Int(node.start)..<Int(node.start) + Int(node.count)])
    }
}

/// One value in document order: 16 bytes, nothing to count or free.
private struct WireNode {
    enum Kind: UInt8 { case null, `true`, `false`, number, string, escapedString, array, object }

    var kind: Kind
    /// Strings and numbers: where their text starts (a string's after its quote).
    var start: Int32 = 0
    /// Strings and numbers: the bytes of their text; arrays: elements; objects: members.
    var count: Int32 = 0
    /// The index of the node after this value and all it holds.
    var end: Int32 = 0
}

/// A string's content with its escapes resolved; checked by the parser already.
private func unescape(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var scanner = WireParser(bytes: text)
    return (try? scanner.unescaped(to: text.count)) ?? []
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

/// A recursive-descent parser over UTF-8 bytes, writing a document's nodes.
private struct WireParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    var nodes: [WireNode] = []

    /// Deeper nesting is refused rather than risking the stack of a small thread: the library's
    /// own parser refuses answers nested deeper than 128 already (`JSONDecoder` stops at 512).
    static let maxDepth = 128

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws -> [WireNode] {
        // The library refuses answers over 4 MiB, so offsets fit in Int32; refused beyond.
        guard bytes.count < Int(Int32.max) else { throw syntax }
        // About one node per 12 bytes of this API's answers: one allocation, mostly.
        nodes.reserveCapacity(bytes.count / 12 + 4)
        try value(depth: 0)
        skipSpace()
        guard at == bytes.count else { throw syntax }
        return nodes
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

    private mutating func value(depth: Int) throws {
        skipSpace()
        guard at < bytes.count else { throw syntax }
        switch bytes[at] {
        case UInt8(ascii: "{"): try container(depth: depth + 1, close: UInt8(ascii: "}"))
        case UInt8(ascii: "["): try container(depth: depth + 1, close: UInt8(ascii: "]"))
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true", .true)
        case UInt8(ascii: "f"): try literal("false", .false)
        case UInt8(ascii: "n"): try literal("null", .null)
        default: try number()
        }
    }

    private mutating func literal(_ word: StaticString, _ kind: WireNode.Kind) throws {
        let count = word.utf8CodeUnitCount
        guard bytes.count - at >= count else { throw syntax }
        for i in 0..<count where bytes[at + i] != word.utf8Start[i] { throw syntax }
        at += count
        nodes.append(WireNode(kind: kind, end: Int32(nodes.count + 1)))
    }

    /// An object (its members each a key node, then the value's) or an array.
    private mutating func container(depth: Int, close: UInt8) throws {
        guard depth <= Self.maxDepth else { throw syntax }
        let isObject = close == UInt8(ascii: "}")
        let me = nodes.count
        nodes.append(WireNode(kind: isObject ? .object : .array))
        at += 1  // { or [
        var count: Int32 = 0
        skipSpace()
        if at < bytes.count, bytes[at] == close {
            at += 1
        } else {
            while true {
                if isObject {
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw syntax }
                    try string()
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw syntax }
                    at += 1
                }
                try value(depth: depth)
                count += 1
                skipSpace()
                guard at < bytes.count else { throw syntax }
                if bytes[at] == UInt8(ascii: ",") {
                    at += 1
                } else if bytes[at] == close {
                    at += 1
                    break
                } else {
                    throw syntax
                }
            }
        }
        nodes[me].count = count
        nodes[me].end = Int32(nodes.count)
    }

    /// A string from its opening quote: where its content is, and whether it holds escapes
    /// (checked here, resolved when a model reads it).
    private mutating func string() throws {
        at += 1  // "
        let start = at
        var kind = WireNode.Kind.string
        at = Self.skipPlain(bytes, from: at)
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") {
                nodes.append(WireNode(kind: kind, start: Int32(start), count: Int32(at - start),
                                      end: Int32(nodes.count + 1)))
                at += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                kind = .escapedString
                _ = try unescaped(to: bytes.count, stoppingAtQuote: true)
                continue
            }
            guard byte >= 0x20 else { throw syntax }
            at += 1
        }
        throw syntax
    }

    /// Past the run of bytes from `from` that cannot end a string or need a look (a quote, a
    /// backslash, a control character), eight at a time; the byte loop does the rest.
    private static func skipPlain(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte of `v` below `n` (n <= 128) sets its high bit in the result.
        func below(_ v: UInt64, _ n: UInt64) -> UInt64 { (v &- ones &* n) & ~v & highs }
        var i = from
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            if below(word ^ (ones &* 0x22), 1) | below(word ^ (ones &* 0x5C), 1) | below(word, 0x20) != 0 { break }
            i += 8
        }
        return i
    }

    /// Resolves escapes from `at` up to `end` (or to the closing quote, left at `at`): the bytes.
    mutating func unescaped(to end: Int, stoppingAtQuote: Bool = false) throws -> [UInt8] {
        var out: [UInt8] = []
        while at < end {
            let byte = bytes[at]
            switch byte {
            case UInt8(ascii: "\""):
                guard stoppingAtQuote else { throw syntax }
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
        guard !stoppingAtQuote else { throw syntax }
        return out
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
    private mutating func number() throws {
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
        nodes.append(WireNode(kind: .number, start: Int32(start), count: Int32(at - start), end: Int32(nodes.count + 1)))
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
