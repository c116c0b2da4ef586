import Foundation

// The resource tree, as in the other languages: client.app.setup.verifications.sas.start(...).
// Each operation is named by its dotted name in the library's operation table, which checks
// the params and knows the method, path and response shape; here it is only typed.
// Every blocking operation has an async twin that runs it on a thread of its own.

/// `client.app`
public struct App: Sendable {
    let client: BeeperSetupClient
    public var setup: Setup { Setup(client: client) }
}

/// `client.app.setup`: sign-in, the Session, and the flow helpers.
public struct Setup: Sendable {
    let client: BeeperSetupClient
    public var recoveryKey: RecoveryKey { RecoveryKey(client: client) }
    public var verifications: Verifications { Verifications(client: client) }

    /// The Session (public before sign-in).
    public func retrieve() throws -> Session { try client.call("setup.retrieve") }
    public func retrieve() async throws -> Session { try await client.offload { try retrieve() } }

    /// Begins a sign-in.
    public func start() throws -> SetupStartResponse { try client.call("setup.start") }
    public func start() async throws -> SetupStartResponse { try await client.offload { try start() } }

    /// Emails a sign-in code.
    public func email(email: String, setupRequestID: String) throws {
        _ = try client.call("setup.email", params: ["email": .string(email), "setupRequestID": .string(setupRequestID)], as: Empty.self)
    }
    public func email(email: String, setupRequestID: String) async throws {
        try await client.offload { try self.email(email: email, setupRequestID: setupRequestID) }
    }

    /// Sends the emailed code. A client without a token adopts the returned one (unless
    /// `adoptAccessToken` is false).
    public func response(response: String, setupRequestID: String) throws -> SetupResponseResponse {
        try client.call("setup.response", params: ["response": .string(response), "setupRequestID": .string(setupRequestID)])
    }
    public func response(response: String, setupRequestID: String) async throws -> SetupResponseResponse {
        try await client.offload { try self.response(response: response, setupRequestID: setupRequestID) }
    }

    /// Creates the account after `.registrationRequired`; the token is adopted as for `response`.
    public func register(acceptTerms: Bool = true, leadToken: String, setupRequestID: String,
                         username: String) throws -> SignInSuccess {
        try client.call("setup.register", params: [
            "acceptTerms": .bool(acceptTerms), "leadToken": .string(leadToken),
            "setupRequestID": .string(setupRequestID), "username": .string(username),
        ])
    }
    public func register(acceptTerms: Bool = true, leadToken: String, setupRequestID: String,
                         username: String) async throws -> SignInSuccess {
        try await client.offload {
            try register(acceptTerms: acceptTerms, leadToken: leadToken,
                         setupRequestID: setupRequestID, username: username)
        }
    }

    /// What the app should do now, from a Session. Pure: no I/O.
    public func nextStep(_ session: Session) -> NextStep {
        do {
            let sessionJSON = String(decoding: try JSONEncoder().encode(session), as: UTF8.self)
            return try BeeperSetupClient.decode(NextStep.self, NativeClient.nextStep(sessionJSON: sessionJSON))
        } catch {
            // Unreachable for a Session this layer decoded; answered rather than trapped.
            return NextStep(step: .unknown("unknown"), state: session.state,
                            message: "\(error)", verificationID: nil, action: nil,
                            emojis: nil, decimals: nil, qrData: nil)
        }
    }

    /// Polls the Session until its state is one of `until`, or the verification reaches one of
    /// `verificationStates`, or the state (verification state) is no longer `whileState`
    /// (`whileVerificationState`). `timeout` (seconds, library default 300) ends it with
    /// `.timeout`; `client.cancel()` with `.cancelled`. Restarts of the server are ridden out.
    ///
    /// Another wait on the same client that is cancelled (by its Task) does not end this one:
    /// the library's cancel reaches every wait on a client, so this layer resumes the waits
    /// that were not meant, for the time they have left.
    public func wait(until: [SetupState] = [.ready], verificationStates: [VerificationState] = [],
                     timeout: TimeInterval? = nil, interval: TimeInterval? = nil,
                     whileState: SetupState? = nil,
                     whileVerificationState: VerificationState? = nil) throws -> Session {
        let request = try WaitRequest(until: until, verificationStates: verificationStates,
                                      timeout: timeout, interval: interval, whileState: whileState,
                                      whileVerificationState: whileVerificationState)
        return try request.run(on: client, cancelledByTask: nil)
    }

