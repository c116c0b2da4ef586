// URLSession + JSONDecoder against the canned server, one blocking call at a time (a data task
// waited for, as the blocking BeeperSetup call it is compared with), printed in bench-c's JSON
// format: {"phases": {"urlsession.get": {...}, "urlsession.post": {...}}}.
//   SwiftPeer URL [calls reps warmup]
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// The documented shapes, as a developer would declare them: every field the package's models
// read, optional where the API leaves it out.
struct Secrets: Codable {
    var masterKey, selfSigningKey, userSigningKey, megolmBackupKey, recoveryKey: Bool?
}

struct E2EE: Codable {
    var initialized, verified, crossSigning, secretStorage, keyBackup, firstSyncDone: Bool?
    var hasBackedUpRecoveryKey: Bool?
    var recoveryKeyGeneratedAt: Double?
    var secrets: Secrets?
}

struct Matrix: Codable {
    var userID, deviceID, homeserver: String?
}

struct Verification: Codable {
    var id: String
    var state: String
    var purpose, direction, otherUserID: String?
    var methods, availableActions: [String]?
}

struct Session: Codable {
    var state: String
    var matrix: Matrix?
    var e2ee: E2EE?
    var verification: Verification?
}

struct CreatedVerification: Codable {
    var session: Session
    var verification: Verification
}

struct CreateParams: Codable {
    var purpose: String
}

enum PeerError: Error {
    case transport(String)
    case status(Int)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2, let base = URL(string: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: SwiftPeer URL [calls reps warmup]\n".utf8))
    exit(2)
}
let numbers = arguments.dropFirst(2).compactMap { Int($0) }
let calls = numbers.count > 0 ? numbers[0] : 2000
let reps = numbers.count > 1 ? numbers[1] : 5
let warmup = numbers.count > 2 ? numbers[2] : 200

/// One session per phase (its connection kept alive), with the library's headers.
func makeSession() -> URLSession {
    let config = URLSessionConfiguration.ephemeral
    config.httpAdditionalHeaders = [
        "Accept": "application/json",
        "Authorization": "Bearer bench-access-token",
        "User-Agent": "swift-peer",
    ]
    config.timeoutIntervalForRequest = 30
    config.connectionProxyDictionary = [:]
    return URLSession(configuration: config)
}

/// Sends `request` and waits for its answer: a 2xx status and the body.
func send(_ session: URLSession, _ request: URLRequest) throws -> Data {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: Result<Data, PeerError> = .failure(.transport("no answer"))
    session.dataTask(with: request) { data, response, error in
        if let error {
            result = .failure(.transport(error.localizedDescription))
        } else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            result = .failure(.status(http.statusCode))
        } else {
            result = .success(data ?? Data())
        }
        done.signal()
    }.resume()
    done.wait()
    return try result.get()
}

let decoder = JSONDecoder()
let encoder = JSONEncoder()
let retrieveRequest = URLRequest(url: base.appendingPathComponent("v1/app/setup"))
var createRequest = URLRequest(url: base.appendingPathComponent("v1/app/setup/verifications"))
createRequest.httpMethod = "POST"
createRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")

func retrieve(_ session: URLSession) throws {
    _ = try decoder.decode(Session.self, from: try send(session, retrieveRequest))
}

func create(_ session: URLSession) throws {
    var request = createRequest
    request.httpBody = try encoder.encode(CreateParams(purpose: "login"))
    _ = try decoder.decode(CreatedVerification.self, from: try send(session, request))
}

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

/// The canned server's counters (GET /_bench/stats), read on a session of their own.
func counters() throws -> (connections: Int, requests: Int) {
    let stats = try JSONDecoder().decode([String: Int].self,
                                         from: try send(URLSession(configuration: .ephemeral), URLRequest(url: base.appendingPathComponent("_bench/stats"))))
    return (stats["connections"] ?? -1, stats["requests"] ?? -1)
}

func cpuNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func phase(_ name: String, _ operation: (URLSession) throws -> Void) throws -> String {
    let before = try counters()
    let session = makeSession()
    for _ in 0..<warmup { try operation(session) }
    var medians: [Double] = [], p99s: [Double] = [], rates: [Double] = []
    var samples = [UInt64](repeating: 0, count: calls)
    let cpu0 = cpuNanoseconds()
    for _ in 0..<reps {
        let start = nanoseconds()
        for i in 0..<calls {
            let t = nanoseconds()
            try operation(session)
            samples[i] = nanoseconds() - t
        }
        let wall = nanoseconds() - start
        let sorted = samples.sorted()
        medians.append(percentile(sorted, 50))
        p99s.append(percentile(sorted, 99))
        rates.append(Double(calls) / (Double(wall) / 1e9))
    }
    let cpu = Double(cpuNanoseconds() - cpu0) / 1000 / Double(reps * calls)
    session.invalidateAndCancel()
    let after = try counters()
    return String(format: "\"%@\":{\"median_us\":%.3f,\"p99_us\":%.3f,\"calls_per_sec\":%.1f,\"reps\":%d,\"calls_per_rep\":%d,\"threads\":1,\"connections\":%d,\"requests\":%d,\"cpu_us\":%.3f}",
                  name, median(medians) / 1000, median(p99s) / 1000, median(rates), reps, calls,
                  after.connections - before.connections, after.requests - before.requests, cpu)
}

let get = try phase("urlsession.get", retrieve)
let post = try phase("urlsession.post", create)
print("{\"phases\":{\(get),\(post)}}")
