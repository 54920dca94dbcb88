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
        .executableTarget(
            name: "churnguard",
            dependencies: [
                "ChurnModel", "ChurnData", "ChurnTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ChurnModelTests", dependencies: ["ChurnModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ChurnDataTests", dependencies: ["ChurnData"]),
        .testTarget(name: "ChurnTrainingTests", dependencies: ["ChurnTraining", "ChurnData", "ChurnModel"]),
    ],
    swiftLanguageModes: [.v6]
)
