// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ChurnGuard",
    platforms: [.macOS(.v14)],
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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
        // One SQL layer (sql-kit) over the embedded SQLite default and PostgreSQL at scale.
        .target(
            name: "ChurnStore",
            dependencies: [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
            ]
        ),
        // Risk scores to decisions: programs, value, segments, expected value, routing, offer learning.
        .target(
            name: "ChurnDecisions",
            dependencies: ["ChurnModel", .product(name: "Yams", package: "Yams")]
        ),
        // HTTP API: routes, JWT auth and roles, rate limits, trace ids, JSON logs, Prometheus metrics.
        .target(
            name: "ChurnServer",
            dependencies: [
                "ChurnModel", "ChurnData", "ChurnStore", "ChurnDecisions",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "churnguard",
            dependencies: [
                "ChurnModel", "ChurnData", "ChurnTraining", "ChurnStore", "ChurnDecisions", "ChurnServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Side-by-side benchmarks against libxgboost (see docs/BENCHMARKS.md); not part of the product.
        .executableTarget(
            name: "ChurnBench",
            dependencies: [
                "ChurnModel", "ChurnData", "ChurnTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/ChurnBench"
        ),
        .testTarget(name: "ChurnModelTests", dependencies: ["ChurnModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ChurnDataTests", dependencies: ["ChurnData"]),
        // A throwaway PostgreSQL server for tests (initdb on a free port), shared by the test targets.
        .target(name: "ChurnTestSupport", dependencies: ["ChurnStore"], path: "Tests/ChurnTestSupport"),
        .testTarget(name: "ChurnStoreTests", dependencies: ["ChurnStore", "ChurnTestSupport"]),
        .testTarget(name: "ChurnDecisionsTests", dependencies: ["ChurnDecisions", "ChurnModel"]),
        .testTarget(
            name: "ChurnServerTests",
            dependencies: [
                "ChurnServer", "ChurnModel", "ChurnStore", "ChurnDecisions", "ChurnTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ChurnTrainingTests", dependencies: ["ChurnTraining", "ChurnData", "ChurnModel"]),
        // Runs the built `churnguard` executable end to end; it depends on it so SwiftPM builds it first.
        .testTarget(name: "ChurnGuardCLITests", dependencies: ["churnguard", "ChurnStore", "ChurnTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
