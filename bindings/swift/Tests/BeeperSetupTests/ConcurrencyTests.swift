import BeeperSetup
import Foundation
import XCTest

final class ConcurrencyTests: SimulatorTestCase {
    /// Signs in to the recovery account and verifies the key: the state is then
    /// needs-first-sync until the test posts /_sim/first-sync.
    func clientWaitingForFirstSync() throws -> BeeperSetupClient {
        let client = try makeClient()
        _ = try signInExisting(client, "recovery@example.com")
        _ = try client.blocking.app.setup.recoveryKey.verify(
            recoveryKey: "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa")
        return client
    }

    func testSixteenTasksOnOneClient() async throws {
        // Counts every request: with a simulator of its own, no request of an earlier test's
        // cancelled wait (161 instead of 160, once, under load) is counted with this client's.
        ownSimulator = try Simulator()
        let client = try clientWaitingForFirstSync()
        let before = try sim.requestCount
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var seen = 0
                    for _ in 0..<5 {
                        let session = try await client.app.setup.retrieve()
                        XCTAssertEqual(session.state, .needsFirstSync)
                        _ = try await client.app.setup.verifications.list()
                        seen += 2
                    }
                    return seen
                }
            }
            return try await group.reduce(0, +)
        }
        XCTAssertEqual(results, 160)
        XCTAssertEqual(try sim.requestCount - before, 160)
    }

    /// Sixteen waits blocked at once (more than the cooperative pool has threads on this
    /// machine) leave the pool free: another async call still completes.
    func testBlockedWaitsDoNotHoldTheCooperativePool() async throws {
        let client = try clientWaitingForFirstSync()
        try await withThrowingTaskGroup(of: SetupState.self) { group in
            for _ in 0..<16 {
                group.addTask { try await client.app.setup.wait(timeout: 30, interval: 0.05).state }
            }
            try await Task.sleep(nanoseconds: 300_000_000)
            let meanwhile = try await client.app.setup.retrieve()
            XCTAssertEqual(meanwhile.state, .needsFirstSync)
            try sim.post("/_sim/first-sync")
            for try await state in group {
                XCTAssertEqual(state, .ready)
            }
        }
    }

    func testCancellingTheTaskEndsItsWaitOnly() async throws {
        let client = try makeClient()
        _ = try signInExisting(client, "existing@example.com")
        let created = try await client.app.setup.verifications.create()
        XCTAssertEqual(created.verification?.state, .requested)

        let cancelled = Task { try await client.app.setup.wait(verificationStates: [.done], timeout: 30, interval: 0.05) }
        let sibling = Task { try await client.app.setup.wait(verificationStates: [.done], timeout: 30, interval: 0.05) }
        try await Task.sleep(nanoseconds: 300_000_000)
        let cancelledAt = Date()
        cancelled.cancel()
        do {
            _ = try await cancelled.value
            XCTFail("the cancelled wait must end")
        } catch is CancellationError {
        } catch let error as BeeperSetupError {
            XCTAssertEqual(error.kind, .cancelled)
        }
        // Not at the wait's 30 s deadline: a sixth of it leaves a loaded machine room.
        XCTAssertLessThan(Date().timeIntervalSince(cancelledAt), 5)

        // Nothing was cancelled on the server, and the other wait goes on until it is done.
        let state = try sim.request("GET", "/_sim/state")["verification"] as? [String: Any]
        XCTAssertEqual(state?["state"] as? String, "requested")
        try await Task.sleep(nanoseconds: 300_000_000)
        let id = try XCTUnwrap(created.verification?.id)
        try sim.post("/_sim/other-device/accept")
        _ = try await client.app.setup.verifications.sas.start(verificationID: id)
        _ = try await client.app.setup.verifications.sas.confirm(verificationID: id)
        try sim.post("/_sim/other-device/confirm")
        let done = try await sibling.value
        XCTAssertEqual(done.verification?.state, .done)
    }

    func testATaskCancelledBeforeItsWaitBegins() async throws {
        let client = try makeClient()
        let started = Date()
        let task = Task {
            try await Task.sleep(nanoseconds: 100_000_000)
            return try await client.app.setup.wait(timeout: 30, interval: 0.05)
        }
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("the wait must not run")
        } catch is CancellationError {
        }
        // Not at the wait's 30 s deadline.
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    /// The last reference to a client can go while a call is in flight: the call keeps it alive,
    /// and the handle is freed once the call has returned.
    func testACallInFlightKeepsTheClientAlive() async throws {
        weak var weakClient: BeeperSetupClient?
        let task: Task<SetupSession, Error>
        do {
            let client = try clientWaitingForFirstSync()
            weakClient = client
            let setup = client.app.setup
            task = Task { try await setup.wait(timeout: 20, interval: 0.05) }
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        XCTAssertNotNil(weakClient, "the wait holds the client")
        try sim.post("/_sim/first-sync")
        let ready = try await task.value
        XCTAssertEqual(ready.state, .ready)
        for _ in 0..<100 where weakClient != nil {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        XCTAssertNil(weakClient, "freed once nothing uses it")
    }

    func testClientCancelEndsEveryWait() async throws {
        let client = try makeClient()
        let waits = (0..<3).map { _ in Task { try await client.app.setup.wait(timeout: 30, interval: 0.05) } }
        try await Task.sleep(nanoseconds: 300_000_000)
        client.cancel()
        for wait in waits {
            do {
                _ = try await wait.value
                XCTFail("cancel() ends every wait")
            } catch let error as BeeperSetupError {
                XCTAssertEqual(error.kind, .cancelled)
            }
        }
    }

    /// The library's threads now (named beeper-setup-...), and every thread of the process.
    func threads() -> (library: Int, all: Int) {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        let library = tasks.filter { task in
            let comm = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            return comm.hasPrefix("beeper-setup")
        }
        return (library.count, tasks.count)
    }

    func testTaskCancellationEndsAPlainCallInARetryPauseAtOnce() async throws {
        let client = try makeClient(maxRetries: 2)
        try sim.fault(["status": 503, "retryAfterMs": 3000, "count": 3])
        let before = try sim.requestCount
        let task = Task { try await client.app.setup.retrieve() }
        let until = Date().addingTimeInterval(5)
        while try sim.requestCount == before, Date() < until {
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        try await Task.sleep(nanoseconds: 50_000_000)
        let cancelledAt = Date()
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("the cancelled call must end")
        } catch is CancellationError {
        }
        // Not after the 3 s pause: half of it leaves a loaded machine room.
        XCTAssertLessThan(Date().timeIntervalSince(cancelledAt), 1.5)
        try await Task.sleep(nanoseconds: 300_000_000)
        XCTAssertEqual(try sim.requestCount, before + 1, "a retry went out after the cancel")
        try sim.reset()
    }

    func testAnAlreadyCancelledTaskSendsNothing() async throws {
        // Counts every request: see testSixteenTasksOnOneClient.
        ownSimulator = try Simulator()
        let client = try makeClient()
        let before = try sim.requestCount
        let task = Task { () async throws -> SetupStartResponse in
            while !Task.isCancelled { await Task.yield() }
            return try await client.app.setup.start()
        }
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("a cancelled Task's call must not run")
        } catch is CancellationError {
        }
        XCTAssertEqual(try sim.requestCount, before)
    }

    /// 1000 waits at once hold no thread between their polls and keep their deadline.
    func testAThousandWaitsKeepTheirDeadlineOnAFewThreads() async throws {
        let client = try makeClient()
        let base = threads()
        let started = Date()
        let most = LockedBox(0)
        let sampler = Task {
            while !Task.isCancelled {
                let now = threads()
                most.set(max(most.get(), now.all))
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
        }
        let lastStart = LockedBox<TimeInterval>(0)
        let latest = try await withThrowingTaskGroup(of: TimeInterval.self) { group in
            for _ in 0..<1000 {
                group.addTask {
                    let start = Date().timeIntervalSince(started)
                    lastStart.update { $0 = max($0, start) }
                    do {
                        _ = try await client.app.setup.wait(timeout: 2, interval: 1)
                        XCTFail("needs-login never becomes ready")
                    } catch let error as BeeperSetupError {
                        XCTAssertEqual(error.kind, .timeout)
                    }
                    return Date().timeIntervalSince(started)
                }
            }
            return try await group.reduce(0) { max($0, $1) }
        }
        sampler.cancel()
        print("1000 waits: the last started at \(lastStart.get()) s and ended at \(latest) s, at most \(most.get() - base.all) threads more than the \(base.all) before")
        // A deadline not kept is late by a whole timeout or more (1000 waits queued for a few
        // threads would end minutes late). The bound leaves a whole timeout to a loaded machine,
        // plus the time the starts took, since ending the waits is that work again.
        let timeout: TimeInterval = 2
        XCTAssertLessThan(latest - lastStart.get(), 2 * timeout + lastStart.get())
        XCTAssertLessThanOrEqual(threads().library, 9)
        XCTAssertLessThanOrEqual(most.get() - base.all, 12)
    }

    /// 64 custom requests awaited at once against a slow server hold no thread each: they run
    /// on the library's few workers, as the operations do.
    func testSixtyFourCustomRequestsHoldNoThreadEach() async throws {
        let client = try makeClient()
        try sim.fault(["delayMs": 300, "count": 64])
        let base = threads()
        let most = LockedBox(0)
        let sampler = Task {
            while !Task.isCancelled {
                most.set(max(most.get(), threads().all))
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
        }
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<64 {
                group.addTask { try await client.request(method: "GET", path: "/v1/app/setup").status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        sampler.cancel()
        print("64 custom requests: at most \(most.get() - base.all) threads more than the \(base.all) before")
        XCTAssertEqual(answered, Array(repeating: 200, count: 64))
        // The library's workers (8) and timer, and the cooperative pool's threads: far from the
        // 64 a thread per request would add.
        XCTAssertLessThan(most.get() - base.all, 32)
    }
}
