// Per-call time of the blocking and the async Swift API against the canned server, printed as
// JSON in bench/c/bench.c's format: {"library_version", "phases": {"swift.get": {...}, ...}}.
//   SwiftBench URL [calls reps warmup]
//   SwiftBench URL calls reps warmup blocking: the blocking phases only (bench/run.py counts
//   their instructions with callgrind).
//   SwiftBench URL waits: 1000 async waits at once (2 s deadline, never reached): the threads
//   and memory they add, and how late the last one ends; then 1000 watches of one client
//   (`for try await`, 2 s deadline): the requests they cost together.
import BeeperSetup
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: SwiftBench URL [calls reps warmup]\n".utf8))
    exit(2)
}
let waitsMode = arguments.count > 2 && arguments[2] == "waits"
let blockingOnly = arguments.last == "blocking"
let numbers = arguments.dropFirst(2).compactMap { Int($0) }
let calls = numbers.count > 0 ? numbers[0] : 2000
let reps = numbers.count > 1 ? numbers[1] : 5
let warmup = numbers.count > 2 ? numbers[2] : 200

func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Nearest rank, as in the C and Rust benches.
func percentile(_ sorted: [UInt64], _ p: Double) -> Double {
    let rank = min(max(Int((p / 100 * Double(sorted.count)).rounded(.up)), 1), sorted.count)
    return Double(sorted[rank - 1])
}

func median(_ values: [Double]) -> Double {
    let v = values.sorted()
    return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
}

/// The canned server's counters (GET /_bench/stats): connections and requests so far.
func counters() -> (connections: Int, requests: Int) {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var body = Data()
    URLSession.shared.dataTask(with: URL(string: arguments[1] + "/_bench/stats")!) { data, _, _ in
        body = data ?? Data()
        done.signal()
    }.resume()
    done.wait()
    let stats = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    return ((stats?["connections"] as? NSNumber)?.intValue ?? -1, (stats?["requests"] as? NSNumber)?.intValue ?? -1)
}

/// Like bench-c: a client of its own per phase (a token, no retries), so that each phase's
/// connections are its own.
func phase(_ name: String, _ operation: (BeeperSetupClient) throws -> Void) throws -> String {
    let before = counters()
    let client = try BeeperSetupClient(baseURL: arguments[1], accessToken: "bench-access-token", maxRetries: 0)
    func call() throws { try operation(client) }
    for _ in 0..<warmup { try call() }
    var medians: [Double] = [], p99s: [Double] = [], rates: [Double] = []
    var samples = [UInt64](repeating: 0, count: calls)
    for _ in 0..<reps {
        let start = nanoseconds()
        for i in 0..<calls {
            let t = nanoseconds()
            try call()
            samples[i] = nanoseconds() - t
        }
        let wall = nanoseconds() - start
        let sorted = samples.sorted()
        medians.append(percentile(sorted, 50))
        p99s.append(percentile(sorted, 99))
        rates.append(Double(calls) / (Double(wall) / 1e9))
    }
    let after = counters()
    return String(format: "\"%@\":{\"median_us\":%.3f,\"p99_us\":%.3f,\"calls_per_sec\":%.1f,\"reps\":%d,\"calls_per_rep\":%d,\"threads\":1,\"connections\":%d,\"requests\":%d}",
                  name, median(medians) / 1000, median(p99s) / 1000, median(rates), reps, calls,
                  after.connections - before.connections, after.requests - before.requests)
}

/// As `phase`, for the async API: one call awaited at a time. `operation` is `@Sendable`, so
/// not isolated to the main actor as a closure written in this file's top-level code would be:
/// each call would then hop to the main thread and back, twice, which is this program's cost
/// and not the library's (an app's task on the main actor pays one hop to it at the end).
func asyncPhase(_ name: String, _ operation: @Sendable (BeeperSetupClient) async throws -> Void) async throws -> String {
    let before = counters()
    let client = try BeeperSetupClient(baseURL: arguments[1], accessToken: "bench-access-token", maxRetries: 0)
    for _ in 0..<warmup { try await operation(client) }
    var medians: [Double] = [], p99s: [Double] = [], rates: [Double] = []
    var samples = [UInt64](repeating: 0, count: calls)
    for _ in 0..<reps {
        let start = nanoseconds()
        for i in 0..<calls {
            let t = nanoseconds()
            try await operation(client)
            samples[i] = nanoseconds() - t
        }
        let wall = nanoseconds() - start
        let sorted = samples.sorted()
        medians.append(percentile(sorted, 50))
        p99s.append(percentile(sorted, 99))
        rates.append(Double(calls) / (Double(wall) / 1e9))
    }
    let after = counters()
    return String(format: "\"%@\":{\"median_us\":%.3f,\"p99_us\":%.3f,\"calls_per_sec\":%.1f,\"reps\":%d,\"calls_per_rep\":%d,\"threads\":1,\"connections\":%d,\"requests\":%d}",
                  name, median(medians) / 1000, median(p99s) / 1000, median(rates), reps, calls,
                  after.connections - before.connections, after.requests - before.requests)
}

