// swift-tools-version:5.9
// The Swift row of `make bench`: blocking calls through the BeeperSetup package, built in
// release mode by bench/run.py against target/release.
import PackageDescription

let package = Package(
    name: "SwiftBench",
    dependencies: [.package(name: "BeeperSetup", path: "../../../bindings/swift")],
    targets: [
        .executableTarget(name: "SwiftBench", dependencies: [.product(name: "BeeperSetup", package: "BeeperSetup")]),
    ]
)
