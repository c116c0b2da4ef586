@testable import BeeperSetup
import Foundation
import XCTest

/// The library's answers are read by the models' wire initialisers (WireDecoding.swift), not by
/// `JSONDecoder`; the models' `Decodable` conformances stay for apps. Both must agree: every
/// answer decodes to the same value, or fails at the same path.
final class WireDecodingTests: XCTestCase {
    static let e2ee = """
    {"crossSigning": true, "firstSyncDone": false, "hasBackedUpRecoveryKey": true, "initialized": true,
     "keyBackup": true, "recoveryKeyGeneratedAt": 1793578870.25, "secretStorage": true, "verified": false,
     "secrets": {"masterKey": true, "megolmBackupKey": false, "recoveryKey": true, "selfSigningKey": false,
                 "userSigningKey": true}}
    """
    static let verification = """
    {"id": "vrf_1", "availableActions": ["cancel", "sas.confirm"], "direction": "incoming",
     "methods": ["qr", "sas"], "purpose": "device", "state": "sas_ready",
     "error": {"code": "m.user", "reason": "Cancelled"}, "otherDevice": {"id": "DEV", "name": "Phone"},
     "otherUserID": "@other:beeper.com", "qr": {"data": "qr-data"},
     "sas": {"emojis": "🐶 🐱 🦁", "decimals": "1234 5678 9012"}}
    """
    static let session = """
    {"e2ee": \(e2ee), "state": "needs-verification",
     "matrix": {"deviceID": "DEV", "homeserver": "https://matrix.beeper.com", "userID": "@me:beeper.com"},
     "verification": \(verification)}
    """
    static let credentials = #"{"accessToken": "tok", "deviceID": "DEV", "homeserver": "h", "userID": "@me:b"}"#
    static let registration = """
    {"copy": {"submit": "Go", "terms": "Terms", "title": "Title", "usernamePlaceholder": "name"},
     "leadToken": "lead", "registrationRequired": true, "setupRequestID": "req", "usernameSuggestions": ["a", "b"]}
    """

