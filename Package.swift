// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ChurnGuard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "churnguard", targets: ["churnguard"]),
        .library(name: "ChurnModel", targets: ["ChurnModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
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
        .executableTarget(
            name: "churnguard",
            dependencies: [
                "ChurnModel", "ChurnData", "ChurnTraining",
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
        .testTarget(name: "ChurnStoreTests", dependencies: ["ChurnStore"]),
        .testTarget(name: "ChurnTrainingTests", dependencies: ["ChurnTraining", "ChurnData", "ChurnModel"]),
        // Runs the built `churnguard` executable end to end; it depends on it so SwiftPM builds it first.
        .testTarget(name: "ChurnGuardCLITests", dependencies: ["churnguard"]),
    ],
    swiftLanguageModes: [.v6]
)
