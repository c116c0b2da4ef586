import BeeperSetup
import Foundation
import XCTest

final class ModelTests: SimulatorTestCase {
    /// A SetupSession as a newer server might send it: values and fields this version does not know.
    let newerSession = """
    {"state": "needs-quantum-keys", "futureField": {"x": [1]},
     "e2ee": {"crossSigning": true, "firstSyncDone": false, "hasBackedUpRecoveryKey": false,
              "initialized": true, "keyBackup": false, "secretStorage": true, "verified": false,
              "secrets": {"masterKey": true, "megolmBackupKey": false, "recoveryKey": false,
                          "selfSigningKey": true, "userSigningKey": true, "quantumKey": true}},
     "verification": {"id": "v1", "availableActions": ["sas.start", "nfc.tap"],
                      "direction": "sideways", "methods": ["qr", "nfc"], "purpose": "audit",
                      "state": "nfc_ready", "sas": {"emojis": "🐶 🐱", "shape": "round"}}}
    """

    func testUnknownValuesAndFieldsDecodeAndRoundTrip() throws {
        let session = try JSONDecoder().decode(SetupSession.self, from: Data(newerSession.utf8))
        XCTAssertEqual(session.state, .unknown("needs-quantum-keys"))
        let verification = try XCTUnwrap(session.verification)
        XCTAssertEqual(verification.availableActions, [.sasStart, .unknown("nfc.tap")])
        XCTAssertEqual(verification.direction, .unknown("sideways"))
        XCTAssertEqual(verification.methods, [.qr, .unknown("nfc")])
        XCTAssertEqual(verification.purpose, .unknown("audit"))
        XCTAssertEqual(verification.state, .unknown("nfc_ready"))
        XCTAssertEqual(verification.sas?.emojis, "🐶 🐱")

        let again = try JSONDecoder().decode(SetupSession.self, from: JSONEncoder().encode(session))
        XCTAssertEqual(again, session)
        XCTAssertEqual(Set([session, again]).count, 1)
        XCTAssertEqual(DeviceVerificationState(rawValue: "sas_ready"), .sasReady)
        XCTAssertEqual(SetupState.needsVerification.rawValue, "needs-verification")

        // The library's flow helper places a state it does not know as step "unknown".
        let client = try makeClient()
        let step = client.blocking.app.setup.nextStep(session)
        XCTAssertEqual(step.step, .unknown("unknown"))
        XCTAssertEqual(step.state, .unknown("needs-quantum-keys"))
    }

    func testNoSecretInDescriptions() throws {
        let client = try makeClient()
        let setup = client.blocking.app.setup
        guard case .registrationRequired(let registration) = try signIn(client, "secretive@example.com") else {
            return XCTFail("a new account")
        }
        let answer = SignInResponse.registrationRequired(registration)
        let registered = try setup.register(acceptTerms: true, leadToken: registration.leadToken,
                                            setupRequestID: registration.setupRequestID,
                                            username: "secretive")
        let created = try setup.recoveryKey.reset.create()
        let secrets = [registration.leadToken, registered.matrix.accessToken, created.recoveryKey]
        let values: [Any] = [registration, answer, registered, registered.matrix, created, client]
        for value in values {
            var dumped = ""
            dump(value, to: &dumped)
            for text in [String(describing: value), String(reflecting: value), "\(value)", dumped] {
                XCTAssertTrue(text.contains("***") || value is BeeperSetupClient, text)
                for secret in secrets {
                    XCTAssertFalse(text.contains(secret), "a secret in: \(text)")
                }
            }
        }
        // Errors about a secret never quote it.
        do {
            _ = try setup.recoveryKey.reset.confirm(recoveryKey: "WRNG KEY0 1234")
            XCTFail("a wrong key")
        } catch let error as BeeperSetupError {
            XCTAssertEqual(error.code, "RECOVERY_KEY_MISMATCH")
            XCTAssertFalse("\(error) \(error.localizedDescription) \(error.body ?? "")".contains("WRNG KEY0"))
        }
    }
}
