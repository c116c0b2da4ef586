// Generated from src/api/operations.rs by `make generate`: do not edit.
// `cargo test --workspace` fails when it is out of date.

// Each operation's method on its resource (async) and on the resource's blocking twin
// (noasync), over the builders of Operations.swift.

extension SetupResource {
    /// `setup.retrieve`: The Session: the setup state, the account and the verification in
    /// progress. Public before sign-in.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SetupSession``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func retrieve(options: CallOptions? = nil) async throws -> SetupSession {
        try await client.callAsync(Operation.setupRetrieve(), options: options)
    }

    /// `setup.start`: Begins a sign-in: {setupRequestID, signInMethods}.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SetupStartResponse``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func start(options: CallOptions? = nil) async throws -> SetupStartResponse {
        try await client.callAsync(Operation.setupStart(), options: options)
    }

    /// `setup.email`: Emails a sign-in code. Answers nothing ("null").
    /// - Parameters:
    ///   - email: The account's email address, where the code is sent.
    ///   - setupRequestID: From `setup.start`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func email(email: String, setupRequestID: String,
                      options: CallOptions? = nil) async throws {
        let _: Empty = try await client.callAsync(Operation.setupEmail(email: email,
                                                                       setupRequestID: setupRequestID), options: options)
    }

    /// `setup.response`: Signs in with the emailed code: Success {matrix, session}, or
    /// RegistrationRequired {registrationRequired: true, leadToken, ...} for an email without an
    /// account. A client without a token adopts the returned one (unless adoptAccessToken is
    /// false).
    /// - Parameters:
    ///   - response: The emailed code: a secret, never in an error, a log or `Debug`.
    ///   - setupRequestID: From `setup.start`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SignInResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/invalidCode`` for a wrong
    ///   code; `CancellationError` when the awaiting Task is cancelled.
    public func response(response: String, setupRequestID: String,
                         options: CallOptions? = nil) async throws -> SignInResponse {
        try await client.callAsync(Operation.setupResponse(response: response,
                                                           setupRequestID: setupRequestID), options: options)
    }

    /// `setup.register`: Creates the account after RegistrationRequired: {matrix, session}. The
    /// token is adopted as for setup.response.
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
                         username: String,
                         options: CallOptions? = nil) async throws -> SignInSuccess {
        try await client.callAsync(Operation.setupRegister(acceptTerms: acceptTerms,
                                                           leadToken: leadToken,
                                                           setupRequestID: setupRequestID,
                                                           username: username), options: options)
    }
}

extension RecoveryKeyResource {
    /// `recoveryKey.verify`: Unlocks encrypted messaging with the account's recovery key:
    /// {session}.
    /// - Parameters:
    ///   - recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SessionResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/invalidRecoveryKey`` for a
    ///   wrong key; `CancellationError` when the awaiting Task is cancelled.
    public func verify(recoveryKey: String,
                       options: CallOptions? = nil) async throws -> SessionResponse {
        try await client.callAsync(Operation.recoveryKeyVerify(recoveryKey: recoveryKey), options: options)
    }
}

extension RecoveryKeyResource.Reset {
    /// `recoveryKey.reset.create`: Creates a new recovery key, replacing the existing one if given:
    /// {recoveryKey, session}. Show it to the user once, then confirm it.
    /// - Parameters:
    ///   - existingRecoveryKey: The current key, when the user has it: a secret, never in an error,
    ///     a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``RecoveryKeyCreated``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func create(existingRecoveryKey: String? = nil,
                       options: CallOptions? = nil) async throws -> RecoveryKeyCreated {
        try await client.callAsync(Operation.recoveryKeyResetCreate(existingRecoveryKey: existingRecoveryKey), options: options)
    }

    /// `recoveryKey.reset.confirm`: Confirms the new recovery key (the user typed it back),
    /// completing setup: {session}.
    /// - Parameters:
    ///   - recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SessionResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/recoveryKeyMismatch`` for
    ///   another key; `CancellationError` when the awaiting Task is cancelled.
    public func confirm(recoveryKey: String,
                        options: CallOptions? = nil) async throws -> SessionResponse {
        try await client.callAsync(Operation.recoveryKeyResetConfirm(recoveryKey: recoveryKey), options: options)
    }
}

