import BeeperSetup
import BeeperSetupTesting
import XCTest

/// An app's tests of its setup screen, as its developer writes them: the package's products
/// alone (BeeperSetup, BeeperSetupTesting), no simulator binary and no helper of ours.
final class SetupScreenTests: XCTestCase {
    /// What the app's sign-in screen does: start, email, the code from the email (and a
    /// username for a new account).
    private func signIn(_ client: BeeperSetupClient, _ sim: Simulator,
                        email: String = "me@example.com") async throws {
        let setup = client.app.setup
        let start = try await setup.start()
        try await setup.email(email: email, setupRequestID: start.setupRequestID)
        let code = try XCTUnwrap(try sim.emailCode())
        if case .registrationRequired(let registration) = try await setup.response(
            response: code, setupRequestID: start.setupRequestID) {
            _ = try await setup.register(acceptTerms: true, leadToken: registration.leadToken,
                                         setupRequestID: registration.setupRequestID, username: "me")
        }
    }

    func testEveryScenarioSignsInToItsOwnAccount() async throws {
        let names = Simulator.scenarios
        XCTAssertTrue(names.contains("existing") && names.contains("recovery") && names.contains("new"))
        for name in names {
            let sim = try Simulator(scenario: name)
            let client = try BeeperSetupClient(baseURL: sim.baseURL)
            let before = try await client.app.setup.retrieve()
            XCTAssertEqual(client.app.setup.nextStep(before).step, .signIn)
            try await signIn(client, sim)
            XCTAssertEqual(try sim.state()["scenario"] as? String, name)
            let step = client.app.setup.nextStep(try await client.app.setup.retrieve()).step
            XCTAssertNotEqual(step, .signIn, name)
            sim.stop()
        }
    }

    /// Signed in to the existing account, with a verification the other device accepted.
    private func acceptedVerification() async throws -> (Simulator, BeeperSetupClient, String) {
        let sim = try Simulator(scenario: "existing")
        let client = try BeeperSetupClient(baseURL: sim.baseURL)
        try await signIn(client, sim)
        let created = try await client.app.setup.verifications.create()
        let id = try XCTUnwrap(created.verification?.id)
        try sim.otherDevice.accept()
        return (sim, client, id)
    }

    func testTheOtherDeviceCancelsWithACode() async throws {
        let (sim, client, id) = try await acceptedVerification()
        try sim.otherDevice.cancel(code: "m.mismatched_sas", reason: "no match")
        let cancelled = try await client.app.setup.verifications.retrieve(verificationID: id)
        XCTAssertEqual(cancelled.verification?.state, .cancelled)
        XCTAssertEqual(cancelled.verification?.error?.code, "m.mismatched_sas")
    }

    func testEmojisConfirmedAndTheFirstSync() async throws {
        let (sim, client, id) = try await acceptedVerification()
        let sas = try await client.app.setup.verifications.sas.start(verificationID: id)
        XCTAssertEqual(NextStep(for: sas.session).emojiList.count, 7)
        try sim.otherDevice.confirm()
        _ = try await client.app.setup.verifications.sas.confirm(verificationID: id)
        try sim.finishFirstSync()
        let ready = try await client.app.setup.retrieve()
        XCTAssertEqual(ready.state, .ready)
    }

    func testFaultsStatsAndTheLastRequest() async throws {
        let sim = try Simulator()
        let client = try BeeperSetupClient(baseURL: sim.baseURL, maxRetries: 0)
        XCTAssertNil(try sim.lastRequest())
        try sim.fault(["status": 503])
        do {
            _ = try await client.app.setup.retrieve()
            XCTFail("the fault did not reach the client")
        } catch let error as BeeperSetupError {
            XCTAssertEqual(error.status, 503)
        }
        try sim.fault(["drop": true], count: 2)
        try sim.clearFaults()
        let session = try await client.app.setup.retrieve()
        XCTAssertEqual(session.state, .needsLogin)
        XCTAssertEqual(try sim.lastRequest()?["operation"] as? String, "setup.retrieve")
        XCTAssertEqual(try sim.stats()["requests"] as? Int, 2)
        XCTAssertThrowsError(try sim.otherDevice.confirm()) { error in
            XCTAssertEqual((error as? SimulatorError)?.status, 409)
        }
        XCTAssertThrowsError(try Simulator(scenario: "no-such-scenario")) { error in
            XCTAssertEqual((error as? SimulatorError)?.kind, "invalid_argument")
        }
        sim.stop()
        XCTAssertThrowsError(try sim.state())
    }

    /// A fake that implements only what the screen calls: the rest has defaults.
    struct OnlyEmojis: BeeperSetupAPI {
        func startSAS(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
            VerificationResponse(session: SetupSession(state: .needsVerification))
        }
    }

    func testAFakeImplementsOnlyTheCallsItsTestUses() async throws {
        let api: any BeeperSetupAPI = OnlyEmojis()
        let started = try await api.startSAS(verificationID: "active")
        XCTAssertEqual(api.nextStep(started.session).step, .verifyDevice)
        XCTAssertEqual(NextStep(for: SetupSession(state: .needsLogin)).step, .signIn)
        do {
            _ = try await api.start()
            XCTFail("a call the fake does not implement answered")
        } catch let error as BeeperSetupError {
            XCTAssertTrue(error.message.contains("OnlyEmojis does not implement start"), error.message)
        }
        do {
            _ = try await api.wait(until: .ready, timeout: .seconds(5))
            XCTFail("a wait the fake does not implement answered")
        } catch let error as BeeperSetupError {
            XCTAssertTrue(error.message.contains("OnlyEmojis does not implement wait"), error.message)
        }
    }
}
