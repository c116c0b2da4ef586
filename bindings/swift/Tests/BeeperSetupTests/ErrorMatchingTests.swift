import BeeperSetup
import Foundation
import XCTest

/// Errors as an app meets them: matched in `catch` by kind and by the server's code, bridged to
/// NSError, with messages that name the Swift parameters, and bad input refused before sending.
final class ErrorMatchingTests: SimulatorTestCase {
    func testCatchByKindAndByServerCode() async throws {
        let client = try makeClient()
        let setup = client.app.setup
        let start = try await setup.start()
        try await setup.email(email: "existing@example.com", setupRequestID: start.setupRequestID)
        var matched = ""
        do {
            _ = try await setup.response(response: "000000-wrong", setupRequestID: start.setupRequestID)
        } catch BeeperSetupError.timeout {
            matched = "timeout"
        } catch ServerErrorCode.invalidCode {
            matched = "invalidCode"
        } catch BeeperSetupError.api {
            matched = "api"
        }
        XCTAssertEqual(matched, "invalidCode")

        do {
            _ = try await setup.wait(until: .needsLogin, timeout: 0.2)
            _ = try await setup.wait(until: .ready, timeout: 0.2)
            XCTFail("the wait must reach its deadline")
        } catch ServerErrorCode.invalidCode {
            XCTFail("a timeout is not a server code")
        } catch BeeperSetupError.timeout {
            // matched by kind
        }
    }

    func testServerCodesAreTyped() {
        let wrong = BeeperSetupError(kind: .api, message: "m", status: 400, code: "INVALID_CODE")
        XCTAssertEqual(wrong.serverCode, .invalidCode)
        XCTAssertEqual(BeeperSetupError(kind: .api, message: "m", code: "NEW_ONE").serverCode?.rawValue, "NEW_ONE")
        XCTAssertNil(BeeperSetupError(kind: .timeout, message: "m").serverCode)
        XCTAssertTrue(ServerErrorCode.invalidCode ~= wrong)
        XCTAssertFalse(ServerErrorCode.invalidCode ~= BeeperSetupError(kind: .decode, message: "m", code: "INVALID_CODE"))
        XCTAssertEqual(ServerErrorCode.allCases.count, Set(ServerErrorCode.allCases.map(\.rawValue)).count)
    }

    func testBridgedToNSErrorWithADistinctCodePerKind() {
        let codes = BeeperSetupError.Kind.allCases.map { kind -> Int in
            let bridged = BeeperSetupError(kind: kind, message: "said \(kind)") as NSError
            XCTAssertEqual(bridged.domain, BeeperSetupError.errorDomain)
            XCTAssertEqual(bridged.localizedDescription, "said \(kind)")
            return bridged.code
        }
        XCTAssertEqual(Set(codes).count, BeeperSetupError.Kind.allCases.count, "\(codes)")
        XCTAssertFalse(codes.contains(0))
        let api = BeeperSetupError(kind: .api, message: "m", status: 401, code: "UNAUTHORIZED") as NSError
        XCTAssertEqual(api.userInfo["status"] as? Int, 401)
        XCTAssertEqual(api.userInfo["code"] as? String, "UNAUTHORIZED")
    }

    func testMessagesNameTheSwiftParameters() async throws {
        func message(_ body: () async throws -> Void) async -> String {
            do { try await body(); return "no error" } catch { return (error as? BeeperSetupError)?.message ?? "\(error)" }
        }
        let maxRetries = await message { _ = try BeeperSetupClient(baseURL: self.sim.url, maxRetries: Int.max) }
        XCTAssertTrue(maxRetries.contains("maxRetries") && !maxRetries.contains("u32"), maxRetries)
        let client = try makeClient()
        let interval = await message { _ = try await client.app.setup.wait(interval: 0) }
        XCTAssertTrue(interval.contains("interval") && !interval.contains("intervalMs"), interval)
        let timeout = await message { _ = try await client.app.setup.wait(timeout: 0) }
        XCTAssertTrue(timeout.contains("timeout") && !timeout.contains("timeoutMs"), timeout)
        let option = await message { _ = try await client.app.setup.retrieve(options: CallOptions(timeout: -1)) }
        XCTAssertTrue(option.contains("options.timeout"), option)
        let retries = await message { _ = try await client.app.setup.retrieve(options: CallOptions(maxRetries: -1)) }
        XCTAssertTrue(retries.contains("options.maxRetries"), retries)
        XCTAssertEqual(try sim.requestCount, 0, "nothing reached the server")
    }

