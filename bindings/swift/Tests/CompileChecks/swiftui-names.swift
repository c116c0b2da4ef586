// An app that imports SwiftUI and MatrixRustSDK (stood in for by modules declaring their names,
// as there is no SwiftUI on Linux) and Foundation beside BeeperSetup: every name stays
// unambiguous.
import BeeperSetup
import Foundation
import MatrixRustSDKStandIn
import SwiftUIStandIn

struct MyApp: App {}
let settings: Settings = Settings()
let scene: Scene = Scene()
let clientSettings: ClientSettings? = nil
func use(_ client: BeeperSetupClient) async throws {
    let setup: SetupResource = client.app.setup
    let session: SetupSession = try await setup.retrieve()
    let step: Step = setup.nextStep(session).step
    _ = (step, client.settings.baseURL)
}
