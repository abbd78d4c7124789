// PinionCLI: `pinion wast`: run WebAssembly spec test scripts.
import PinionWast

extension Pinion {
    /// `pinion wast [--verbose] [--include-simd] FILE_OR_DIR...`
    struct Wast: PinionCommand {
        static let verbose = Flag("verbose", help: "Also print each script's timing. Example: pinion wast --verbose i32.wast")
        static let includeSIMD = Flag(
            "include-simd", help: "Include simd_*.wast scripts when running a directory. Example: pinion wast --include-simd testsuite/")
        static let wasmTools = Option<String>(
            "wasm-tools", valueName: "PATH",
            help: "The wasm-tools binary; found on PATH if omitted. Example: --wasm-tools /usr/local/bin/wasm-tools")
        static let paths = Argument<String>(
            valueName: "FILE_OR_DIR", help: "Scripts and directories of scripts. Example: pinion wast testsuite/i32.wast testsuite/", .oneOrMore)

        static let definition = CommandDefinition(
            "wast",
            abstract: "Run WebAssembly spec test scripts (.wast), converted with wasm-tools.",
            discussion: """
                Prints one line per script, then every failure as \
                "script:line: command: message", then the totals. A directory runs all its \
                *.wast files (simd_* only with --include-simd). Needs wasm-tools on PATH \
                (or --wasm-tools).

                \(PinionExit.wastSummary)
                """,
            parameters: [verbose, includeSIMD, wasmTools, paths])

        let verbose: Bool
        let includeSIMD: Bool
        let wasmTools: String?
        let paths: [String]

        init(_ arguments: ParsedArguments) {
            verbose = arguments[Self.verbose]
            includeSIMD = arguments[Self.includeSIMD]
            wasmTools = arguments[Self.wasmTools]
            paths = arguments.all(Self.paths)
        }

        func run() {
            // With --verbose the runner prints each script's line itself, with timings.
            let runner = WastRunner(wasmTools: wasmTools, verbose: verbose)
            let results: [ScriptResult]
            do {
                results = try runner.run(paths: paths, includeSIMD: includeSIMD) { result in
                    if !verbose {
                        print("\(result.script): \(result.passed) passed, \(result.failed) failed, \(result.skipped) skipped")
                    }
                    flushOutput()
                }
            } catch {
                printError("pinion: \(error)")
                terminate(PinionExit.loadFailed)
            }
            for failure in results.flatMap(\.failures) {
                print("\(failure.script):\(failure.line): \(failure.command): \(failure.message)")
            }
            let passed = results.reduce(0) { $0 + $1.passed }
            let failed = results.reduce(0) { $0 + $1.failed }
            let skipped = results.reduce(0) { $0 + $1.skipped }
            print("\(passed) passed, \(failed) failed, \(skipped) skipped")
            terminate(failed > 0 ? PinionExit.testsFailed : 0)
        }
    }
}
