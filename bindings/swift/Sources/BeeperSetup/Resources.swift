import Foundation

// The resource tree, as in the other languages: client.app.setup.verifications.sas.start(...).
// Each operation is named by its dotted name in the library's operation table, which checks
// the params and knows the method, path and response shape; here it is only typed. The
// operations' methods are generated from the declaration (ResourceMethods.swift); the
// resources, their children and the flow helpers are here.
//
// The plain names are async: the library runs them without blocking (no thread of Swift's), and
// cancelling the awaiting Task cancels that call only. The blocking twins live under
// `client.blocking` (BlockingResources.swift), marked noasync so that no async context, and no
// top-level `await`, can pick them by accident.

/// `client.app`: the root of the API's resource tree.
public struct AppResource: Sendable {
    let client: BeeperSetupClient

    /// `client.app.setup`: sign-in, the SetupSession, the recovery key and device verification.
    public var setup: SetupResource { SetupResource(client: client) }
}

/// `client.app.setup`: sign-in, the SetupSession, and the flow helpers.
///
/// Every operation is `async`; its blocking twin is `client.blocking.app.setup`.
public struct SetupResource: Sendable {
    let client: BeeperSetupClient

    /// `client.app.setup.recoveryKey`: unlocking with, or replacing, the recovery key.
    public var recoveryKey: RecoveryKeyResource { RecoveryKeyResource(client: client) }
    /// `client.app.setup.verifications`: verifying this device from another one.
    public var verifications: VerificationsResource { VerificationsResource(client: client) }

    /// What the app should do now, from a SetupSession. Pure: no I/O, callable from any context.
    /// - Parameter session: A SetupSession any call returned.
    /// - Returns: The step, a sentence to show, and for a verification the action, the emojis
    ///   or the QR data.
    public func nextStep(_ session: SetupSession) -> NextStep {
        nextStepOf(session)
    }

    /// What the app should do now, with the emojis named in `language` and the verifications
    /// this client cancelled (and those in `cancelledHere`) ending as ``OutcomeKind/cancelledHere``.
    /// No I/O, callable from any context.
    /// - Parameters:
    ///   - session: A SetupSession any call returned.
    ///   - language: A BCP-47 tag (`"de-DE"`, `"pt-BR"`, `"zh-Hans"`; `Locale.current.identifier`
    ///     works) to name the emojis in; another variant of the language, then English, stand in.
    ///   - cancelledHere: Ids of verifications this app cancelled through another client.
    /// - Returns: The step, with ``NextStep/comparison``, ``NextStep/outcome``,
    ///   ``NextStep/otherDevice`` and ``NextStep/alternatives``.
    public func nextStep(_ session: SetupSession, language: String?, cancelledHere: [String] = []) -> NextStep {
        nextStepOf(session, client: client, language: language, cancelledHere: cancelledHere)
    }

    /// Polls the SetupSession until its state is one of `until`, or the verification reaches one of
    /// `verificationStates`, or the state (verification state) is no longer `whileState`
    /// (`whileVerificationState`). Server restarts are ridden out. Between polls it holds no
    /// thread; cancelling the awaiting Task ends this wait only, at once.
    /// - Parameters:
    ///   - until: The states that end the wait (default: ready).
    ///   - verificationStates: Verification states that end the wait too.
    ///   - timeout: Seconds, more than 0 (default 300); then `.timeout`.
    ///   - interval: Seconds between polls, more than 0 (default 0.5).
    ///   - whileState: Ends the wait once the state is no longer this one.
    ///   - whileVerificationState: Ends the wait once the verification's state is no longer this one.
    /// - Returns: The SetupSession that ended the wait.
    /// - Throws: ``BeeperSetupError`` (`.timeout` at the deadline, `.cancelled` by
    ///   ``BeeperSetupClient/cancel()``); `CancellationError` when the awaiting Task is cancelled.
    public func wait(until: [SetupState] = [.ready], verificationStates: [DeviceVerificationState] = [],
                     timeout: TimeInterval? = nil, interval: TimeInterval? = nil,
                     whileState: SetupState? = nil,
                     whileVerificationState: DeviceVerificationState? = nil) async throws -> SetupSession {
        try await client.waitAsync(WaitRequest(WaitCondition(
            until: until, verificationStates: verificationStates, timeout: timeout, interval: interval,
            whileState: whileState, whileVerificationState: whileVerificationState)))
    }

