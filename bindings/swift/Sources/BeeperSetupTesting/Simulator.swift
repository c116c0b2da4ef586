import CBeeperSetupSim
import Foundation

/// A simulator of Beeper's app-setup API in the test's own process, on a free loopback port:
/// what an app's tests (XCTest or Swift Testing) sign in to, verify against and break on
/// purpose, with no server and no other program.
///
/// ```swift
/// let sim = try Simulator(scenario: "existing")
/// let client = try BeeperSetupClient(baseURL: sim.baseURL)
/// let start = try await client.app.setup.start()
/// try await client.app.setup.email(email: "me@example.com", setupRequestID: start.setupRequestID)
/// _ = try await client.app.setup.response(response: try sim.emailCode(), setupRequestID: start.setupRequestID)
/// try sim.otherDevice.accept()        // or .confirm(), .cancel(code: "m.mismatched_sas")
/// ```
///
/// Every scenario and control endpoint of the simulator is reachable by name:
/// ``Simulator/scenarios`` lists the scenarios, ``control(_:_:method:)`` calls any endpoint
/// under `/_sim/`. It stops when the last reference to it goes, or at ``stop()``.
public final class Simulator: @unchecked Sendable {
    // @unchecked: the handle is read under `lock`, and the C functions are safe from any thread.
    private let lock = NSLock()
    private var handle: OpaquePointer?

    /// The URL to give a client: `http://127.0.0.1:PORT`.
    public let baseURL: String

    /// Starts a simulator.
    /// - Parameters:
    ///   - scenario: The account any sign-in leads to (one of ``scenarios``); nil lets the
    ///     email decide (`existing@example.com`, `recovery@example.com`, else a new account).
    ///   - auto: The other device and the first sync act by themselves.
    ///   - mock: A stateless mock that answers every well-formed request with an example.
    ///   - requireToken: In the mock mode, refuse requests without a token where one is needed.
    /// - Throws: ``SimulatorError`` for an unknown scenario or options that do not go together.
    public init(scenario: String? = nil, auto: Bool = false, mock: Bool = false,
                requireToken: Bool = false) throws {
        var options: [String: Any] = ["auto": auto, "mock": mock, "requireToken": requireToken]
        if let scenario { options["scenario"] = scenario }
        var handle: OpaquePointer?
        var out: UnsafeMutablePointer<CChar>?
        let status = beeper_simulator_start(try Simulator.text(options), &handle, &out)
        let started = try Simulator.answer(status, out)
        self.handle = handle
        baseURL = started["baseURL"] as? String ?? ""
    }

    deinit { stop() }

    /// Stops the simulator and closes every connection to it. Calling it again does nothing.
    public func stop() {
        lock.lock()
        let handle = self.handle
        self.handle = nil
        lock.unlock()
        if let handle { beeper_simulator_stop(handle) }
    }

    /// The scenario names a simulator takes, as the simulator itself lists them.
    public static var scenarios: [String] { (describe()["scenarios"] as? [String]) ?? [] }

    /// What the simulator offers: `scenarios`, `controls` (each `name`, `methods`, and whether
    /// the `mock` mode has it) and the existing accounts' `recoveryKey`.
    /// - Returns: The description.
    public static func describe() -> [String: Any] {
        var out: UnsafeMutablePointer<CChar>?
        return (try? answer(beeper_simulator_describe(&out), out)) ?? [:]
    }

    /// Calls the control endpoint `/_sim/<name>` and returns its JSON answer.
    /// - Parameters:
    ///   - name: The endpoint's path under `/_sim/` (`other-device/cancel`, `faults`, ...).
    ///   - body: The JSON object it takes.
    ///   - method: Nil for POST where the endpoint takes it, else its only method.
    /// - Returns: The answer.
    /// - Throws: ``SimulatorError`` when the endpoint refuses (its `status` and `code`).
    @discardableResult
    public func control(_ name: String, _ body: [String: Any] = [:], method: String? = nil) throws -> [String: Any] {
        let bodyText = try Simulator.text(body)
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { throw SimulatorError(kind: "closed", message: "the simulator is stopped") }
        var out: UnsafeMutablePointer<CChar>?
        return try Simulator.answer(beeper_simulator_control(handle, method, name, bodyText, &out), out)
    }

    /// The simulator's state: `scenario`, `state`, `lastEmailCode`, `recoveryKey`,
    /// `pendingRecoveryKey`, `otherDeviceQr`, `accessToken`, `verification`, `session`.
    /// - Returns: The state.
    /// - Throws: ``SimulatorError``.
    public func state() throws -> [String: Any] { try control("state") }

    /// The code of the last email sent.
    /// - Returns: The code, or nil before an email is sent.
    /// - Throws: ``SimulatorError``.
    public func emailCode() throws -> String? { try state()["lastEmailCode"] as? String }

    /// The account's recovery key.
    /// - Returns: The key, or nil for an account without one yet.
    /// - Throws: ``SimulatorError``.
    public func recoveryKey() throws -> String? { try state()["recoveryKey"] as? String }

