// Before the README's emoji flow, which is the body of this function.
import BeeperSetup

@MainActor func userSaysTheyMatch(_ emojis: [String]) async -> Bool { !emojis.isEmpty }

@MainActor func verifyByEmoji(_ client: BeeperSetupClient) async throws {
