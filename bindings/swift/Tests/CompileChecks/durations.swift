// Every time the package takes, it takes as a `Duration` too, in the same shapes as seconds:
// type-checked with no diagnostic in Swift 6 mode.
import BeeperSetup
import Foundation

func timedClients(_ url: URL) throws -> [BeeperSetupClient] {
    [
        try BeeperSetupClient(timeout: .seconds(10)),
        try BeeperSetupClient(baseURL: "http://127.0.0.1:23373", timeout: .seconds(10), connectTimeout: .seconds(2)),
        try BeeperSetupClient(baseURL: url, timeout: .milliseconds(2500), connectTimeout: nil, maxRetries: 1),
        try BeeperSetupClient(baseURL: url),
    ]
}

// The protocol's waits take the client's arguments, in seconds or as a Duration.
func waits(_ api: any BeeperSetupAPI) async throws {
    _ = try await api.wait(until: .ready, timeout: .seconds(120))
    _ = try await api.wait(until: .ready, timeout: .seconds(120), interval: .milliseconds(250))
    _ = try await api.wait(until: [.ready], verificationStates: [.sasReady], timeout: .seconds(60),
                           interval: .seconds(1), whileState: .needsVerification,
                           whileVerificationState: .requested)
    _ = try await api.wait(until: [], verificationStates: [.ready], whileVerificationState: .requested)
    _ = try await api.wait(until: [.ready], timeout: 120, interval: 0.5, whileState: .needsVerification)
    _ = try await api.start()
}

// The client's own tree, async and blocking, and per-call options.
func waits(_ client: BeeperSetupClient) async throws {
    _ = try await client.app.setup.wait(until: .ready, timeout: .seconds(120), interval: .milliseconds(500))
    _ = try await client.app.setup.retrieve(options: CallOptions(timeout: .seconds(5)))
    _ = try await client.request(method: "GET", path: "/v1/app/setup", options: CallOptions(timeout: .seconds(5)))
    try await waits(client.app.setup.api)
}

func blockingWaits(_ client: BeeperSetupClient) throws {
    _ = try client.blocking.app.setup.wait(until: .ready, timeout: .seconds(120))
    _ = try client.blocking.app.setup.wait(until: [.ready], verificationStates: [.done], timeout: .seconds(60),
                                           interval: .milliseconds(250), whileVerificationState: .requested)
    _ = try client.blocking.request(method: "GET", path: "/v1/app/setup")
}