    /// Signs out and forgets everything (and the faults).
    /// - Parameters:
    ///   - scenario: When given, replaces the one it started with.
    ///   - auto: When given, replaces the one it started with.
    ///   - stats: Zero the counters too.
    /// - Throws: ``SimulatorError`` for an unknown scenario.
    public func reset(scenario: String? = nil, auto: Bool? = nil, stats: Bool = false) throws {
        var body: [String: Any] = ["stats": stats]
        if let scenario { body["scenario"] = scenario }
        if let auto { body["auto"] = auto }
        try control("reset", body)
    }

    /// Finishes the first sync after the device is verified.
    /// - Throws: ``SimulatorError`` when the device is not verified yet.
    public func finishFirstSync() throws { try control("first-sync") }

    /// Misbehaves on the next `count` API requests: `["status": 503]`, `["retryAfterMs": 0]`,
    /// `["drop": true]`, `["hang": true]`, `["delayMs": 500]`, `["body": "malformed"]`, ...
    /// - Parameters:
    ///   - spec: The fault, as the `/_sim/faults` endpoint takes it.
    ///   - count: How many requests.
    /// - Throws: ``SimulatorError`` for a fault it does not know.
    public func fault(_ spec: [String: Any], count: Int = 1) throws {
        try control("faults", spec.merging(["count": count]) { $1 })
    }

    /// Answers normally again.
    /// - Throws: ``SimulatorError``.
    public func clearFaults() throws { try control("faults", method: "DELETE") }

    /// `connections`, `requests` and `byEndpoint` counts of the API requests.
    /// - Returns: The counters.
    /// - Throws: ``SimulatorError``.
    public func stats() throws -> [String: Any] { try control("stats") }

    /// The last API request as received (`method`, `path`, `query`, `headers`, `body`,
    /// `operation`).
    /// - Returns: The request, or nil before the first.
    /// - Throws: ``SimulatorError``.
    public func lastRequest() throws -> [String: Any]? {
        do {
            return try control("last-request")
        } catch let error as SimulatorError where error.status == 404 {
            return nil
        }
    }

    /// The account's other, already trusted device.
    public var otherDevice: OtherDevice { OtherDevice(simulator: self) }

    /// The other device, acting on the verification. Each action takes further fields for its
    /// control endpoint, so options the simulator adds to an action need no new code here.
    public struct OtherDevice: Sendable {
        let simulator: Simulator

        /// Asks to verify this device (a verification this device receives).
        /// - Parameter fields: Further fields for the endpoint.
        /// - Throws: ``SimulatorError`` when the state does not allow it.
        public func request(_ fields: [String: Any] = [:]) throws {
            try simulator.control("other-device/request", fields)
        }
        /// Accepts the verification this device asked for.
        /// - Parameter fields: Further fields for the endpoint.
        /// - Throws: ``SimulatorError`` when the state does not allow it.
        public func accept(_ fields: [String: Any] = [:]) throws {
            try simulator.control("other-device/accept", fields)
        }
        /// Confirms that the emojis match.
        /// - Parameter fields: Further fields for the endpoint.
        /// - Throws: ``SimulatorError`` when the state does not allow it.
        public func confirm(_ fields: [String: Any] = [:]) throws {
            try simulator.control("other-device/confirm", fields)
        }
        /// Scans this device's QR code.
        /// - Parameter data: What it scanned; nil for the right code.
        /// - Throws: ``SimulatorError`` when the state does not allow it.
        public func scan(_ data: String? = nil) throws {
            try simulator.control("other-device/scan", data.map { ["data": $0] } ?? [:])
        }
        /// Cancels the verification.
        /// - Parameters:
        ///   - code: A Matrix cancel code (`m.user`, `m.mismatched_sas`, ...).
        ///   - reason: A sentence.
        /// - Throws: ``SimulatorError`` when there is nothing to cancel.
        public func cancel(code: String? = nil, reason: String? = nil) throws {
            var body: [String: Any] = [:]
            if let code { body["code"] = code }
            if let reason { body["reason"] = reason }
            try simulator.control("other-device/cancel", body)
        }
    }

    private static func text(_ object: [String: Any]) throws -> String {
        guard JSONSerialization.isValidJSONObject(object) else {
            throw SimulatorError(kind: "invalid_argument", message: "the body is not a JSON object")
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// The JSON a call set in `out`, freed here; a failure thrown.
    private static func answer(_ status: Int32, _ out: UnsafeMutablePointer<CChar>?) throws -> [String: Any] {
        let text = out.map { String(cString: $0) } ?? "{}"
        beeper_simulator_string_free(out)
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        guard status == BEEPER_SIM_OK else {
            throw SimulatorError(kind: object["kind"] as? String ?? "internal",
                                 message: object["message"] as? String ?? text,
                                 status: object["status"] as? Int, code: object["code"] as? String)
        }
        return object
    }
}

/// A control endpoint refused the call (an action the state does not allow yet, an unknown
/// name), or the simulator could not start.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    /// `refused`, `invalid_argument`, `start`, `closed` or `internal`.
    public let kind: String
    /// What went wrong.
    public let message: String
    /// The endpoint's HTTP status, for a refusal.
    public let status: Int?
    /// The endpoint's error code (`INVALID_STATE`, `NOT_FOUND`, ...), for a refusal.
    public let code: String?

    init(kind: String, message: String, status: Int? = nil, code: String? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code
    }

    /// The kind, the code and the message.
    public var description: String { "\(code ?? kind): \(message)" }
}