/// A line of /proc/self/status ("Threads", "VmRSS"), as a number.
func status(_ key: String) -> Int {
    let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        // "Threads:\t9", "VmRSS:\t    8808 kB"
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return fields.count > 1 ? Int(fields[1]) ?? -1 : -1
    }
    return -1
}

func waits(_ n: Int, timeout: TimeInterval) async throws -> String {
    let client = try BeeperSetupClient(baseURL: arguments[1], maxRetries: 0)
    let threads0 = status("Threads"), rss0 = status("VmRSS")
    let start = Date()
    let sampler = Task { () -> (Int, Int) in
        var peak = (threads0, rss0)
        while !Task.isCancelled {
            peak = (max(peak.0, status("Threads")), max(peak.1, status("VmRSS")))
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return peak
    }
    let ends = try await withThrowingTaskGroup(of: TimeInterval?.self) { group in
        for _ in 0..<n {
            group.addTask {
                do {
                    _ = try await client.app.setup.wait(until: [SetupState(rawValue: "never")], timeout: timeout, interval: 0.5)
                    return nil
                } catch let error as BeeperSetupError where error.kind == .timeout {
                    return Date().timeIntervalSince(start)
                }
            }
        }
        var ends: [TimeInterval] = []
        for try await end in group { if let end { ends.append(end) } }
        return ends
    }
    sampler.cancel()
    let peak = await sampler.value
    let last = (ends.max() ?? .nan) * 1000
    return String(format: "\"swift.async.waits1000\":{\"waits\":%d,\"timeout_ms\":%.0f,\"timed_out\":%d,\"last_end_ms\":%.1f,\"slip_ms\":%.1f,\"threads_added\":%d,\"rss_added_kib\":%d}",
                  n, timeout * 1000, ends.count, last, last - timeout * 1000, peak.0 - threads0, peak.1 - rss0)
}

/// `n` watches of one client, each ended by its deadline: the changes they saw and the requests
/// they cost together (one poll per interval for all of them).
func watchers(_ n: Int, timeout: TimeInterval, interval: TimeInterval = 0.5) async throws -> String {
    let client = try BeeperSetupClient(baseURL: arguments[1], maxRetries: 0)
    let before = counters()
    let start = Date()
    let changes = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<n {
            group.addTask {
                var seen = 0
                do {
                    for try await _ in try client.app.setup.watch(timeout: timeout, interval: interval) { seen += 1 }
                } catch let error as BeeperSetupError where error.kind == .timeout {}
                return seen
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = Date().timeIntervalSince(start) * 1000
    let after = counters()
    return String(format: "\"swift.async.watchers1000\":{\"watchers\":%d,\"interval_ms\":%.0f,\"timeout_ms\":%.0f,\"ended\":%d,\"changes\":%d,\"requests\":%d,\"duration_ms\":%.1f}",
                  n, interval * 1000, timeout * 1000, n, changes, after.requests - before.requests, elapsed)
}

if waitsMode {
    let result = try await waits(1000, timeout: 2)
    let watched = try await watchers(1000, timeout: 2)
    print("{\"library_version\":\"\(BeeperSetupClient.libraryVersion)\",\"phases\":{\(result),\(watched)}}")
} else {
    var phases = [
        try phase("swift.get") { _ = try $0.blocking.app.setup.retrieve() },
        try phase("swift.post") { _ = try $0.blocking.app.setup.verifications.create(purpose: .login) },
    ]
    if !blockingOnly {
        phases.append(try await asyncPhase("swift.async.get") { _ = try await $0.app.setup.retrieve() })
        phases.append(try await asyncPhase("swift.async.post") { _ = try await $0.app.setup.verifications.create(purpose: .login) })
    }
    print("{\"library_version\":\"\(BeeperSetupClient.libraryVersion)\",\"phases\":{\(phases.joined(separator: ","))}}")
}
