import Foundation

// The resource tree, as in the other languages: client.app.setup.verifications.sas.start(...).
// Each operation is named by its dotted name in the library's operation table, which checks
// the params and knows the method, path and response shape; here it is only typed.
// Every blocking operation has an async twin under the same name: the library runs it without
// blocking (no thread of Swift's), and cancelling the awaiting Task cancels that call only.

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
    public func retrieve() async throws -> Session { try await client.callAsync("setup.retrieve") }

    /// Begins a sign-in.
    public func start() throws -> SetupStartResponse { try client.call("setup.start") }
    public func start() async throws -> SetupStartResponse { try await client.callAsync("setup.start") }

    /// Emails a sign-in code.
    public func email(email: String, setupRequestID: String) throws {
        _ = try client.call("setup.email", params: Self.emailParams(email, setupRequestID), as: Empty.self)
    }
    public func email(email: String, setupRequestID: String) async throws {
        _ = try await client.callAsync("setup.email", params: Self.emailParams(email, setupRequestID), as: Empty.self)
    }
    private static func emailParams(_ email: String, _ setupRequestID: String) -> [String: JSON] {
        ["email": .string(email), "setupRequestID": .string(setupRequestID)]
    }

    /// Sends the emailed code. A client without a token adopts the returned one (unless
    /// `adoptAccessToken` is false).
    public func response(response: String, setupRequestID: String) throws -> SetupResponseResponse {
        try client.call("setup.response", params: ["response": .string(response), "setupRequestID": .string(setupRequestID)])
    }
    public func response(response: String, setupRequestID: String) async throws -> SetupResponseResponse {
        try await client.callAsync("setup.response", params: ["response": .string(response), "setupRequestID": .string(setupRequestID)])
    }

    /// Creates the account after `.registrationRequired`; the token is adopted as for `response`.
    public func register(acceptTerms: Bool = true, leadToken: String, setupRequestID: String,
                         username: String) throws -> SignInSuccess {
        try client.call("setup.register", params: Self.registerParams(acceptTerms, leadToken, setupRequestID, username))
    }
    public func register(acceptTerms: Bool = true, leadToken: String, setupRequestID: String,
                         username: String) async throws -> SignInSuccess {
        try await client.callAsync("setup.register", params: Self.registerParams(acceptTerms, leadToken, setupRequestID, username))
    }
    private static func registerParams(_ acceptTerms: Bool, _ leadToken: String, _ setupRequestID: String,
                                       _ username: String) -> [String: JSON] {
        ["acceptTerms": .bool(acceptTerms), "leadToken": .string(leadToken),
         "setupRequestID": .string(setupRequestID), "username": .string(username)]
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
    /// Cancelling another wait's Task does not touch this one.
    public func wait(until: [SetupState] = [.ready], verificationStates: [VerificationState] = [],
                     timeout: TimeInterval? = nil, interval: TimeInterval? = nil,
                     whileState: SetupState? = nil,
                     whileVerificationState: VerificationState? = nil) throws -> Session {
        let request = try WaitRequest(until: until, verificationStates: verificationStates,
                                      timeout: timeout, interval: interval, whileState: whileState,
                                      whileVerificationState: whileVerificationState)
        return try BeeperSetupClient.decode(Session.self, client.native.wait(paramsJSON: JSON.object(request.params).text))
    }

    /// The async twin of `wait`. Cancelling the awaiting Task ends this wait only, at once, with
    /// `CancellationError` (nothing is cancelled on the server); between its polls it holds no
    /// thread.
    public func wait(until: [SetupState] = [.ready], verificationStates: [VerificationState] = [],
                     timeout: TimeInterval? = nil, interval: TimeInterval? = nil,
                     whileState: SetupState? = nil,
                     whileVerificationState: VerificationState? = nil) async throws -> Session {
        let request = try WaitRequest(until: until, verificationStates: verificationStates,
                                      timeout: timeout, interval: interval, whileState: whileState,
                                      whileVerificationState: whileVerificationState)
        let paramsJSON = JSON.object(request.params).text
        return try await client.perform(Session.self) { native, done in
            native.startWait(paramsJSON: paramsJSON, completion: done)
        }
    }
}

