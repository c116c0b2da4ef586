// swift-tools-version:5.9
// A separate package that uses BeeperSetup the way an app would: by path to a checkout of the
// repository (its root package, after `make swift-bundle`; the identity is the folder's name,
// beeper-setup), through its public names only. bindings/swift/run-tests.sh builds and runs it
// against a simulator in --auto mode, with neither pkg-config nor a library path, and runs
// TestingConsumer, which starts its own simulator through BeeperSetupTesting.
import PackageDescription

let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v10_15)],
    dependencies: [.package(path: "../../../..")],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [.product(name: "BeeperSetup", package: "beeper-setup")]),
        .executableTarget(name: "TestingConsumer", dependencies: [
            .product(name: "BeeperSetup", package: "beeper-setup"),
            .product(name: "BeeperSetupTesting", package: "beeper-setup"),
        ]),
    ]
)
