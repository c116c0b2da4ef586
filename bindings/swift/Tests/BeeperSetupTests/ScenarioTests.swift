import BeeperSetup
import XCTest

/// One simulator for the whole test run (each test resets it).
let sharedSimulator: Simulator = {
    do { return try Simulator() } catch { fatalError("cannot start the simulator: \(error)") }
}()

class SimulatorTestCase: XCTestCase {
    /// The shared simulator, or the test's own once it has set `ownSimulator`.
    var sim: Simulator { ownSimulator ?? sharedSimulator }

    /// A simulator for this test alone, for a test that counts every request a simulator
    /// receives: the shared one may still receive a request that an earlier test's cancelled
    /// call had in flight (the library abandons it, the simulator reads it when it gets to it).
    var ownSimulator: Simulator?

    override func setUpWithError() throws {
        try sim.reset()
    }

    func makeClient(maxRetries: Int? = nil, timeout: TimeInterval? = nil) throws -> BeeperSetupClient {
        try BeeperSetupClient(baseURL: sim.url, timeout: timeout, maxRetries: maxRetries)
    }

    /// start, email, the emailed code (read from the simulator), response.
    func signIn(_ client: BeeperSetupClient, _ email: String) throws -> SignInResponse {
        let start = try client.blocking.app.setup.start()
        try client.blocking.app.setup.email(email: email, setupRequestID: start.setupRequestID)
        let code = try XCTUnwrap(try sim.state("lastEmailCode"))
        return try client.blocking.app.setup.response(response: code, setupRequestID: start.setupRequestID)
    }

    func signInExisting(_ client: BeeperSetupClient, _ email: String) throws -> SignInSuccess {
        guard case .success(let success) = try signIn(client, email) else {
            throw XCTSkip("expected an existing account for \(email)")
        }
        return success
    }
}

final class ScenarioTests: SimulatorTestCase {
    func testNewAccountWithNewRecoveryKey() throws {
        let client = try makeClient()
        let setup = client.blocking.app.setup
        let before = try setup.retrieve()
        XCTAssertEqual(before.state, .needsLogin)
        XCTAssertNil(before.matrix)
        XCTAssertEqual(setup.nextStep(before).step, .signIn)

        guard case .registrationRequired(let registration) = try signIn(client, "newcomer@example.com") else {
            return XCTFail("a new account must be registered")
        }
        XCTAssertTrue(registration.registrationRequired)
        XCTAssertEqual(registration.copy.title, "Choose your username")
        XCTAssertEqual(registration.usernameSuggestions?.contains("newcomer"), true)
        XCTAssertFalse(client.settings.hasAccessToken)

        let registered = try setup.register(acceptTerms: true, leadToken: registration.leadToken,
                                            setupRequestID: registration.setupRequestID,
                                            username: "newcomer")
        XCTAssertEqual(registered.matrix.userID, "@newcomer:beeper.com")
        XCTAssertEqual(registered.matrix.accessToken, try sim.state("accessToken"))
        XCTAssertTrue(client.settings.hasAccessToken, "the token is adopted")
        XCTAssertEqual(registered.session.state, .needsCrossSigningSetup)
        XCTAssertEqual(setup.nextStep(registered.session).step, .createRecoveryKey)
        XCTAssertEqual(try setup.verifications.list().items, [])

        let created = try setup.recoveryKey.reset.create()
        XCTAssertGreaterThan(created.recoveryKey.count, 20)
        let confirmed = try setup.recoveryKey.reset.confirm(recoveryKey: created.recoveryKey)
        XCTAssertEqual(confirmed.session.state, .needsFirstSync)
        XCTAssertEqual(setup.nextStep(confirmed.session).step, .wait)
        XCTAssertEqual(try sim.state("recoveryKey"), created.recoveryKey)

        sim.post(after: 0.3, "/_sim/first-sync")
        let ready = try setup.wait(timeout: 20, interval: 0.05)
        XCTAssertEqual(ready.state, .ready)
        XCTAssertTrue(ready.e2ee.firstSyncDone)
        XCTAssertEqual(setup.nextStep(ready).step, .done)
    }

