// Takes a new account from the first step to a ready device, with the async API:
// sign in by email, register, create a recovery key, wait for the first sync.
//
//   BEEPER_BASE_URL=http://127.0.0.1:23373 swift run setup-new-account me@example.com myname
//
// The program asks for the code sent by email on standard input.
import BeeperSetup
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: setup-new-account EMAIL USERNAME   (server: BEEPER_BASE_URL)")
    exit(2)
}
let (email, username) = (arguments[1], arguments[2])

func run() async throws {
    // No arguments: the base URL and any token come from the environment.
    let client = try BeeperSetupClient()
    let setup = client.app.setup

    // 1. Sign in: start, have a code emailed, send it back.
    let start = try await setup.start()
    try await setup.email(email: email, setupRequestID: start.setupRequestID)
    print("A code was sent to \(email). Code: ", terminator: "")
    guard let code = readLine(strippingNewline: true), !code.isEmpty else {
        throw BeeperSetupError(kind: .invalidArgument, message: "no code entered")
    }
    let answer = try await setup.response(response: code, setupRequestID: start.setupRequestID)

    // 2. A new account is registered; an existing one is signed in already.
    var session: SetupSession
    switch answer {
    case .registrationRequired(let registration):
        print(registration.copy.title + ": " + username)
        let registered = try await setup.register(acceptTerms: true, leadToken: registration.leadToken,
                                                  setupRequestID: registration.setupRequestID,
                                                  username: username)
        print("Registered \(registered.matrix.userID).")
        session = registered.session
    case .success(let signedIn):
        print("Signed in as \(signedIn.matrix.userID).")
        session = signedIn.session
    }
    // The client holds the account's access token from here on (adoptAccessToken).

    // 3. Follow the library's advice until the device is ready.
    while true {
        let next = setup.nextStep(session)
        print(next.message)
        switch next.step {
        case .createRecoveryKey:
            let created = try await setup.recoveryKey.reset.create()
            print("Your recovery key (write it down, it is shown once): \(created.recoveryKey)")
            session = try await setup.recoveryKey.reset.confirm(recoveryKey: created.recoveryKey).session
        case .wait:
            session = try await setup.wait(until: [.ready], timeout: 120)
        case .done:
            return
        default:
            // Verifying with another device or an existing key: see the README.
            print("This example handles new accounts only (step \(next.step)).")
            exit(1)
        }
    }
}

do {
    try await run()
    print("The account is ready.")
} catch let error as BeeperSetupError {
    print("Setup failed (\(error.kind)): \(error.message)")
    exit(1)
}
