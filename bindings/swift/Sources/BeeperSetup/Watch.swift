import Foundation

extension SetupChange: Identifiable {
    /// The sequence number, which no other change of this client has.
    public var id: Int { sequence }

    /// Whether setup is done: a watch ends with this change.
    public var isDone: Bool { nextStep.step == .done }
}

/// The changes of the setup session, for `for try await change in client.app.setup.watch()`.
///
/// Each change comes once, in order, first the SetupSession as it is now (or the first change after
/// `after`); the sequence ends after the change where setup is done. Each step is one call of
/// the client (the one-shot next change), so cancelling the Task that iterates ends it at once
/// (`CancellationError`), as it ends any call. The client's polls are shared by all its watches.
public struct SetupChanges: AsyncSequence, Sendable {
    /// A change.
    public typealias Element = SetupChange

    let client: BeeperSetupClient
    let request: WatchRequest

    /// Starts iterating: nothing is sent before the first `next()`.
    /// - Returns: The iterator.
    public func makeAsyncIterator() -> Iterator {
        Iterator(client: client, request: request)
    }

    /// Awaits each change in turn.
    public struct Iterator: AsyncIteratorProtocol {
        let client: BeeperSetupClient
        var request: WatchRequest
        var finished = false

        /// The next change; nil after the change where setup is done.
        /// - Returns: The change, or nil once the watch has ended.
        /// - Throws: ``BeeperSetupError`` (`.timeout` at the watch's deadline, `.cancelled` by
        ///   ``BeeperSetupClient/cancel()``, an error the polls cannot ride out);
        ///   `CancellationError` when the Task is cancelled. Nothing follows a throw.
        public mutating func next() async throws -> SetupChange? {
            if finished { return nil }
            finished = true
            let paramsJSON = request.paramsJSON()
            let reply = try await client.performReply { native, done in
                native.startNextChange(paramsJSON: paramsJSON, completion: done)
            }
            let change = try BeeperSetupClient.decode(SetupChange.self, reply)
            request.after = reply.1
            finished = change.isDone
            return change
        }
    }
}

/// A watch's arguments, checked once: its pace, its deadline, and the change (or SetupSession, as
/// JSON) it continues after.
struct WatchRequest: Sendable {
    let intervalMs: Double?
    let deadline: TimeInterval?
    var after: String?

    init(timeout: TimeInterval?, interval: TimeInterval?, after: SetupSession?) throws {
        intervalMs = try interval.map { try milliseconds($0, "interval", allowZero: false) }
        deadline = try timeout.map {
            ProcessInfo.processInfo.systemUptime + (try milliseconds($0, "timeout", allowZero: false)) / 1000
        }
        self.after = try after.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
    }

    /// The params of the next change: what is left of the deadline, and where it starts.
    func paramsJSON() -> String {
        var params: [String: JSONValue] = [:]
        params["intervalMs"] = intervalMs.map { .number($0) }
        params["timeoutMs"] = deadline.map {
            .number(max(1, (($0 - ProcessInfo.processInfo.systemUptime) * 1000).rounded()))
        }
        let text = JSONValue.object(params).text
        guard let after else { return text }
        // The change as the library wrote it, unparsed.
        return params.isEmpty ? #"{"after":\#(after)}"# : "\(text.dropLast()),\"after\":\(after)}"
    }
}

extension SetupResource {
    /// Watches the setup session: each change once, in order (the SetupSession's state, a
    /// verification appearing, changing state, ending), the first being the SetupSession as it is
    /// now, the last the one where setup is done. Polls no faster than `interval`, never
    /// busy-loops, rides out server restarts; the client's watches share its polls.
    ///
    /// ```swift
    /// for try await change in client.app.setup.watch() {
    ///     print(change.sequence, change.nextStep.message)
    /// }
    /// ```
    /// - Parameters:
    ///   - timeout: Seconds, more than 0; then `.timeout` (default: none).
    ///   - interval: The least seconds between polls, more than 0 (default 0.5).
    ///   - after: Start after this SetupSession: the first change is the next one.
    /// - Returns: The changes, as an `AsyncSequence`.
    /// - Throws: ``BeeperSetupError`` `.invalidArgument` for a bad timeout or interval.
    public func watch(timeout: TimeInterval? = nil, interval: TimeInterval? = nil,
                      after: SetupSession? = nil) throws -> SetupChanges {
        SetupChanges(client: client, request: try WatchRequest(timeout: timeout, interval: interval, after: after))
    }

    /// The first change after `session` (without it, the SetupSession as it is now): one step of
    /// ``watch(timeout:interval:after:)``.
    /// - Parameters:
    ///   - session: The SetupSession the app shows.
    ///   - timeout: Seconds, more than 0; then `.timeout` (default: none).
    ///   - interval: The least seconds between polls, more than 0 (default 0.5).
    /// - Returns: The change.
    /// - Throws: As the watch's iterator.
    public func nextChange(after session: SetupSession? = nil, timeout: TimeInterval? = nil,
                           interval: TimeInterval? = nil) async throws -> SetupChange {
        var changes = try watch(timeout: timeout, interval: interval, after: session).makeAsyncIterator()
        guard let change = try await changes.next() else {
            throw BeeperSetupError(kind: .internal, message: "a watch ended without a change")
        }
        return change
    }
}