    /// Each bad input the library refuses is named as the Swift parameter it came from, never
    /// by the wire's name for it (`caCertificatesPem`, a header's name, "the verification id").
    func testEveryBadInputNamesItsSwiftParameter() async throws {
        let client = try makeClient()
        let setup = client.app.setup
        let url = sim.url
        func names(_ parameter: String, _ body: () async throws -> Void,
                   file: StaticString = #filePath, line: UInt = #line) async {
            do {
                try await body()
                XCTFail("\(parameter): accepted", file: file, line: line)
            } catch let error as BeeperSetupError {
                XCTAssertEqual(error.kind, .invalidArgument, "\(parameter): \(error)", file: file, line: line)
                let word = "(^|[^A-Za-z.])\(NSRegularExpression.escapedPattern(for: parameter))($|[^A-Za-z.])"
                XCTAssertNotNil(error.message.range(of: word, options: .regularExpression),
                                "\(parameter): \(error.message)", file: file, line: line)
                for wire in ["Pem", "timeoutMs", "TimeoutMs", "intervalMs", "verification id", "body_json", "options: "] {
                    XCTAssertFalse(error.message.contains(wire), "\(parameter): \(error.message)", file: file, line: line)
                }
            } catch {
                XCTFail("\(parameter): \(error)", file: file, line: line)
            }
        }
        await names("caCertificatesPEM") { _ = try BeeperSetupClient(baseURL: url, caCertificatesPEM: "not a certificate") }
        await names("userAgent") { _ = try BeeperSetupClient(baseURL: url, userAgent: "ua\nX-Injected: 1") }
        await names("defaultHeaders") { _ = try BeeperSetupClient(baseURL: url, defaultHeaders: ["X Y": "1"]) }
        await names("defaultHeaders") { _ = try BeeperSetupClient(baseURL: url, defaultHeaders: ["X-A": "a\nb"]) }
        await names("defaultHeaders") { _ = try BeeperSetupClient(baseURL: url, defaultHeaders: ["Host": "x"]) }
        await names("defaultHeaders") {
            _ = try BeeperSetupClient(baseURL: url, defaultHeaders: ["user-agent": "a\nb"], userAgent: "fine")
        }
        await names("baseURL") { _ = try BeeperSetupClient(baseURL: "not a url") }
        await names("accessToken") { _ = try BeeperSetupClient(baseURL: url, accessToken: "a\nb") }
        await names("timeout") { _ = try BeeperSetupClient(baseURL: url, timeout: -1) }
        await names("timeout") { _ = try BeeperSetupClient(baseURL: url, timeout: 1e9) }
        await names("connectTimeout") { _ = try BeeperSetupClient(baseURL: url, connectTimeout: 1e9) }
        await names("maxRetries") { _ = try BeeperSetupClient(baseURL: url, maxRetries: 101) }
        await names("accessToken") { try client.setAccessToken("a\nb") }
        await names("options.extraHeaders") { _ = try await setup.retrieve(options: CallOptions(extraHeaders: ["X Y": "1"])) }
        await names("options.extraHeaders") { _ = try await setup.retrieve(options: CallOptions(extraHeaders: ["X-A": "a\nb"])) }
        await names("options.extraHeaders") {
            _ = try await setup.retrieve(options: CallOptions(extraHeaders: ["Content-Length": "1"]))
        }
        await names("options.extraHeaders") {
            _ = try await setup.retrieve(options: CallOptions(extraHeaders: ["x-a": "1", "X-A": "2"]))
        }
        await names("options.extraBody") { _ = try await setup.retrieve(options: CallOptions(extraBody: ["a": 1])) }
        await names("options.timeout") { _ = try await setup.retrieve(options: CallOptions(timeout: 1e9)) }
        await names("options.maxRetries") { _ = try await setup.retrieve(options: CallOptions(maxRetries: 101)) }
        await names("verificationID") { _ = try await setup.verifications.accept(verificationID: "") }
        await names("verificationID") { _ = try await setup.verifications.sas.confirm(verificationID: "") }
        await names("verificationID") {
            _ = try await setup.verifications.retrieve(verificationID: String(repeating: "v", count: 2000))
        }
        await names("interval") { _ = try await setup.wait(interval: 0) }
        await names("timeout") { _ = try await setup.wait(timeout: -1) }
        await names("username") {
            _ = try await setup.register(acceptTerms: true, leadToken: "l", setupRequestID: "id", username: "")
        }
        await names("acceptTerms") {
            _ = try await setup.register(acceptTerms: false, leadToken: "l", setupRequestID: "id", username: "u")
        }
        await names("method") { _ = try await client.request(method: "FETCH", path: "/v1/app/setup") }
        await names("path") { _ = try await client.request(method: "GET", path: "/a b") }
        await names("operation") { _ = try await client.rawResponse(operation: "setup.nothing") }
        XCTAssertEqual(try sim.requestCount, 0, "nothing reached the server")
    }

