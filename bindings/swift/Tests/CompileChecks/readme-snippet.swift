// The README's "Use" snippet as a program's main.swift (top-level code): no warning, Swift 6 mode.
import BeeperSetup

let code = "123456"
let client = try BeeperSetupClient(baseURL: "http://127.0.0.1:23373")  // nil: env and defaults
let setup = client.app.setup
let start = try await setup.start()
try await setup.email(email: "me@example.com", setupRequestID: start.setupRequestID)
switch try await setup.response(response: code, setupRequestID: start.setupRequestID) {
case .success(let signedIn): print(signedIn.matrix.userID)          // the client adopted the token
case .registrationRequired(let r): _ = try await setup.register(leadToken: r.leadToken,
                                                               setupRequestID: r.setupRequestID, username: "me")
}
let next = setup.nextStep(try await setup.retrieve())               // .verifyDevice, .done, ...
let session = try await setup.wait(until: .ready, timeout: .seconds(300))
