// PinionCLI: `pinion run`: load, instantiate under budgets, and run a WASI command.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import PinionRuntime
import PinionValidation
import PinionWASI

extension Pinion {
    /// `pinion run [options] MODULE.wasm [ARGS...]`
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a WASI command module (calls its _start export).",
            discussion: """
                The module sees argv = [MODULE.wasm, ARGS...], only the environment given \
                with --env, and pinion's stdin, stdout and stderr. Everything after MODULE.wasm \
                is passed to the module. Errors are reported on stderr as \
                "pinion: MODULE.wasm: <error>", traps as \
                "pinion: trap: <message> in function N at offset 0x...".

                \(PinionExit.runSummary)
                """
        )

        @Option(help: ArgumentHelp(
            "Fuel budget: one unit per call and per loop iteration; unlimited if omitted. Example: --fuel 1000000000",
            valueName: "N"))
        var fuel: UInt64?

        @Option(name: .customLong("max-memory"), help: ArgumentHelp(
            "Most linear memory, in bytes (K, M, G suffixes allowed), rounded down to 64 KiB pages. Example: --max-memory 16M",
            valueName: "BYTES"))
        var maxMemory: ByteSize?

        @Option(name: .customLong("max-stack"), help: ArgumentHelp(
            "Value stack size in 64-bit slots (locals and operands of all frames). Example: --max-stack 65536",
            valueName: "SLOTS"))
        var maxStack: Int?

        @Option(name: .customLong("env"), help: ArgumentHelp(
            "Sets an environment variable for the module; repeatable. Example: --env HOME=/ --env LANG=C",
            valueName: "K=V"))
        var environment: [String] = []

        @Argument(help: ArgumentHelp("The module to run. Example: hello.wasm", valueName: "MODULE.wasm"))
        var module: String

        @Argument(parsing: .captureForPassthrough, help: ArgumentHelp(
            "Arguments for the module. Example: pinion run grep.wasm -n main input.txt", valueName: "ARGS"))
        var arguments: [String] = []

        func validate() throws {
            for pair in environment where !pair.contains("=") || pair.hasPrefix("=") {
                throw ArgumentParser.ValidationError("--env expects NAME=VALUE, got '\(pair)'")
            }
            if let maxStack, maxStack <= 0 {
                throw ArgumentParser.ValidationError("--max-stack must be positive")
            }
        }

        func run() throws {
            let bytes: [UInt8]
            switch readFile(module) {
            case .success(let b): bytes = b
            case .failure(let e): fail("\(module): \(e)", PinionExit.loadFailed)
            }
            let validated: ValidatedModule
            do { validated = try ValidatedModule.load(bytes) } catch {
                fail("\(module): \(error)", PinionExit.loadFailed)
            }

            let store = Store()
            let wasi = WASI(configuration: WASIConfiguration(
                arguments: [module] + arguments,
                environment: environment.map { pair in
                    let i = pair.firstIndex(of: "=")!
                    return (String(pair[..<i]), String(pair[pair.index(after: i)...]))
                }))
            var imports = Imports()
            wasi.define(in: &imports, store: store)

            let instance: Instance
            do { instance = try store.instantiate(validated, imports: imports, budgets: budgets) } catch {
                switch error {
                case .unlinkable: fail("\(module): \(error)", PinionExit.loadFailed)
                case .budgetExceeded: fail("\(module): \(error)", PinionExit.budgetExceeded)
                case .trap(let trap):
                    if case .exit(let code) = trap.kind { terminate(code) }
                    fail("\(trap) (during instantiation)", PinionExit.status(for: trap))
                }
            }
            guard instance.function("_start") != nil else {
                fail("\(module): not a WASI command: no exported function named '_start'", PinionExit.loadFailed)
            }

            // A closed pipe on stdout is the module's EPIPE, not pinion's death.
            signal(SIGPIPE, SIG_IGN)
            do {
                terminate(try wasi.start(instance))
            } catch {
                fail("\(error)", PinionExit.status(for: error))
            }
        }

        /// The budgets the options ask for; the runtime's defaults otherwise.
        private var budgets: Budgets {
            var budgets = Budgets(fuel: fuel)
            if let maxMemory {
                budgets.maxMemoryPages = UInt32(min(maxMemory.bytes / 65536, 65536))
            }
            if let maxStack { budgets.valueStackSlots = maxStack }
            return budgets
        }

        private func fail(_ message: String, _ status: Int32) -> Never {
            printError("pinion: \(message)")
            terminate(status)
        }
    }
}
