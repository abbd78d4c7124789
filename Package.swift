// swift-tools-version:6.0
// Pinion: a small-footprint, in-place WebAssembly runtime for ARM Linux boards.
//
// Layering (dependencies point one way, as in wasmi):
//   PinionBinary            binary format: bytes -> Module, the instruction table
//   PinionValidation        type checking + per-function side tables
//   PinionRuntime           store, instances, budgets, the in-place interpreter
//   PinionWASI (CPinionSys) wasi_snapshot_preview1 host functions, sandboxed paths
//   PinionLog               log lines (swift-log's API subset, no dependency)
//   PinionHardware          host extension protocol, grants, board model, GPIO/I2C host functions
//   PinionSimulator         the simulated board `sim`: lines, virtual clock, I2C device models
//   PinionTOML              TOML 1.0 parser (no dependencies; passes toml-test)
//   PinionFiles             POSIX file operations: bounded whole-file reads, directories,
//                           crash-safe writes
//   PinionManifest          TOML manifests and board files -> the models above; SHA-2 and
//                           ed25519 through libsodium (C shim CPinionSodium)
//   PinionLinuxHardware     libgpiod / i2c-dev backends (C shims CPinionGPIO, CPinionI2C)
//   PinionJSON              JSON reader and writer (no Foundation)
//   PinionWast              spec-script runner (wast -> json via wasm-tools)
//   PinionSupervisor        `pinion daemon`: spool, verification, hot-swap, restarts, state
//   PinionCLI               the `pinion` executable
import PackageDescription

/// Every product target imports only what it names: the compiler's implicit imports of
/// `_StringProcessing` (regex; 1.1 MB of the static executable) and `_Concurrency` (with
/// libdispatch; 0.5 MB) would link both into `pinion`, and their start-up code and data
/// cost about 0.35 MB of resident memory in every run (README "Footprint").
let explicitImports: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-implicit-string-processing-module-import",
                  "-Xfrontend", "-disable-implicit-concurrency-module-import"]),
]

/// Generic types the code names are built by calling their metadata accessors with the
/// conformances the compiler already knows, not from mangled names: the runtime resolves
/// a mangled `Dictionary<String, X>` or `Option<String>` by searching the executable's
/// conformance records for `String: Hashable`, and its first search reads every record.
/// With this, `pinion run` starts without any such lookup (README "Footprint").
let productSettings: [SwiftSetting] = explicitImports + [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
]

/// The engine is built for speed, in every configuration: the threaded interpreter needs
/// the optimizer's tail calls (an unoptimized build would add a native frame per
/// instruction), and its handlers must not push a frame pointer (SwiftPM asks for frame
/// pointers on Linux; clang's last `-mframe-pointer` wins). No overflow checks where the
/// code already uses wrapping arithmetic, no dynamic exclusivity checks in the hot loop.
let engineSettings: [SwiftSetting] = productSettings + [
    .unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked", "-Xcc", "-Xclang", "-Xcc", "-mframe-pointer=none"]),
]

/// The interpreter's handlers start on 64-byte boundaries (x86-64 aligns functions to 16):
/// where a handler falls within its cache line otherwise moves with every change to code
/// linked before it, and a 32-byte shift of the whole engine cost fib 10% and loops 16%
/// (bench/run.sh). The padding adds about 28 KB of code.
let interpreterSettings: [SwiftSetting] = engineSettings + [
    .unsafeFlags(["-Xllvm", "-align-all-functions=6"]),
]