    func testANULInAnyStringIsRefusedBeforeSending() async throws {
        let client = try makeClient()
        let setup = client.app.setup
        func refused(_ name: String, _ body: () async throws -> Void) async {
            do {
                try await body()
                XCTFail("\(name): a NUL was sent")
            } catch let error as BeeperSetupError {
                XCTAssertEqual(error.kind, .invalidArgument, name)
                XCTAssertTrue(error.message.contains(name) && error.message.contains("NUL"), "\(name): \(error.message)")
            } catch {
                XCTFail("\(name): \(error)")
            }
        }
        await refused("email") { try await setup.email(email: "me\0@example.com", setupRequestID: "id") }
        await refused("setupRequestID") { try await setup.email(email: "me@example.com", setupRequestID: "i\0d") }
        await refused("response") { _ = try await setup.response(response: "12\u{0}34", setupRequestID: "id") }
        await refused("username") { _ = try await setup.register(acceptTerms: true, leadToken: "l", setupRequestID: "id", username: "a\0") }
        await refused("recoveryKey") { _ = try await setup.recoveryKey.verify(recoveryKey: "k\0") }
        await refused("data") { _ = try await setup.verifications.qr.scan(data: "\0") }
        await refused("reason") { _ = try await setup.verifications.cancel(verificationID: "v", reason: "\0") }
        await refused("verificationID") { _ = try await setup.verifications.accept(verificationID: "v\0") }
        await refused("options.extraHeaders.X-Note") {
            _ = try await setup.retrieve(options: CallOptions(extraHeaders: ["X-Note": "a\0b"]))
        }
        await refused("options.extraBody.note") {
            _ = try await setup.start(options: CallOptions(extraBody: ["note": "a\0b"]))
        }
        await refused("userAgent") { _ = try BeeperSetupClient(baseURL: self.sim.url, userAgent: "ua\0") }
        XCTAssertThrowsError(try blockingEmail(client, "me\0@example.com")) { error in
            XCTAssertTrue(BeeperSetupError.invalidArgument ~= error, "\(error)")
        }
        XCTAssertEqual(try sim.requestCount, 0, "nothing reached the server")
    }

    private func blockingEmail(_ client: BeeperSetupClient, _ email: String) throws {
        try client.blocking.app.setup.email(email: email, setupRequestID: "id")
    }

    func testPerCallOptionsReachTheServer() async throws {
        let client = try makeClient()
        let start = try await client.app.setup.start()
        try await client.app.setup.email(email: "existing@example.com", setupRequestID: start.setupRequestID,
                                         options: CallOptions(timeout: 5, maxRetries: 0,
                                                              extraHeaders: ["X-Note": "from swift"],
                                                              extraQuery: ["trace": "yes"], extraBody: ["extra": 1]))
        let last = try sim.request("GET", "/_sim/last-request")
        let headers = last["headers"] as? [String: Any]
        XCTAssertEqual(headers?["x-note"] as? String, "from swift", "\(last)")
        XCTAssertEqual((last["query"] as? [String: Any])?["trace"] as? String, "yes", "\(last)")
        XCTAssertEqual(((last["body"] as? [String: Any])?["extra"] as? NSNumber)?.intValue, 1, "\(last)")
        if #available(macOS 13, iOS 16, *) {
            _ = try await client.app.setup.retrieve(options: CallOptions(timeout: .seconds(5)))
        }
    }
}

/// The raw answer: status, headers and body, async and blocking.
final class RawResponseTests: SimulatorTestCase {
    func testTheRawAnswerOfAnOperation() async throws {
        let client = try makeClient()
        let raw = try await client.rawResponse(operation: "setup.retrieve",
                                               options: CallOptions(extraHeaders: ["X-Note": "raw"]))
        XCTAssertEqual(raw.status, 200)
        XCTAssertTrue(raw.headers["content-type"]?.contains("json") ?? false, "\(raw.headers)")
        XCTAssertEqual(try raw.decode(as: SetupSession.self).state, .needsLogin)
        let started = try await client.rawResponse(operation: "setup.start")
        XCTAssertFalse(try started.decode(as: SetupStartResponse.self).setupRequestID.isEmpty)
        do {
            _ = try await client.rawResponse(operation: "verifications.list")
            XCTFail("no token")
        } catch ServerErrorCode.unauthorized {}
        do {
            _ = try await client.rawResponse(operation: "setup.email", params: ["email": "a\0b", "setupRequestID": "x"])
            XCTFail("a NUL was sent")
        } catch BeeperSetupError.invalidArgument {}
        XCTAssertEqual(try blocking(client).status, 200)
    }

