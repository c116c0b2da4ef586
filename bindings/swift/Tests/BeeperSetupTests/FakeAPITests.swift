import BeeperSetup
import Foundation
import XCTest

/// A view model written against `any BeeperSetupAPI`: tested with a fake, and run unchanged
/// against the simulator through `client.app.setup.api`.
@MainActor
final class EmojiModel {
    let api: any BeeperSetupAPI
    private(set) var emojis: [String] = []
    private(set) var problem: String?

    init(api: any BeeperSetupAPI) { self.api = api }

    /// Starts the comparison of the active verification and shows its emojis.
    func showEmojis() async {
        do {
            let started = try await api.startSAS(verificationID: "active")
            emojis = api.nextStep(started.session).emojiList
        } catch ServerErrorCode.actionNotAvailable {
            problem = "not now"
        } catch {
            problem = "\(error)"
        }
    }
}

/// A fake: answers from fixtures, records the calls.
final class FakeSetup: BeeperSetupAPI, @unchecked Sendable {
    // @unchecked: only the tests' main actor touches `calls`.
    var calls: [String] = []
    var refuseSAS = false

    func retrieve(options: CallOptions?) async throws -> SetupSession { SetupSession(state: .needsLogin) }
    func start(options: CallOptions?) async throws -> SetupStartResponse { SetupStartResponse(setupRequestID: "r1") }
    func email(email: String, setupRequestID: String, options: CallOptions?) async throws { calls.append("email") }
    func response(response: String, setupRequestID: String, options: CallOptions?) async throws -> SignInResponse {
        throw BeeperSetupError(kind: .api, message: "wrong code", status: 400, code: ServerErrorCode.invalidCode.rawValue)
    }
    func register(acceptTerms: Bool, leadToken: String, setupRequestID: String, username: String,
                  options: CallOptions?) async throws -> SignInSuccess {
        throw BeeperSetupError(kind: .internal, message: "not in this fake")
    }
    func nextStep(_ session: SetupSession) -> NextStep {
        NextStep(step: .verifyDevice, state: session.state, message: "Compare", action: .compareEmojis,
                 emojis: session.verification?.sas?.emojis)
    }
    var waits: [WaitCondition] = []
    func wait(for condition: WaitCondition) async throws -> SetupSession {
        waits.append(condition)
        return SetupSession(state: condition.until.first ?? .ready)
    }
    func verifyRecoveryKey(_ recoveryKey: String, options: CallOptions?) async throws -> SessionResponse {
        SessionResponse(session: SetupSession(state: .ready))
    }
    func createRecoveryKey(existingRecoveryKey: String?, options: CallOptions?) async throws -> RecoveryKeyCreated {
        RecoveryKeyCreated(recoveryKey: "KEY", session: SetupSession(state: .needsSecrets))
    }
    func confirmRecoveryKey(_ recoveryKey: String, options: CallOptions?) async throws -> SessionResponse {
        SessionResponse(session: SetupSession(state: .ready))
    }
    func listVerifications(options: CallOptions?) async throws -> VerificationList { VerificationList(items: []) }
    func createVerification(purpose: VerificationPurpose?, userID: String?, options: CallOptions?) async throws -> VerificationResponse {
        VerificationResponse(session: SetupSession(state: .needsVerification), verification: Verification(id: "v1"))
    }
    func retrieveVerification(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        VerificationResponse(session: SetupSession(state: .needsVerification), verification: Verification(id: verificationID))
    }
    func acceptVerification(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        VerificationResponse(session: SetupSession(state: .needsVerification))
    }
    func cancelVerification(verificationID: String, code: String?, reason: String?,
                            options: CallOptions?) async throws -> VerificationResponse {
        VerificationResponse(session: SetupSession(state: .needsVerification))
    }
    func scanQR(data: String, options: CallOptions?) async throws -> VerificationResponse {
        VerificationResponse(session: SetupSession(state: .needsVerification))
    }
    func confirmQRScanned(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        VerificationResponse(session: SetupSession(state: .needsVerification))
    }
    func startSAS(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        calls.append("startSAS \(verificationID)")
        if refuseSAS {
            throw BeeperSetupError(kind: .api, message: "no", status: 409, code: "ACTION_NOT_AVAILABLE")
        }
        let verification = Verification(id: "v1", state: .sasReady, sas: VerificationSAS(emojis: "🐶🐱🦁"))
        return VerificationResponse(session: SetupSession(state: .needsVerification, verification: verification),
                                    verification: verification)
    }
    func confirmSAS(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        VerificationResponse(session: SetupSession(state: .needsFirstSync))
    }
}

final class FakeAPITests: SimulatorTestCase {
    @MainActor
    func testAViewModelAgainstAFake() async throws {
        let fake = FakeSetup()
        let model = EmojiModel(api: fake)
        await model.showEmojis()
        XCTAssertEqual(model.emojis, ["🐶", "🐱", "🦁"])
        XCTAssertEqual(fake.calls, ["startSAS active"])

        fake.refuseSAS = true
        let refused = EmojiModel(api: fake)
        await refused.showEmojis()
        XCTAssertEqual(refused.problem, "not now")
        let api: any BeeperSetupAPI = fake
        let ready = try await api.wait(until: .ready)
        XCTAssertEqual(ready.state, .ready)
        // The protocol's waits take the client's arguments, in seconds or as a Duration.
        _ = try await api.wait(until: [], verificationStates: [.sasReady], timeout: 20, interval: 0.25,
                               whileVerificationState: .requested)
        _ = try await api.wait(until: [.ready], timeout: .seconds(90), interval: .milliseconds(250),
                               whileState: .needsVerification)
        _ = try await api.wait(until: .needsSecrets, timeout: .seconds(5))
        XCTAssertEqual(fake.waits, [
            WaitCondition(until: [.ready]),
            WaitCondition(until: [], verificationStates: [.sasReady], timeout: 20, interval: 0.25,
                          whileVerificationState: .requested),
            WaitCondition(until: [.ready], timeout: 90, interval: 0.25, whileState: .needsVerification),
            WaitCondition(until: [.needsSecrets], timeout: 5),
        ])
    }

    @MainActor
    func testTheSameViewModelAgainstTheSimulator() async throws {
        let client = try makeClient()
        _ = try signInExisting(client, "existing@example.com")
        let api: any BeeperSetupAPI = client.app.setup.api
        let created = try await api.createVerification(purpose: .login)
        XCTAssertNotNil(created.verification)
        try sim.post("/_sim/other-device/accept")
        _ = try await api.wait(until: [], verificationStates: [.ready], timeout: .seconds(20))
        let model = EmojiModel(api: api)
        await model.showEmojis()
        XCTAssertNil(model.problem)
        XCTAssertEqual(model.emojis.count, 7, "\(model.emojis)")
        let listed = try await api.listVerifications()
        XCTAssertEqual(listed.items.count, 1)
    }
}
