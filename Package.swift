// swift-tools-version:6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "flourish",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "flourish", targets: ["flourish"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "FlourishAPI",
            swiftSettings: strictSettings
        ),
        .target(
            name: "FlourishStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift")
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "FlourishAuth",
            dependencies: [
                "FlourishStore",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "FlourishRouting",
            dependencies: [
                "FlourishAPI",
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            resources: [.copy("Resources/catalog.json"), .copy("Resources/tier-classifier.json")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "FlourishValues",
            dependencies: ["FlourishAPI"],
            resources: [.copy("Perspectives"), .copy("SafetyData")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "FlourishProviders",
            dependencies: [
                "FlourishAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "FlourishGrounding",
            dependencies: [
                "FlourishAPI", "FlourishStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "FlourishServer",
            dependencies: [
                "FlourishAPI", "FlourishAuth", "FlourishRouting", "FlourishValues", "FlourishProviders",
                "FlourishStore", "FlourishGrounding",
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "flourish",
            dependencies: [
                "FlourishServer", "FlourishAuth", "FlourishStore", "FlourishRouting", "FlourishAPI", "FlourishProviders",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "FlourishTestSupport",
            dependencies: [
                "FlourishAPI", "FlourishProviders",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/FlourishTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "FlourishAPITests", dependencies: ["FlourishAPI"], swiftSettings: strictSettings),
        .testTarget(name: "FlourishStoreTests", dependencies: ["FlourishStore"], swiftSettings: strictSettings),
        .testTarget(
            name: "FlourishGroundingTests",
            dependencies: [
                "FlourishGrounding", "FlourishStore", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings),
        .testTarget(
            name: "FlourishAuthTests", dependencies: ["FlourishAuth", "FlourishStore"], swiftSettings: strictSettings),
        .testTarget(
            name: "FlourishRoutingTests", dependencies: ["FlourishRouting", "FlourishAPI"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "FlourishValuesTests", dependencies: ["FlourishValues", "FlourishAPI"], swiftSettings: strictSettings),
        .testTarget(
            name: "FlourishProvidersTests",
            dependencies: [
                "FlourishProviders", "FlourishAPI", "FlourishTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FlourishServerTests",
            dependencies: [
                "FlourishServer", "FlourishAuth", "FlourishStore", "FlourishAPI", "FlourishRouting",
                "FlourishTestSupport", "FlourishProviders",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
