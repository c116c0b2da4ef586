// swift-tools-version:5.9
// The peer a Swift developer would write instead of using BeeperSetup, for `make bench`:
// URLSession (FoundationNetworking on Linux) and JSONDecoder into Codable structs equivalent
// to the package's models. It does not depend on the library.
import PackageDescription

let package = Package(
    name: "SwiftPeer",
    targets: [.executableTarget(name: "SwiftPeer")]
)
