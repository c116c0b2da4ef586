import Foundation

/// The async operations of the setup flow as one protocol, so that an app's view models can
/// take `any BeeperSetupAPI` and tests can put a fake behind it, without a server.
///
/// ``SetupResource/api`` (`client.app.setup.api`) is the client behind it: the operations of
/// the resource tree under flat names (`verifications.sas.confirm` is
/// ``confirmSAS(verificationID:options:)``), which the tree itself does not repeat. A fake
/// implements only the requirements its test uses (they all take `options`, and `wait` one
/// ``WaitCondition``): every one has a default that throws, naming the fake and the operation,
/// and `nextStep` defaults to the library's own pure advice, ``NextStep/init(for:)``. The
/// extension adds the forms without them, with the client's arguments, so that callers write
/// `try await api.start()` and `try await api.wait(until: .ready, timeout: .seconds(120))`.
///
/// ```swift
/// @MainActor final class SignInModel: ObservableObject {
///     let api: any BeeperSetupAPI
///     init(api: any BeeperSetupAPI) { self.api = api }   // client.app.setup.api, or a fake
/// }
/// ```
public protocol BeeperSetupAPI: Sendable {
    /// Reads the SetupSession. See ``SetupResource/retrieve(options:)``.
    /// - Parameter options: Per-call options.
    /// - Returns: The SetupSession.
    /// - Throws: ``BeeperSetupError``.
    func retrieve(options: CallOptions?) async throws -> SetupSession
    /// Begins a sign-in. See ``SetupResource/start(options:)``.
    /// - Parameter options: Per-call options.
    /// - Returns: The sign-in's id.
    /// - Throws: ``BeeperSetupError``.
    func start(options: CallOptions?) async throws -> SetupStartResponse
    /// Has a sign-in code emailed. See ``SetupResource/email(email:setupRequestID:options:)``.
    /// - Parameters:
    ///   - email: The account's email address.
    ///   - setupRequestID: From `start`.
    ///   - options: Per-call options.
    /// - Throws: ``BeeperSetupError``.
    func email(email: String, setupRequestID: String, options: CallOptions?) async throws
    /// Sends the emailed code. See ``SetupResource/response(response:setupRequestID:options:)``.
    /// - Parameters:
    ///   - response: The emailed code.
    ///   - setupRequestID: From `start`.
    ///   - options: Per-call options.
    /// - Returns: Signed in, or an account to register.
    /// - Throws: ``BeeperSetupError``.
    func response(response: String, setupRequestID: String, options: CallOptions?) async throws -> SignInResponse
    /// Creates the account. See ``SetupResource/register(acceptTerms:leadToken:setupRequestID:username:options:)``.
    /// - Parameters:
    ///   - acceptTerms: The user accepted the terms.
    ///   - leadToken: From ``RegistrationRequired``.
    ///   - setupRequestID: From ``RegistrationRequired``.
    ///   - username: The account's username.
    ///   - options: Per-call options.
    /// - Returns: The credentials and SetupSession.
    /// - Throws: ``BeeperSetupError``.
    func register(acceptTerms: Bool, leadToken: String, setupRequestID: String, username: String,
                  options: CallOptions?) async throws -> SignInSuccess
    /// What the app should do now. See ``SetupResource/nextStep(_:)``.
    /// - Parameter session: A SetupSession.
    /// - Returns: The step.
    func nextStep(_ session: SetupSession) -> NextStep
    /// What the app should do now, the emojis named in `language`. See
    /// ``SetupResource/nextStep(_:language:cancelledHere:)``; a fake that does not implement it
    /// answers ``nextStep(_:)``.
    /// - Parameters:
    ///   - session: A SetupSession.
    ///   - language: A BCP-47 tag.
    ///   - cancelledHere: Ids of verifications the app cancelled through another client.
    /// - Returns: The step.
    func nextStep(_ session: SetupSession, language: String?, cancelledHere: [String]) -> NextStep
    /// Polls the SetupSession until `condition` holds. See
    /// ``SetupResource/wait(until:verificationStates:timeout:interval:whileState:whileVerificationState:)-(_,_,TimeInterval?,_,_,_)``.
    /// - Parameter condition: What ends the wait, its timeout and its interval.
    /// - Returns: The SetupSession that ended the wait.
    /// - Throws: ``BeeperSetupError``.
    func wait(for condition: WaitCondition) async throws -> SetupSession
    /// `recoveryKey.verify`. See ``RecoveryKeyResource/verify(recoveryKey:options:)``.
    /// - Parameters:
    ///   - recoveryKey: The key.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession afterwards.
    /// - Throws: ``BeeperSetupError``.
    func verifyRecoveryKey(_ recoveryKey: String, options: CallOptions?) async throws -> SessionResponse
    /// `recoveryKey.reset.create`. See ``RecoveryKeyResource/Reset/create(existingRecoveryKey:options:)``.
    /// - Parameters:
    ///   - existingRecoveryKey: The current key, when known.
    ///   - options: Per-call options.
    /// - Returns: The new key and the SetupSession.
    /// - Throws: ``BeeperSetupError``.
    func createRecoveryKey(existingRecoveryKey: String?, options: CallOptions?) async throws -> RecoveryKeyCreated
    /// `recoveryKey.reset.confirm`. See ``RecoveryKeyResource/Reset/confirm(recoveryKey:options:)``.
    /// - Parameters:
    ///   - recoveryKey: The new key.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession afterwards.
    /// - Throws: ``BeeperSetupError``.
    func confirmRecoveryKey(_ recoveryKey: String, options: CallOptions?) async throws -> SessionResponse
    /// `verifications.list`. See ``VerificationsResource/list(options:)``.
    /// - Parameter options: Per-call options.
    /// - Returns: The verifications.
    /// - Throws: ``BeeperSetupError``.
    func listVerifications(options: CallOptions?) async throws -> VerificationList
    /// `verifications.create`. See ``VerificationsResource/create(purpose:userID:options:)``.
    /// - Parameters:
    ///   - purpose: `.login` or `.device`.
    ///   - userID: The user whose devices to ask.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession and the verification.
    /// - Throws: ``BeeperSetupError``.
    func createVerification(purpose: VerificationPurpose?, userID: String?, options: CallOptions?) async throws -> VerificationResponse
    /// `verifications.retrieve`. See ``VerificationsResource/retrieve(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: Its id, or "active".
    ///   - options: Per-call options.
    /// - Returns: The SetupSession and the verification.
    /// - Throws: ``BeeperSetupError``.
    func retrieveVerification(verificationID: String, options: CallOptions?) async throws -> VerificationResponse
    /// `verifications.accept`. See ``VerificationsResource/accept(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession and the verification.
    /// - Throws: ``BeeperSetupError``.
    func acceptVerification(verificationID: String, options: CallOptions?) async throws -> VerificationResponse
    /// `verifications.cancel`. See ``VerificationsResource/cancel(verificationID:code:reason:options:)``.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - code: A reason code.
    ///   - reason: A sentence for the other device.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession and the verification.
    /// - Throws: ``BeeperSetupError``.
    func cancelVerification(verificationID: String, code: String?, reason: String?,
                            options: CallOptions?) async throws -> VerificationResponse
    /// `verifications.qr.scan`. See ``VerificationsResource/QR/scan(data:options:)``.
    /// - Parameters:
    ///   - data: The scanned content.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession and the verification.
    /// - Throws: ``BeeperSetupError``.
    func scanQR(data: String, options: CallOptions?) async throws -> VerificationResponse
    /// `verifications.qr.confirmScanned`. See ``VerificationsResource/QR/confirmScanned(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession and the verification.
    /// - Throws: ``BeeperSetupError``.
    func confirmQRScanned(verificationID: String, options: CallOptions?) async throws -> VerificationResponse
    /// `verifications.sas.start`. See ``VerificationsResource/SAS/start(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession and the verification.
    /// - Throws: ``BeeperSetupError``.
    func startSAS(verificationID: String, options: CallOptions?) async throws -> VerificationResponse
    /// `verifications.sas.confirm`. See ``VerificationsResource/SAS/confirm(verificationID:options:)``.
    /// - Parameters:
    ///   - verificationID: Its id.
    ///   - options: Per-call options.
    /// - Returns: The SetupSession and the verification.
    /// - Throws: ``BeeperSetupError``.
    func confirmSAS(verificationID: String, options: CallOptions?) async throws -> VerificationResponse
}

