import Foundation

// Fakes without ceremony: every requirement of BeeperSetupAPI has a default, so a test's fake
// implements only the calls its screen makes. An operation a fake leaves out throws (rather than
// answering something made up), naming the fake and the operation; `nextStep` is the library's
// own advice, which needs no client or server. The operations' defaults are generated
// (SetupAPIMethods.swift); the flow helpers' are here.

extension NextStep {
    /// What the app should do now, from a SetupSession, without a client: the same pure advice as
    /// ``SetupResource/nextStep(_:)`` (no I/O), for previews, tests and fakes.
    /// - Parameter session: A SetupSession (any call's answer, or one a test builds).
    public init(for session: SetupSession) {
        self = nextStepOf(session)
    }
}

extension BeeperSetupAPI {
    /// The error an operation this conformer does not implement throws.
    func notImplemented(_ operation: String = #function) -> BeeperSetupError {
        BeeperSetupError(kind: .internal, message: "\(Self.self) does not implement \(operation)")
    }

    /// Default: the library's own advice, ``NextStep/init(for:)``.
    /// - Parameter session: A SetupSession.
    /// - Returns: The step.
    public func nextStep(_ session: SetupSession) -> NextStep { NextStep(for: session) }
    /// Default for a fake that does not wait: throws.
    /// - Parameter condition: What ends the wait.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func wait(for condition: WaitCondition) async throws -> SetupSession {
        throw notImplemented()
    }
}
