// swift-tools-version:6.2
// BeeperSetup by URL: `.package(url: "https://github.com/beeper/beeper-setup", from: "0.1.0")`,
// product "BeeperSetup". The Swift layer (bindings/swift/Sources/BeeperSetup) over the library
// as a binary target, so nothing needs pkg-config or LD_LIBRARY_PATH:
//   - Linux: artifacts/CBeeperSetup.artifactbundle, the static library with its header and
//     module map (`make swift-bundle`);
//   - Apple platforms: artifacts/CBeeperSetup.xcframework
//     (`bindings/swift/scripts/build-xcframework.sh`, on macOS).
// Both are build products, not sources: a release tag's commit carries them (see
// bindings/swift/README.md). bindings/swift/Package.swift stays the route through pkg-config
// for a library installed with `make install`.
// On Linux the product BeeperSetupTesting (the simulator in a test's process) comes the same
// way, from artifacts/CBeeperSetupSim.artifactbundle; Apple platforms have no XCFramework of it
// yet, and use it through bindings/swift/Package.swift.
import PackageDescription

// What the static libraries need from the system (`rustc --print native-static-libs`; the
// Makefile's NATIVE_LIBS): the Rust runtime's on Linux, the platform certificate verifier's
// frameworks on Apple platforms.
let systemLibraries: [LinkerSetting] = [
    .linkedLibrary("gcc_s", .when(platforms: [.linux])),
    .linkedLibrary("util", .when(platforms: [.linux])),
    .linkedLibrary("rt", .when(platforms: [.linux])),
    .linkedLibrary("dl", .when(platforms: [.linux])),
    .linkedFramework("Security", .when(platforms: [.macOS, .iOS])),
    .linkedFramework("CoreFoundation", .when(platforms: [.macOS, .iOS])),
]

#if os(Linux)
let library = Target.binaryTarget(name: "CBeeperSetup", path: "artifacts/CBeeperSetup.artifactbundle")
let testing: [Target] = [
    .binaryTarget(name: "CBeeperSetupSim", path: "artifacts/CBeeperSetupSim.artifactbundle"),
    .target(
        name: "BeeperSetupTesting",
        dependencies: ["CBeeperSetupSim"],
        path: "bindings/swift/Sources/BeeperSetupTesting",
        swiftSettings: [.enableExperimentalFeature("StrictConcurrency")],
        linkerSettings: systemLibraries
    ),
]
let testingProducts: [Product] = [.library(name: "BeeperSetupTesting", targets: ["BeeperSetupTesting"])]
#else
let library = Target.binaryTarget(name: "CBeeperSetup", path: "artifacts/CBeeperSetup.xcframework")
let testing: [Target] = []
let testingProducts: [Product] = []
#endif

let package = Package(
    name: "BeeperSetup",
    // No lower than what the XCFramework's Rust library is built for (build-xcframework.sh).
    platforms: [.macOS(.v10_15), .iOS(.v13)],
    products: [.library(name: "BeeperSetup", targets: ["BeeperSetup"])] + testingProducts,
    targets: testing + [
        library,
        .target(
            name: "BeeperSetup",
            dependencies: ["CBeeperSetup"],
            path: "bindings/swift/Sources/BeeperSetup",
            swiftSettings: [.enableExperimentalFeature("StrictConcurrency")],
            linkerSettings: systemLibraries
        ),
    ]
)
