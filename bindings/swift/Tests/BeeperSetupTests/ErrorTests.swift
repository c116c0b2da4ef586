@testable import BeeperSetup
import Foundation
import XCTest

final class ErrorTests: SimulatorTestCase {
    func expectError(_ kind: BeeperSetupError.Kind, _ body: () throws -> Void,
                     file: StaticString = #filePath, line: UInt = #line) -> BeeperSetupError? {
        do {
            try body()
            XCTFail("expected a \(kind) error", file: file, line: line)
        } catch let error as BeeperSetupError {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertEqual(error.errorDescription, error.message, file: file, line: line)
            return error
        } catch {
            XCTFail("expected BeeperSetupError, got \(error)", file: file, line: line)
        }
        return nil
    }

    func testAPIErrorCarriesStatusCodeAndBody() throws {
        let client = try makeClient()
        let error = expectError(.api) { _ = try client.blocking.app.setup.verifications.list() }
        XCTAssertEqual(error?.status, 401)
        XCTAssertNotNil(error?.code)
        let body = try XCTUnwrap(error?.body)
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        XCTAssertNotNil(object, "body is the server's error body as JSON text")
    }

    /// A server that quotes the request back (JSON, then plain text): the error holds neither
    /// the recovery key nor the token, in its message, body or description.
    func testASecretTheServerEchoesStaysOutOfTheError() throws {
        let client = try makeClient(maxRetries: 0)
        _ = try signInExisting(client, "recovery@example.com")
        let token = try XCTUnwrap(client.accessToken)
        for body in ["echo", "echo-text"] {
            try sim.fault(["body": body])
            let error = expectError(.api) {
                _ = try client.blocking.app.setup.recoveryKey.verify(recoveryKey: "EsSW ECHO KEY0 0001")
            }
            let shown = try [XCTUnwrap(error?.message), XCTUnwrap(error?.body), "\(String(describing: error))"]
            for text in shown {
                XCTAssertFalse(text.contains("ECHO KEY0") || text.contains(token), text)
            }
            // The body still quotes what is no secret.
            XCTAssertTrue(shown[1].contains("rejected") && shown[1].contains("[redacted]"), shown[1])
        }
    }

    func testConnectionError() throws {
        let client = try BeeperSetupClient(baseURL: "http://127.0.0.1:1", maxRetries: 0)
        _ = expectError(.connection) { _ = try client.blocking.app.setup.retrieve() }
        try sim.fault(["drop": true])
        let dropped = try makeClient(maxRetries: 0)
        _ = expectError(.connection) { _ = try dropped.blocking.app.setup.retrieve() }
    }

    func testTimeoutsOfARequestAndOfAWait() throws {
        try sim.fault(["hang": true])
        let client = try makeClient(maxRetries: 0, timeout: 0.3)
        _ = expectError(.timeout) { _ = try client.blocking.app.setup.retrieve() }
        try sim.reset()
        _ = expectError(.timeout) { _ = try client.blocking.app.setup.wait(timeout: 0.3, interval: 0.05) }
    }

    func testRetriesAreCounted() throws {
        try sim.fault(["status": 503, "count": 5, "retryAfterMs": 10])
        let client = try makeClient(maxRetries: 1)
        let error = expectError(.api) { _ = try client.blocking.app.setup.start() }
        XCTAssertEqual(error?.status, 503)
        XCTAssertEqual(error?.retries, 1)
    }

    func testDecodeError() throws {
        try sim.fault(["body": "wrong-shape"])
        let client = try makeClient(maxRetries: 0)
        _ = expectError(.decode) { _ = try client.blocking.app.setup.start() }
    }

