// PinionHardwareTests: `pinion run --manifest --board`, `pinion boards` and `pinion doctor`
// through the built executable: output, exit codes, and release at exit (the atexit path).
import Foundation
import PinionTestSupport
import XCTest

final class HardwareCLITests: XCTestCase {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs the `pinion` under test (Command.pinionExecutable) with `arguments`.
    func pinion(_ arguments: [String], in directory: String? = nil) throws -> Result {
        let path = try Command.pinionExecutable()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? repositoryRoot)
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "PINION_BOARDS" }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    func testRunOnTheSimulatorReleasesTheLEDToItsSafeLevelAtExit() throws {
        let r = try pinion(["run", "--manifest", "examples/blink/blink.toml", "--board", "sim", "--sim-trace",
                            "examples/blink/blink.wasm", "1"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "    0 ms  led on\n  250 ms  led off\ndone: leaving the led on; pinion drives it to its safe level on exit\n")
        XCTAssert(r.stderr.contains("board 'sim' is a SIMULATOR"), r.stderr)
        let trace = r.stderr.split(separator: "\n").filter { $0.contains("GPIO17") }.map { $0.replacingOccurrences(of: "pinion:   ", with: "") }
        XCTAssertEqual(trace, ["0.000000s GPIO17 low", "0.000000s GPIO17 high", "0.250000s GPIO17 low",
                               "0.500000s GPIO17 high", "0.500000s GPIO17 low"], "the last change is the safe level, at exit")
    }

    func testDenialsAreLoggedWithTheModuleName() throws {
        let r = try pinion(["run", "--manifest", "examples/i2cscan/i2cscan.toml", "--board", "sim", "examples/i2cscan/i2cscan.wasm"])
        XCTAssertEqual(r.status, 0)
        XCTAssert(r.stderr.contains("pinion: warning: module 'i2cscan': pinion_i2c denied: open bus 1 address 0x50: pin-not-allowed"), r.stderr)
    }

    func testBadManifestsAndBoardsStopTheRunWithStatus2() throws {
        var r = try pinion(["run", "--manifest", "examples/blink/blink.toml", "--board", "sim", "examples/button/button.wasm"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("module.sha256"), r.stderr)
        r = try pinion(["run", "--manifest", "examples/blink/blink.toml", "--board", "rpi9", "examples/blink/blink.wasm"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("unknown board 'rpi9'"), r.stderr)
        r = try pinion(["run", "--board", "sim", "examples/blink/blink.wasm"])
        XCTAssertEqual(r.status, 1, "no manifest: the module runs and is denied everything")
        XCTAssert(r.stderr.contains("pinion_gpio denied: open led as output: pin-not-allowed"), r.stderr)
        r = try pinion(["run", "examples/blink/blink.wasm"])
        XCTAssertEqual(r.status, 2, "neither --manifest nor --board: no hardware functions, as --help says")
        XCTAssert(r.stderr.contains("unknown import pinion_gpio.open"), r.stderr)
    }

    func testModulesWithoutHardwareOptionsRunAsBefore() throws {
        let r = try pinion(["run", "examples/hello/hello.wasm"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stderr, "")
    }

    /// A manifest for examples/hello with `extra` TOML, in a temporary directory.
    private func helloManifest(_ extra: String) throws -> String {
        let module = repositoryRoot + "/examples/hello/hello.wasm"
        let sha = try XCTUnwrap(String(decoding: try run("/usr/bin/sha256sum", [module]), as: UTF8.self).split(separator: " ").first)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinion-manifest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/hello.toml"
        try FileManager.default.copyItem(atPath: module, toPath: dir + "/hello.wasm")  // module.file is relative
        try """
            name = "hello"
            version = "1.0.0"
            [module]
            file = "hello.wasm"
            sha256 = "\(sha)"
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    func testTheManifestsArgumentsAndEnvironmentReachTheModuleAndOptionsOverrideThem() throws {
        let manifest = try helloManifest("""
            [wasi]
            args = ["from-manifest"]
            env = { PINION_USER = "manifest" }
            """)
        var r = try pinion(["run", "--manifest", manifest, "--board", "sim", "examples/hello/hello.wasm", "cli"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "hello from wasm, manifest\n  arg 1: from-manifest\n  arg 2: cli\n")
        r = try pinion(["run", "--manifest", manifest, "--board", "sim", "--env", "PINION_USER=option", "examples/hello/hello.wasm"])
        XCTAssertEqual(r.stdout, "hello from wasm, option\n  arg 1: from-manifest\n")
    }

    func testTheManifestsBudgetsApplyUnlessAnOptionOverridesThem() throws {
        // hello.wasm declares two pages of memory; the manifest allows one.
        let manifest = try helloManifest("""
            [budgets]
            memory = "64K"
            """)
        var r = try pinion(["run", "--manifest", manifest, "--board", "sim", "examples/hello/hello.wasm"])
        XCTAssertEqual(r.status, 3, "a budget exceeded at instantiation: \(r.stderr)")
        r = try pinion(["run", "--manifest", manifest, "--board", "sim", "--max-memory", "1M", "examples/hello/hello.wasm"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testBoardsListsTheBoardsAndShowsPins() throws {
        var r = try pinion(["boards"])
        XCTAssertEqual(r.status, 0)
        for name in ["rpi3", "rpi4", "rpi5", "rpizero2w"] { XCTAssert(r.stdout.contains("  \(name) "), r.stdout) }
        XCTAssert(r.stdout.contains("sim        Simulated board (no hardware)    SIMULATOR, no hardware"), r.stdout)
        r = try pinion(["boards", "rpi4"])
        XCTAssert(r.stdout.contains("gpiochip label: pinctrl-bcm2711"), r.stdout)
        XCTAssert(r.stdout.contains("\n11      GPIO17"), r.stdout)
        XCTAssert(r.stdout.contains("\n3       GPIO2    SDA1"), r.stdout)
    }

    /// A development build finds the boards of the source tree it was built from, wherever
    /// it is run (the executable is `.build/<triple>/release/pinion`).
    func testBoardsAreFoundFromOutsideTheSourceTree() throws {
        let r = try pinion(["boards"], in: NSTemporaryDirectory())
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.contains("  rpi4 "), r.stdout)
    }

    func testDoctorHasNothingToCheckForTheSimulator() throws {
        let r = try pinion(["doctor", "--board", "sim"])
        XCTAssertEqual(r.status, 0)
        XCTAssert(r.stdout.contains("simulator"), r.stdout)
    }
}
