import Foundation

/// An answer as the server sent it: the status, the headers and the body, for what the typed
/// results leave out (a header, a status among the 2xx). From ``BeeperSetupClient/rawResponse(operation:verificationID:params:options:)``.
public struct RawResponse: Sendable, Hashable {
    /// The HTTP status.
    public let status: Int
    /// The headers, names lower-case, repeated ones joined with ", ".
    public let headers: [String: String]
    /// The body as JSON text ("null" when empty or not JSON; see ``text``).
    public let body: String
    /// The body as sent, when it is not JSON.
    public let text: String?
    /// The request as the library sent it (`nil` for one made without).
    public let request: Request?

    /// The request a raw answer answers, as the library sent it: never a header or the body.
    public struct Request: Sendable, Hashable {
        /// The method ("GET", "POST", ...).
        public let method: String
        /// The final URL, the id and the query percent-encoded exactly as on the wire.
        public let url: String

        /// Makes one, for tests and fakes.
        /// - Parameters:
        ///   - method: The method.
        ///   - url: The URL.
        public init(method: String, url: String) {
            self.method = method
            self.url = url
        }
    }

    /// Makes one, for tests and fakes.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - headers: The headers, names lower-case.
    ///   - body: The body as JSON text.
    ///   - text: The body when it is not JSON.
    ///   - request: The request it answers.
    public init(status: Int, headers: [String: String] = [:], body: String = "null", text: String? = nil,
                request: Request? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.text = text
        self.request = request
    }

    /// Decodes the body as a model, as the typed call would have.
    /// - Parameter type: The model, e.g. `SetupSession.self`.
    /// - Returns: The decoded body.
    /// - Throws: ``BeeperSetupError`` of kind `.decode` when the body is not that shape.
    public func decode<T: Decodable>(as type: T.Type) throws -> T {
        try BeeperSetupClient.decodeAny(type, (0, body))
    }

    /// Reads the library's `{status, headers, request, body, text?}` answer.
    init(json: String) throws {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any],
              let status = (object["status"] as? NSNumber)?.intValue else {
            throw BeeperSetupError(kind: .internal, message: "the library's raw answer is unreadable")
        }
        var bodyText = "null"
        if let body = object["body"], !(body is NSNull),
           let data = try? JSONSerialization.data(withJSONObject: body, options: [.fragmentsAllowed, .sortedKeys]) {
            bodyText = String(decoding: data, as: UTF8.self)
        }
        var request: Request?
        if let sent = object["request"] as? [String: String], let method = sent["method"], let url = sent["url"] {
            request = Request(method: method, url: url)
        }
        self.init(status: status, headers: object["headers"] as? [String: String] ?? [:], body: bodyText,
                  text: object["text"] as? String, request: request)
    }
}

extension BeeperSetupClient {
    /// Runs an operation by its dotted name (as the other languages' `call`: "setup.retrieve",
    /// "verifications.sas.start", ...) and answers the raw response instead of the model.
    /// - Parameters:
    ///   - operation: The operation's dotted name.
    ///   - verificationID: For the operations whose path takes one.
    ///   - params: The body's fields, as the typed call sends them.
    ///   - options: Per-call options.
    /// - Returns: The status, headers and body.
    /// - Throws: ``BeeperSetupError`` (an unknown operation or bad params: `.invalidArgument`;
    ///   a non-2xx status: `.api`); `CancellationError` when the awaiting Task is cancelled.
    public func rawResponse(operation: String, verificationID: String? = nil, params: [String: JSONValue]? = nil,
                            options: CallOptions? = nil) async throws -> RawResponse {
        try refuseNUL(operation, "operation")
        let call = try Operation(name: operation, id: verificationID, params: params).checked()
        let paramsJSON = call.params.map { JSONValue.object($0).text }
        let optionsJSON = try (options ?? CallOptions()).json(raw: true).text
        let reply = try await performReply { native, done in
            native.startCall(operation: call.name, verificationID: call.id, paramsJSON: paramsJSON,
                             optionsJSON: optionsJSON, completion: done)
        }
        try BeeperSetupClient.check(reply)
        return try RawResponse(json: reply.1)
    }
}

extension BeeperSetupClient.Blocking {
    /// The blocking twin of ``BeeperSetupClient/rawResponse(operation:verificationID:params:options:)``.
    /// - Parameters:
    ///   - operation: The operation's dotted name.
    ///   - verificationID: For the operations whose path takes one.
    ///   - params: The body's fields.
    ///   - options: Per-call options.
    /// - Returns: The status, headers and body.
    /// - Throws: ``BeeperSetupError``.
    @available(*, noasync, message: "blocks its thread: use client.rawResponse(...) with await")
    public func rawResponse(operation: String, verificationID: String? = nil, params: [String: JSONValue]? = nil,
                            options: CallOptions? = nil) throws -> RawResponse {
        try refuseNUL(operation, "operation")
        let call = try Operation(name: operation, id: verificationID, params: params).checked()
        let reply = client.native.call(operation: call.name, verificationID: call.id,
                                       paramsJSON: call.params.map { JSONValue.object($0).text },
                                       optionsJSON: try (options ?? CallOptions()).json(raw: true).text)
        try BeeperSetupClient.check(reply)
        return try RawResponse(json: reply.1)
    }
}