// The forms without `options`, for callers of `any BeeperSetupAPI` (SetupResource has its own,
// with `options` defaulted, which the compiler prefers on the concrete type): those of the
// operations are generated (SetupAPIMethods.swift, with LiveSetupAPI's methods), those of the
// flow helpers are here.
extension BeeperSetupAPI {
    /// ``nextStep(_:)``, for a fake that names no emojis.
    /// - Parameters:
    ///   - session: A Session.
    ///   - language: Not used.
    ///   - cancelledHere: Not used.
    /// - Returns: The step.
    public func nextStep(_ session: SetupSession, language: String?, cancelledHere: [String]) -> NextStep {
        nextStep(session)
    }
    /// Polls the SetupSession until its state is one of `until`, as the client's
    /// ``SetupResource/wait(until:verificationStates:timeout:interval:whileState:whileVerificationState:)-(_,_,TimeInterval?,_,_,_)``.
    /// - Parameters:
    ///   - until: The states that end the wait (default: ready).
    ///   - verificationStates: Verification states that end the wait too.
    ///   - timeout: Seconds, more than 0 (default 300).
    ///   - interval: Seconds between polls, more than 0 (default 0.5).
    ///   - whileState: Ends the wait once the state is no longer this one.
    ///   - whileVerificationState: Ends the wait once the verification's state is no longer this one.
    /// - Returns: The SetupSession that ended the wait.
    /// - Throws: ``BeeperSetupError``.
    public func wait(until: [SetupState] = [.ready], verificationStates: [DeviceVerificationState] = [],
                     timeout: TimeInterval? = nil, interval: TimeInterval? = nil, whileState: SetupState? = nil,
                     whileVerificationState: DeviceVerificationState? = nil) async throws -> SetupSession {
        try await wait(for: WaitCondition(until: until, verificationStates: verificationStates, timeout: timeout,
                                          interval: interval, whileState: whileState,
                                          whileVerificationState: whileVerificationState))
    }
    /// Waits for one state.
    /// - Parameters:
    ///   - state: The state that ends the wait.
    ///   - timeout: Seconds, more than 0 (default 300).
    ///   - interval: Seconds between polls, more than 0 (default 0.5).
    /// - Returns: The SetupSession in `state`.
    /// - Throws: ``BeeperSetupError``.
    public func wait(until state: SetupState, timeout: TimeInterval? = nil,
                     interval: TimeInterval? = nil) async throws -> SetupSession {
        try await wait(for: WaitCondition(until: [state], timeout: timeout, interval: interval))
    }
    /// The `Duration` form of the wait: `wait(until: [.ready], timeout: .seconds(120))`.
    /// - Parameters:
    ///   - until: The states that end the wait (default: ready).
    ///   - verificationStates: Verification states that end the wait too.
    ///   - timeout: More than zero.
    ///   - interval: Between polls, more than zero (default 0.5 s).
    ///   - whileState: Ends the wait once the state is no longer this one.
    ///   - whileVerificationState: Ends the wait once the verification's state is no longer this one.
    /// - Returns: The SetupSession that ended the wait.
    /// - Throws: ``BeeperSetupError``.
    @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
    public func wait(until: [SetupState] = [.ready], verificationStates: [DeviceVerificationState] = [],
                     timeout: Duration, interval: Duration? = nil, whileState: SetupState? = nil,
                     whileVerificationState: DeviceVerificationState? = nil) async throws -> SetupSession {
        try await wait(for: WaitCondition(until: until, verificationStates: verificationStates,
                                          timeout: timeout.seconds, interval: interval?.seconds,
                                          whileState: whileState, whileVerificationState: whileVerificationState))
    }
    /// The `Duration` form of the wait for one state: `wait(until: .ready, timeout: .seconds(120))`.
    /// - Parameters:
    ///   - state: The state that ends the wait.
    ///   - timeout: More than zero.
    ///   - interval: Between polls, more than zero (default 0.5 s).
    /// - Returns: The SetupSession in `state`.
    /// - Throws: ``BeeperSetupError``.
    @available(macOS 13, iOS 16, tvOS 16, watchOS 9, *)
    public func wait(until state: SetupState, timeout: Duration, interval: Duration? = nil) async throws -> SetupSession {
        try await wait(for: WaitCondition(until: [state], timeout: timeout.seconds, interval: interval?.seconds))
    }
}