    func testCancelledWait() throws {
        let client = try makeClient()
        let started = Date()
        let cancelling = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            client.cancel()
        }
        cancelling.start()
        _ = expectError(.cancelled) { _ = try client.blocking.app.setup.wait(timeout: 30, interval: 0.05) }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        // Calls made afterwards are not affected.
        XCTAssertEqual(try client.blocking.app.setup.retrieve().state, .needsLogin)
    }

    func testEveryKindIsReadFromTheErrorObject() {
        for kind in BeeperSetupError.Kind.allCases {
            let error = BeeperSetupError(status: 7, json: #"{"kind": "\#(kind.rawValue)", "message": "m", "retries": 2}"#)
            XCTAssertEqual(error.kind, kind)
            XCTAssertEqual(error.message, "m")
            XCTAssertEqual(error.retries, 2)
        }
        // An unreadable object (which the library never writes) is still an error, of kind internal.
        XCTAssertEqual(BeeperSetupError(status: 7, json: "garbage").kind, .internal)
    }

    func testParamsJSONRoundTripsEveryCharacter() throws {
        let tricky = "q\"b\\s/\n\r\t\u{0}\u{1f}\u{7f} é 😀 \u{2028}"
        let text = JSONValue.object([tricky: .array([.string(tricky), .number(1500), .number(0.25), .bool(true)])]).text
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [Any]])
        XCTAssertEqual(parsed.keys.first, tricky)
        XCTAssertEqual(parsed[tricky]?[0] as? String, tricky)
        XCTAssertEqual((parsed[tricky]?[1] as? NSNumber)?.intValue, 1500)
        XCTAssertEqual((parsed[tricky]?[2] as? NSNumber)?.doubleValue, 0.25)
        XCTAssertEqual(parsed[tricky]?[3] as? Bool, true)
        XCTAssertTrue(text.contains("1500") && !text.contains("1500.0"), text)
    }

    func testBadInputIsRefusedBeforeAnythingIsSent() throws {
        let client = try makeClient()
        let setup = client.blocking.app.setup
        XCTAssertEqual(try sim.requestCount, 0)
        _ = expectError(.invalidArgument) { _ = try setup.verifications.retrieve(verificationID: "") }
        _ = expectError(.invalidArgument) { _ = try setup.verifications.accept(verificationID: "active\0x") }
        _ = expectError(.invalidArgument) { _ = try setup.verifications.sas.start(verificationID: "") }
        _ = expectError(.invalidArgument) {
            _ = try setup.register(acceptTerms: false, leadToken: "lead", setupRequestID: "id", username: "u")
        }
        _ = expectError(.invalidArgument) { _ = try setup.wait(timeout: -1) }
        _ = expectError(.invalidArgument) { _ = try setup.wait(interval: .nan) }
        _ = expectError(.invalidArgument) { try client.setAccessToken("line\nbreak") }
        _ = expectError(.invalidArgument) { try client.setAccessToken("cut\0short") }
        _ = expectError(.invalidArgument) { _ = try BeeperSetupClient(baseURL: sim.url, timeout: .infinity) }
        _ = expectError(.invalidArgument) { _ = try BeeperSetupClient(baseURL: "not a url") }
        _ = expectError(.invalidArgument) {
            _ = try BeeperSetupClient(baseURL: sim.url, defaultHeaders: ["Host": "elsewhere"])
        }
        XCTAssertFalse(client.settings.hasAccessToken, "a refused token is not kept")
        XCTAssertEqual(try sim.requestCount, 0, "nothing reached the server")
    }

    func testSettingsAndTokens() throws {
        let client = try BeeperSetupClient(baseURL: sim.url, accessToken: "a token with spaces",
                                           timeout: 12.5, connectTimeout: 2, maxRetries: 4,
                                           userAgent: "swift-test/1", adoptAccessToken: false)
        let settings = client.settings
        XCTAssertEqual(settings.baseURL, sim.url)
        XCTAssertEqual(settings.timeout, 12.5)
        XCTAssertEqual(settings.connectTimeout, 2)
        XCTAssertEqual(settings.maxRetries, 4)
        XCTAssertTrue(settings.userAgent.hasSuffix("swift-test/1"), settings.userAgent)
        XCTAssertFalse(settings.adoptAccessToken)
        XCTAssertTrue(settings.hasAccessToken)
        try client.setAccessToken(nil)
        XCTAssertFalse(client.settings.hasAccessToken)
        XCTAssertFalse(BeeperSetupClient.libraryVersion.isEmpty)
    }

    func testCaCertificatesPEM() throws {
        // A certificate made here: the library must accept it as an extra root.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                             "ec_paramgen_curve:P-256", "-nodes", "-keyout", dir.appendingPathComponent("ca.key").path,
                             "-out", dir.appendingPathComponent("ca.pem").path, "-days", "1",
                             "-subj", "/CN=beeper-setup swift test CA"]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw XCTSkip("the openssl command is needed") }
        let pem = try String(contentsOf: dir.appendingPathComponent("ca.pem"), encoding: .utf8)
        XCTAssertNoThrow(try BeeperSetupClient(baseURL: "https://beeper.example", caCertificatesPEM: pem))

        let broken = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"
        XCTAssertThrowsError(try BeeperSetupClient(caCertificatesPEM: broken)) { error in
            let e = error as? BeeperSetupError
            XCTAssertEqual(e?.kind, .invalidArgument)
            XCTAssertFalse(e?.message.contains("not base64") ?? true, e?.message ?? "")
        }
    }
}
