import CBeeperSetup
import Foundation

// A custom request: a method and a path the operations do not cover, through the library's
// pipeline (retries, header rules, the token's guard, the response size cap), as the other
// languages' `request` / `get` / `post`. The library has no form of it that starts without
// blocking, so the async one runs on a thread of its own, never one of Swift's cooperative pool.

extension BeeperSetupClient {
    /// Sends a custom request and answers it as sent: `try await client.request(method: "GET",
    /// path: "/v1/app/setup")`. The access token goes with it when the client has one; no token
    /// is adopted from the answer. Cancelling the awaiting Task ends it at once, as any call.
    /// - Parameters:
    ///   - method: "GET", "POST", "PUT", "PATCH" or "DELETE".
    ///   - path: Relative to the base URL (may hold a query), or an absolute URL under it.
    ///   - body: The JSON body, sent as given; `nil` sends none.
    ///   - options: Per-call options.
    /// - Returns: The status, headers, body and the request as sent (``RawResponse/decode(as:)``
    ///   reads the body as a type).
    /// - Throws: ``BeeperSetupError`` (a non-2xx status: `.api`); `CancellationError` when the
    ///   awaiting Task is cancelled.
    public func request(method: String, path: String, body: JSONValue? = nil,
                        options: CallOptions? = nil) async throws -> RawResponse {
        let request = try CustomRequest(method: method, path: path, body: body, options: options)
        let native = self.native
        let cancelled = Locked(false)
        let reply: (Int32, String) = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                Thread.detachNewThread {
                    continuation.resume(returning: whileNotCancelled(cancelled) { request.send(native) })
                }
            }
        } onCancel: {
            cancelled.update { $0 = true }
        }
        if reply.0 == BEEPER_ERR_CANCELLED, cancelled.value { throw CancellationError() }
        return try request.answer(reply)
    }
}

extension BeeperSetupClient.Blocking {
    /// The blocking twin of ``BeeperSetupClient/request(method:path:body:options:)``.
    /// - Parameters:
    ///   - method: "GET", "POST", "PUT", "PATCH" or "DELETE".
    ///   - path: Relative to the base URL, or an absolute URL under it.
    ///   - body: The JSON body; `nil` sends none.
    ///   - options: Per-call options.
    /// - Returns: The status, headers, body and the request as sent.
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.request(...) with await")
    public func request(method: String, path: String, body: JSONValue? = nil,
                        options: CallOptions? = nil) throws -> RawResponse {
        let request = try CustomRequest(method: method, path: path, body: body, options: options)
        return try request.answer(request.send(client.native))
    }
}

/// One custom request, checked before anything is sent.
private struct CustomRequest: Sendable {
    let method: String
    let path: String
    let bodyJSON: String?
    let optionsJSON: String

    init(method: String, path: String, body: JSONValue?, options: CallOptions?) throws {
        try refuseNUL(method, "method")
        try refuseNUL(path, "path")
        try body?.refuseNUL(at: "body")
        self.method = method
        self.path = path
        bodyJSON = body?.text
        optionsJSON = try (options ?? CallOptions()).json(raw: true).text
    }

    func send(_ native: NativeClient) -> (Int32, String) {
        native.request(method: method, path: path, bodyJSON: bodyJSON, optionsJSON: optionsJSON)
    }

    func answer(_ reply: (Int32, String)) throws -> RawResponse {
        try BeeperSetupClient.check(reply)
        return try RawResponse(json: reply.1)
    }
}

/// Runs a blocking call of the library on this thread, ended (as cancelled) once `cancelled`
/// holds: the library asks the thread's interrupt check while the call waits.
private func whileNotCancelled(_ cancelled: Locked<Bool>, _ body: () -> (Int32, String)) -> (Int32, String) {
    let flag = Unmanaged.passRetained(cancelled)
    _ = beeper_thread_set_interrupt_check(isCancelled, flag.toOpaque())
    defer {
        _ = beeper_thread_set_interrupt_check(nil, nil)
        flag.release()
    }
    return body()
}

private let isCancelled: BeeperInterruptCheck = { userData in
    guard let userData else { return 0 }
    return Unmanaged<Locked<Bool>>.fromOpaque(userData).takeUnretainedValue().value ? 1 : 0
}
