import BeeperSetup
import XCTest

/// `for try await change in client.app.setup.watch()`: each change of a scripted session once,
/// in order; its deadline; Task cancellation; no busy loop; shared polls.
final class WatchTests: SimulatorTestCase {
    private func shown(_ change: SetupChange) -> String {
        "\(change.session.state.rawValue)/\(change.session.verification?.state.rawValue ?? "-")"
    }

    private func requests() throws -> Int {
        try XCTUnwrap(try sim.request("GET", "/_sim/stats")["requests"] as? Int)
    }

    func testEachChangeOfAScriptedSessionOnceInOrder() async throws {
        let client = try makeClient(maxRetries: 0)
        let verifications = client.blocking.app.setup.verifications
        let sim = self.sim
        let steps: [(String, () throws -> Void)] = [
            ("needs-login/-", { _ = try self.signIn(client, "existing@example.com") }),
            ("needs-verification/-", { try sim.post("/_sim/other-device/request") }),
            ("needs-verification/requested", { try sim.post("/_sim/other-device/cancel", ["code": "m.user"]) }),
            ("needs-verification/cancelled", { try sim.post("/_sim/other-device/request") }),
            ("needs-verification/requested", { _ = try verifications.accept(verificationID: "active") }),
            ("needs-verification/ready", { _ = try verifications.sas.start(verificationID: "active") }),
            ("needs-verification/sas_ready", {
                try sim.post("/_sim/other-device/confirm")
                _ = try verifications.sas.confirm(verificationID: "active")
            }),
        ]
        var changes: [SetupChange] = []
        var synced = false
        for try await change in try client.app.setup.watch(interval: 0.02) {
            changes.append(change)
            if changes.count <= steps.count {
                XCTAssertEqual(shown(change), steps[changes.count - 1].0)
                try steps[changes.count - 1].1()
            } else if !change.isDone && !synced {
                synced = true
                try sim.post("/_sim/first-sync")
            }
        }
        XCTAssertEqual(changes.last?.nextStep.step, .done)
        XCTAssertEqual(changes.filter(\.isDone).count, 1)
        let first = try XCTUnwrap(changes.first?.sequence)
        XCTAssertEqual(changes.map(\.sequence), Array(first..<first + changes.count))
        XCTAssertEqual(changes[6].nextStep.action, .compareEmojis)
    }

    func testTheDeadlineEndsAWatchAfterItsChanges() async throws {
        let client = try makeClient()
        var seen: [String] = []
        do {
            for try await change in try client.app.setup.watch(timeout: 0.3, interval: 0.02) {
                seen.append(shown(change))
            }
            XCTFail("a watch with a deadline and nothing happening ends with .timeout")
        } catch let error as BeeperSetupError {
            XCTAssertEqual(error.kind, .timeout)
        }
        XCTAssertEqual(seen, ["needs-login/-"])
    }

    func testTaskCancellationEndsThatWatchOnly() async throws {
        let client = try makeClient()
        let watching = Task {
            var n = 0
            for try await _ in try client.app.setup.watch(interval: 0.02) { n += 1 }
            return n
        }
        let other = Task { try await client.app.setup.nextChange(timeout: 5) }
        try await Task.sleep(nanoseconds: 300_000_000)
        watching.cancel()
        do {
            _ = try await watching.value
            XCTFail("a cancelled Task's watch throws")
        } catch is CancellationError {}
        let change = try await other.value
        XCTAssertEqual(shown(change), "needs-login/-")
    }

    func testNextChangeAfterASession() async throws {
        let client = try makeClient()
        _ = try signInExisting(client, "existing@example.com")
        let session = try await client.app.setup.retrieve()
        let sim = self.sim
        let steer = Task {
            try await Task.sleep(nanoseconds: 200_000_000)
            try sim.post("/_sim/other-device/request")
        }
        let change = try await client.app.setup.nextChange(after: session, timeout: 5, interval: 0.02)
        try await steer.value
        XCTAssertEqual(shown(change), "needs-verification/requested")
        XCTAssertEqual(change.nextStep.step, .verifyDevice)
    }

    func testAWatchPollsNoFasterThanItsIntervalAndWatchersSharePolls() async throws {
        let client = try makeClient()
        let before = try requests()
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<1000 {
                group.addTask {
                    var n = 0
                    do {
                        for try await _ in try client.app.setup.watch(timeout: 1, interval: 0.1) { n += 1 }
                    } catch let error as BeeperSetupError where error.kind == .timeout {}
                    return n
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        let polls = try requests() - before
        XCTAssertEqual(counts.count, 1000)
        XCTAssertEqual(counts.reduce(0, +), 1000, "each watcher sees the session once")
        XCTAssertTrue((8...14).contains(polls), "\(polls) polls for 1000 watchers in 1 s at 100 ms")
    }

    func testBadArgumentsAreRefused() throws {
        let client = try makeClient()
        XCTAssertThrowsError(try client.app.setup.watch(interval: 0))
        XCTAssertThrowsError(try client.app.setup.watch(timeout: -1))
    }
}
