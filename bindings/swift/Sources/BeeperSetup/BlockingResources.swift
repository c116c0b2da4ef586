import Foundation

// The blocking twin of the resource tree: `client.blocking.app.setup.start()`. Each call holds
// its thread until the answer (or the timeout), so every one is noasync: the compiler keeps
// them out of async functions and top-level `await` code, where the plain (async) names belong.
// For command-line tools, scripts and threads of an app's own.

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

        /// Reads the SetupSession, blocking; see ``SetupResource/retrieve(options:)``.
        /// - Parameter options: Per-call options.
        /// - Returns: The SetupSession.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.retrieve() with await")
        public func retrieve(options: CallOptions? = nil) throws -> SetupSession {
            try client.call(Operation.setupRetrieve(), options: options)
        }

        /// Begins a sign-in, blocking; see ``SetupResource/start(options:)``.
        /// - Parameter options: Per-call options.
        /// - Returns: The `setupRequestID` for the next steps.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.start() with await")
        public func start(options: CallOptions? = nil) throws -> SetupStartResponse {
            try client.call(Operation.setupStart(), options: options)
        }

        /// Has a sign-in code emailed, blocking; see ``SetupResource/email(email:setupRequestID:options:)``.
        /// - Parameters:
        ///   - email: The account's email address.
        ///   - setupRequestID: From ``start(options:)``.
        ///   - options: Per-call options.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.email(...) with await")
        public func email(email: String, setupRequestID: String, options: CallOptions? = nil) throws {
            let _: Empty = try client.call(Operation.setupEmail(email: email, setupRequestID: setupRequestID), options: options)
        }

        /// Sends the emailed code, blocking; see ``SetupResource/response(response:setupRequestID:options:)``.
        /// - Parameters:
        ///   - response: The emailed code (secret).
        ///   - setupRequestID: From ``start(options:)``.
        ///   - options: Per-call options.
        /// - Returns: `.success` or `.registrationRequired`.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.response(...) with await")
        public func response(response: String, setupRequestID: String,
                             options: CallOptions? = nil) throws -> SignInResponse {
            try client.call(Operation.setupResponse(response: response, setupRequestID: setupRequestID), options: options)
        }

        /// Creates the account, blocking; see ``SetupResource/register(acceptTerms:leadToken:setupRequestID:username:options:)``.
        /// - Parameters:
        ///   - acceptTerms: The user accepted the terms.
        ///   - leadToken: From ``RegistrationRequired`` (secret).
        ///   - setupRequestID: From ``RegistrationRequired``.
        ///   - username: The account's username.
        ///   - options: Per-call options.
        /// - Returns: The credentials and SetupSession.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.register(...) with await")
        public func register(acceptTerms: Bool, leadToken: String, setupRequestID: String,
                             username: String, options: CallOptions? = nil) throws -> SignInSuccess {
            try client.call(Operation.setupRegister(acceptTerms: acceptTerms, leadToken: leadToken,
                                                    setupRequestID: setupRequestID, username: username), options: options)
        }

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

        /// Verifies this device with the recovery key, blocking.
        /// - Parameters:
        ///   - recoveryKey: The key (secret).
        ///   - options: Per-call options.
        /// - Returns: The SetupSession afterwards.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.recoveryKey.verify(...) with await")
        public func verify(recoveryKey: String, options: CallOptions? = nil) throws -> SessionResponse {
            try client.call(Operation.recoveryKeyVerify(recoveryKey: recoveryKey), options: options)
        }
    }
}

extension RecoveryKeyResource.Reset {
    /// `client.blocking.app.setup.recoveryKey.reset`: the blocking twin of ``RecoveryKeyResource/Reset``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient

        /// Makes a new recovery key, blocking.
        /// - Parameters:
        ///   - existingRecoveryKey: The current key, when known.
        ///   - options: Per-call options.
        /// - Returns: The new key (secret) and the SetupSession.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.recoveryKey.reset.create(...) with await")
        public func create(existingRecoveryKey: String? = nil, options: CallOptions? = nil) throws -> RecoveryKeyCreated {
            try client.call(Operation.recoveryKeyResetCreate(existingRecoveryKey: existingRecoveryKey), options: options)
        }

        /// Confirms the new key, blocking.
        /// - Parameters:
        ///   - recoveryKey: The key `create` returned.
        ///   - options: Per-call options.
        /// - Returns: The SetupSession afterwards.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.recoveryKey.reset.confirm(...) with await")
        public func confirm(recoveryKey: String, options: CallOptions? = nil) throws -> SessionResponse {
            try client.call(Operation.recoveryKeyResetConfirm(recoveryKey: recoveryKey), options: options)
        }
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