/// The params of one wait, checked before anything is sent.
struct WaitRequest: Sendable {
    let params: [String: JSON]

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
        try await client.callAsync("recoveryKey.verify", params: ["recoveryKey": .string(recoveryKey)])
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
            try await client.callAsync("recoveryKey.reset.create",
                                       params: existingRecoveryKey.map { ["existingRecoveryKey": .string($0)] })
        }

        /// Confirms the new key (the user has saved it).
        public func confirm(recoveryKey: String) throws -> SessionResponse {
            try client.call("recoveryKey.reset.confirm", params: ["recoveryKey": .string(recoveryKey)])
        }
        public func confirm(recoveryKey: String) async throws -> SessionResponse {
            try await client.callAsync("recoveryKey.reset.confirm", params: ["recoveryKey": .string(recoveryKey)])
        }
    }
}

/// `client.app.setup.verifications`: verifying this device from another one.
public struct Verifications: Sendable {
    let client: BeeperSetupClient
    public var qr: QR { QR(client: client) }
    public var sas: SAS { SAS(client: client) }

    public func list() throws -> VerificationList { try client.call("verifications.list") }
    public func list() async throws -> VerificationList { try await client.callAsync("verifications.list") }

    /// Asks the other devices to verify this one.
    public func create(purpose: VerificationPurpose? = nil, userID: String? = nil) throws -> VerificationResponse {
        try client.call("verifications.create", params: Self.createParams(purpose, userID))
    }
    public func create(purpose: VerificationPurpose? = nil, userID: String? = nil) async throws -> VerificationResponse {
        try await client.callAsync("verifications.create", params: Self.createParams(purpose, userID))
    }
    private static func createParams(_ purpose: VerificationPurpose?, _ userID: String?) -> [String: JSON]? {
        var params: [String: JSON] = [:]
        params["purpose"] = purpose.map { .string($0.rawValue) }
        params["userID"] = userID.map(JSON.string)
        return params.isEmpty ? nil : params
    }

    /// One verification; "active" names the one in progress.
    public func retrieve(verificationID: String) throws -> VerificationResponse {
        try client.call("verifications.retrieve", id: verificationID)
    }
    public func retrieve(verificationID: String) async throws -> VerificationResponse {
        try await client.callAsync("verifications.retrieve", id: verificationID)
    }

    public func accept(verificationID: String) throws -> VerificationResponse {
        try client.call("verifications.accept", id: verificationID)
    }
    public func accept(verificationID: String) async throws -> VerificationResponse {
        try await client.callAsync("verifications.accept", id: verificationID)
    }

    public func cancel(verificationID: String, code: String? = nil, reason: String? = nil) throws -> VerificationResponse {
        try client.call("verifications.cancel", id: verificationID, params: Self.cancelParams(code, reason))
    }
    public func cancel(verificationID: String, code: String? = nil, reason: String? = nil) async throws -> VerificationResponse {
        try await client.callAsync("verifications.cancel", id: verificationID, params: Self.cancelParams(code, reason))
    }
    private static func cancelParams(_ code: String?, _ reason: String?) -> [String: JSON]? {
        var params: [String: JSON] = [:]
        params["code"] = code.map(JSON.string)
        params["reason"] = reason.map(JSON.string)
        return params.isEmpty ? nil : params
    }

    /// `client.app.setup.verifications.qr`
    public struct QR: Sendable {
        let client: BeeperSetupClient

        /// Sends the content of the other device's QR code, scanned by this one.
        public func scan(data: String) throws -> VerificationResponse {
            try client.call("verifications.qr.scan", params: ["data": .string(data)])
        }
        public func scan(data: String) async throws -> VerificationResponse {
            try await client.callAsync("verifications.qr.scan", params: ["data": .string(data)])
        }

        /// Confirms that the other device scanned this one's code.
        public func confirmScanned(verificationID: String) throws -> VerificationResponse {
            try client.call("verifications.qr.confirmScanned", id: verificationID)
        }
        public func confirmScanned(verificationID: String) async throws -> VerificationResponse {
            try await client.callAsync("verifications.qr.confirmScanned", id: verificationID)
        }
    }

    /// `client.app.setup.verifications.sas`: comparing emojis.
    public struct SAS: Sendable {
        let client: BeeperSetupClient

        public func start(verificationID: String) throws -> VerificationResponse {
            try client.call("verifications.sas.start", id: verificationID)
        }
        public func start(verificationID: String) async throws -> VerificationResponse {
            try await client.callAsync("verifications.sas.start", id: verificationID)
        }

        /// The emojis match.
        public func confirm(verificationID: String) throws -> VerificationResponse {
            try client.call("verifications.sas.confirm", id: verificationID)
        }
        public func confirm(verificationID: String) async throws -> VerificationResponse {
            try await client.callAsync("verifications.sas.confirm", id: verificationID)
        }
    }
}