extension VerificationsResource {
    /// `verifications.list`: The active verifications: {items}.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationList``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func list(options: CallOptions? = nil) async throws -> VerificationList {
        try await client.callAsync(Operation.verificationsList(), options: options)
    }

    /// `verifications.create`: Asks another device to verify this one: {session, verification?}.
    /// - Parameters:
    ///   - purpose: `login` (this device) or `device`; the server's default when left out.
    ///   - userID: The user whose devices to ask; the signed-in user when left out.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `CancellationError` when the awaiting Task is cancelled.
    public func create(purpose: VerificationPurpose? = nil, userID: String? = nil,
                       options: CallOptions? = nil) async throws -> VerificationResponse {
        try await client.callAsync(Operation.verificationsCreate(purpose: purpose?.rawValue,
                                                                 userID: userID), options: options)
    }

    /// `verifications.retrieve`: One verification: {session, verification?}. The id "active" names
    /// the one in progress.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func retrieve(verificationID: String,
                         options: CallOptions? = nil) async throws -> VerificationResponse {
        try await client.callAsync(Operation.verificationsRetrieve(id: verificationID), options: options)
    }

    /// `verifications.accept`: Accepts a verification requested by another device: {session,
    /// verification?}.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func accept(verificationID: String,
                       options: CallOptions? = nil) async throws -> VerificationResponse {
        try await client.callAsync(Operation.verificationsAccept(id: verificationID), options: options)
    }

    /// `verifications.cancel`: Cancels a verification, with an optional user-facing code and
    /// reason: {session, verification?}.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - code: A reason code for the other device (`m.user`).
    ///   - reason: A sentence for the other device.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func cancel(verificationID: String, code: String? = nil, reason: String? = nil,
                       options: CallOptions? = nil) async throws -> VerificationResponse {
        try await client.callAsync(Operation.verificationsCancel(id: verificationID, code: code,
                                                                 reason: reason), options: options)
    }
}

extension VerificationsResource.QR {
    /// `verifications.qr.scan`: Submits the QR payload scanned from the other device: {session,
    /// verification?}.
    /// - Parameters:
    ///   - data: The content of the other device's QR code, scanned by this one.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/qrMismatch`` for another code;
    ///   `CancellationError` when the awaiting Task is cancelled.
    public func scan(data: String,
                     options: CallOptions? = nil) async throws -> VerificationResponse {
        try await client.callAsync(Operation.verificationsQrScan(data: data), options: options)
    }

    /// `verifications.qr.confirmScanned`: Confirms that the other device scanned this device's QR
    /// code: {session, verification?}.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func confirmScanned(verificationID: String,
                               options: CallOptions? = nil) async throws -> VerificationResponse {
        try await client.callAsync(Operation.verificationsQrConfirmScanned(id: verificationID), options: options)
    }
}

extension VerificationsResource.SAS {
    /// `verifications.sas.start`: Starts the emoji comparison: {session, verification?}, with
    /// sas.emojis once ready.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func start(verificationID: String,
                      options: CallOptions? = nil) async throws -> VerificationResponse {
        try await client.callAsync(Operation.verificationsSasStart(id: verificationID), options: options)
    }

    /// `verifications.sas.confirm`: Confirms that the emojis match: {session, verification?}.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id; `CancellationError` when
    ///   the awaiting Task is cancelled.
    public func confirm(verificationID: String,
                        options: CallOptions? = nil) async throws -> VerificationResponse {
        try await client.callAsync(Operation.verificationsSasConfirm(id: verificationID), options: options)
    }
}

extension SetupResource.Blocking {
    /// `setup.retrieve`: The Session: the setup state, the account and the verification in
    /// progress. Public before sign-in. Blocking; see ``SetupResource/retrieve(options:)``.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SetupSession``.
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.retrieve() with await")
    public func retrieve(options: CallOptions? = nil) throws -> SetupSession {
        try client.call(Operation.setupRetrieve(), options: options)
    }

    /// `setup.start`: Begins a sign-in: {setupRequestID, signInMethods}. Blocking; see
    /// ``SetupResource/start(options:)``.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SetupStartResponse``.
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.start() with await")
    public func start(options: CallOptions? = nil) throws -> SetupStartResponse {
        try client.call(Operation.setupStart(), options: options)
    }

