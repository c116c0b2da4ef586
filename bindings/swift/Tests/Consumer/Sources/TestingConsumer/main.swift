// An app's test run as a program: the BeeperSetupTesting product starts the simulator in this
// process (no simulator binary, no server), and the app signs in to the recovery-key account.
import BeeperSetup
import BeeperSetupTesting

let sim = try Simulator(scenario: "recovery")
let client = try BeeperSetupClient(baseURL: sim.baseURL)
let start = try await client.app.setup.start()
try await client.app.setup.email(email: "me@example.com", setupRequestID: start.setupRequestID)
guard let code = try sim.emailCode() else { fatalError("no email was sent") }
_ = try await client.app.setup.response(response: code, setupRequestID: start.setupRequestID)
guard let key = try sim.recoveryKey() else { fatalError("the account has no recovery key") }
let verified = try await client.app.setup.recoveryKey.verify(recoveryKey: key)
try sim.finishFirstSync()
let session = try await client.app.setup.retrieve()
guard verified.session.state == .needsFirstSync, session.state == .ready else {
    fatalError("unexpected states \(verified.session.state) then \(session.state)")
}
sim.stop()
print("The simulator in this process took the recovery key; the account is ready.")
