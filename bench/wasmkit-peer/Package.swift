// swift-tools-version:6.0
// Benchmark peer: WasmKit 0.4.2, built in release mode, used by bench/run.sh.
//
// The directory is `wasmkit-peer`, not `wasmkit`: SwiftPM names a root package after its
// directory, and a root package called `wasmkit` collides with the dependency identity
// `wasmkit` (from .../swiftwasm/WasmKit), which makes the WasmKit products unresolvable.
//
// Two executables come out of this package:
//   wasmkit-cli   WasmKit's own CLI product (`wasmkit-cli run MODULE.wasm`), the default peer.
//   wasmkit-run   a minimal WASI runner over WasmKit + WasmKitWASI (default Engine configuration),
//                 kept as a cross-check that the CLI adds no overhead of its own.
//
// Build: swift build -c release --package-path bench/wasmkit-peer --scratch-path bench/wasmkit-peer/.build \
//          --product wasmkit-cli   (and/or --product wasmkit-run)
import PackageDescription

let package = Package(
    name: "PinionBenchWasmKit",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
    ],
    targets: [
        .executableTarget(
            name: "wasmkit-run",
            dependencies: [
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmKitWASI", package: "WasmKit"),
            ]
        ),
    ]
)
