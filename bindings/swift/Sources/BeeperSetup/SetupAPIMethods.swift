// Generated from src/api/operations.rs by `make generate`: do not edit.
// `cargo test --workspace` fails when it is out of date.

// The operations of BeeperSetupAPI (whose requirements SetupAPI.swift declares): the forms
// without `options`, the default of each requirement, which throws for a fake that does not
// implement it, and LiveSetupAPI's, which forwards to the resource tree.

extension BeeperSetupAPI {
    /// ``retrieve(options:)`` with no options.
    /// - Returns: The answer, a ``SetupSession``.
    /// - Throws: ``BeeperSetupError``.
    public func retrieve() async throws -> SetupSession {
        try await self.retrieve(options: nil)
    }

    /// ``start(options:)`` with no options.
    /// - Returns: The answer, a ``SetupStartResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func start() async throws -> SetupStartResponse {
        try await self.start(options: nil)
    }

    /// ``email(email:setupRequestID:options:)`` with no options.
    /// - Parameters:
    ///   - email: The account's email address, where the code is sent.
    ///   - setupRequestID: From `setup.start`.
    /// - Throws: ``BeeperSetupError``.
    public func email(email: String, setupRequestID: String) async throws {
        try await self.email(email: email, setupRequestID: setupRequestID, options: nil)
    }

    /// ``response(response:setupRequestID:options:)`` with no options.
    /// - Parameters:
    ///   - response: The emailed code: a secret, never in an error, a log or `Debug`.
    ///   - setupRequestID: From `setup.start`.
    /// - Returns: The answer, a ``SignInResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func response(response: String, setupRequestID: String) async throws -> SignInResponse {
        try await self.response(response: response, setupRequestID: setupRequestID, options: nil)
    }

    /// ``register(acceptTerms:leadToken:setupRequestID:username:options:)`` with no options.
    /// - Parameters:
    ///   - acceptTerms: Must be true: the user accepted the terms shown with `RegistrationRequired`
    ///     (ask first).
    ///   - leadToken: From the `RegistrationRequired` answer: a secret, never in an error, a log or
    ///     `Debug`.
    ///   - setupRequestID: From the `RegistrationRequired` answer.
    ///   - username: The chosen username (not empty).
    /// - Returns: The answer, a ``SignInSuccess``.
    /// - Throws: ``BeeperSetupError``.
    public func register(acceptTerms: Bool, leadToken: String, setupRequestID: String,
                         username: String) async throws -> SignInSuccess {
        try await self.register(acceptTerms: acceptTerms, leadToken: leadToken,
                                setupRequestID: setupRequestID, username: username, options: nil)
    }

    /// ``verifyRecoveryKey(_:options:)`` with no options.
    /// - Parameter recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    /// - Returns: The answer, a ``SessionResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func verifyRecoveryKey(_ recoveryKey: String) async throws -> SessionResponse {
        try await self.verifyRecoveryKey(recoveryKey, options: nil)
    }

    /// ``createRecoveryKey(existingRecoveryKey:options:)`` with no options.
    /// - Parameter existingRecoveryKey: The current key, when the user has it: a secret, never in
    /// - Parameter an error, a log or `Debug`.
    /// - Returns: The answer, a ``RecoveryKeyCreated``.
    /// - Throws: ``BeeperSetupError``.
    public func createRecoveryKey(existingRecoveryKey: String? = nil) async throws -> RecoveryKeyCreated {
        try await self.createRecoveryKey(existingRecoveryKey: existingRecoveryKey, options: nil)
    }

    /// ``confirmRecoveryKey(_:options:)`` with no options.
    /// - Parameter recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    /// - Returns: The answer, a ``SessionResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func confirmRecoveryKey(_ recoveryKey: String) async throws -> SessionResponse {
        try await self.confirmRecoveryKey(recoveryKey, options: nil)
    }

    /// ``listVerifications(options:)`` with no options.
    /// - Returns: The answer, a ``VerificationList``.
    /// - Throws: ``BeeperSetupError``.
    public func listVerifications() async throws -> VerificationList {
        try await self.listVerifications(options: nil)
    }

    /// ``createVerification(purpose:userID:options:)`` with no options.
    /// - Parameters:
    ///   - purpose: `login` (this device) or `device`; the server's default when left out.
    ///   - userID: The user whose devices to ask; the signed-in user when left out.
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func createVerification(purpose: VerificationPurpose? = nil,
                                   userID: String? = nil) async throws -> VerificationResponse {
        try await self.createVerification(purpose: purpose, userID: userID, options: nil)
    }

    /// ``retrieveVerification(verificationID:options:)`` with no options.
    /// - Parameter verificationID: The verification's ``Verification/id`` ("active" names the one
    /// - Parameter in progress).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func retrieveVerification(verificationID: String) async throws -> VerificationResponse {
        try await self.retrieveVerification(verificationID: verificationID, options: nil)
    }

    /// ``acceptVerification(verificationID:options:)`` with no options.
    /// - Parameter verificationID: The verification's ``Verification/id`` ("active" names the one
    /// - Parameter in progress).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func acceptVerification(verificationID: String) async throws -> VerificationResponse {
        try await self.acceptVerification(verificationID: verificationID, options: nil)
    }

    /// ``cancelVerification(verificationID:code:reason:options:)`` with no options.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - code: A reason code for the other device (`m.user`).
    ///   - reason: A sentence for the other device.
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func cancelVerification(verificationID: String, code: String? = nil,
                                   reason: String? = nil) async throws -> VerificationResponse {
        try await self.cancelVerification(verificationID: verificationID, code: code,
                                          reason: reason, options: nil)
    }

    /// ``scanQR(data:options:)`` with no options.
    /// - Parameter data: The content of the other device's QR code, scanned by this one.
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func scanQR(data: String) async throws -> VerificationResponse {
        try await self.scanQR(data: data, options: nil)
    }

    /// ``confirmQRScanned(verificationID:options:)`` with no options.
    /// - Parameter verificationID: The verification's ``Verification/id`` ("active" names the one
    /// - Parameter in progress).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func confirmQRScanned(verificationID: String) async throws -> VerificationResponse {
        try await self.confirmQRScanned(verificationID: verificationID, options: nil)
    }

    /// ``startSAS(verificationID:options:)`` with no options.
    /// - Parameter verificationID: The verification's ``Verification/id`` ("active" names the one
    /// - Parameter in progress).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func startSAS(verificationID: String) async throws -> VerificationResponse {
        try await self.startSAS(verificationID: verificationID, options: nil)
    }

    /// ``confirmSAS(verificationID:options:)`` with no options.
    /// - Parameter verificationID: The verification's ``Verification/id`` ("active" names the one
    /// - Parameter in progress).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    public func confirmSAS(verificationID: String) async throws -> VerificationResponse {
        try await self.confirmSAS(verificationID: verificationID, options: nil)
    }
}

