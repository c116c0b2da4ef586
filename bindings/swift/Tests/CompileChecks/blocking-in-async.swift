// Each blocking call below is in an async context and must be refused (expected: one error per
// line marked EXPECT-NOASYNC).
import BeeperSetup

func flow(_ client: BeeperSetupClient) async throws {
    _ = try client.blocking.app.setup.start() // EXPECT-NOASYNC
    _ = try client.blocking.app.setup.wait(until: [.ready], timeout: 300) // EXPECT-NOASYNC
    _ = try client.blocking.app.setup.verifications.sas.confirm(verificationID: "active") // EXPECT-NOASYNC
    _ = try client.blocking.app.setup.recoveryKey.reset.create() // EXPECT-NOASYNC
    _ = try client.blocking.app.setup.wait(until: .ready, timeout: .seconds(300)) // EXPECT-NOASYNC
    _ = try client.blocking.request(method: "GET", path: "/v1/app/setup") // EXPECT-NOASYNC
}

let client = try BeeperSetupClient()
_ = try client.blocking.app.setup.retrieve() // EXPECT-NOASYNC
_ = try await client.app.setup.retrieve()