    /// `setup.email`: Emails a sign-in code. Answers nothing ("null"). Blocking; see
    /// ``SetupResource/email(email:setupRequestID:options:)``.
    /// - Parameters:
    ///   - email: The account's email address, where the code is sent.
    ///   - setupRequestID: From `setup.start`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.email(...) with await")
    public func email(email: String, setupRequestID: String, options: CallOptions? = nil) throws {
        let _: Empty = try client.call(Operation.setupEmail(email: email,
                                                            setupRequestID: setupRequestID), options: options)
    }

    /// `setup.response`: Signs in with the emailed code: Success {matrix, session}, or
    /// RegistrationRequired {registrationRequired: true, leadToken, ...} for an email without an
    /// account. A client without a token adopts the returned one (unless adoptAccessToken is
    /// false). Blocking; see ``SetupResource/response(response:setupRequestID:options:)``.
    /// - Parameters:
    ///   - response: The emailed code: a secret, never in an error, a log or `Debug`.
    ///   - setupRequestID: From `setup.start`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SignInResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/invalidCode`` for a wrong
    ///   code.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.response(...) with await")
    public func response(response: String, setupRequestID: String,
                         options: CallOptions? = nil) throws -> SignInResponse {
        try client.call(Operation.setupResponse(response: response,
                                                setupRequestID: setupRequestID), options: options)
    }

    /// `setup.register`: Creates the account after RegistrationRequired: {matrix, session}. The
    /// token is adopted as for setup.response. Blocking; see
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
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.register(...) with await")
    public func register(acceptTerms: Bool, leadToken: String, setupRequestID: String,
                         username: String, options: CallOptions? = nil) throws -> SignInSuccess {
        try client.call(Operation.setupRegister(acceptTerms: acceptTerms, leadToken: leadToken,
                                                setupRequestID: setupRequestID,
                                                username: username), options: options)
    }
}

extension RecoveryKeyResource.Blocking {
    /// `recoveryKey.verify`: Unlocks encrypted messaging with the account's recovery key:
    /// {session}. Blocking; see ``RecoveryKeyResource/verify(recoveryKey:options:)``.
    /// - Parameters:
    ///   - recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SessionResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/invalidRecoveryKey`` for a
    ///   wrong key.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.recoveryKey.verify(...) with await")
    public func verify(recoveryKey: String, options: CallOptions? = nil) throws -> SessionResponse {
        try client.call(Operation.recoveryKeyVerify(recoveryKey: recoveryKey), options: options)
    }
}

extension RecoveryKeyResource.Reset.Blocking {
    /// `recoveryKey.reset.create`: Creates a new recovery key, replacing the existing one if given:
    /// {recoveryKey, session}. Show it to the user once, then confirm it. Blocking; see
    /// ``RecoveryKeyResource/Reset/create(existingRecoveryKey:options:)``.
    /// - Parameters:
    ///   - existingRecoveryKey: The current key, when the user has it: a secret, never in an error,
    ///     a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``RecoveryKeyCreated``.
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.recoveryKey.reset.create(...) with await")
    public func create(existingRecoveryKey: String? = nil,
                       options: CallOptions? = nil) throws -> RecoveryKeyCreated {
        try client.call(Operation.recoveryKeyResetCreate(existingRecoveryKey: existingRecoveryKey), options: options)
    }

    /// `recoveryKey.reset.confirm`: Confirms the new recovery key (the user typed it back),
    /// completing setup: {session}. Blocking; see
    /// ``RecoveryKeyResource/Reset/confirm(recoveryKey:options:)``.
    /// - Parameters:
    ///   - recoveryKey: The recovery key: a secret, never in an error, a log or `Debug`.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``SessionResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/recoveryKeyMismatch`` for
    ///   another key.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.recoveryKey.reset.confirm(...) with await")
    public func confirm(recoveryKey: String,
                        options: CallOptions? = nil) throws -> SessionResponse {
        try client.call(Operation.recoveryKeyResetConfirm(recoveryKey: recoveryKey), options: options)
    }
}

extension VerificationsResource.Blocking {
    /// `verifications.list`: The active verifications: {items}. Blocking; see
    /// ``VerificationsResource/list(options:)``.
    /// - Parameter options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationList``.
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.list() with await")
    public func list(options: CallOptions? = nil) throws -> VerificationList {
        try client.call(Operation.verificationsList(), options: options)
    }

