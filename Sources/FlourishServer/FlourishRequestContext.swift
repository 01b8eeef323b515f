import FlourishAuth
import Hummingbird

/// Per-request state: the request id every response and error carries, and the authenticated client.
package struct FlourishRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var requestID: String
    package var client: AuthenticatedClient?

    package init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = RequestID.make()
        self.client = nil
    }
}

/// Request ids: `req_` and 24 random hex digits.
enum RequestID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = UInt64.random(in: .min ... .max, using: &generator)
        let low = UInt32.random(in: .min ... .max, using: &generator)
        return "req_" + hex(high, digits: 16) + hex(UInt64(low), digits: 8)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// A caller-supplied id is kept when it is short and plain, so logs can be joined across systems.
    static func isAcceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E
            }
    }
}