    /// Waits for one state: `wait(until: .ready)`.
    /// - Parameters:
    ///   - state: The state that ends the wait.
    ///   - timeout: Seconds, more than 0 (default 300).
    ///   - interval: Seconds between polls, more than 0 (default 0.5).
    /// - Returns: The SetupSession in `state`.
    /// - Throws: As ``wait(until:verificationStates:timeout:interval:whileState:whileVerificationState:)-(_,_,TimeInterval?,_,_,_)``.
    public func wait(until state: SetupState, timeout: TimeInterval? = nil,
                     interval: TimeInterval? = nil) async throws -> SetupSession {
        try await wait(until: [state], timeout: timeout, interval: interval)
    }

    /// The `Duration` form of ``wait(until:verificationStates:timeout:interval:whileState:whileVerificationState:)-(_,_,TimeInterval?,_,_,_)``:
    /// `wait(until: [.ready], timeout: .seconds(120))`.
    /// - Parameters:
    ///   - until: The states that end the wait.
    ///   - verificationStates: Verification states that end the wait too.
    ///   - timeout: More than zero.
    ///   - interval: Between polls, more than zero (default 0.5 s).
    ///   - whileState: Ends the wait once the state is no longer this one.
    ///   - whileVerificationState: Ends the wait once the verification's state is no longer this one.
    /// - Returns: The SetupSession that ended the wait.
    /// - Throws: As the `TimeInterval` form.
    @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
    public func wait(until: [SetupState] = [.ready], verificationStates: [DeviceVerificationState] = [],
                     timeout: Duration, interval: Duration? = nil, whileState: SetupState? = nil,
                     whileVerificationState: DeviceVerificationState? = nil) async throws -> SetupSession {
        try await wait(until: until, verificationStates: verificationStates, timeout: timeout.seconds,
                       interval: interval?.seconds, whileState: whileState,
                       whileVerificationState: whileVerificationState)
    }

    /// The `Duration` form of ``wait(until:timeout:interval:)-(SetupState,TimeInterval?,TimeInterval?)``: `wait(until: .ready, timeout: .seconds(120))`.
    /// - Parameters:
    ///   - state: The state that ends the wait.
    ///   - timeout: More than zero.
    ///   - interval: Between polls, more than zero.
    /// - Returns: The SetupSession in `state`.
    /// - Throws: As the `TimeInterval` form.
    @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
    public func wait(until state: SetupState, timeout: Duration,
                     interval: Duration? = nil) async throws -> SetupSession {
        try await wait(until: [state], timeout: timeout.seconds, interval: interval?.seconds)
    }
}

/// `client.app.setup.recoveryKey`: unlocking this device with the account's recovery key, or
/// replacing the key.
public struct RecoveryKeyResource: Sendable {
    let client: BeeperSetupClient

    /// `client.app.setup.recoveryKey.reset`: making a new recovery key.
    public var reset: Reset { Reset(client: client) }

    /// `client.app.setup.recoveryKey.reset`: making a new recovery key, then confirming it.
    public struct Reset: Sendable {
        let client: BeeperSetupClient
    }
}

/// `client.app.setup.verifications`: verifying this device from another one (by emoji or QR code).
public struct VerificationsResource: Sendable {
    let client: BeeperSetupClient

    /// `client.app.setup.verifications.qr`: verifying by QR code.
    public var qr: QR { QR(client: client) }
    /// `client.app.setup.verifications.sas`: verifying by comparing emojis.
    public var sas: SAS { SAS(client: client) }

    /// `client.app.setup.verifications.qr`: verifying by QR code.
    public struct QR: Sendable {
        let client: BeeperSetupClient
    }

    /// `client.app.setup.verifications.sas`: verifying by comparing emojis.
    public struct SAS: Sendable {
        let client: BeeperSetupClient
    }
}

/// One operation of the library's table, with its id and params: built once (by the builders
/// of Operations.swift, generated from the declaration), sent blocking or not.
struct Operation: Sendable {
    let name: String
    var id: String?
    var params: [String: JSONValue]?

