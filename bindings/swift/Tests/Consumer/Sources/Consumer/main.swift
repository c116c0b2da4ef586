// Signs in to an existing account, verifies this device by emoji through the async API and
// reaches ready; then checks the kinds of the errors an app meets. Exits non-zero on failure.
//   BEEPER_BASE_URL=<simulator started with --auto> Consumer
import BeeperSetup
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

func check(_ condition: Bool, _ what: String) {
    guard condition else {
        print("consumer: FAILED: \(what)")
        exit(1)
    }
    print("ok - \(what)")
}

func expect(_ kind: BeeperSetupError.Kind, _ what: String, _ body: () async throws -> Void) async {
    do {
        try await body()
        check(false, "\(what): no error")
    } catch let error as BeeperSetupError {
        check(error.kind == kind, "\(what): \(kind) (got \(error.kind))")
    } catch {
        check(false, "\(what): \(error)")
    }
}

/// The simulator's record of the emailed code (a real user reads it from their inbox).
func emailedCode(_ baseURL: String) async throws -> String {
    let (data, _) = try await URLSession.shared.data(from: URL(string: baseURL + "/_sim/state")!)
    let state = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return state?["lastEmailCode"] as? String ?? ""
}

// The plain names are async; the blocking twins (client.blocking) are refused here.
func main() async throws {
    let baseURL = ProcessInfo.processInfo.environment["BEEPER_BASE_URL"] ?? ""
    let client = try BeeperSetupClient(baseURL: baseURL)
    let setup = client.app.setup

    let start = try await setup.start()
    try await setup.email(email: "existing@example.com", setupRequestID: start.setupRequestID)
    let answer = try await setup.response(response: try await emailedCode(baseURL), setupRequestID: start.setupRequestID)
    guard case .success(let signedIn) = answer else { check(false, "existing account signs in"); exit(1) }
    check(signedIn.session.state == .needsVerification, "signed in, needs verification")
    check(client.settings.hasAccessToken, "the token was adopted")

    let created = try await setup.verifications.create()
    let id = created.verification!.id
    let accepted = try await setup.wait(verificationStates: [.ready], timeout: 20)
    check(setup.nextStep(accepted).action == .sasStart, "the other device accepted")
    let started = try await setup.verifications.sas.start(verificationID: id)
    let step = setup.nextStep(started.session)
    check(step.action == .compareEmojis && step.emojiList.count == 7, "seven emojis to compare: \(step.emojiList)")
    check(started.verification?.sas?.decimalValues.count == 3, "three numbers to compare")
    _ = try await setup.verifications.sas.confirm(verificationID: id)
    let ready = try await setup.wait(until: [.ready], timeout: 30)
    check(ready.state == .ready && setup.nextStep(ready).step == .done, "ready")

    await expect(.api, "a call without a token") {
        _ = try await BeeperSetupClient(baseURL: baseURL, accessToken: nil).app.setup.verifications.list()
    }
    await expect(.invalidArgument, "an empty verification id") {
        _ = try await setup.verifications.retrieve(verificationID: "")
    }
    await expect(.connection, "a server that is not there") {
        _ = try await BeeperSetupClient(baseURL: "http://127.0.0.1:1", maxRetries: 0).app.setup.retrieve()
    }
    await expect(.timeout, "a wait that reaches its deadline") {
        _ = try await setup.wait(until: [.needsLogin], timeout: 0.2)
    }
    let waiting = Task { try await setup.wait(until: [.needsLogin], timeout: 30) }
    try await Task.sleep(nanoseconds: 200_000_000)
    waiting.cancel()
    do {
        _ = try await waiting.value
        check(false, "a cancelled wait ends")
    } catch {
        check(error is CancellationError || (error as? BeeperSetupError)?.kind == .cancelled, "a cancelled wait ends")
    }
}

try await main()
print("consumer: all checks passed")
