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
        await refused("username") { _ = try await setup.register(leadToken: "l", setupRequestID: "id", username: "a\0") }
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
