// One spelling per operation, and consent never assumed (expected: one error per line marked
// EXPECT-ABSENT).
import BeeperSetup

func flow(_ client: BeeperSetupClient) async throws {
    let setup = client.app.setup
    _ = try await setup.verifications.sas.confirm(verificationID: "active")
    _ = try await setup.confirmSAS(verificationID: "active") // EXPECT-ABSENT
    _ = try await setup.startSAS(verificationID: "active") // EXPECT-ABSENT
    _ = try await setup.verifyRecoveryKey("key") // EXPECT-ABSENT
    _ = try await setup.register(acceptTerms: true, leadToken: "l", setupRequestID: "r", username: "u")
    _ = try await setup.register(leadToken: "l", setupRequestID: "r", username: "u") // EXPECT-ABSENT
    _ = try await setup.api.register(leadToken: "l", setupRequestID: "r", username: "u") // EXPECT-ABSENT
}

func blockingFlow(_ client: BeeperSetupClient) throws {
    _ = try client.blocking.app.setup.register(leadToken: "l", setupRequestID: "r", username: "u") // EXPECT-ABSENT
}
