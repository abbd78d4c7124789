// A real `pinion daemon` on temporary spool and state directories and the simulated
// board, and the test modules it runs (WebAssembly text).
import Foundation
import PinionManifest
import PinionTestSupport
import XCTest

/// What a test module does after it has started: every one first prints
/// "NAME VERSION up" and drives its granted line (alias "led") high.
enum Behaviour {
    /// Waits on stdin, which the daemon never writes: runs until stopped.
    case block
    case trap
    /// An endless loop without calls (only the interrupt flag stops it).
    case spin
    case exit(Int32)
}

final class DaemonHarness {
    let root: String
    var spool: String { root + "/spool" }
    var state: String { root + "/state" }
    var logPath: String { root + "/daemon.log" }
    let pinion: String
    var process: Process?
    var extraArguments: [String]

    init(_ label: String, arguments: [String] = []) throws {
        root = try Command.temporaryDirectory(label)
        pinion = try Command.pinionExecutable()
        extraArguments = arguments
        try FileManager.default.createDirectory(atPath: root + "/spool", withIntermediateDirectories: true)
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Starts the daemon (appending to the log) and waits until its control socket answers.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pinion)
        process.arguments = ["daemon", "--spool", spool, "--state", state, "--board", "sim", "--sim-trace", "--poll", "0.5"] + extraArguments
        process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
        if !FileManager.default.fileExists(atPath: logPath) { FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = FileHandle(forWritingAtPath: logPath)!
        log.seekToEndOfFile()
        process.standardError = log
        process.standardOutput = log
        try process.run()
        self.process = process
        try waitFor("the control socket", timeout: 10) { (try? self.status()) != nil }
    }

    /// Ends the daemon with `signal` and returns its exit status (or the signal).
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// `pinion status --json`, parsed.
    func status() throws -> [String: Any] {
        let r = try Command.run(pinion, ["status", "--state", state, "--json"])
        guard r.status == 0, let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw WAT.Failure(description: "status failed: \(r.status) \(r.stderr)")
        }
        return object
    }

    /// One module's entry in the status, if installed.
    func module(_ name: String) -> [String: Any]? {
        ((try? status())?["modules"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    func waitFor(_ what: String, timeout: Double = 10, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(20_000)
        }
        XCTFail("timed out after \(timeout) s waiting for \(what)\n--- daemon log:\n\(log)")
        throw WAT.Failure(description: "timed out waiting for \(what)")
    }

    /// Waits until `name` runs `version` (its "up" line is in the log).
    func waitRunning(_ name: String, _ version: String, timeout: Double = 10) throws {
        try waitFor("\(name) \(version) running", timeout: timeout) {
            module(name)?["version"] as? String == version && module(name)?["state"] as? String == "running"
                && log.contains("\(name) \(version) up")
        }
    }

    /// Builds a version directory and renames it into the spool in one step. Returns the
    /// entry name.
    @discardableResult
    func deliver(_ name: String, _ version: String, _ behaviour: Behaviour = .block, pin: String? = "GPIO17",
                 manifestExtra: String = "", restart: String = "", module: [UInt8]? = nil,
                 sha256: String? = nil, entry: String? = nil, sign: ((String) throws -> Void)? = nil) throws -> String {
        let bytes = try module ?? Self.module(name: name, version: version, behaviour)
        let entryName = entry ?? "\(name)-\(version)"
        let temporary = "\(spool)/.\(entryName).tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: temporary + "/app.wasm"))
        var manifest = """
            name = "\(name)"
            version = "\(version)"
            \(manifestExtra)
            [module]
            file = "app.wasm"
            sha256 = "\(sha256 ?? Manifest.sha256(bytes))"

            """
        if let pin {
            manifest += """
                [[gpio]]
                pin = "\(pin)"
                alias = "led"
                modes = ["output"]
                safe_level = "low"

                """
        }
        manifest += restart
        try manifest.write(toFile: temporary + "/manifest.toml", atomically: true, encoding: .utf8)
        try sign?(temporary + "/manifest.toml")
        guard rename(temporary, "\(spool)/\(entryName)") == 0 else { throw WAT.Failure(description: "rename failed") }
        return entryName
    }

    /// The verdict the daemon wrote for `entry`, once it has.
    func verdict(_ entry: String, timeout: Double = 10) throws -> [String: Any] {
        var result: [String: Any]?
        try waitFor("the verdict on \(entry)", timeout: timeout) {
            guard let data = FileManager.default.contents(atPath: "\(spool)/verdicts/\(entry).json") else { return false }
            result = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return result != nil
        }
        return result!
    }

    /// Output level changes of `line` in the simulator trace, in order ("high"/"low").
    func levels(_ line: String) -> [String] {
        log.split(separator: "\n").filter { $0.contains("sim: ") && $0.contains(" \(line) ") }.compactMap { $0.split(separator: " ").last.map(String.init) }
    }

    /// A module that prints "NAME VERSION up", drives "led" high if it may, then behaves.
    static func module(name: String, version: String, _ behaviour: Behaviour) throws -> [UInt8] {
        let message = "\(name) \(version) up\n"
        let tail: String
        switch behaviour {
        case .block:
            tail = "(i32.store (i32.const 120) (i32.const 512)) (i32.store (i32.const 124) (i32.const 64)) (drop (call $fd_read (i32.const 0) (i32.const 120) (i32.const 1) (i32.const 128)))"
        case .trap: tail = "unreachable"
        case .spin: tail = "(loop $l (br $l))"
        case .exit(let code): tail = "(call $proc_exit (i32.const \(code)))"
        }
        return try WAT.binary("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
              (import "pinion_gpio" "open" (func $open (param i32 i32 i32 i32) (result i32)))
              (import "pinion_gpio" "write" (func $write (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "led")
              (data (i32.const 16) "\(message.replacingOccurrences(of: "\n", with: "\\n"))")
              (func (export "_start") (local $h i32)
                (i32.store (i32.const 100) (i32.const 16)) (i32.store (i32.const 104) (i32.const \(message.utf8.count)))
                (drop (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108)))
                (local.set $h (call $open (i32.const 0) (i32.const 3) (i32.const 1) (i32.const 0)))
                (if (i32.ge_s (local.get $h) (i32.const 0)) (then (drop (call $write (local.get $h) (i32.const 1)))))
                \(tail)))
            """)
    }
}

/// The repository root (for `boards/`), from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()
