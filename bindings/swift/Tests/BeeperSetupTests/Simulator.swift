import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// A beeper-setup-sim process for the tests (BEEPER_SETUP_SIM, else the workspace's debug
/// build), and its control endpoints.
final class Simulator: @unchecked Sendable {
    let url: String
    private let process: Process

    init(_ arguments: [String] = []) throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = ProcessInfo.processInfo.environment["BEEPER_SETUP_SIM"]
            ?? root.appendingPathComponent("target/debug/beeper-setup-sim").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        simulatorPIDs.set(simulatorPIDs.get() + [process.processIdentifier])
        // A test process ends through exit() without releasing globals: stop every simulator then.
        if !stopAtExitRegistered.get() {
            stopAtExitRegistered.set(true)
            atexit { for pid in simulatorPIDs.get() { kill(pid, SIGTERM) } }
        }
        // The first line of stdout is the base URL.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        url = String(decoding: line, as: UTF8.self)
        guard url.hasPrefix("http://") else {
            process.terminate()
            throw BeeperSimError.noURL
        }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    enum BeeperSimError: Error { case noURL, badAnswer(String) }

    @discardableResult
    func request(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let done = DispatchSemaphore(value: 0)
        let result = LockedBox<(Data?, Error?)>((nil, nil))
        URLSession.shared.dataTask(with: request) { data, _, error in
            result.set((data, error))
            done.signal()
        }.resume()
        done.wait()
        let (data, error) = result.get()
        if let error { throw error }
        let text = String(decoding: data ?? Data(), as: UTF8.self)
        guard let object = try? JSONSerialization.jsonObject(with: data ?? Data()) as? [String: Any] else {
            if text.isEmpty || text == "null" { return [:] }
            throw BeeperSimError.badAnswer(text)
        }
        return object
    }

    func post(_ path: String, _ body: [String: Any]? = nil) throws { try request("POST", path, body ?? [:]) }

    func reset(scenario: String? = nil, auto: Bool = false) throws {
        var body: [String: Any] = ["auto": auto, "stats": true]
        body["scenario"] = scenario ?? NSNull()
        try post("/_sim/reset", body)
    }

    func state(_ key: String) throws -> String? {
        try request("GET", "/_sim/state")[key] as? String
    }

    var requestCount: Int {
        get throws { (try request("GET", "/_sim/stats")["requests"] as? NSNumber)?.intValue ?? -1 }
    }

    func fault(_ fault: [String: Any]) throws { try post("/_sim/faults", fault) }

    /// Posts to a control endpoint after `delay` seconds, on a thread of its own.
    func post(after delay: TimeInterval, _ path: String) {
        Thread {
            Thread.sleep(forTimeInterval: delay)
            try? self.post(path)
        }.start()
    }
}

let simulatorPIDs = LockedBox<[Int32]>([])
let stopAtExitRegistered = LockedBox(false)

final class LockedBox<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()
    init(_ value: T) { self.value = value }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ newValue: T) { lock.lock(); value = newValue; lock.unlock() }
    func update(_ change: (inout T) -> Void) { lock.lock(); change(&value); lock.unlock() }
}
