// swift-tools-version:5.9
// A separate package that uses BeeperSetup the way an app would: by path, through its public
// names only. bindings/swift/run-tests.sh builds and runs it against a simulator in --auto mode,
// and runs TestingConsumer, which starts its own simulator through BeeperSetupTesting.
import PackageDescription

let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v10_15)],
    dependencies: [.package(name: "BeeperSetup", path: "../..")],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [.product(name: "BeeperSetup", package: "BeeperSetup")]),
        .executableTarget(name: "TestingConsumer", dependencies: [
            .product(name: "BeeperSetup", package: "BeeperSetup"),
            .product(name: "BeeperSetupTesting", package: "BeeperSetup"),
        ]),
    ]
)
