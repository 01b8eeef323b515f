import FlourishServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FlourishServer

@Suite struct ServerTimingTests {
    @Test func millisecondsHaveThreeDecimals() {
        #expect(ServerTiming.milliseconds(.microseconds(67)) == "0.067")
        #expect(ServerTiming.milliseconds(.microseconds(1234)) == "1.234")
        #expect(ServerTiming.milliseconds(.seconds(2)) == "2000.000")
        #expect(ServerTiming.milliseconds(.microseconds(-5)) == "0.000")
    }

    @Test(arguments: [false, true])
    func completionsReportGatewayRoutingAndSafetyTime(streaming: Bool) async throws {
        try await GatewayWorld.run { world, app in
            try await app.test(.router) { client in
                let body =
                    #"{"auto_routing":true,"stream":\#(streaming),"messages":[{"role":"user","content":"Hello"}]}"#
                let response = try await client.chat(body, bearer: try await world.bearer(client))
                let timing = try #require(response.headers[HTTPField.Name("server-timing")!])
                let names = timing.split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).split(separator: ";").first.map(String.init) ?? ""
                }
                #expect(names == ["gateway", "routing", "safety"])
                let gateway = try #require(timing.split(separator: ",").first?.split(separator: "=").last)
                #expect(Double(gateway).map { $0 >= 0 && $0 < 10_000 } == true)
            }
        }
    }
}
