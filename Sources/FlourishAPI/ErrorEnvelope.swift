/// The OpenAI error envelope with Gloo's extra keys:
/// `{"error":{"message","type","param","code","fault","retryable"},"request_id"}`.
package struct ErrorEnvelope: Codable, Sendable, Equatable {
    package struct Body: Codable, Sendable, Equatable {
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

        package func encode(to encoder: any Encoder) throws {
            // `param` and `code` are always present, null when empty, as in OpenAI's envelope.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encode(param, forKey: .param)
            try container.encode(code, forKey: .code)
            try container.encode(fault, forKey: .fault)
            try container.encode(retryable, forKey: .retryable)
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
