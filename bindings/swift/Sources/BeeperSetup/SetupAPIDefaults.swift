import Foundation

// Fakes without ceremony: every requirement of BeeperSetupAPI has a default, so a test's fake
// implements only the calls its screen makes. An operation a fake leaves out throws (rather than
// answering something made up), naming the fake and the operation; `nextStep` is the library's
// own advice, which needs no client or server.

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
    private func notImplemented(_ operation: String = #function) -> BeeperSetupError {
        BeeperSetupError(kind: .internal, message: "\(Self.self) does not implement \(operation)")
    }

    /// Default: the library's own advice, ``NextStep/init(for:)``.
    /// - Parameter session: A SetupSession.
    /// - Returns: The step.
    public func nextStep(_ session: SetupSession) -> NextStep { NextStep(for: session) }
    /// Default for a fake that does not read the SetupSession: throws.
    /// - Parameter options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func retrieve(options: CallOptions?) async throws -> SetupSession { throw notImplemented() }
    /// Default for a fake that does not sign in: throws.
    /// - Parameter options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func start(options: CallOptions?) async throws -> SetupStartResponse { throw notImplemented() }
    /// Default for a fake that does not sign in: throws.
    /// - Parameters:
    ///   - email: The account's email address.
    ///   - setupRequestID: From `start`.
    ///   - options: Per-call options.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func email(email: String, setupRequestID: String, options: CallOptions?) async throws {
        throw notImplemented()
    }
    /// Default for a fake that does not sign in: throws.
    /// - Parameters:
    ///   - response: The emailed code.
    ///   - setupRequestID: From `start`.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func response(response: String, setupRequestID: String,
                         options: CallOptions?) async throws -> SignInResponse {
        throw notImplemented()
    }
    /// Default for a fake that does not register: throws.
    /// - Parameters:
    ///   - acceptTerms: The user accepted the terms.
    ///   - leadToken: From ``RegistrationRequired``.
    ///   - setupRequestID: From ``RegistrationRequired``.
    ///   - username: The account's username.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func register(acceptTerms: Bool, leadToken: String, setupRequestID: String, username: String,
                         options: CallOptions?) async throws -> SignInSuccess {
        throw notImplemented()
    }
    /// Default for a fake that does not wait: throws.
    /// - Parameter condition: What ends the wait.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func wait(for condition: WaitCondition) async throws -> SetupSession {
        throw notImplemented()
    }
    /// Default for a fake without recovery keys: throws.
    /// - Parameters:
    ///   - recoveryKey: The key.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func verifyRecoveryKey(_ recoveryKey: String, options: CallOptions?) async throws -> SessionResponse {
        throw notImplemented()
    }
    /// Default for a fake without recovery keys: throws.
    /// - Parameters:
    ///   - existingRecoveryKey: The current key, when known.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func createRecoveryKey(existingRecoveryKey: String?,
                                  options: CallOptions?) async throws -> RecoveryKeyCreated {
        throw notImplemented()
    }
    /// Default for a fake without recovery keys: throws.
    /// - Parameters:
    ///   - recoveryKey: The new key.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func confirmRecoveryKey(_ recoveryKey: String, options: CallOptions?) async throws -> SessionResponse {
        throw notImplemented()
    }
    /// Default for a fake without verifications: throws.
    /// - Parameter options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func listVerifications(options: CallOptions?) async throws -> VerificationList { throw notImplemented() }
    /// Default for a fake without verifications: throws.
    /// - Parameters:
    ///   - purpose: `.login` or `.device`.
    ///   - userID: The user whose devices to ask.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func createVerification(purpose: VerificationPurpose?, userID: String?,
                                   options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
    /// Default for a fake without verifications: throws.
    /// - Parameters:
    ///   - verificationID: Its id, or "active".
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func retrieveVerification(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
    /// Default for a fake without verifications: throws.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func acceptVerification(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
    /// Default for a fake without verifications: throws.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - code: A reason code.
    ///   - reason: A sentence for the other device.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func cancelVerification(verificationID: String, code: String?, reason: String?,
                                   options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
    /// Default for a fake without QR codes: throws.
    /// - Parameters:
    ///   - data: The scanned content.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func scanQR(data: String, options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
    /// Default for a fake without QR codes: throws.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func confirmQRScanned(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
    /// Default for a fake without emoji comparison: throws.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func startSAS(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
    /// Default for a fake without emoji comparison: throws.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - options: Per-call options.
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func confirmSAS(verificationID: String, options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
}