    func testTheRawAnswerSaysWhatWasSent() async throws {
        let client = try makeClient()
        let raw = try await client.rawResponse(operation: "setup.retrieve",
                                               options: CallOptions(extraQuery: ["q": "a b.c"]))
        let last = try sim.request("GET", "/_sim/last-request")
        XCTAssertEqual(raw.request?.method, "GET")
        XCTAssertEqual(raw.request?.url, sim.url + (last["path"] as? String ?? "?") + "?q=a%20b.c", "\(last)")
        XCTAssertEqual(try blocking(client).request?.url, sim.url + "/v1/app/setup")
    }

    private func blocking(_ client: BeeperSetupClient) throws -> RawResponse {
        try client.blocking.rawResponse(operation: "setup.retrieve")
    }
}

/// What the other languages' clients have: the token held now, a custom request, the base URL
/// as a `URL`, and `Duration` timeouts.
final class ClientSurfaceTests: SimulatorTestCase {
    func testTheAccessTokenHeldNow() throws {
        let client = try makeClient()
        XCTAssertNil(client.accessToken)
        let signedIn = try signInExisting(client, "existing@example.com")
        XCTAssertEqual(client.accessToken, signedIn.matrix.accessToken, "the adopted token")
        try client.setAccessToken("replaced")
        XCTAssertEqual(client.accessToken, "replaced")
        try client.setAccessToken(nil)
        XCTAssertNil(client.accessToken)
    }

    func testTheBaseURLAsAURLAndDurationTimeouts() throws {
        let url = try XCTUnwrap(URL(string: sim.url))
        let client = try BeeperSetupClient(baseURL: url)
        XCTAssertEqual(client.baseURL, url)
        XCTAssertEqual(client.settings.baseURL, sim.url)
        guard #available(macOS 13, iOS 16, *) else { return }
        let timed = try BeeperSetupClient(baseURL: url, timeout: .seconds(7), connectTimeout: .milliseconds(1500))
        XCTAssertEqual(timed.settings.timeout, 7)
        XCTAssertEqual(timed.settings.connectTimeout, 1.5)
        let byText = try BeeperSetupClient(baseURL: sim.url, timeout: .seconds(9))
        XCTAssertEqual(byText.settings.timeout, 9)
        XCTAssertThrowsError(try BeeperSetupClient(baseURL: url, timeout: .seconds(-1))) { error in
            XCTAssertTrue((error as? BeeperSetupError)?.message.hasPrefix("timeout") ?? false, "\(error)")
        }
    }

    func testACustomRequest() async throws {
        let client = try makeClient()
        let session = try await client.request(method: "GET", path: "/v1/app/setup")
        XCTAssertEqual(session.status, 200)
        XCTAssertEqual(try session.decode(as: SetupSession.self).state, .needsLogin)
        XCTAssertEqual(session.request?.url, sim.url + "/v1/app/setup")
        let started = try await client.request(method: "POST", path: "/v1/app/setup/start", body: [:],
                                               options: CallOptions(extraHeaders: ["X-Note": "custom"]))
        XCTAssertFalse(try started.decode(as: SetupStartResponse.self).setupRequestID.isEmpty)
        let last = try sim.request("GET", "/_sim/last-request")
        XCTAssertEqual((last["headers"] as? [String: Any])?["x-note"] as? String, "custom", "\(last)")
        do {
            _ = try await client.request(method: "GET", path: "/v1/app/setup/verifications")
            XCTFail("no token")
        } catch ServerErrorCode.unauthorized {}
        XCTAssertEqual(try blockingRequest(client).status, 200)
    }

    func testCancellingACustomRequestEndsItAtOnce() async throws {
        let client = try makeClient()
        try sim.fault(["delayMs": 10_000])
        let began = Date()
        let task = Task { try await client.request(method: "GET", path: "/v1/app/setup") }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("the request was not cancelled")
        } catch is CancellationError {}
        XCTAssertLessThan(Date().timeIntervalSince(began), 5, "ended well before the server's delay")
        let after = try await client.request(method: "GET", path: "/v1/app/setup")
        XCTAssertEqual(after.status, 200, "the client goes on")
    }

    private func blockingRequest(_ client: BeeperSetupClient) throws -> RawResponse {
        try client.blocking.request(method: "GET", path: "/v1/app/setup")
    }
}