    /// `verifications.create`: Asks another device to verify this one: {session, verification?}.
    /// Blocking; see ``VerificationsResource/create(purpose:userID:options:)``.
    /// - Parameters:
    ///   - purpose: `login` (this device) or `device`; the server's default when left out.
    ///   - userID: The user whose devices to ask; the signed-in user when left out.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.create(...) with await")
    public func create(purpose: VerificationPurpose? = nil, userID: String? = nil,
                       options: CallOptions? = nil) throws -> VerificationResponse {
        try client.call(Operation.verificationsCreate(purpose: purpose?.rawValue,
                                                      userID: userID), options: options)
    }

    /// `verifications.retrieve`: One verification: {session, verification?}. The id "active" names
    /// the one in progress. Blocking; see
    /// ``VerificationsResource/retrieve(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.retrieve(...) with await")
    public func retrieve(verificationID: String,
                         options: CallOptions? = nil) throws -> VerificationResponse {
        try client.call(Operation.verificationsRetrieve(id: verificationID), options: options)
    }

    /// `verifications.accept`: Accepts a verification requested by another device: {session,
    /// verification?}. Blocking; see ``VerificationsResource/accept(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.accept(...) with await")
    public func accept(verificationID: String,
                       options: CallOptions? = nil) throws -> VerificationResponse {
        try client.call(Operation.verificationsAccept(id: verificationID), options: options)
    }

    /// `verifications.cancel`: Cancels a verification, with an optional user-facing code and
    /// reason: {session, verification?}. Blocking; see
    /// ``VerificationsResource/cancel(verificationID:code:reason:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - code: A reason code for the other device (`m.user`).
    ///   - reason: A sentence for the other device.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.cancel(...) with await")
    public func cancel(verificationID: String, code: String? = nil, reason: String? = nil,
                       options: CallOptions? = nil) throws -> VerificationResponse {
        try client.call(Operation.verificationsCancel(id: verificationID, code: code,
                                                      reason: reason), options: options)
    }
}

extension VerificationsResource.QR.Blocking {
    /// `verifications.qr.scan`: Submits the QR payload scanned from the other device: {session,
    /// verification?}. Blocking; see ``VerificationsResource/QR/scan(data:options:)``.
    /// - Parameters:
    ///   - data: The content of the other device's QR code, scanned by this one.
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``: `.api` with ``ServerErrorCode/qrMismatch`` for another code.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.qr.scan(...) with await")
    public func scan(data: String, options: CallOptions? = nil) throws -> VerificationResponse {
        try client.call(Operation.verificationsQrScan(data: data), options: options)
    }

    /// `verifications.qr.confirmScanned`: Confirms that the other device scanned this device's QR
    /// code: {session, verification?}. Blocking; see
    /// ``VerificationsResource/QR/confirmScanned(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.qr.confirmScanned(...) with await")
    public func confirmScanned(verificationID: String,
                               options: CallOptions? = nil) throws -> VerificationResponse {
        try client.call(Operation.verificationsQrConfirmScanned(id: verificationID), options: options)
    }
}

extension VerificationsResource.SAS.Blocking {
    /// `verifications.sas.start`: Starts the emoji comparison: {session, verification?}, with
    /// sas.emojis once ready. Blocking; see
    /// ``VerificationsResource/SAS/start(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.sas.start(...) with await")
    public func start(verificationID: String,
                      options: CallOptions? = nil) throws -> VerificationResponse {
        try client.call(Operation.verificationsSasStart(id: verificationID), options: options)
    }

    /// `verifications.sas.confirm`: Confirms that the emojis match: {session, verification?}.
    /// Blocking; see ``VerificationsResource/SAS/confirm(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: The verification's ``Verification/id`` ("active" names the one in
    ///     progress).
    ///   - options: Per-call options (timeout, retries, extra headers, query, body).
    /// - Returns: The answer, a ``VerificationResponse``.
    /// - Throws: ``BeeperSetupError``; `.invalidArgument` for an empty id.
    @available(*, noasync, message: "blocks its thread: use client.app.setup.verifications.sas.confirm(...) with await")
    public func confirm(verificationID: String,
                        options: CallOptions? = nil) throws -> VerificationResponse {
        try client.call(Operation.verificationsSasConfirm(id: verificationID), options: options)
    }
}
