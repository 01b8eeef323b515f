extension FieldReader {
    /// Applies the exactly-one-routing-mechanism rule; `false`, null and "" count as absent.
    func routingSelection() throws(GatewayError) -> RoutingSelection {
        var named: [(param: String, selection: RoutingSelection)] = []
        if let value = value("auto_routing") {
            switch value {
            case .bool(true): named.append(("auto_routing", .auto))
            case .bool(false), .string(""): break
            default: throw typeError("auto_routing", expected: "a boolean", got: value)
            }
        }
        if let model = try string("model"), !model.isEmpty {
            named.append(("model", .model(model)))
        }
        if let family = try string("model_family"), !family.isEmpty {
            named.append(("model_family", .family(family)))
        }
        switch named.count {
        case 1:
            return named[0].selection
        case 0:
            throw GatewayError(
                .invalidRequest,
                "Specify exactly one routing mechanism: 'auto_routing': true, 'model' (a Gloo model id) or 'model_family' (openai, anthropic, google, open source).",
                param: "model", reason: "missing_routing_mechanism")
        default:
            let names = named.map { "'\($0.param)'" }.joined(separator: " and ")
            throw GatewayError(
                .invalidRequest,
                "Only one routing mechanism is allowed, but the request sets \(names). Send exactly one of 'auto_routing': true, 'model' or 'model_family'.",
                param: named[1].param, reason: "conflicting_routing_mechanisms")
        }
    }

    func tradition() throws(GatewayError) -> Tradition? {
        guard let name = try string("tradition"), !name.isEmpty else { return nil }
        guard let tradition = Tradition(rawValue: name) else {
            let allowed = Tradition.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw GatewayError(
                .unprocessable, "Invalid value for 'tradition': '\(name)'. Supported values are: \(allowed).",
                param: "tradition", reason: "invalid_value")
        }
        return tradition
    }
}
