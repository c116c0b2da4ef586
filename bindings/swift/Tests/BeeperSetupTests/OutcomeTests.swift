import BeeperSetup
import Foundation
import XCTest

/// next_step's outcome of an ended verification, the other device and the ways out, against the
/// simulator; the emojis named in a language, against the Matrix SAS table.
final class OutcomeTests: SimulatorTestCase {
    private func requested(_ client: BeeperSetupClient) throws -> String {
        _ = try signInExisting(client, "existing@example.com")
        let created = try client.blocking.app.setup.verifications.create()
        return try XCTUnwrap(created.verification?.id)
    }

    private func step(_ client: BeeperSetupClient) throws -> NextStep {
        let setup = client.blocking.app.setup
        return setup.nextStep(try setup.retrieve(), language: nil)
    }

    func testEachCancelCodeOnTheOtherDevice() throws {
        let table: [(String, OutcomeKind)] = [
            ("m.user", .declined), ("m.timeout", .timedOut), ("m.mismatched_sas", .mismatch),
            ("m.key_mismatch", .mismatch), ("m.user_mismatch", .mismatch), ("m.mismatched_commitment", .mismatch),
            ("m.accepted", .acceptedElsewhere), ("m.unknown_transaction", .protocolError),
            ("m.unexpected_message", .protocolError), ("m.invalid_message", .protocolError),
            ("m.unknown_method", .protocolError), ("com.example.teleported", .unknown("unknown")),
        ]
        for (code, kind) in table {
            try sim.reset()
            let client = try makeClient()
            let id = try requested(client)
            try sim.post("/_sim/other-device/cancel", ["code": code, "reason": "Said the other side."])
            let next = try step(client)
            let outcome = try XCTUnwrap(next.outcome, code)
            XCTAssertEqual(outcome, VerificationOutcome(kind: kind, code: code, reason: "Said the other side.",
                                                        cancelledByUs: false), code)
            XCTAssertEqual(next.verificationID, id)
            XCTAssertEqual(next.action, .create)
            XCTAssertEqual(next.direction, .outgoing)
            XCTAssertEqual(next.alternatives.first, kind == .mismatch ? .enterRecoveryKey : .otherDevice, code)
        }
    }

    func testATimeoutAndAnAnswerElsewhere() throws {
        for (endpoint, kind) in [("timeout", OutcomeKind.timedOut), ("accepted-elsewhere", .acceptedElsewhere)] {
            try sim.reset()
            let client = try makeClient()
            _ = try requested(client)
            try sim.post("/_sim/verification/\(endpoint)")
            XCTAssertEqual(try step(client).outcome?.kind, kind, endpoint)
        }
    }

    func testACancelSentHereIsCancelledHere() async throws {
        let client = try makeClient()
        let id = try requested(client)
        // Through the async tree: the calls started without blocking are remembered too.
        let cancelled = try await client.app.setup.verifications.cancel(verificationID: "active")
        let setup = client.app.setup
        let mine = try XCTUnwrap(setup.nextStep(cancelled.session, language: nil).outcome)
        XCTAssertEqual(mine.kind, .cancelledHere)
        XCTAssertTrue(mine.cancelledByUs)
        // The pure form knows nothing of this client: for it, the other side cancelled.
        XCTAssertEqual(setup.nextStep(cancelled.session).outcome?.kind, .declined)
        let other = try BeeperSetupClient(baseURL: sim.url, accessToken: try XCTUnwrap(try sim.state("accessToken")))
        let told = other.app.setup.nextStep(cancelled.session, language: nil, cancelledHere: [id])
        XCTAssertEqual(told.outcome?.kind, .cancelledHere)
    }

    func testANamedDeviceAsksAndTheWaysOutAreListed() throws {
        let client = try makeClient()
        _ = try signInExisting(client, "existing@example.com")
        XCTAssertEqual(try step(client).alternatives, [.otherDevice, .enterRecoveryKey, .createRecoveryKey])
        try sim.post("/_sim/other-device/request", ["deviceID": "WORKLAPTOP", "deviceName": "Work laptop"])
        let next = try step(client)
        XCTAssertEqual(next.action, .accept)
        XCTAssertEqual(next.direction, .incoming)
        XCTAssertEqual(next.otherDevice?.id, "WORKLAPTOP")
        XCTAssertEqual(next.otherDevice?.name, "Work laptop")
        XCTAssertEqual(next.alternatives, [.otherDevice, .qr, .enterRecoveryKey, .createRecoveryKey])
        XCTAssertNil(next.outcome)
    }

