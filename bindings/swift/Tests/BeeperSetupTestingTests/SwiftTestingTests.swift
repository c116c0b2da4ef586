import BeeperSetup
import BeeperSetupTesting
import Testing

/// The same simulator from Swift Testing: a parameterized test over every scenario name.
@Suite struct SimulatorWithSwiftTesting {
    @Test(arguments: Simulator.scenarios)
    func signsInToTheScenario(_ scenario: String) async throws {
        let sim = try Simulator(scenario: scenario)
        let client = try BeeperSetupClient(baseURL: sim.baseURL)
        let start = try await client.app.setup.start()
        try await client.app.setup.email(email: "me@example.com", setupRequestID: start.setupRequestID)
        let code = try #require(try sim.emailCode())
        _ = try await client.app.setup.response(response: code, setupRequestID: start.setupRequestID)
        #expect(try sim.state()["scenario"] as? String == scenario)
        let error = #expect(throws: SimulatorError.self) { try sim.control("no-such-endpoint") }
        #expect(error?.status == 404)
    }
}
