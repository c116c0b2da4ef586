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

extension SetupState: WireDecodable {}
extension VerificationState: WireDecodable {}
extension VerificationAction: WireDecodable {}
extension VerificationMethod: WireDecodable {}
extension VerificationPurpose: WireDecodable {}
extension VerificationDirection: WireDecodable {}
extension Step: WireDecodable {}
extension NextAction: WireDecodable {}

extension Empty: WireDecodable {
    /// Whatever the body, as its `Decodable` init (the text was parsed already).
    init(wire: Wire) {}
}

extension E2EESecrets: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(masterKey: try o.required("masterKey"), megolmBackupKey: try o.required("megolmBackupKey"),
                  recoveryKey: try o.required("recoveryKey"), selfSigningKey: try o.required("selfSigningKey"),
                  userSigningKey: try o.required("userSigningKey"))
    }
}

extension E2EE: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(crossSigning: try o.required("crossSigning"), firstSyncDone: try o.required("firstSyncDone"),
                  hasBackedUpRecoveryKey: try o.required("hasBackedUpRecoveryKey"),
                  initialized: try o.required("initialized"), keyBackup: try o.required("keyBackup"),
                  secrets: try o.required("secrets"), secretStorage: try o.required("secretStorage"),
                  verified: try o.required("verified"),
                  recoveryKeyGeneratedAt: try o.optional("recoveryKeyGeneratedAt", as: Double.self)
                      .map(Date.init(timeIntervalSince1970:)))
    }
}

extension Matrix: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(deviceID: try o.required("deviceID"), homeserver: try o.required("homeserver"),
                  userID: try o.required("userID"))
    }
}

extension Credentials: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(accessToken: try o.required("accessToken"), deviceID: try o.required("deviceID"),
                  homeserver: try o.required("homeserver"), userID: try o.required("userID"))
    }
}

extension VerificationError: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(code: try o.required("code"), reason: try o.required("reason"))
    }
}

extension VerificationOtherDevice: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(id: try o.required("id"), name: try o.optional("name"))
    }
}

extension VerificationQR: WireDecodable {
    init(wire: Wire) throws {
        self.init(data: try wire.object().required("data"))
    }
}

extension VerificationSAS: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(emojis: try o.required("emojis"), decimals: try o.optional("decimals"))
    }
}

extension Verification: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(id: try o.required("id"), availableActions: try o.required("availableActions"),
                  direction: try o.required("direction"), methods: try o.required("methods"),
                  purpose: try o.required("purpose"), state: try o.required("state"),
                  error: try o.optional("error"), otherDevice: try o.optional("otherDevice"),
                  otherUserID: try o.optional("otherUserID"), qr: try o.optional("qr"), sas: try o.optional("sas"))
    }
}

extension Session: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(e2ee: try o.required("e2ee"), state: try o.required("state"), matrix: try o.optional("matrix"),
                  verification: try o.optional("verification"))
    }
}

extension SetupStartResponse: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(setupRequestID: try o.required("setupRequestID"), signInMethods: try o.required("signInMethods"))
    }
}

extension SignInSuccess: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(matrix: try o.required("matrix"), session: try o.required("session"))
    }
}

extension RegistrationRequiredCopy: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(submit: try o.required("submit"), terms: try o.required("terms"), title: try o.required("title"),
                  usernamePlaceholder: try o.required("usernamePlaceholder"))
    }
}

extension RegistrationRequired: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(copy: try o.required("copy"), leadToken: try o.required("leadToken"),
                  registrationRequired: try o.required("registrationRequired"),
                  setupRequestID: try o.required("setupRequestID"),
                  usernameSuggestions: try o.optional("usernameSuggestions"))
    }
}

extension SetupResponseResponse: WireDecodable {
    /// By the `registrationRequired` flag, as its `Decodable` init.
    init(wire: Wire) throws {
        if try wire.object().optional("registrationRequired", as: Bool.self) == true {
            self = .registrationRequired(try RegistrationRequired(wire: wire))
        } else {
            self = .success(try SignInSuccess(wire: wire))
        }
    }
}

extension SessionResponse: WireDecodable {
    init(wire: Wire) throws {
        self.init(session: try wire.object().required("session"))
    }
}

extension RecoveryKeyCreated: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(recoveryKey: try o.required("recoveryKey"), session: try o.required("session"))
    }
}

extension VerificationList: WireDecodable {
    init(wire: Wire) throws {
        self.init(items: try wire.object().required("items"))
    }
}

extension VerificationResponse: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(session: try o.required("session"), verification: try o.optional("verification"))
    }
}

extension NextStep: WireDecodable {
    init(wire: Wire) throws {
        let o = try wire.object()
        self.init(step: try o.required("step"), state: try o.required("state"), message: try o.required("message"),
                  verificationID: try o.optional("verificationID"), action: try o.optional("action"),
                  emojis: try o.optional("emojis"), decimals: try o.optional("decimals"),
                  qrData: try o.optional("qrData"))
    }
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
