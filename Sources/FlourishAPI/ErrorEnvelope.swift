/// The OpenAI error envelope with Gloo's extra keys:
/// `{"error":{"message","type","param","code","fault","retryable"},"request_id"}`.
package struct ErrorEnvelope: Codable, Sendable, Equatable {
    package struct Body: Codable, JSONWritable, Sendable, Equatable {
        package var message: String
        package var type: String
        package var param: String?
        package var code: String?
        package var fault: Fault
        package var retryable: Bool

        package init(message: String, type: String, param: String?, code: String?, fault: Fault, retryable: Bool) {
            self.message = message
            self.type = type
            self.param = param
            self.code = code
            self.fault = fault
            self.retryable = retryable
        }

        /// `param` and `code` are always present, null when empty, as in OpenAI's envelope.
        package var json: JSONValue {
            .object([
                "message": .string(message), "type": .string(type), "param": param.map(JSONValue.string) ?? .null,
                "code": code.map(JSONValue.string) ?? .null, "fault": .string(fault.rawValue),
                "retryable": .bool(retryable),
            ])
        }
    }

    /// Whose fault the failure is.
    package enum Fault: String, Codable, Sendable {
        case client, provider, platform
    }

    package var error: Body
    package var requestID: String?

    package init(error: Body, requestID: String?) {
        self.error = error
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case error
        case requestID = "request_id"
    }
}