    func testExistingAccountByEmojis() async throws {
        let client = try makeClient()
        let setup = client.app.setup
        let signedIn = try signInExisting(client, "existing@example.com")
        XCTAssertEqual(signedIn.session.state, .needsVerification)
        let first = setup.nextStep(signedIn.session)
        XCTAssertEqual(first.step, .verifyDevice)
        XCTAssertEqual(first.action, .create)

        let created = try await setup.verifications.create()
        let verification = try XCTUnwrap(created.verification)
        XCTAssertEqual(verification.state, .requested)
        XCTAssertEqual(verification.direction, .outgoing)
        XCTAssertEqual(verification.purpose, .login)
        XCTAssertEqual(setup.nextStep(created.session).action, .waitForOtherDevice)

        try sim.post("/_sim/other-device/accept")
        let accepted = try await setup.verifications.retrieve(verificationID: verification.id)
        XCTAssertEqual(accepted.verification?.state, .ready)
        XCTAssertEqual(accepted.verification?.availableActions.contains(.sasStart), true)
        XCTAssertEqual(setup.nextStep(accepted.session).action, .sasStart)

        let started = try await setup.verifications.sas.start(verificationID: verification.id)
        XCTAssertEqual(started.verification?.state, .sasReady)
        let emojis = try XCTUnwrap(started.verification?.sas?.emojis)
        let step = setup.nextStep(started.session)
        XCTAssertEqual(step.action, .compareEmojis)
        XCTAssertEqual(step.emojis, emojis)
        XCTAssertEqual(step.verificationID, verification.id)
        XCTAssertNotNil(step.decimals)
        let otherDevice = try sim.request("GET", "/_sim/state")["verification"] as? [String: Any]
        XCTAssertEqual((otherDevice?["sas"] as? [String: Any])?["emojis"] as? String, emojis)

        let confirmed = try await setup.verifications.sas.confirm(verificationID: verification.id)
        XCTAssertEqual(confirmed.verification?.availableActions.contains(.sasConfirm), false)
        sim.post(after: 0.2, "/_sim/other-device/confirm")
        let done = try await setup.wait(verificationStates: [.done], timeout: 20, interval: 0.05)
        XCTAssertEqual(done.verification?.state, .done)
        sim.post(after: 0.2, "/_sim/first-sync")
        let ready = try await setup.wait(timeout: 20, interval: 0.05)
        XCTAssertEqual(ready.state, .ready)
        XCTAssertTrue(ready.e2ee.verified)
    }

    func testExistingAccountByQRBothWays() throws {
        let client = try makeClient()
        let setup = client.blocking.app.setup
        _ = try signInExisting(client, "existing@example.com")

        // This device scans the other device's code.
        let created = try setup.verifications.create(purpose: .login)
        let id = try XCTUnwrap(created.verification?.id)
        try sim.post("/_sim/other-device/accept")
        let otherQR = try XCTUnwrap(try sim.state("otherDeviceQr"))
        XCTAssertThrowsError(try setup.verifications.qr.scan(data: "MATRIX.v02.not-this-one")) { error in
            XCTAssertEqual((error as? BeeperSetupError)?.code, "QR_MISMATCH")
        }
        let scanned = try setup.verifications.qr.scan(data: otherQR)
        XCTAssertEqual(scanned.verification?.state, .qrScanned)
        XCTAssertEqual(setup.nextStep(scanned.session).action, .qrConfirmScanned)
        let done = try setup.verifications.qr.confirmScanned(verificationID: id)
        XCTAssertEqual(done.verification?.state, .done)

        // The other device asks, and scans this device's code.
        try sim.reset()
        let again = try makeClient()
        _ = try signInExisting(again, "existing@example.com")
        sim.post(after: 0.2, "/_sim/other-device/request")
        let requested = try again.blocking.app.setup.wait(verificationStates: [.requested], timeout: 20, interval: 0.05)
        let incoming = try XCTUnwrap(requested.verification)
        XCTAssertEqual(incoming.direction, .incoming)
        XCTAssertEqual(again.blocking.app.setup.nextStep(requested).action, .accept)
        let accepted = try again.blocking.app.setup.verifications.accept(verificationID: incoming.id)
        let qr = try XCTUnwrap(accepted.verification?.qr?.data)
        XCTAssertEqual(again.blocking.app.setup.nextStep(accepted.session).qrData, qr)
        try sim.post("/_sim/other-device/scan", ["data": qr])
        let confirmed = try again.blocking.app.setup.verifications.qr.confirmScanned(verificationID: incoming.id)
        XCTAssertEqual(confirmed.verification?.state, .done)
        try sim.post("/_sim/first-sync")
        XCTAssertEqual(try again.blocking.app.setup.wait(timeout: 20, interval: 0.05).state, .ready)
    }

