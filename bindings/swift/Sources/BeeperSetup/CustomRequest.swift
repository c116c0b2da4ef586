import CBeeperSetup

// A custom request: a method and a path the operations do not cover, through the library's
// pipeline (retries, header rules, the token's guard, the response size cap), as the other
// languages' `request` / `get` / `post`. The async one starts without blocking, as the
// operations do: it holds no thread while the server answers.

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
        return try request.answer(try await performReply { native, done in request.start(native, completion: done) })
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

    func start(_ native: NativeClient,
               completion: @escaping @Sendable (Int32, String) -> Void) -> Result<NativeCall, NativeFailure> {
        native.startRequest(method: method, path: path, bodyJSON: bodyJSON, optionsJSON: optionsJSON,
                            completion: completion)
    }

    func answer(_ reply: (Int32, String)) throws -> RawResponse {
        try BeeperSetupClient.check(reply)
        return try RawResponse(json: reply.1)
    }
}
