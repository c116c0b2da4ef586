import BeeperSetup
import Foundation
import XCTest

/// Models as a view and its tests use them: made without JSON, identified, listed, dated, and
/// the emojis and numbers one by one.
final class ModelFixtureTests: XCTestCase {
    func testFixturesWithoutJSON() throws {
        let verification = Verification(id: "v1", availableActions: [.sasConfirm], state: .sasReady,
                                        sas: VerificationSAS(emojis: "🐶🐱🦁", decimals: "1234 5678 9012"))
        let session = SetupSession(state: .needsVerification,
                              matrix: Matrix(deviceID: "D", homeserver: "beeper.com", userID: "@me:beeper.com"),
                              verification: verification)
        let response = VerificationResponse(session: session, verification: verification)
        let decoded = try JSONDecoder().decode(VerificationResponse.self, from: JSONEncoder().encode(response))
        XCTAssertEqual(decoded, response)
        XCTAssertEqual(SignInResponse.success(SignInSuccess(
            matrix: Credentials(accessToken: "t", deviceID: "D", homeserver: "h", userID: "u"), session: session)),
                       .success(SignInSuccess(matrix: Credentials(accessToken: "t", deviceID: "D", homeserver: "h", userID: "u"),
                                              session: session)))
        XCTAssertEqual(NextStep(step: .verifyDevice, state: .needsVerification, message: "m", action: .compareEmojis,
                                emojis: "🐶🐱", decimals: "1 2").emojiList, ["🐶", "🐱"])
    }

    func testVerificationIsIdentifiable() {
        let list = VerificationList(items: [Verification(id: "a"), Verification(id: "b")])
        XCTAssertEqual(list.items.map(\.id), ["a", "b"])
        func ids<T: Identifiable>(_ items: [T]) -> [T.ID] { items.map(\.id) }
        XCTAssertEqual(ids(list.items), ["a", "b"])
    }

    func testEnumsAreCaseIterableWithoutUnknown() {
        XCTAssertEqual(SetupState.allCases.count, 7)
        XCTAssertEqual(Step.allCases, [.signIn, .wait, .verifyDevice, .enterRecoveryKey, .createRecoveryKey, .done])
        XCTAssertEqual(NextAction.allCases.count, 6)
        for state in DeviceVerificationState.allCases {
            XCTAssertEqual(DeviceVerificationState(rawValue: state.rawValue), state)
            if case .unknown = state { XCTFail("allCases holds .unknown") }
        }
    }

    func testRecoveryKeyGeneratedAtIsADateFromSeconds() throws {
        let json = """
        {"crossSigning": true, "firstSyncDone": true, "hasBackedUpRecoveryKey": true, "initialized": true,
         "keyBackup": true, "secretStorage": true, "verified": true, "recoveryKeyGeneratedAt": 1700000000.5,
         "secrets": {"masterKey": true, "megolmBackupKey": true, "recoveryKey": true, "selfSigningKey": true,
                     "userSigningKey": true}}
        """
        let e2ee = try JSONDecoder().decode(E2EE.self, from: Data(json.utf8))
        XCTAssertEqual(e2ee.recoveryKeyGeneratedAt, Date(timeIntervalSince1970: 1_700_000_000.5))
        // Written back as seconds, whatever a decoder's date strategy.
        let written = try JSONSerialization.jsonObject(with: JSONEncoder().encode(e2ee)) as? [String: Any]
        XCTAssertEqual((written?["recoveryKeyGeneratedAt"] as? NSNumber)?.doubleValue, 1_700_000_000.5)
        XCTAssertNil(E2EE().recoveryKeyGeneratedAt)
    }

    func testEmojisAndDecimalsOneByOne() {
        XCTAssertEqual(VerificationSAS(emojis: "🐶🐱🦁🐴🦄🐷🐘").emojiList.count, 7)
        XCTAssertEqual(VerificationSAS(emojis: "🐶 🐱 👍🏽 ❤️").emojiList, ["🐶", "🐱", "👍🏽", "❤️"])
        XCTAssertEqual(VerificationSAS(emojis: "x", decimals: "1234 5678 9012").decimalValues, [1234, 5678, 9012])
        XCTAssertEqual(VerificationSAS(emojis: "x").decimalValues, [])
        XCTAssertEqual(VerificationSAS(emojis: "🐶 🐱").emojis, "🐶 🐱", "the server's string is kept")
    }
}