extension BeeperSetupAPI {
    /// Default for a fake that does not implement `setup.retrieve`: throws.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func retrieve(options: CallOptions?) async throws -> SetupSession {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `setup.start`: throws.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func start(options: CallOptions?) async throws -> SetupStartResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `setup.email`: throws.
    /// - Parameters:
    ///   - email: The account's email address, where the code is sent.
    ///   - setupRequestID: From `setup.start`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func email(email: String, setupRequestID: String, options: CallOptions?) async throws {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `setup.response`: throws.
    /// - Parameters:
    ///   - response: The emailed code: a secret, never in an error, a log or `Debug`.
    ///   - setupRequestID: From `setup.start`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func response(response: String, setupRequestID: String,
                         options: CallOptions?) async throws -> SignInResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `setup.register`: throws.
    /// - Parameters:
    ///   - acceptTerms: Must be true: the user accepted the terms shown with `RegistrationRequired`
    ///     (ask first).
    ///   - leadToken: From the `RegistrationRequired` answer: a secret, never in an error, a log or
    ///     `Debug`.
    ///   - setupRequestID: From the `RegistrationRequired` answer.
    ///   - username: The chosen username (not empty).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func register(acceptTerms: Bool, leadToken: String, setupRequestID: String,
                         username: String, options: CallOptions?) async throws -> SignInSuccess {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `recoveryKey.verify`: throws.
    /// - Parameters:
    ///   - recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func verifyRecoveryKey(_ recoveryKey: String,
                                  options: CallOptions?) async throws -> SessionResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `recoveryKey.reset.create`: throws.
    /// - Parameters:
    ///   - existingRecoveryKey: The current key, when the user has it: a secret, never in an error,
    ///     a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func createRecoveryKey(existingRecoveryKey: String?,
                                  options: CallOptions?) async throws -> RecoveryKeyCreated {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `recoveryKey.reset.confirm`: throws.
    /// - Parameters:
    ///   - recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func confirmRecoveryKey(_ recoveryKey: String,
                                   options: CallOptions?) async throws -> SessionResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.list`: throws.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func listVerifications(options: CallOptions?) async throws -> VerificationList {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.create`: throws.
    /// - Parameters:
    ///   - purpose: `login` (this device) or `device`; the server's default when left out.
    ///   - userID: The user whose devices to ask; the signed-in user when left out.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func createVerification(purpose: VerificationPurpose?, userID: String?,
                                   options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.retrieve`: throws.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func retrieveVerification(verificationID: String,
                                     options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.accept`: throws.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func acceptVerification(verificationID: String,
                                   options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.cancel`: throws.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - code: A reason code for the other device (`m.user`).
    ///   - reason: A sentence for the other device.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func cancelVerification(verificationID: String, code: String?, reason: String?,
                                   options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.qr.scan`: throws.
    /// - Parameters:
    ///   - data: The content of the other device's QR code, scanned by this one.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func scanQR(data: String, options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.qr.confirmScanned`: throws.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func confirmQRScanned(verificationID: String,
                                 options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.sas.start`: throws.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func startSAS(verificationID: String,
                         options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }

    /// Default for a fake that does not implement `verifications.sas.confirm`: throws.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: Never.
    /// - Throws: ``BeeperSetupError`` of kind `.internal`, naming the operation.
    public func confirmSAS(verificationID: String,
                           options: CallOptions?) async throws -> VerificationResponse {
        throw notImplemented()
    }
}

extension LiveSetupAPI {
    /// `setup.retrieve`: The Session: the setup state, the account and the verification in
    /// progress. Public before sign-in. See ``SetupResource/retrieve(options:)``.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SetupSession``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func retrieve(options: CallOptions?) async throws -> SetupSession {
        try await setup.retrieve(options: options)
    }

    /// `setup.start`: Begins a sign-in: {setupRequestID, signInMethods}. See
    /// ``SetupResource/start(options:)``.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SetupStartResponse``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func start(options: CallOptions?) async throws -> SetupStartResponse {
        try await setup.start(options: options)
    }

    /// `setup.email`: Emails a sign-in code. Answers nothing ("null"). See
    /// ``SetupResource/email(email:setupRequestID:options:)``.
    /// - Parameters:
    ///   - email: The account's email address, where the code is sent.
    ///   - setupRequestID: From `setup.start`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func email(email: String, setupRequestID: String, options: CallOptions?) async throws {
        try await setup.email(email: email, setupRequestID: setupRequestID, options: options)
    }

    /// `setup.response`: Signs in with the emailed code: Success {matrix, session}, or
    /// RegistrationRequired {registrationRequired: true, leadToken, ...} for an email without an
    /// account. A client without a token adopts the returned one (unless adoptAccessToken is
    /// false). See ``SetupResource/response(response:setupRequestID:options:)``.
    /// - Parameters:
    ///   - response: The emailed code: a secret, never in an error, a log or `Debug`.
    ///   - setupRequestID: From `setup.start`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SignInResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/invalidCode`` for a wrong
    ///   code; `CancellationError` when the awaiting Task is cancelled.
    public func response(response: String, setupRequestID: String,
                         options: CallOptions?) async throws -> SignInResponse {
        try await setup.response(response: response, setupRequestID: setupRequestID,
                                 options: options)
    }

    /// `setup.register`: Creates the account after RegistrationRequired: {matrix, session}. The
    /// token is adopted as for setup.response. See
    /// ``SetupResource/register(acceptTerms:leadToken:setupRequestID:username:options:)``.
    /// - Parameters:
    ///   - acceptTerms: Must be true: the user accepted the terms shown with `RegistrationRequired`
    ///     (ask first).
    ///   - leadToken: From the `RegistrationRequired` answer: a secret, never in an error, a log or
    ///     `Debug`.
    ///   - setupRequestID: From the `RegistrationRequired` answer.
    ///   - username: The chosen username (not empty).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SignInSuccess``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func register(acceptTerms: Bool, leadToken: String, setupRequestID: String,
                         username: String, options: CallOptions?) async throws -> SignInSuccess {
        try await setup.register(acceptTerms: acceptTerms, leadToken: leadToken,
                                 setupRequestID: setupRequestID, username: username,
                                 options: options)
    }

    /// `recoveryKey.verify`: Unlocks encrypted messaging with the account's recovery key:
    /// {session}. See ``RecoveryKeyResource/verify(recoveryKey:options:)``.
    /// - Parameters:
    ///   - recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SessionResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/invalidRecoveryKey`` for a
    ///   wrong key; `CancellationError` when the awaiting Task is cancelled.
    public func verifyRecoveryKey(_ recoveryKey: String,
                                  options: CallOptions?) async throws -> SessionResponse {
        try await setup.recoveryKey.verify(recoveryKey: recoveryKey, options: options)
    }

    /// `recoveryKey.reset.create`: Creates a new recovery key, replacing the existing one if given:
    /// {recoveryKey, session}. Show it to the user once, then confirm it. See
    /// ``RecoveryKeyResource/Reset/create(existingRecoveryKey:options:)``.
    /// - Parameters:
    ///   - existingRecoveryKey: The current key, when the user has it: a secret, never in an error,
    ///     a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``RecoveryKeyCreated``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func createRecoveryKey(existingRecoveryKey: String?,
                                  options: CallOptions?) async throws -> RecoveryKeyCreated {
        try await setup.recoveryKey.reset.create(existingRecoveryKey: existingRecoveryKey,
                                                 options: options)
    }

    /// `recoveryKey.reset.confirm`: Confirms the new recovery key (the user typed it back),
    /// completing setup: {session}. See
    /// ``RecoveryKeyResource/Reset/confirm(recoveryKey:options:)``.
    /// - Parameters:
    ///   - recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SessionResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/recoveryKeyMismatch`` for
    ///   another key; `CancellationError` when the awaiting Task is cancelled.
    public func confirmRecoveryKey(_ recoveryKey: String,
                                   options: CallOptions?) async throws -> SessionResponse {
        try await setup.recoveryKey.reset.confirm(recoveryKey: recoveryKey, options: options)
    }

    /// `verifications.list`: The active verifications: {items}. See
    /// ``VerificationsResource/list(options:)``.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationList``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func listVerifications(options: CallOptions?) async throws -> VerificationList {
        try await setup.verifications.list(options: options)
    }

    /// `verifications.create`: Asks another device to verify this one: {session, verification?}.
    /// See ``VerificationsResource/create(purpose:userID:options:)``.
    /// - Parameters:
    ///   - purpose: `login` (this device) or `device`; the server's default when left out.
    ///   - userID: The user whose devices to ask; the signed-in user when left out.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func createVerification(purpose: VerificationPurpose?, userID: String?,
                                   options: CallOptions?) async throws -> VerificationResponse {
        try await setup.verifications.create(purpose: purpose, userID: userID, options: options)
    }

    /// `verifications.retrieve`: One verification: {session, verification?}. The id "active" names
    /// the one in progress. See ``VerificationsResource/retrieve(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func retrieveVerification(verificationID: String,
                                     options: CallOptions?) async throws -> VerificationResponse {
        try await setup.verifications.retrieve(verificationID: verificationID, options: options)
    }

    /// `verifications.accept`: Accepts a verification requested by another device: {session,
    /// verification?}. See ``VerificationsResource/accept(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func acceptVerification(verificationID: String,
                                   options: CallOptions?) async throws -> VerificationResponse {
        try await setup.verifications.accept(verificationID: verificationID, options: options)
    }

    /// `verifications.cancel`: Cancels a verification, with an optional user-facing code and
    /// reason: {session, verification?}. See
    /// ``VerificationsResource/cancel(verificationID:code:reason:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - code: A reason code for the other device (`m.user`).
    ///   - reason: A sentence for the other device.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func cancelVerification(verificationID: String, code: String?, reason: String?,
                                   options: CallOptions?) async throws -> VerificationResponse {
        try await setup.verifications.cancel(verificationID: verificationID, code: code,
                                             reason: reason, options: options)
    }

    /// `verifications.qr.scan`: Submits the QR payload scanned from the other device: {session,
    /// verification?}. See ``VerificationsResource/QR/scan(data:options:)``.
    /// - Parameters:
    ///   - data: The content of the other device's QR code, scanned by this one.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/qrMismatch`` for another code;
    ///   `CancellationError` when the awaiting Task is cancelled.
    public func scanQR(data: String, options: CallOptions?) async throws -> VerificationResponse {
        try await setup.verifications.qr.scan(data: data, options: options)
    }

    /// `verifications.qr.confirmScanned`: Confirms that the other device scanned this device's QR
    /// code: {session, verification?}. See
    /// ``VerificationsResource/QR/confirmScanned(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func confirmQRScanned(verificationID: String,
                                 options: CallOptions?) async throws -> VerificationResponse {
        try await setup.verifications.qr.confirmScanned(verificationID: verificationID,
                                                        options: options)
    }

    /// `verifications.sas.start`: Starts the emoji comparison: {session, verification?}, with
    /// sas.emojis once ready. See ``VerificationsResource/SAS/start(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func startSAS(verificationID: String,
                         options: CallOptions?) async throws -> VerificationResponse {
        try await setup.verifications.sas.start(verificationID: verificationID, options: options)
    }

    /// `verifications.sas.confirm`: Confirms that the emojis match: {session, verification?}. See
    /// ``VerificationsResource/SAS/confirm(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func confirmSAS(verificationID: String,
                           options: CallOptions?) async throws -> VerificationResponse {
        try await setup.verifications.sas.confirm(verificationID: verificationID, options: options)
    }
}
