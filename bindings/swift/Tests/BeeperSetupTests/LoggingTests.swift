import BeeperSetup
import Foundation
import XCTest

/// Every record a handler received, as "level message" lines.
final class Records: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()

    var handler: BeeperSetupLog.Handler {
        { [self] level, message in
            lock.lock()
            lines.append("\(level) \(message)")
            lock.unlock()
        }
    }

    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

final class LoggingTests: SimulatorTestCase {
    override func tearDown() {
        BeeperSetupLog.setHandler(nil)
        super.tearDown()
    }

    func testRecordsArriveWithTheirLevel() throws {
        let records = Records()
        BeeperSetupLog.setHandler(level: .debug, records.handler)
        let client = try makeClient()
        _ = try client.blocking.app.setup.start()
        let lines = records.all
        XCTAssertTrue(lines.contains { $0.hasPrefix("info client for \(sim.url)") }, "\(lines)")
        XCTAssertTrue(lines.contains {
            $0.hasPrefix("debug setup.start: POST /v1/app/setup/start -> 200 in ") && $0.hasSuffix(" ms (attempt 1)")
        }, "\(lines)")
        XCTAssertFalse(lines.contains { $0.hasPrefix("trace ") })
    }

    func testTheLevelFiltersAndClearingStopsTheRecords() throws {
        let records = Records()
        BeeperSetupLog.setHandler(level: .info, records.handler)
        let client = try makeClient(maxRetries: 1)
        try sim.fault(["count": 1, "status": 503])
        _ = try client.blocking.app.setup.retrieve()
        let lines = records.all
        XCTAssertTrue(lines.contains {
            $0.hasPrefix("info setup.retrieve: retrying in ") && $0.hasSuffix("because the server answered 503")
        }, "\(lines)")
        XCTAssertFalse(lines.contains { $0.hasPrefix("debug ") }, "\(lines)")
        BeeperSetupLog.setHandler(nil)
        _ = try client.blocking.app.setup.retrieve()
        XCTAssertEqual(records.all.count, lines.count)
        XCTAssertTrue(BeeperSetupLogLevel.error > .info && BeeperSetupLogLevel.trace < .debug)
    }

    /// Handlers replaced and cleared while other threads make calls: once `setHandler` has
    /// returned, the handler it replaced never runs.
    func testReplacingTheHandlerIsSafeUnderConcurrentCalls() throws {
        let client = try makeClient()
        let stop = LockedBox(false)
        let late = LockedBox(0)
        let called = LockedBox(0)
        let group = DispatchGroup()
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) {
                while !stop.get() { _ = try? client.blocking.app.setup.retrieve() }
            }
        }
        var previous: LockedBox<Bool>?
        for round in 0..<100 {
            let retired = LockedBox(false)
            BeeperSetupLog.setHandler(level: .trace) { _, _ in
                called.set(called.get() + 1)
                usleep(100)
                if retired.get() { late.set(late.get() + 1) }
            }
            previous?.set(true)
            previous = retired
            usleep(2000)
            if round % 3 == 0 {
                BeeperSetupLog.setHandler(nil)
                previous?.set(true)
                previous = nil
            }
        }
        BeeperSetupLog.setHandler(nil)
        previous?.set(true)
        stop.set(true)
        group.wait()
        XCTAssertGreaterThan(called.get(), 0)
        XCTAssertEqual(late.get(), 0)
    }

    /// A handler may call back into the library, setHandler included.
    func testAHandlerMayCallBackIn() throws {
        let client = try makeClient()
        let calls = LockedBox(0)
        BeeperSetupLog.setHandler(level: .debug) { _, message in
            guard message.hasPrefix("setup.retrieve: GET") else { return }
            calls.set(calls.get() + 1)
            guard calls.get() == 1 else { return }
            _ = try? client.blocking.app.setup.retrieve()
            BeeperSetupLog.setHandler(nil)
        }
        _ = try client.blocking.app.setup.retrieve()
        _ = try client.blocking.app.setup.retrieve()
        XCTAssertEqual(calls.get(), 1)
    }

    /// Sign-in, a wrong and the right recovery key, registration and a new key, at trace: no
    /// record holds any of their secrets.
    func testNoRecordHoldsASecret() throws {
        let records = Records()
        BeeperSetupLog.setHandler(level: .trace, records.handler)
        let token = "syt_SWLOGSECRETTOKEN1"
        let wrongKey = "EsSW SECR ETKE Y000 0000 0000 0000 0000 0000 0000 0000 0000"
        var secrets = [token, wrongKey, "SWLOGSECRET"]

        let withToken = try BeeperSetupClient(baseURL: sim.url, accessToken: token, maxRetries: 0)
        XCTAssertThrowsError(try withToken.blocking.app.setup.verifications.list())
        let client = try makeClient()
        let signedIn = try signInExisting(client, "recovery@example.com")
        secrets += [try XCTUnwrap(try sim.state("lastEmailCode")), signedIn.matrix.accessToken]
        XCTAssertThrowsError(try client.blocking.app.setup.recoveryKey.verify(recoveryKey: wrongKey))
        let key = try XCTUnwrap(try sim.state("recoveryKey"))
        secrets.append(key)
        _ = try client.blocking.app.setup.recoveryKey.verify(recoveryKey: key)

        try sim.reset()
        let newcomer = try makeClient()
        guard case .registrationRequired(let registration) = try signIn(newcomer, "newcomer@example.com") else {
            return XCTFail("a new account must be registered")
        }
        secrets += [try XCTUnwrap(try sim.state("lastEmailCode")), registration.leadToken]
        let registered = try newcomer.blocking.app.setup.register(
            acceptTerms: true, leadToken: registration.leadToken,
            setupRequestID: registration.setupRequestID, username: "newcomer")
        secrets.append(registered.matrix.accessToken)
        let created = try newcomer.blocking.app.setup.recoveryKey.reset.create()
        secrets.append(created.recoveryKey)
        _ = try newcomer.blocking.app.setup.recoveryKey.reset.confirm(recoveryKey: created.recoveryKey)
        BeeperSetupLog.setHandler(nil)

        let lines = records.all
        XCTAssertTrue(lines.contains { $0.contains("setup.register: POST /v1/app/setup/register -> 200") })
        for secret in secrets {
            XCTAssertGreaterThanOrEqual(secret.count, 6)
            let leaks = lines.filter { $0.contains(secret) }
            XCTAssertTrue(leaks.isEmpty, "\(secret): \(leaks)")
        }
    }
}
