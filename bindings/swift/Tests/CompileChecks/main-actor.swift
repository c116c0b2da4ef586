// A button action: synchronous on the main actor. The async names cannot be called from it
// without a Task (expected: one error per EXPECT-ASYNC line); inside a Task they compile.
import BeeperSetup

@MainActor
final class ViewModel {
    let client: BeeperSetupClient
    var state: SetupState = .needsLogin
    init(client: BeeperSetupClient) { self.client = client }

    func refreshTapped() {
        _ = try? client.app.setup.wait(until: .ready) // EXPECT-ASYNC
        Task {
            state = try await client.app.setup.wait(until: .ready, timeout: 300).state
        }
    }
}