    func testAnOutcomeScenarioPlaysTheOtherDevice() throws {
        try sim.reset(scenario: "mismatch")
        let client = try makeClient()
        let id = try requested(client)
        let setup = client.blocking.app.setup
        _ = try setup.wait(until: [], verificationStates: [.ready], timeout: 5, interval: 0.02)
        _ = try setup.verifications.sas.start(verificationID: id)
        let ended = try setup.wait(until: [], verificationStates: [.cancelled], timeout: 5, interval: 0.02)
        XCTAssertEqual(setup.nextStep(ended, language: nil).outcome?.kind, .mismatch)
    }
}

/// The emojis named, without a server: sessions made from the table itself.
final class EmojiNameTests: XCTestCase {
    struct Row: Decodable {
        let number: Int
        let emoji: String
        let description: String
        let translated_descriptions: [String: String?]
    }

    static let table: [Row] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("src/api/emoji/sas-emoji.json")
        do { return try JSONDecoder().decode([Row].self, from: Data(contentsOf: url)) } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    private func comparison(_ emojis: String, _ language: String?, decimals: String = "1234 5678 9012") throws
        -> Comparison {
        let json = """
            {"state": "needs-verification", "e2ee": {"crossSigning": true, "firstSyncDone": false,
             "hasBackedUpRecoveryKey": true, "initialized": true, "keyBackup": true, "secretStorage": true,
             "verified": false, "secrets": {"masterKey": false, "megolmBackupKey": false, "recoveryKey": false,
             "selfSigningKey": false, "userSigningKey": false}},
             "verification": {"id": "v1", "availableActions": ["sas.confirm", "cancel"], "direction": "outgoing",
              "methods": ["sas"], "purpose": "login", "state": "sas_ready",
              "sas": {"emojis": "\(emojis)", "decimals": "\(decimals)"}}}
            """
        let session = try JSONDecoder().decode(SetupSession.self, from: Data(json.utf8))
        let client = try BeeperSetupClient(baseURL: "http://127.0.0.1:9")
        let next = client.app.setup.nextStep(session, language: language)
        XCTAssertEqual(next.action, .compareEmojis)
        return try XCTUnwrap(next.comparison)
    }

    func testAll64EmojisAreMappedAndNamed() throws {
        XCTAssertEqual(Self.table.count, 64)
        for (language, key) in [(nil, nil), ("de-DE", "de"), ("fr", "fr"), ("ja", "ja"), ("pt-BR", "pt_BR")] {
            for start in stride(from: 0, to: 64, by: 7) {
                let rows = Array(Self.table[start..<min(start + 7, 64)])
                let got = try comparison(rows.map(\.emoji).joined(), language)
                XCTAssertEqual(got.language, key ?? "en")
                XCTAssertEqual(got.decimals, [1234, 5678, 9012])
                XCTAssertEqual(got.emojis.count, rows.count)
                for (i, (entry, row)) in zip(got.emojis, rows).enumerated() {
                    XCTAssertEqual(entry.position, i)
                    XCTAssertEqual(entry.number, row.number)
                    XCTAssertEqual(entry.emoji, row.emoji)
                    XCTAssertEqual(entry.englishName, row.description)
                    let translated = key.flatMap { row.translated_descriptions[$0] ?? nil }
                    XCTAssertEqual(entry.name, translated ?? row.description, "\(row.emoji) in \(key ?? "en")")
                }
            }
        }
    }

    func testRepeatedEmojisAreDistinctAndFallbacksHold() throws {
        let got = try comparison("🍄🍄☎👑🐶🦄🐶", "szl", decimals: "12 34")
        XCTAssertEqual(Set(got.emojis.map(\.id)).count, 7, "ForEach(comparison.emojis) needs distinct ids")
        XCTAssertEqual(got.emojis[0].number, got.emojis[1].number)
        XCTAssertEqual(got.emojis[2].emoji, "☎️")
        XCTAssertEqual(got.emojis[3], EmojiEntry(position: 3, emoji: "👑"))
        XCTAssertEqual(got.emojis[4].name, "Dog", "Silesian has no name for it: English stands in")
        XCTAssertNil(got.decimals)
        XCTAssertEqual(try comparison("🐱", "zh-TW").emojis[0].name, "貓")
        XCTAssertEqual(try comparison("🐶", "pt-PT").emojis[0].name, "Cão")
    }
}
