// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ChurnGuard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "churnguard", targets: ["churnguard"]),
        .executable(name: "churn-bench", targets: ["ChurnBench"]),
        .library(name: "ChurnModel", targets: ["ChurnModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Foundation only: the scorer, TreeSHAP, calibration and metrics other Swift services can reuse.
        .target(name: "ChurnModel"),
        .target(name: "ChurnData", dependencies: ["ChurnModel"]),
        .systemLibrary(
            name: "CXGBoost",
            providers: [.apt(["libxgboost-dev"]), .brew(["xgboost"])]
        ),
        .target(name: "ChurnTraining", dependencies: ["ChurnModel", "ChurnData", "CXGBoost"]),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // Drift (PSI, KS, Wasserstein, chi-square, Jensen–Shannon) against a bundle's references, CBPE, concept drift.
        .target(name: "ChurnMonitoring", dependencies: ["ChurnModel"]),
        // One SQL layer (sql-kit) over the embedded SQLite default and PostgreSQL at scale.
        .target(
            name: "ChurnStore",
            dependencies: [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // Sealed values as BLOBs (`StoredCell`): ByteBuffer to and from Data.
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                // HMAC-SHA256 of erased customers' ids (the erasure list); AES-GCM of sealed columns.
                .product(name: "Crypto", package: "swift-crypto"),
                // Deflate before sealing text: a sealed `enc:v2:` value stays smaller than the JSON it holds.
                "CZlib",
            ]
        ),
        // Reading configuration files (programs, delivery) with every mistake named by key path and line.
        .target(name: "ChurnConfiguration", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Risk scores to decisions: programs, value, segments, expected value, routing, offer learning.
        .target(
            name: "ChurnDecisions",
            dependencies: ["ChurnModel", "ChurnConfiguration", .product(name: "Yams", package: "Yams")]
        ),
        // Retention actions to the outside: delivery configuration, signed webhooks, Slack digests, the
        // outbox worker with retries and dead letters. Below ChurnServices, which enqueues through it.
        .target(
            name: "ChurnDelivery",
            dependencies: [
                "ChurnStore", "ChurnConfiguration",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The application layer, no HTTP: the serving set, online and batch scoring, the predictions
        // log and its spool, ingest, campaign runs, the promotion gate. The CLI and the server share it.
        .target(
            name: "ChurnServices",
            dependencies: [
                "ChurnModel", "ChurnData", "ChurnStore", "ChurnDecisions", "ChurnMonitoring", "ChurnDelivery", "ChurnConfiguration",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                // Console passwords: PBKDF2-HMAC-SHA256 (`ConsolePassword`), salts and digests; SHA-256 of backup files.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // HTTP only: routes, middleware, JWT auth and roles, rate limits, TLS, JSON logs, Prometheus metrics.
        .target(
            name: "ChurnServer",
            dependencies: [
                "ChurnModel", "ChurnData", "ChurnStore", "ChurnDecisions", "ChurnServices", "ChurnDelivery", "ChurnMonitoring",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                // The console's server-rendered pages (`Console/`).
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The API contract, compiled in: `churnguard` stays one file.
            resources: [.embedInCode("Resources/openapi.yaml")]
        ),
        .executableTarget(
            name: "churnguard",
            dependencies: [
                "ChurnModel", "ChurnData", "ChurnTraining", "ChurnStore", "ChurnDecisions", "ChurnServices", "ChurnServer",
                "ChurnMonitoring", "ChurnDelivery",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Side-by-side benchmarks against libxgboost (see docs/BENCHMARKS.md); not part of the product.
        .executableTarget(
            name: "ChurnBench",
            dependencies: [
                "ChurnModel", "ChurnTraining", "ChurnMonitoring", "ChurnStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/ChurnBench"
        ),
        .testTarget(name: "ChurnModelTests", dependencies: ["ChurnModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ChurnDataTests", dependencies: ["ChurnData", "ChurnModel"]),
        .testTarget(name: "ChurnMonitoringTests", dependencies: ["ChurnMonitoring", "ChurnModel"], resources: [.copy("Fixtures")]),
        // Shared by the test targets: a throwaway PostgreSQL server (initdb on a free port), child processes,
        // campaign fixtures, a Standard Webhooks receiver on loopback.
        .target(
            name: "ChurnTestSupport",
            dependencies: [
                "ChurnStore", "ChurnModel", "ChurnDelivery",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/ChurnTestSupport"
        ),
        .testTarget(
            name: "ChurnStoreTests",
            dependencies: [
                "ChurnStore", "ChurnTestSupport", .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ChurnDecisionsTests", dependencies: ["ChurnDecisions", "ChurnModel"]),
        .testTarget(
            name: "ChurnServicesTests",
            dependencies: [
                "ChurnServices", "ChurnModel", "ChurnData", "ChurnStore", "ChurnDecisions", "ChurnDelivery", "ChurnTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ChurnServerTests",
            dependencies: [
                "ChurnServer", "ChurnServices", "ChurnModel", "ChurnData", "ChurnStore", "ChurnDecisions", "ChurnDelivery", "ChurnMonitoring",
                "ChurnTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ChurnDeliveryTests",
            dependencies: [
                "ChurnDelivery", "ChurnStore", "ChurnModel", "ChurnTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "ChurnTrainingTests", dependencies: ["ChurnTraining", "ChurnData", "ChurnModel"]),
        // Runs the built `churnguard` executable end to end; it depends on it so SwiftPM builds it first.
        // `churnguard` is not imported: the tests run the built binary.
        .testTarget(name: "ChurnGuardCLITests", dependencies: ["churnguard", "ChurnData", "ChurnStore", "ChurnServices", "ChurnTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