    /// The QR calls through their async twins (the test above uses the blocking ones).
    func testQRByTheAsyncCalls() async throws {
        let client = try makeClient()
        let verifications = client.app.setup.verifications
        _ = try signInExisting(client, "existing@example.com")
        let created = try await verifications.create(purpose: .login)
        let id = try XCTUnwrap(created.verification?.id)
        try sim.post("/_sim/other-device/accept")
        let scanned = try await verifications.qr.scan(data: try XCTUnwrap(try sim.state("otherDeviceQr")))
        XCTAssertEqual(scanned.verification?.state, .qrScanned)
        let done = try await verifications.qr.confirmScanned(verificationID: id)
        XCTAssertEqual(done.verification?.state, .done)

        try sim.reset()
        let again = try makeClient()
        _ = try signInExisting(again, "existing@example.com")
        try sim.post("/_sim/other-device/request")
        let incoming = try await again.app.setup.verifications.retrieve(verificationID: "active")
        let accepted = try await again.app.setup.verifications.accept(verificationID: try XCTUnwrap(incoming.verification?.id))
        XCTAssertEqual(accepted.verification?.direction, .incoming)
        XCTAssertNotNil(accepted.verification?.qr?.data)
    }

    func testRecoveryKey() async throws {
        let client = try makeClient()
        let setup = client.app.setup
        let signedIn = try signInExisting(client, "recovery@example.com")
        XCTAssertEqual(signedIn.session.state, .needsSecrets)
        XCTAssertEqual(setup.nextStep(signedIn.session).step, .enterRecoveryKey)
        let key = "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa"
        do {
            _ = try await setup.recoveryKey.verify(recoveryKey: "WRNG KEY0 1234")
            XCTFail("a wrong key must be refused")
        } catch let error as BeeperSetupError {
            XCTAssertEqual(error.kind, .api)
            XCTAssertFalse(error.message.contains("WRNG"))
        }
        let verified = try await setup.recoveryKey.verify(recoveryKey: key)
        XCTAssertNotEqual(verified.session.state, .needsSecrets)

        try sim.post("/_sim/first-sync")
        let ready = try await setup.wait(timeout: 20, interval: 0.05)
        XCTAssertEqual(ready.state, .ready)
        XCTAssertTrue(ready.e2ee.secrets.recoveryKey)

        // Signing in again, the key can be replaced by a new one instead (proving the old one).
        try sim.reset()
        let again = try makeClient()
        _ = try signInExisting(again, "recovery@example.com")
        let created = try await again.app.setup.recoveryKey.reset.create(existingRecoveryKey: key)
        XCTAssertNotEqual(created.recoveryKey, key)
        let confirmed = try await again.app.setup.recoveryKey.reset.confirm(recoveryKey: created.recoveryKey)
        XCTAssertEqual(try sim.state("recoveryKey"), created.recoveryKey)
        XCTAssertEqual(again.app.setup.nextStep(confirmed.session).step, .wait)
    }

    func testVerificationListRetrieveCancel() async throws {
        let client = try makeClient()
        let verifications = client.app.setup.verifications
        _ = try signInExisting(client, "existing@example.com")
        let empty = try await verifications.list()
        XCTAssertEqual(empty.items, [])
        let created = try await verifications.create(purpose: .login, userID: "@existing:beeper.com")
        let id = try XCTUnwrap(created.verification?.id)
        XCTAssertEqual(created.verification?.otherUserID, "@existing:beeper.com")
        let listed = try await verifications.list()
        XCTAssertEqual(listed.items.map(\.id), [id])
        let active = try await verifications.retrieve(verificationID: "active")
        XCTAssertEqual(active.verification?.id, id)
        let cancelled = try await verifications.cancel(verificationID: id, code: "m.user", reason: "Changed my mind")
        XCTAssertEqual(cancelled.verification?.state, .cancelled)
        XCTAssertEqual(cancelled.verification?.error?.reason, "Changed my mind")
        do {
            _ = try await verifications.cancel(verificationID: id)
            XCTFail("a cancelled verification cannot be cancelled again")
        } catch let error as BeeperSetupError {
            XCTAssertEqual(error.code, "ACTION_NOT_AVAILABLE")
        }
        // Ids are percent-encoded: this one reaches the verification route and is not found.
        do {
            _ = try await verifications.retrieve(verificationID: "a/b c?d#e")
            XCTFail("no such verification")
        } catch let error as BeeperSetupError {
            XCTAssertEqual(error.status, 404)
            XCTAssertEqual(error.code, "VERIFICATION_NOT_FOUND")
        }
    }
}