    /// The async twin of `wait`. Cancelling the awaiting Task ends it within a second with
    /// `CancellationError` (nothing is cancelled on the server).
    public func wait(until: [SetupState] = [.ready], verificationStates: [VerificationState] = [],
                     timeout: TimeInterval? = nil, interval: TimeInterval? = nil,
                     whileState: SetupState? = nil,
                     whileVerificationState: VerificationState? = nil) async throws -> Session {
        let request = try WaitRequest(until: until, verificationStates: verificationStates,
                                      timeout: timeout, interval: interval, whileState: whileState,
                                      whileVerificationState: whileVerificationState)
        let client = self.client
        let taskCancelled = Locked(false)
        let finished = Locked(false)
        return try await withTaskCancellationHandler {
            try await client.offload {
                defer { finished.update { $0 = true } }
                return try request.run(on: client, cancelledByTask: taskCancelled)
            }
        } onCancel: {
            taskCancelled.update { $0 = true }
            // The library cancels only waits that have begun: repeat until this one has ended,
            // in case its thread had not entered the library yet.
            Thread {
                while !finished.value {
                    client.native.cancel()
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }.start()
        }
    }
}

/// The params of one wait, checked before anything is sent.
struct WaitRequest: Sendable {
    let params: [String: JSON]
    let timeoutSeconds: TimeInterval?

    init(until: [SetupState], verificationStates: [VerificationState], timeout: TimeInterval?,
         interval: TimeInterval?, whileState: SetupState?, whileVerificationState: VerificationState?) throws {
        var params: [String: JSON] = [
            "until": .array(until.map { .string($0.rawValue) }),
            "verificationStates": .array(verificationStates.map { .string($0.rawValue) }),
        ]
        params["timeoutMs"] = try timeout.map { .number(try milliseconds($0, "timeout")) }
        params["intervalMs"] = try interval.map { .number(try milliseconds($0, "interval")) }
        params["whileState"] = whileState.map { .string($0.rawValue) }
        params["whileVerificationState"] = whileVerificationState.map { .string($0.rawValue) }
        self.params = params
        timeoutSeconds = timeout
    }

    /// Runs the library's wait. A `.cancelled` that neither `client.cancel()` nor this wait's
    /// Task asked for came from another wait's Task: the wait goes on for the time it has left.
    func run(on client: BeeperSetupClient, cancelledByTask: Locked<Bool>?) throws -> Session {
        let generation = client.currentCancelGeneration
        let started = Date()
        var params = self.params
        while true {
            if cancelledByTask?.value == true { throw CancellationError() }
            do {
                return try BeeperSetupClient.decode(Session.self, client.native.wait(paramsJSON: JSON.object(params).text))
            } catch let error as BeeperSetupError where error.kind == .cancelled {
                if cancelledByTask?.value == true { throw CancellationError() }
                if client.currentCancelGeneration != generation { throw error }
                if let timeout = timeoutSeconds {
                    let left = timeout - Date().timeIntervalSince(started)
                    params["timeoutMs"] = .number(max(0, (left * 1000).rounded()))
                } else {
                    // The library's default deadline, from when this wait began.
                    let left = 300 - Date().timeIntervalSince(started)
                    params["timeoutMs"] = .number(max(0, (left * 1000).rounded()))
                }
            }
        }
    }
}

/// `client.app.setup.recoveryKey`
public struct RecoveryKey: Sendable {
    let client: BeeperSetupClient
    public var reset: Reset { Reset(client: client) }

    /// Verifies this device with the account's recovery key.
    public func verify(recoveryKey: String) throws -> SessionResponse {
        try client.call("recoveryKey.verify", params: ["recoveryKey": .string(recoveryKey)])
    }
    public func verify(recoveryKey: String) async throws -> SessionResponse {
        try await client.offload { try verify(recoveryKey: recoveryKey) }
    }

    /// `client.app.setup.recoveryKey.reset`
    public struct Reset: Sendable {
        let client: BeeperSetupClient

