// Generated from src/api/operations.rs by `make generate`: do not edit.
// `cargo test --workspace` fails when it is out of date.

/// A builder for each operation of the library's table: its name, id and params.
extension Operation {
    /// `setup.retrieve`: The Session: the setup state, the account and the verification in
    /// progress. Public before sign-in.
    static func setupRetrieve() -> Self {
        Self(name: "setup.retrieve")
    }

    /// `setup.start`: Begins a sign-in: {setupRequestID, signInMethods}.
    static func setupStart() -> Self {
        Self(name: "setup.start")
    }

    /// `setup.email`: Emails a sign-in code. Answers nothing ("null").
    static func setupEmail(email: String, setupRequestID: String) -> Self {
        var params: [String: JSONValue] = [:]
        params["email"] = .string(email)
        params["setupRequestID"] = .string(setupRequestID)
        return Self(name: "setup.email", params: params)
    }

    /// `setup.response`: Signs in with the emailed code: Success {matrix, session}, or
    /// RegistrationRequired {registrationRequired: true, leadToken, ...} for an email without an
    /// account. A client without a token adopts the returned one (unless adoptAccessToken is
    /// false).
    static func setupResponse(response: String, setupRequestID: String) -> Self {
        var params: [String: JSONValue] = [:]
        params["response"] = .string(response)
        params["setupRequestID"] = .string(setupRequestID)
        return Self(name: "setup.response", params: params)
    }

    /// `setup.register`: Creates the account after RegistrationRequired: {matrix, session}. The
    /// token is adopted as for setup.response.
    static func setupRegister(acceptTerms: Bool, leadToken: String, setupRequestID: String, username: String) -> Self {
        var params: [String: JSONValue] = [:]
        params["acceptTerms"] = .bool(acceptTerms)
        params["leadToken"] = .string(leadToken)
        params["setupRequestID"] = .string(setupRequestID)
        params["username"] = .string(username)
        return Self(name: "setup.register", params: params)
    }

    /// `recoveryKey.verify`: Unlocks encrypted messaging with the account's recovery key:
    /// {session}.
    static func recoveryKeyVerify(recoveryKey: String) -> Self {
        var params: [String: JSONValue] = [:]
        params["recoveryKey"] = .string(recoveryKey)
        return Self(name: "recoveryKey.verify", params: params)
    }

    /// `recoveryKey.reset.create`: Creates a new recovery key, replacing the existing one if given:
    /// {recoveryKey, session}. Show it to the user once, then confirm it.
    static func recoveryKeyResetCreate(existingRecoveryKey: String?) -> Self {
        var params: [String: JSONValue] = [:]
        params["existingRecoveryKey"] = existingRecoveryKey.map(JSONValue.string)
        return Self(name: "recoveryKey.reset.create", params: params.isEmpty ? nil : params)
    }

    /// `recoveryKey.reset.confirm`: Confirms the new recovery key (the user typed it back),
    /// completing setup: {session}.
    static func recoveryKeyResetConfirm(recoveryKey: String) -> Self {
        var params: [String: JSONValue] = [:]
        params["recoveryKey"] = .string(recoveryKey)
        return Self(name: "recoveryKey.reset.confirm", params: params)
    }

    /// `verifications.list`: The active verifications: {items}.
    static func verificationsList() -> Self {
        Self(name: "verifications.list")
    }

    /// `verifications.create`: Asks another device to verify this one: {session, verification?}.
    static func verificationsCreate(purpose: String?, userID: String?) -> Self {
        var params: [String: JSONValue] = [:]
        params["purpose"] = purpose.map(JSONValue.string)
        params["userID"] = userID.map(JSONValue.string)
        return Self(name: "verifications.create", params: params.isEmpty ? nil : params)
    }

    /// `verifications.retrieve`: One verification: {session, verification?}. The id "active" names
    /// the one in progress.
    static func verificationsRetrieve(id: String) -> Self {
        Self(name: "verifications.retrieve", id: id)
    }

    /// `verifications.accept`: Accepts a verification requested by another device: {session,
    /// verification?}.
    static func verificationsAccept(id: String) -> Self {
        Self(name: "verifications.accept", id: id)
    }

    /// `verifications.cancel`: Cancels a verification, with an optional user-facing code and
    /// reason: {session, verification?}.
    static func verificationsCancel(id: String, code: String?, reason: String?) -> Self {
        var params: [String: JSONValue] = [:]
        params["code"] = code.map(JSONValue.string)
        params["reason"] = reason.map(JSONValue.string)
        return Self(name: "verifications.cancel", id: id, params: params.isEmpty ? nil : params)
    }

    /// `verifications.qr.scan`: Submits the QR payload scanned from the other device: {session,
    /// verification?}.
    static func verificationsQrScan(data: String) -> Self {
        var params: [String: JSONValue] = [:]
        params["data"] = .string(data)
        return Self(name: "verifications.qr.scan", params: params)
    }

    /// `verifications.qr.confirmScanned`: Confirms that the other device scanned this device's QR
    /// code: {session, verification?}.
    static func verificationsQrConfirmScanned(id: String) -> Self {
        Self(name: "verifications.qr.confirmScanned", id: id)
    }

    /// `verifications.sas.start`: Starts the emoji comparison: {session, verification?}, with
    /// sas.emojis once ready.
    static func verificationsSasStart(id: String) -> Self {
        Self(name: "verifications.sas.start", id: id)
    }

    /// `verifications.sas.confirm`: Confirms that the emojis match: {session, verification?}.
    static func verificationsSasConfirm(id: String) -> Self {
        Self(name: "verifications.sas.confirm", id: id)
    }
}