    func testEveryModelDecodesAsJSONDecoderDoesWhateverAFieldHolds() throws {
        try assertAgreesWithJSONDecoder(SetupSession.self, Self.session)
        try assertAgreesWithJSONDecoder(VerificationResponse.self, #"{"session": \#(Self.session), "verification": \#(Self.verification)}"#)
        try assertAgreesWithJSONDecoder(VerificationList.self, #"{"items": [\#(Self.verification), {"id": "v2", "availableActions": [], "direction": "outgoing", "methods": [], "purpose": "login", "state": "requested"}]}"#)
        try assertAgreesWithJSONDecoder(SessionResponse.self, #"{"session": \#(Self.session)}"#)
        try assertAgreesWithJSONDecoder(RecoveryKeyCreated.self, #"{"recoveryKey": "KEY", "session": \#(Self.session)}"#)
        try assertAgreesWithJSONDecoder(SetupStartResponse.self, #"{"setupRequestID": "req", "signInMethods": ["email"]}"#)
        try assertAgreesWithJSONDecoder(SignInSuccess.self, #"{"matrix": \#(Self.credentials), "session": \#(Self.session)}"#)
        try assertAgreesWithJSONDecoder(SignInResponse.self, #"{"matrix": \#(Self.credentials), "session": \#(Self.session)}"#)
        try assertAgreesWithJSONDecoder(SignInResponse.self, Self.registration)
        try assertAgreesWithJSONDecoder(RegistrationRequired.self, Self.registration)
        try assertAgreesWithJSONDecoder(NextStep.self, """
            {"step": "verify-device", "state": "needs-verification", "message": "Compare", "verificationID": "v",
             "action": "compare-emojis", "emojis": "🐶👑", "decimals": "1 2 3", "qrData": "q",
             "comparison": {"emojis": [{"position": 0, "emoji": "🐶", "number": 0, "englishName": "Dog", "name": "Hund"},
                                       {"position": 1, "emoji": "👑", "number": null, "englishName": null, "name": null}],
                            "decimals": [1000, 2000, 3000], "language": "de"},
             "outcome": {"kind": "timed-out", "code": "m.timeout", "reason": "r", "cancelledByUs": false},
             "otherDevice": {"id": "D", "name": "n"}, "direction": "incoming",
             "alternatives": ["other-device", "qr", "enter-recovery-key", "create-recovery-key", "future"]}
            """)
        try assertAgreesWithJSONDecoder(ClientSettings.self, """
            {"baseURL": "http://127.0.0.1:23373", "timeoutMs": 30000, "connectTimeoutMs": 1500.5, "maxRetries": 2,
             "userAgent": "ua", "adoptAccessToken": true, "hasAccessToken": false}
            """)
    }

    func testStringsKeepEscapesAndNonASCII() throws {
        let json = #"{"setupRequestID": "q\"\\\/\b\f\n\r\t\u0041\u00e9\u4e2d\ud83d\ude00 é 中 😀 👍🏽", "signInMethods": [""]}"#
        let value = try decoded(SetupStartResponse.self, json)
        XCTAssertEqual(value.setupRequestID, "q\"\\/\u{08}\u{0C}\n\r\tAé中😀 é 中 😀 👍🏽")
        XCTAssertEqual(value, try JSONDecoder().decode(SetupStartResponse.self, from: Data(json.utf8)))
        XCTAssertEqual(value.signInMethods, [""])
        // Keys are compared unescaped: "\u0049D" is "ID", and "\u00e9" is not "e".
        let keys = #"{"setupRequest\u0049D": "r", "sign\u0049nMethods": ["a"], "setupRequestI\u00e9": "x"}"#
        XCTAssertEqual(try decoded(SetupStartResponse.self, keys), SetupStartResponse(setupRequestID: "r", signInMethods: ["a"]))
        XCTAssertEqual(try decoded(SetupStartResponse.self, keys), try JSONDecoder().decode(SetupStartResponse.self, from: Data(keys.utf8)))
        XCTAssertEqual(decodeError(SetupStartResponse.self, #"{"setupRequestI\u00e9": "x", "signInMethods": []}"#)?.message,
                       "cannot read the response as SetupStartResponse: missing setupRequestID")
    }

    func testEveryPositionOfAnEscapeOrAControlCharacterInALongString() throws {
        // Strings are scanned eight bytes at a time up to the first byte that needs a look.
        for offset in 0...20 {
            let pad = String(repeating: "a", count: offset)
            for special in [#"\""#, #"\\"#, #"\u00e9"#, "é", "😀", "\u{7f}", "~"] {
                let json = #"{"setupRequestID": "\#(pad)\#(special)bbbbbbbbbb", "signInMethods": []}"#
                XCTAssertEqual(try decoded(SetupStartResponse.self, json),
                               try JSONDecoder().decode(SetupStartResponse.self, from: Data(json.utf8)), json)
            }
            for control in ["\u{0}", "\u{1f}", "\n"] {
                let json = "{\"setupRequestID\": \"\(pad)\(control)bbbbbbbbbb\", \"signInMethods\": []}"
                XCTAssertThrowsError(try JSONDecoder().decode(SetupStartResponse.self, from: Data(json.utf8)))
                XCTAssertEqual(decodeError(SetupStartResponse.self, json)?.kind, .decode, json)
            }
        }
    }

    func testUnknownFieldsAndValuesAndMissingOptionals() throws {
        let json = """
        {"future": {"deep": [1, {"x": null}], "s": "\\u00e9"}, "state": "needs-quantum-keys",
         "e2ee": {"crossSigning": false, "firstSyncDone": false, "hasBackedUpRecoveryKey": false, "initialized": false,
                  "keyBackup": false, "secretStorage": false, "verified": false, "extra": 1,
                  "secrets": {"masterKey": false, "megolmBackupKey": false, "recoveryKey": false,
                              "selfSigningKey": false, "userSigningKey": false}},
         "matrix": null}
        """
        let session = try decoded(SetupSession.self, json)
        XCTAssertEqual(session.state, .unknown("needs-quantum-keys"))
        // An unknown field nested as deep as the library lets through (128 levels in all).
        let deep = json.replacingOccurrences(of: #""future":"#, with: #""future": \#(String(repeating: "[", count: 126))1\#(String(repeating: "]", count: 126)), "x":"#)
        XCTAssertEqual(try decoded(SetupSession.self, deep), try JSONDecoder().decode(SetupSession.self, from: Data(deep.utf8)))
        XCTAssertNil(session.matrix)
        XCTAssertNil(session.verification)
        XCTAssertNil(session.e2ee.recoveryKeyGeneratedAt)
    }

    func testDatesAndNumbers() throws {
        let e2ee = try decoded(E2EE.self, Self.e2ee)
        XCTAssertEqual(e2ee.recoveryKeyGeneratedAt, Date(timeIntervalSince1970: 1_793_578_870.25))
        func settings(_ retries: String, _ timeout: String = "30000") -> String {
            """
            {"baseURL": "u", "timeoutMs": \(timeout), "connectTimeoutMs": 5000, "maxRetries": \(retries),
             "userAgent": "ua", "adoptAccessToken": true, "hasAccessToken": false}
            """
        }
        XCTAssertEqual(try decoded(ClientSettings.self, settings("1e1")).maxRetries, 10)
        XCTAssertEqual(try decoded(ClientSettings.self, settings("2.0")).maxRetries, 2)
        XCTAssertEqual(try decoded(ClientSettings.self, settings("-9223372036854775808")).maxRetries, Int.min)
        XCTAssertEqual(try decoded(ClientSettings.self, settings("1", "1.5e3")).timeout, 1.5)
        XCTAssertEqual(try decoded(ClientSettings.self, settings("1", "12345678901234567890123")).timeout, 1.2345678901234567e19)
        // Out of the field's range: refused, as JSONDecoder refuses them.
        for (retries, timeout) in [("9223372036854775808", "1"), ("1.5", "1"), ("1e400", "1"), ("1", "1e400"),
                                   ("1", "-1e400"), ("1", "1e-400"), ("1", "\"30000\"")] {
            let json = settings(retries, timeout)
            XCTAssertThrowsError(try JSONDecoder().decode(ClientSettings.self, from: Data(json.utf8)), json)
            let error = decodeError(ClientSettings.self, json)
            XCTAssertEqual(error?.kind, .decode, json)
            XCTAssertTrue(error?.message.contains(retries == "1" ? "timeoutMs" : "maxRetries") ?? false, "\(String(describing: error))")
        }
        XCTAssertGreaterThan(try decoded(ClientSettings.self, settings("1", "1e-300")).timeout, 0)
        XCTAssertEqual(try decoded(ClientSettings.self, settings("1", "0.0e5")).timeout, 0)
    }

    func testWrongShapesAreDecodeErrorsNamingThePath() {
        XCTAssertEqual(decodeError(SetupSession.self, #"{"e2ee": \#(Self.e2ee), "state": 1}"#)?.message,
                       "cannot read the response as SetupSession: unexpected value at state")
        XCTAssertEqual(decodeError(SetupSession.self, #"{"state": "ready"}"#)?.message,
                       "cannot read the response as SetupSession: missing e2ee")
        XCTAssertEqual(decodeError(VerificationResponse.self, #"{"session": \#(Self.session), "verification": {"id": "v", "availableActions": ["a", 2]}}"#)?.message,
                       "cannot read the response as VerificationResponse: unexpected value at verification.availableActions.Index 1")
        XCTAssertEqual(decodeError(SetupSession.self, #"{"state": "ready", "e2ee": null}"#)?.message,
                       "cannot read the response as SetupSession: unexpected value at e2ee")
        // Not JSON, or not an object: the same kind, and never a crash.
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        for text in ["", " ", "{", "{\"state\"", #"{"state": "ready""#, #"{"state": "ready",}"#, "[]", "null", "1", "\"s\"",
                     #"{"state": "a\u0001b"}"#, #"{"state": "\ud800"}"#, #"{"state": "\udc00x"}"#, #"{"state": "\ud800\u0041"}"#,
                     #"{"state": "\x"}"#, #"{"state": "\u12"}"#, #"{"n": 01}"#, #"{"n": 1.}"#, #"{"n": -}"#, #"{"n": 1e}"#,
                     #"{"n": tru}"#, #"{"state": "ready"} x"#, "{\"state\": \"ready\"}\u{0}", deep,
                     String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)] {
            XCTAssertEqual(decodeError(SetupSession.self, text)?.kind, .decode, text.prefix(80).description)
        }
    }

    func testARepeatedKeyKeepsItsFirstValueAsJSONDecoderDoes() throws {
        let json = #"{"setupRequestID": "first", "signInMethods": [], "setupRequestID": "second"}"#
        XCTAssertEqual(try decoded(SetupStartResponse.self, json).setupRequestID, "first")
        XCTAssertEqual(try JSONDecoder().decode(SetupStartResponse.self, from: Data(json.utf8)).setupRequestID, "first")
    }

    func testRawResponseDecodesModelsAndAnAppsOwnTypes() throws {
        let raw = RawResponse(status: 200, body: Self.session)
        XCTAssertEqual(try raw.decode(as: SetupSession.self), try decoded(SetupSession.self, Self.session))
        struct AppShape: Decodable, Equatable { let state: String }
        XCTAssertEqual(try raw.decode(as: AppShape.self), AppShape(state: "needs-verification"))
        XCTAssertThrowsError(try RawResponse(status: 200, body: #"{"state": 1}"#).decode(as: AppShape.self)) { error in
            XCTAssertEqual((error as? BeeperSetupError)?.message,
                           "cannot read the response as AppShape: unexpected value at state")
        }
    }

    // MARK: - Helpers

    private func decoded<T: WireDecodable>(_ type: T.Type, _ json: String) throws -> T {
        try BeeperSetupClient.decode(type, (0, json))
    }

    private func decodeError<T: WireDecodable>(_ type: T.Type, _ json: String) -> BeeperSetupError? {
        do {
            _ = try BeeperSetupClient.decode(type, (0, json))
            return nil
        } catch {
            return error as? BeeperSetupError
        }
    }

    /// Decodes `fixture`, and every variant of it with one field removed or replaced by a value
    /// of each JSON type, through both decoders: the same value, or an error at the same path.
    private func assertAgreesWithJSONDecoder<T: WireDecodable & Equatable>(
        _ type: T.Type, _ fixture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let root = try JSONSerialization.jsonObject(with: Data(fixture.utf8))
        // A field the fixture lacks would go unchecked: every stored property is in it.
        assertHasEveryField(try JSONDecoder().decode(type, from: Data(fixture.utf8)), root, "\(type)",
                            file: file, line: line)
        let replacements: [Any] = [NSNull(), 7, 1.5, "text", true, [Any](), [String: Any](), ["needs-login"]]
        var variants = [fixture]
        for path in paths(root) {
            if case .key = path.last { variants.append(try text(replacing(root, path, nil))) }
            for value in replacements { variants.append(try text(replacing(root, path, value))) }
        }
        var failures = 0
        for json in variants {
            let expected = Result { try JSONDecoder().decode(type, from: Data(json.utf8)) }
                .mapError { Failure(message: "cannot read the response as \(type): \(describePath($0))") }
            let actual = Result { try BeeperSetupClient.decode(type, (0, json)) }
                .mapError { Failure(message: ($0 as? BeeperSetupError)?.message ?? "\($0)") }
            // JSONDecoder names no path for a number out of an Int's range ("1.5"), the wire
            // decoder names the field: the same error otherwise.
            if case .failure(let failure) = expected, failure.message.hasSuffix(": unexpected value at "),
               case .failure(let wire) = actual {
                XCTAssertTrue(wire.message.hasPrefix(failure.message), "\(wire.message) for \(json)", file: file, line: line)
            } else {
                XCTAssertEqual(expected, actual, json, file: file, line: line)
            }
            if case .failure = actual { failures += 1 }
        }
        // The variants reach both outcomes: the comparison is not vacuous.
        XCTAssertGreaterThan(failures, 0, file: file, line: line)
        XCTAssertLessThan(failures, variants.count, file: file, line: line)
    }

    private struct Failure: Error, Equatable { let message: String }

    /// The wire names of the properties that have another name in Swift.
    private let wireNames = ["timeout": "timeoutMs", "connectTimeout": "connectTimeoutMs"]

    /// Fails for each stored property of `value` (and of the models it holds) that `json`, the
    /// fixture it was decoded from, leaves out or sets to null.
    private func assertHasEveryField(_ value: Any, _ json: Any, _ path: String,
                                     file: StaticString, line: UInt) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional?, .enum?:
            // A payload (`.success(SignInSuccess)`) is the same JSON object; an open enum's
            // string has no fields.
            if let payload = mirror.children.first?.value { assertHasEveryField(payload, json, path, file: file, line: line) }
        case .collection?:
            // The first element has every field; later ones may leave optional ones out.
            if let array = json as? [Any], let first = array.first, let element = mirror.children.first {
                assertHasEveryField(element.value, first, path + "[0]", file: file, line: line)
            }
        case .struct?:
            guard let object = json as? [String: Any] else { return }
            for child in mirror.children {
                guard let label = child.label else { continue }
                let key = wireNames[label] ?? label
                guard let field = object[key], !(field is NSNull) else {
                    XCTFail("the fixture of \(path) has no \(key)", file: file, line: line)
                    continue
                }
                assertHasEveryField(child.value, field, "\(path).\(key)", file: file, line: line)
            }
        default:
            break
        }
    }

    private enum Step { case key(String), index(Int) }

    private func paths(_ value: Any, _ prefix: [Step] = []) -> [[Step]] {
        if let object = value as? [String: Any] {
            return object.keys.sorted().flatMap { key in [prefix + [.key(key)]] + paths(object[key]!, prefix + [.key(key)]) }
        }
        if let array = value as? [Any] {
            return array.indices.flatMap { i in [prefix + [.index(i)]] + paths(array[i], prefix + [.index(i)]) }
        }
        return []
    }

    /// `root` with the value at `path` replaced (removed when `value` is nil).
    private func replacing(_ root: Any, _ path: [Step], _ value: Any?) -> Any {
        guard let first = path.first else { return value as Any }
        let rest = Array(path.dropFirst())
        switch first {
        case .key(let key):
            var object = root as! [String: Any]
            if rest.isEmpty, value == nil { object[key] = nil } else { object[key] = replacing(object[key]!, rest, value) }
            return object
        case .index(let i):
            var array = root as! [Any]
            array[i] = replacing(array[i], rest, value ?? NSNull())
            return array
        }
    }

    private func text(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }
}
