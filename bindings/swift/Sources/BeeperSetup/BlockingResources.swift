import Foundation

// The blocking twin of the resource tree: `client.blocking.app.setup.start()`. Each call holds
// its thread until the answer (or the timeout), so every one is noasync: the compiler keeps
// them out of async functions and top-level `await` code, where the plain (async) names belong.
// For command-line tools, scripts and threads of an app's own. The operations' methods are
// generated with the async ones (ResourceMethods.swift).

extension BeeperSetupClient {
    /// The blocking API: the same tree as ``BeeperSetupClient/app``, each call holding its
    /// thread until it ends. Unavailable from async contexts; use ``app`` there.
    public var blocking: Blocking { Blocking(client: self) }

    /// The blocking API's root: `client.blocking.app.setup...`.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient

        /// `client.blocking.app`.
        public var app: AppResource.Blocking { AppResource.Blocking(client: client) }
    }
}

extension AppResource {
    /// `client.blocking.app`: the blocking twin of ``AppResource``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient

        /// `client.blocking.app.setup`.
        public var setup: SetupResource.Blocking { SetupResource.Blocking(client: client) }
    }
}

extension SetupResource {
    /// `client.blocking.app.setup`: the blocking twin of ``SetupResource``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient

        /// `client.blocking.app.setup.recoveryKey`.
        public var recoveryKey: RecoveryKeyResource.Blocking { RecoveryKeyResource.Blocking(client: client) }
        /// `client.blocking.app.setup.verifications`.
        public var verifications: VerificationsResource.Blocking { VerificationsResource.Blocking(client: client) }

        /// What the app should do now; the same as ``SetupResource/nextStep(_:)`` (no I/O).
        /// - Parameter session: A SetupSession any call returned.
        /// - Returns: The step and what it needs.
        public func nextStep(_ session: SetupSession) -> NextStep {
            nextStepOf(session)
        }

        /// What the app should do now, the emojis named in `language`; the same as
        /// ``SetupResource/nextStep(_:language:cancelledHere:)`` (no I/O).
        /// - Parameters:
        ///   - session: A SetupSession any call returned.
        ///   - language: A BCP-47 tag to name the emojis in.
        ///   - cancelledHere: Ids of verifications this app cancelled through another client.
        /// - Returns: The step and what it needs.
        public func nextStep(_ session: SetupSession, language: String?, cancelledHere: [String] = []) -> NextStep {
            nextStepOf(session, client: client, language: language, cancelledHere: cancelledHere)
        }

        /// Polls the SetupSession until a state is reached, blocking its thread for the whole wait;
        /// see ``SetupResource/wait(until:verificationStates:timeout:interval:whileState:whileVerificationState:)-(_,_,TimeInterval?,_,_,_)``.
        /// ``BeeperSetupClient/cancel()`` ends it from another thread.
        /// - Parameters:
        ///   - until: The states that end the wait.
        ///   - verificationStates: Verification states that end the wait too.
        ///   - timeout: Seconds, more than 0 (default 300).
        ///   - interval: Seconds between polls, more than 0 (default 0.5).
        ///   - whileState: Ends the wait once the state is no longer this one.
        ///   - whileVerificationState: Ends the wait once the verification's state is no longer this one.
        /// - Returns: The SetupSession that ended the wait.
        /// - Throws: ``BeeperSetupError`` (`.timeout`, `.cancelled`, ...).
        @available(*, noasync, message: "blocks its thread for the whole wait: use client.app.setup.wait(...) with await")
        public func wait(until: [SetupState] = [.ready], verificationStates: [DeviceVerificationState] = [],
                         timeout: TimeInterval? = nil, interval: TimeInterval? = nil,
                         whileState: SetupState? = nil,
                         whileVerificationState: DeviceVerificationState? = nil) throws -> SetupSession {
            try client.wait(WaitRequest(WaitCondition(
                until: until, verificationStates: verificationStates, timeout: timeout, interval: interval,
                whileState: whileState, whileVerificationState: whileVerificationState)))
        }

        /// Waits for one state, blocking: `wait(until: .ready)`.
        /// - Parameters:
        ///   - state: The state that ends the wait.
        ///   - timeout: Seconds, more than 0 (default 300).
        ///   - interval: Seconds between polls, more than 0.
        /// - Returns: The SetupSession in `state`.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread for the whole wait: use client.app.setup.wait(until:) with await")
        public func wait(until state: SetupState, timeout: TimeInterval? = nil,
                         interval: TimeInterval? = nil) throws -> SetupSession {
            try wait(until: [state], timeout: timeout, interval: interval)
        }

        /// The `Duration` form of the blocking wait: `wait(until: [.ready], timeout: .seconds(120))`.
        /// - Parameters:
        ///   - until: The states that end the wait.
        ///   - verificationStates: Verification states that end the wait too.
        ///   - timeout: More than zero.
        ///   - interval: Between polls, more than zero (default 0.5 s).
        ///   - whileState: Ends the wait once the state is no longer this one.
        ///   - whileVerificationState: Ends the wait once the verification's state is no longer this one.
        /// - Returns: The SetupSession that ended the wait.
        /// - Throws: ``BeeperSetupError``.
        @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
        @available(*, noasync, message: "blocks its thread for the whole wait: use client.app.setup.wait(...) with await")
        public func wait(until: [SetupState] = [.ready], verificationStates: [DeviceVerificationState] = [],
                         timeout: Duration, interval: Duration? = nil, whileState: SetupState? = nil,
                         whileVerificationState: DeviceVerificationState? = nil) throws -> SetupSession {
            try wait(until: until, verificationStates: verificationStates, timeout: timeout.seconds,
                     interval: interval?.seconds, whileState: whileState, whileVerificationState: whileVerificationState)
        }

        /// The `Duration` form of the blocking wait for one state: `wait(until: .ready, timeout: .seconds(120))`.
        /// - Parameters:
        ///   - state: The state that ends the wait.
        ///   - timeout: More than zero.
        ///   - interval: Between polls, more than zero.
        /// - Returns: The SetupSession in `state`.
        /// - Throws: ``BeeperSetupError``.
        @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
        @available(*, noasync, message: "blocks its thread for the whole wait: use client.app.setup.wait(until:) with await")
        public func wait(until state: SetupState, timeout: Duration, interval: Duration? = nil) throws -> SetupSession {
            try wait(until: [state], timeout: timeout.seconds, interval: interval?.seconds)
        }
    }
}

extension RecoveryKeyResource {
    /// `client.blocking.app.setup.recoveryKey`: the blocking twin of ``RecoveryKeyResource``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient

        /// `client.blocking.app.setup.recoveryKey.reset`.
        public var reset: Reset.Blocking { Reset.Blocking(client: client) }
    }
}

extension RecoveryKeyResource.Reset {
    /// `client.blocking.app.setup.recoveryKey.reset`: the blocking twin of ``RecoveryKeyResource/Reset``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient
    }
}

extension VerificationsResource {
    /// `client.blocking.app.setup.verifications`: the blocking twin of ``VerificationsResource``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient

        /// `client.blocking.app.setup.verifications.qr`.
        public var qr: QR.Blocking { QR.Blocking(client: client) }
        /// `client.blocking.app.setup.verifications.sas`.
        public var sas: SAS.Blocking { SAS.Blocking(client: client) }
    }
}

extension VerificationsResource.QR {
    /// `client.blocking.app.setup.verifications.qr`: the blocking twin of ``VerificationsResource/QR``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient
    }
}

extension VerificationsResource.SAS {
    /// `client.blocking.app.setup.verifications.sas`: the blocking twin of ``VerificationsResource/SAS``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient
    }
}