        /// Makes a new recovery key (shown once; confirm it next).
        public func create(existingRecoveryKey: String? = nil) throws -> RecoveryKeyCreated {
            try client.call("recoveryKey.reset.create",
                            params: existingRecoveryKey.map { ["existingRecoveryKey": .string($0)] })
        }
        public func create(existingRecoveryKey: String? = nil) async throws -> RecoveryKeyCreated {
            try await client.offload { try create(existingRecoveryKey: existingRecoveryKey) }
        }

        /// Confirms the new key (the user has saved it).
        public func confirm(recoveryKey: String) throws -> SessionResponse {
            try client.call("recoveryKey.reset.confirm", params: ["recoveryKey": .string(recoveryKey)])
        }
        public func confirm(recoveryKey: String) async throws -> SessionResponse {
            try await client.offload { try confirm(recoveryKey: recoveryKey) }
        }
    }
}

/// `client.app.setup.verifications`: verifying this device from another one.
public struct Verifications: Sendable {
    let client: BeeperSetupClient
    public var qr: QR { QR(client: client) }
    public var sas: SAS { SAS(client: client) }

    public func list() throws -> VerificationList { try client.call("verifications.list") }
    public func list() async throws -> VerificationList { try await client.offload { try list() } }

    /// Asks the other devices to verify this one.
    public func create(purpose: VerificationPurpose? = nil, userID: String? = nil) throws -> VerificationResponse {
        var params: [String: JSON] = [:]
        params["purpose"] = purpose.map { .string($0.rawValue) }
        params["userID"] = userID.map(JSON.string)
        return try client.call("verifications.create", params: params.isEmpty ? nil : params)
    }
    public func create(purpose: VerificationPurpose? = nil, userID: String? = nil) async throws -> VerificationResponse {
        try await client.offload { try create(purpose: purpose, userID: userID) }
    }

    /// One verification; "active" names the one in progress.
    public func retrieve(verificationID: String) throws -> VerificationResponse {
        try client.call("verifications.retrieve", id: verificationID)
    }
    public func retrieve(verificationID: String) async throws -> VerificationResponse {
        try await client.offload { try retrieve(verificationID: verificationID) }
    }

    public func accept(verificationID: String) throws -> VerificationResponse {
        try client.call("verifications.accept", id: verificationID)
    }
    public func accept(verificationID: String) async throws -> VerificationResponse {
        try await client.offload { try accept(verificationID: verificationID) }
    }

    public func cancel(verificationID: String, code: String? = nil, reason: String? = nil) throws -> VerificationResponse {
        var params: [String: JSON] = [:]
        params["code"] = code.map(JSON.string)
        params["reason"] = reason.map(JSON.string)
        return try client.call("verifications.cancel", id: verificationID, params: params.isEmpty ? nil : params)
    }
    public func cancel(verificationID: String, code: String? = nil, reason: String? = nil) async throws -> VerificationResponse {
        try await client.offload { try cancel(verificationID: verificationID, code: code, reason: reason) }
    }

    /// `client.app.setup.verifications.qr`
    public struct QR: Sendable {
        let client: BeeperSetupClient

        /// Sends the content of the other device's QR code, scanned by this one.
        public func scan(data: String) throws -> VerificationResponse {
            try client.call("verifications.qr.scan", params: ["data": .string(data)])
        }
        public func scan(data: String) async throws -> VerificationResponse {
            try await client.offload { try scan(data: data) }
        }

        /// Confirms that the other device scanned this one's code.
        public func confirmScanned(verificationID: String) throws -> VerificationResponse {
            try client.call("verifications.qr.confirmScanned", id: verificationID)
        }
        public func confirmScanned(verificationID: String) async throws -> VerificationResponse {
            try await client.offload { try confirmScanned(verificationID: verificationID) }
        }
    }

    /// `client.app.setup.verifications.sas`: comparing emojis.
    public struct SAS: Sendable {
        let client: BeeperSetupClient

        public func start(verificationID: String) throws -> VerificationResponse {
            try client.call("verifications.sas.start", id: verificationID)
        }
        public func start(verificationID: String) async throws -> VerificationResponse {
            try await client.offload { try start(verificationID: verificationID) }
        }

        /// The emojis match.
        public func confirm(verificationID: String) throws -> VerificationResponse {
            try client.call("verifications.sas.confirm", id: verificationID)
        }
        public func confirm(verificationID: String) async throws -> VerificationResponse {
            try await client.offload { try confirm(verificationID: verificationID) }
        }
    }
}