        /// Lists the verifications, blocking.
        /// - Parameter options: Per-call options.
        /// - Returns: The verifications.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.list() with await")
        public func list(options: CallOptions? = nil) throws -> VerificationList {
            try client.call(Operation.verificationsList(), options: options)
        }

        /// Asks the other devices to verify this one, blocking.
        /// - Parameters:
        ///   - purpose: `.login` or `.device`.
        ///   - userID: The user whose devices to ask.
        ///   - options: Per-call options.
        /// - Returns: The SetupSession and the verification.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.create(...) with await")
        public func create(purpose: VerificationPurpose? = nil, userID: String? = nil,
                           options: CallOptions? = nil) throws -> VerificationResponse {
            try client.call(Operation.verificationsCreate(purpose: purpose?.rawValue, userID: userID), options: options)
        }

        /// Reads one verification, blocking.
        /// - Parameters:
        ///   - verificationID: Its id, or "active".
        ///   - options: Per-call options.
        /// - Returns: The SetupSession and the verification.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.retrieve(...) with await")
        public func retrieve(verificationID: String, options: CallOptions? = nil) throws -> VerificationResponse {
            try client.call(Operation.verificationsRetrieve(id: verificationID), options: options)
        }

        /// Accepts a verification, blocking.
        /// - Parameters:
        ///   - verificationID: Its id.
        ///   - options: Per-call options.
        /// - Returns: The SetupSession and the verification.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.accept(...) with await")
        public func accept(verificationID: String, options: CallOptions? = nil) throws -> VerificationResponse {
            try client.call(Operation.verificationsAccept(id: verificationID), options: options)
        }

        /// Cancels a verification, blocking.
        /// - Parameters:
        ///   - verificationID: Its id.
        ///   - code: A reason code for the other device.
        ///   - reason: A sentence for the other device.
        ///   - options: Per-call options.
        /// - Returns: The SetupSession and the verification.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.cancel(...) with await")
        public func cancel(verificationID: String, code: String? = nil, reason: String? = nil,
                           options: CallOptions? = nil) throws -> VerificationResponse {
            try client.call(Operation.verificationsCancel(id: verificationID, code: code, reason: reason), options: options)
        }
    }
}

extension VerificationsResource.QR {
    /// `client.blocking.app.setup.verifications.qr`: the blocking twin of ``VerificationsResource/QR``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient

        /// Sends the scanned QR content, blocking.
        /// - Parameters:
        ///   - data: The scanned content.
        ///   - options: Per-call options.
        /// - Returns: The SetupSession and the verification.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.qr.scan(...) with await")
        public func scan(data: String, options: CallOptions? = nil) throws -> VerificationResponse {
            try client.call(Operation.verificationsQrScan(data: data), options: options)
        }

        /// Confirms the other device scanned this one's code, blocking.
        /// - Parameters:
        ///   - verificationID: Its id.
        ///   - options: Per-call options.
        /// - Returns: The SetupSession and the verification.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.qr.confirmScanned(...) with await")
        public func confirmScanned(verificationID: String, options: CallOptions? = nil) throws -> VerificationResponse {
            try client.call(Operation.verificationsQrConfirmScanned(id: verificationID), options: options)
        }
    }
}

extension VerificationsResource.SAS {
    /// `client.blocking.app.setup.verifications.sas`: the blocking twin of ``VerificationsResource/SAS``.
    public struct Blocking: Sendable {
        let client: BeeperSetupClient

        /// Starts the emoji comparison, blocking.
        /// - Parameters:
        ///   - verificationID: Its id.
        ///   - options: Per-call options.
        /// - Returns: The SetupSession and the verification.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.sas.start(...) with await")
        public func start(verificationID: String, options: CallOptions? = nil) throws -> VerificationResponse {
            try client.call(Operation.verificationsSasStart(id: verificationID), options: options)
        }

        /// Tells the server the emojis match, blocking.
        /// - Parameters:
        ///   - verificationID: Its id.
        ///   - options: Per-call options.
        /// - Returns: The SetupSession and the verification.
        /// - Throws: ``BeeperSetupError``.
        @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.sas.confirm(...) with await")
        public func confirm(verificationID: String, options: CallOptions? = nil) throws -> VerificationResponse {
            try client.call(Operation.verificationsSasConfirm(id: verificationID), options: options)
        }
    }
}
