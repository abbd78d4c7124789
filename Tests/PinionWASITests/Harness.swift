// PinionWASITests: compiling the C programs in Programs/ with clang-16 for wasm32-wasi,
// running them in Pinion (through the embedding API) and in wasmtime (PyPI package),
// and snapshotting directory trees to compare what runs leave behind.
import Foundation
import PinionRuntime
import PinionTestSupport
import PinionValidation
import PinionWASI
import XCTest

/// What one run of a program did.
struct RunResult: Equatable {
    /// The exit code; 134 when the program trapped (as `pinion run` reports it).
    var exitCode: Int32
    var stdout: String
    var stderr: String
    /// The trap that ended the run, if any (Pinion only).
    var trap: TrapKind? = nil

    static func == (a: RunResult, b: RunResult) -> Bool {
        a.exitCode == b.exitCode && a.stdout == b.stdout && a.stderr == b.stderr
    }
}

enum Harness {
    /// Tests/PinionWASITests/Programs.
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Programs").path

    /// One scratch directory per test process, for compiled modules.
    static let buildDirectory: String = {
        let path = NSTemporaryDirectory() + "pinion-wasi-build-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var compiled: [String: String] = [:]

    /// Compiles Programs/`name`.c (with `-D` `defines`) once per process; the .wasm path.
    static func compile(_ name: String, defines: [String] = [], flags: [String] = []) throws -> String {
        let key = ([name] + defines + flags).joined(separator: " ")
        lock.lock()
        defer { lock.unlock() }
        if let path = compiled[key] { return path }
        guard let clang = Tools.find("clang-16") else {
            throw Tools.missing("clang-16 not found (apt-get install clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32)")
        }
        let output = buildDirectory + "/\(name)\(defines.map { "-" + $0 }.joined())\(compiled.count).wasm"
        let arguments = ["--target=wasm32-wasi", "--sysroot=/usr", "-O2", "-Wall", "-Wno-unused-result"]
            + defines.map { "-D" + $0 } + flags + [sources + "/\(name).c", "-o", output]
        let (status, text) = try execute(clang, arguments)
        guard status == 0 else { throw WAT.Failure(description: "clang-16 failed for \(name):\n\(text)") }
        compiled[key] = output
        return output
    }

    /// Compiles Programs/`name`.rs for wasm32-wasi once per process with Debian's rustc
    /// and its wasm32 std (`rustc`, `libstd-rust-dev-wasm32`); the .wasm path. A rustup
    /// rustc earlier on PATH has no `wasm32-wasi` target, so /usr/bin/rustc is used.
    static func compileRust(_ name: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let path = compiled[name + ".rs"] { return path }
        let rustc = "/usr/bin/rustc"
        guard FileManager.default.isExecutableFile(atPath: rustc),
              FileManager.default.fileExists(atPath: "/usr/lib/rustlib/wasm32-wasi") else {
            throw Tools.missing("Debian's rustc with the wasm32-wasi std not found (apt-get install rustc libstd-rust-dev-wasm32)")
        }
        let output = buildDirectory + "/\(name)-rust.wasm"
        let arguments = ["--edition", "2021", "--target", "wasm32-wasi", "-O", "-C", "linker=wasm-ld-16",
                         "-C", "strip=debuginfo", sources + "/\(name).rs", "-o", output]
        let (status, text) = try execute(rustc, arguments)
        guard status == 0 else { throw WAT.Failure(description: "rustc failed for \(name):\n\(text)") }
        compiled[name + ".rs"] = output
        return output
    }

    /// Runs a command module in Pinion with stdio on files (stdin from `stdin`, or
    /// `stdinFD` if given). `interruptAfter` raises the instance's interrupt flag from
    /// another thread after that many seconds.
    static func runPinion(_ wasm: String, arguments: [String] = ["program.wasm"], environment: [(String, String)] = [],
                          preopens: [WASIPreopen] = [], stdin: String? = nil, stdinFD: Int32? = nil,
                          alwaysWalk: Bool = false, interruptAfter: Double? = nil) throws -> RunResult {
        let scratch = NSTemporaryDirectory() + "pinion-wasi-io-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inFD = stdinFD ?? open(stdin ?? "/dev/null", O_RDONLY)
        let outFD = open(scratch + "/out", O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        let errFD = open(scratch + "/err", O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        defer { if stdinFD == nil { close(inFD) }; close(outFD); close(errFD) }

        var configuration = WASIConfiguration(arguments: arguments, environment: environment,
                                              stdin: inFD, stdout: outFD, stderr: errFD, preopens: preopens)
        configuration.alwaysWalkPaths = alwaysWalk
        let wasi = try WASI(configuration: configuration)
        let store = Store()
        var imports = Imports()
        wasi.define(in: &imports, store: store)
        let instance = try store.instantiate(ValidatedModule.load(Array(Data(contentsOf: URL(fileURLWithPath: wasm)))), imports: imports)
        if let interruptAfter {
            let flag = instance.interrupt
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: interruptAfter)
                flag.raise()
            }
        }
        var result = RunResult(exitCode: 0, stdout: "", stderr: "")
        do {
            result.exitCode = try wasi.start(instance)
        } catch {
            result.exitCode = 134
            result.trap = error.kind
        }
        result.stdout = try String(contentsOfFile: scratch + "/out", encoding: .utf8)
        result.stderr = try String(contentsOfFile: scratch + "/err", encoding: .utf8)
        return result
    }

    /// Fails (or skips, outside CI) unless python3 can import wasmtime.
    static func requireWasmtime() throws {
        guard let python = Tools.find("python3"), (try? execute(python, ["-c", "import wasmtime"]))?.status == 0 else {
            throw Tools.missing("python3 with the wasmtime package is not available (scripts/setup.sh)")
        }
    }

    /// Runs a command module under wasmtime with the same arguments, environment,
    /// stdin and preopens (host path, guest path, read-only); with `trapUnknownImports`,
    /// imports WASI does not provide are linked to trapping stubs.
    static func runWasmtime(_ wasm: String, arguments: [String] = ["program.wasm"], environment: [(String, String)] = [],
                            preopens: [WASIPreopen] = [], stdin: String? = nil,
                            trapUnknownImports: Bool = false) throws -> RunResult {
        let scratch = NSTemporaryDirectory() + "pinion-wasmtime-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try WasmtimeReference.script.write(toFile: scratch + "/run.py", atomically: true, encoding: .utf8)
        let config: [String: Any] = [
            "module": wasm, "argv": arguments, "env": environment.map { [$0.0, $0.1] },
            "stdin": stdin ?? "/dev/null", "stdout": scratch + "/out", "stderr": scratch + "/err",
            "dirs": preopens.map { [$0.hostPath, $0.guestPath, $0.readOnly] as [Any] },
            "trap_unknown_imports": trapUnknownImports,
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        let (status, output) = try execute(Tools.find("python3")!, [scratch + "/run.py", json])
        guard status == 0, let code = Int32(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw WAT.Failure(description: "wasmtime reference run failed: \(output)")
        }
        return RunResult(exitCode: code, stdout: try String(contentsOfFile: scratch + "/out", encoding: .utf8),
                         stderr: try String(contentsOfFile: scratch + "/err", encoding: .utf8))
    }


    /// A fresh empty directory for one test; removed by `removeScratch`.
    static func makeScratch(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "pinion-wasi-\(label)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return (path as NSString).resolvingSymlinksInPath
    }

    /// Everything below `root`, one line per entry, sorted: path, kind, and the contents
    /// of files (as text), the target of symlinks, and the modification time when asked.
    static func tree(_ root: String, withTimes: Bool = false) -> [String] {
        let manager = FileManager.default
        guard let paths = try? manager.subpathsOfDirectory(atPath: root) else { return [] }
        return paths.sorted().map { path in
            let full = root + "/" + path
            var st = stat()
            guard lstat(full, &st) == 0 else { return "\(path) ?" }
            let time = withTimes ? " mtime=\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)" : ""
            switch st.st_mode & S_IFMT {
            case S_IFDIR: return "\(path)/\(time)"
            case S_IFLNK: return "\(path) -> \((try? manager.destinationOfSymbolicLink(atPath: full)) ?? "?")"
            default:
                let text = (try? String(contentsOfFile: full, encoding: .utf8)) ?? "<binary>"
                return "\(path) size=\(st.st_size) \(text.debugDescription)\(time)"
            }
        }
    }

    /// Runs a tool; its exit status and combined output.
    static func execute(_ tool: String, _ arguments: [String], stdin: String? = nil,
                        environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        if let stdin { process.standardInput = FileHandle(forReadingAtPath: stdin) }
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