    /// Refuses what cannot be sent as given: a NUL in the id or in any string of the params
    /// (a C string would end there, and a server may read it so). Named as the Swift parameter.
    func checked() throws -> Self {
        if let id {
            try refuseNUL(id, "verificationID")
        }
        try params.map { try JSONValue.object($0).refuseNUL(at: nil) }
        return self
    }
}

/// What ends a wait, with its timeout and interval: what ``BeeperSetupAPI/wait(for:)`` takes
/// (a fake reads it), and what the client's `wait(until:...)` arguments make.
public struct WaitCondition: Sendable, Hashable {
    /// The states that end the wait.
    public var until: [SetupState]
    /// Verification states that end the wait too.
    public var verificationStates: [DeviceVerificationState]
    /// Seconds, more than 0 (`nil`: 300).
    public var timeout: TimeInterval?
    /// Seconds between polls, more than 0 (`nil`: 0.5).
    public var interval: TimeInterval?
    /// Ends the wait once the state is no longer this one.
    public var whileState: SetupState?
    /// Ends the wait once the verification's state is no longer this one.
    public var whileVerificationState: DeviceVerificationState?

    /// Makes a condition; the defaults wait for `.ready`.
    /// - Parameters:
    ///   - until: The states that end the wait.
    ///   - verificationStates: Verification states that end the wait too.
    ///   - timeout: Seconds, more than 0 (default 300).
    ///   - interval: Seconds between polls, more than 0 (default 0.5).
    ///   - whileState: Ends the wait once the state is no longer this one.
    ///   - whileVerificationState: Ends the wait once the verification's state is no longer this one.
    public init(until: [SetupState] = [.ready], verificationStates: [DeviceVerificationState] = [],
                timeout: TimeInterval? = nil, interval: TimeInterval? = nil, whileState: SetupState? = nil,
                whileVerificationState: DeviceVerificationState? = nil) {
        self.until = until
        self.verificationStates = verificationStates
        self.timeout = timeout
        self.interval = interval
        self.whileState = whileState
        self.whileVerificationState = whileVerificationState
    }
}

/// The params of one wait, checked before anything is sent.
struct WaitRequest: Sendable {
    let params: [String: JSONValue]

    init(_ condition: WaitCondition) throws {
        var params: [String: JSONValue] = [
            "until": .array(condition.until.map { .string($0.rawValue) }),
            "verificationStates": .array(condition.verificationStates.map { .string($0.rawValue) }),
        ]
        // The library refuses 0 for both: a wait that cannot poll, or ends before it starts.
        params["timeoutMs"] = try condition.timeout.map { .number(try milliseconds($0, "timeout", allowZero: false)) }
        params["intervalMs"] = try condition.interval.map { .number(try milliseconds($0, "interval", allowZero: false)) }
        params["whileState"] = condition.whileState.map { .string($0.rawValue) }
        params["whileVerificationState"] = condition.whileVerificationState.map { .string($0.rawValue) }
        try JSONValue.object(params).refuseNUL(at: nil)
        self.params = params
    }
}

@available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
extension Duration {
    /// This duration in seconds, as the TimeInterval forms take it.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// `nextStep` for both trees: the library's advice from a SetupSession (with a client's own cancels
/// and options, when a client and a language are given).
func nextStepOf(_ session: SetupSession, client: BeeperSetupClient? = nil, language: String? = nil,
                cancelledHere: [String] = []) -> NextStep {
    do {
        let sessionJSON = String(decoding: try JSONEncoder().encode(session), as: UTF8.self)
        guard let client else {
            return try BeeperSetupClient.decode(NextStep.self, NativeClient.nextStep(sessionJSON: sessionJSON))
        }
        let optionsJSON = nextStepOptionsJSON(language: language, cancelledHere: cancelledHere)
        return try BeeperSetupClient.decode(NextStep.self, client.native.nextStep(sessionJSON: sessionJSON,
                                                                                  optionsJSON: optionsJSON))
    } catch {
        // Unreachable for a SetupSession this layer decoded; answered rather than trapped.
        return NextStep(step: .unknown("unknown"), state: session.state, message: "\(error)")
    }
}