extension SetupResource {
    /// This resource behind ``BeeperSetupAPI``, for a view model that also takes a fake:
    /// `SignInModel(api: client.app.setup.api)`.
    public var api: LiveSetupAPI { LiveSetupAPI(setup: self) }
}

/// `client.app.setup` behind ``BeeperSetupAPI``: each requirement is the tree's operation of
/// the same meaning (``SetupResource/api``).
public struct LiveSetupAPI: BeeperSetupAPI {
    /// The resource every operation goes to.
    public let setup: SetupResource

    /// What the app should do now. See ``SetupResource/nextStep(_:)``.
    /// - Parameter session: A SetupSession.
    /// - Returns: The step.
    public func nextStep(_ session: SetupSession) -> NextStep {
        setup.nextStep(session)
    }
    /// Polls the SetupSession until `condition` holds. See
    /// ``SetupResource/wait(until:verificationStates:timeout:interval:whileState:whileVerificationState:)-(_,_,TimeInterval?,_,_,_)``.
    /// - Parameter condition: What ends the wait.
    /// - Returns: The SetupSession that ended the wait.
    /// - Throws: ``BeeperSetupError``.
    public func wait(for condition: WaitCondition) async throws -> SetupSession {
        try await setup.client.waitAsync(WaitRequest(condition))
    }
}
