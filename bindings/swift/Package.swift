// swift-tools-version:5.9
// The Swift package of beeper-setup: a C module over include/beeper_setup.h (found through
// pkg-config, see README.md) and the Swift layer `BeeperSetup` on top of it; for an app's
// tests, `BeeperSetupTesting`, the simulator in the test's process (the testing library
// libbeeper_setup_sim, installed beside the library by `make install`).
import PackageDescription

let package = Package(
    name: "BeeperSetup",
    platforms: [.macOS(.v10_15), .iOS(.v13)],
    products: [
        .library(name: "BeeperSetup", targets: ["BeeperSetup"]),
        .library(name: "BeeperSetupTesting", targets: ["BeeperSetupTesting"]),
        .executable(name: "setup-new-account", targets: ["SetupNewAccount"]),
    ],
    targets: [
        // `make install PREFIX=<dir>` writes <dir>/lib/pkgconfig/beeper_setup.pc; point
        // PKG_CONFIG_PATH at it.
        .systemLibrary(
            name: "CBeeperSetup",
            path: "Sources/CBeeperSetup",
            pkgConfig: "beeper_setup"
        ),
        .target(
            name: "BeeperSetup",
            dependencies: ["CBeeperSetup"],
            swiftSettings: [.enableExperimentalFeature("StrictConcurrency")]
        ),
        .systemLibrary(
            name: "CBeeperSetupSim",
            path: "Sources/CBeeperSetupSim",
            pkgConfig: "beeper_setup_sim"
        ),
        .target(
            name: "BeeperSetupTesting",
            dependencies: ["CBeeperSetupSim"],
            swiftSettings: [.enableExperimentalFeature("StrictConcurrency")]
        ),
        .executableTarget(name: "SetupNewAccount", dependencies: ["BeeperSetup"]),
        .testTarget(name: "BeeperSetupTests", dependencies: ["BeeperSetup"]),
        .testTarget(name: "BeeperSetupTestingTests", dependencies: ["BeeperSetup", "BeeperSetupTesting"]),
    ]
)
