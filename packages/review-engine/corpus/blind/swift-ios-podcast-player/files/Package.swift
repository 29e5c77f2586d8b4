// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "Castaway",
    platforms: [.iOS(.v17), .macOS(.v14)],
    products: [.library(name: "PodcastKit", targets: ["PodcastKit"])],
    targets: [
        .target(name: "PodcastKit", resources: [.process("Resources")]),
        .executableTarget(name: "feedcheck", dependencies: ["PodcastKit"]),
        .testTarget(name: "PodcastKitTests", dependencies: ["PodcastKit"]),
    ]
)
