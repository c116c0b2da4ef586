// Per-call time of the blocking Swift API against the canned server, printed as JSON in
// bench/c/bench.c's format: {"library_version", "phases": {"swift.get": {...}, "swift.post": {...}}}.
//   SwiftBench URL [calls reps warmup]
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

let get = try phase("swift.get") { _ = try $0.app.setup.retrieve() }
let post = try phase("swift.post") { _ = try $0.app.setup.verifications.create(purpose: .login) }
print("{\"library_version\":\"\(BeeperSetupClient.libraryVersion)\",\"phases\":{\(get),\(post)}}")