/// A GPIO write crosses the extension and the simulator on every call; dynamic
/// exclusivity checks there cost about 380 instructions per write (callgrind), more than
/// the rest of the write together. Both are single-threaded per module, like the engine.
let hostCallSettings: [SwiftSetting] = productSettings + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Pinion",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pinion", targets: ["PinionCLI"]),
        .library(name: "PinionRuntime", targets: ["PinionRuntime"]),
        .library(name: "PinionWASI", targets: ["PinionWASI"]),
    ],
    targets: [
        // Engine.
        .target(name: "PinionBinary", swiftSettings: engineSettings),
        .target(name: "PinionValidation", dependencies: ["PinionBinary"], swiftSettings: engineSettings),
        .target(name: "PinionRuntime", dependencies: ["PinionBinary", "PinionValidation"], swiftSettings: interpreterSettings),

        // Host APIs.
        .target(name: "PinionLog", swiftSettings: productSettings),
        .target(name: "CPinionSys"),
        .target(name: "PinionWASI", dependencies: ["PinionRuntime", "CPinionSys"], swiftSettings: productSettings),
        .target(name: "PinionHardware", dependencies: ["PinionRuntime", "PinionLog"], swiftSettings: hostCallSettings),
        .target(name: "PinionSimulator", dependencies: ["PinionHardware"], swiftSettings: hostCallSettings),
        .target(name: "PinionTOML", swiftSettings: productSettings),
        .target(name: "PinionFiles", swiftSettings: productSettings),
        .target(name: "PinionManifest", dependencies: [
            "PinionHardware", "PinionTOML", "CPinionSodium", "PinionFiles",
        ], swiftSettings: productSettings),
        .target(name: "CPinionSodium", linkerSettings: [.linkedLibrary("sodium")]),
        .target(name: "CPinionGPIO", linkerSettings: [.linkedLibrary("gpiod", .when(platforms: [.linux]))]),
        .target(name: "CPinionI2C", linkerSettings: [.linkedLibrary("i2c", .when(platforms: [.linux]))]),
        .target(name: "PinionLinuxHardware", dependencies: ["PinionHardware", "CPinionGPIO", "CPinionI2C"], swiftSettings: productSettings),

        // Tools.
        .target(name: "PinionJSON", swiftSettings: productSettings),
        .target(name: "PinionWast", dependencies: ["PinionRuntime", "PinionJSON", "PinionFiles"], swiftSettings: productSettings),
        .target(name: "PinionSupervisor", dependencies: [
            "PinionRuntime", "PinionValidation", "PinionWASI", "PinionHardware", "PinionSimulator",
            "PinionManifest", "PinionLinuxHardware", "CPinionSys", "PinionLog", "PinionJSON", "PinionFiles",
        ], swiftSettings: hostCallSettings),
        .executableTarget(
            name: "PinionCLI",
            dependencies: [
                "PinionRuntime", "PinionWASI", "PinionWast", "PinionSupervisor",
                "PinionHardware", "PinionSimulator", "PinionManifest", "PinionLinuxHardware", "PinionLog",
                "PinionFiles",
            ],
            swiftSettings: productSettings
        ),

        // Tests.
        .target(name: "PinionTestSupport", path: "Tests/PinionTestSupport"),
        .testTarget(name: "PinionBinaryTests", dependencies: ["PinionBinary", "PinionValidation", "PinionRuntime", "PinionTestSupport"]),
        .testTarget(name: "PinionRuntimeTests", dependencies: ["PinionRuntime", "PinionWASI", "PinionTestSupport"]),
        .testTarget(name: "PinionWASITests", dependencies: ["PinionRuntime", "PinionValidation", "PinionWASI", "PinionTestSupport"],
                    exclude: ["Programs"]),
        .testTarget(name: "PinionHardwareTests", dependencies: [
            "PinionHardware", "PinionSimulator", "PinionManifest", "PinionLinuxHardware", "CPinionGPIO",
            "PinionRuntime", "PinionValidation", "PinionWASI", "PinionTestSupport",
        ]),
        .testTarget(name: "PinionSupervisorTests", dependencies: [
            "PinionSupervisor", "PinionManifest", "PinionHardware", "PinionTestSupport",
        ]),
        .testTarget(name: "PinionTOMLTests", dependencies: ["PinionTOML"]),
        .testTarget(name: "PinionJSONTests", dependencies: ["PinionJSON"]),
        .testTarget(name: "PinionSpecTests", dependencies: ["PinionWast", "PinionRuntime"], exclude: ["known-failures.txt", "known-failures-3.0.txt"]),
    ]
)
