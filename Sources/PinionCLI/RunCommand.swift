// PinionCLI: `pinion run`: load, instantiate under budgets, and run a WASI command (or
// one export of a reactor), with only the directories, environment and arguments the
// command line grants.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary
import PinionManifest
import PinionRuntime
import PinionValidation
import PinionWASI

extension Pinion {
    /// `pinion run [options] MODULE.wasm [ARGS...]`
    struct Run: PinionCommand {
        static let directories = Option<String>(
            "dir", valueName: "HOST[::GUEST]",
            help: "Grants the module a host directory, under the same name or as GUEST; repeatable. Example: --dir . --dir /srv/data::/data", repeating: true)
        static let readOnlyDirectories = Option<String>(
            "dir-ro", valueName: "HOST[::GUEST]",
            help: "Like --dir, read-only: nothing below it can be created, written, renamed, removed or retimed. Example: --dir-ro /etc/ssl::/ssl", repeating: true)
        static let environment = Option<String>(
            "env", valueName: "K=V",
            help: "Sets an environment variable for the module; repeatable, and wins over --env-inherit. Example: --env HOME=/ --env LANG=C", repeating: true)
        static let inheritEnvironment = Flag(
            "env-inherit", help: "Passes pinion's whole environment to the module. Example: --env-inherit --env DEBUG=1")
        static let argv0 = Option<String>(
            "argv0", valueName: "NAME",
            help: "The program name the module sees as argv[0] (default: MODULE.wasm as given). Example: --argv0 grep")
        static let fuel = Option<UInt64>(
            "fuel", valueName: "N",
            help: "Fuel budget: one unit per call and per loop iteration; unlimited if omitted. Example: --fuel 1000000000")
        static let maxMemory = Option<ByteSize>(
            "max-memory", valueName: "BYTES",
            help: "Memory budget in bytes (K, M, G suffixes allowed; default 64M): linear memory (64 KiB pages) and table elements (8 bytes each) together, and separately the module's decoded state. Example: --max-memory 16M")
        static let maxModuleSize = Option<ByteSize>(
            "max-module-size", valueName: "BYTES",
            help: "Largest module file accepted, in bytes (K, M, G suffixes allowed); default 64M. Example: --max-module-size 256K")
        static let maxStack = Option<Int>(
            "max-stack", valueName: "SLOTS",
            help: "Value stack size in 64-bit slots (locals and operands of all frames). Example: --max-stack 65536")
        static let timeout = Option<Double>(
            "timeout", valueName: "SECONDS",
            help: "Stops the module after this many seconds of wall time (fractions allowed), even in a blocking read or poll; exit code 136. Example: --timeout 2.5")
        static let invoke = Option<String>(
            "invoke", valueName: "FUNC",
            help: "Calls this export instead of _start (after _initialize, if exported), with ARGS as its arguments, and prints its results, one per line. Example: --invoke add math.wasm 2 40")
        static let unknownImports = Option<UnknownImports>(
            "unknown-imports", valueName: "trap",
            help: "What to do with function imports nothing provides: 'trap' links them to a function that traps with the import's name when called (default: refuse to link, exit code 2). Example: --unknown-imports trap")
        static let module = Argument<String>(valueName: "MODULE.wasm", help: "The module to run. Example: hello.wasm")
        static let arguments = Argument<String>(
            valueName: "ARGS",
            help: "Arguments for the module (or, with --invoke, for the function). Example: pinion run grep.wasm -n main input.txt",
            .passthrough)

        static let definition = CommandDefinition(
            "run",
            abstract: "Run a WASI command module (calls its _start export), or one export with --invoke.",
            discussion: """
                The module sees argv = [MODULE.wasm (or --argv0), ARGS...], only the \
                environment given with --env (or --env-inherit), pinion's stdin, stdout and \
                stderr, and only the directories given with --dir and --dir-ro. Paths can \
                never leave those directories: not with "..", absolute paths or symlinks. \
                Everything after MODULE.wasm is passed to the module (with --invoke: to the \
                function). Errors are reported on stderr as "pinion: MODULE.wasm: <error>", \
                traps as "pinion: trap: <message> in function N at offset 0x...".

                Examples:
                  pinion run hello.wasm
                  pinion run --dir . --dir-ro /usr/share/dict::/dict grep.wasm -w wasm /dict/words
                  pinion run --env-inherit --env LANG=C --timeout 5 tool.wasm --verbose
                  pinion run --invoke add math.wasm 2 40

                \(PinionExit.runSummary)
                """,
            parameters: [directories, readOnlyDirectories, environment, inheritEnvironment, argv0, fuel, maxMemory, maxModuleSize,
                         maxStack, timeout, invoke, unknownImports] + HardwareOptions.parameters + [module, arguments])

        let directories: [String]
        let readOnlyDirectories: [String]
        let environment: [String]
        let inheritEnvironment: Bool
        let argv0: String?
        let fuel: UInt64?
        let maxMemory: ByteSize?
        let maxModuleSize: ByteSize?
        let maxStack: Int?
        let timeout: Double?
        let invoke: String?
        let unknownImports: UnknownImports?
        let hardware: HardwareOptions
        let module: String
        let arguments: [String]

        /// `--unknown-imports` policies.
        enum UnknownImports: String, ArgumentValue, CaseIterable {
            case trap
        }

        init(_ parsed: ParsedArguments) throws(UsageError) {
            directories = parsed.all(Self.directories)
            readOnlyDirectories = parsed.all(Self.readOnlyDirectories)
            environment = parsed.all(Self.environment)
            inheritEnvironment = parsed[Self.inheritEnvironment]
            argv0 = parsed[Self.argv0]
            fuel = parsed[Self.fuel]
            maxMemory = parsed[Self.maxMemory]
            maxModuleSize = parsed[Self.maxModuleSize]
            maxStack = parsed[Self.maxStack]
            timeout = parsed[Self.timeout]
            invoke = parsed[Self.invoke]
            unknownImports = parsed[Self.unknownImports]
            hardware = HardwareOptions(parsed)
            module = parsed.value(Self.module)
            arguments = parsed.all(Self.arguments)

            for pair in environment where !pair.contains("=") || pair.hasPrefix("=") {
                throw UsageError("--env expects NAME=VALUE, got '\(pair)'")
            }
            if let maxStack, maxStack <= 0 {
                throw UsageError("--max-stack must be positive")
            }
            if let timeout, !(timeout > 0) || !timeout.isFinite {
                throw UsageError("--timeout must be a positive number of seconds")
            }
            for spec in directories + readOnlyDirectories where Self.preopen(spec, readOnly: false) == nil {
                throw UsageError("--dir expects HOST or HOST::GUEST, got '\(spec)'")
            }
        }

        func run() throws {
            let bytes: ModuleBytes
            switch readModule(module, limit: maxModuleSize?.bytes ?? defaultMaxModuleBytes) {
            case .success(let b): bytes = b
            case .failure(let e): fail("\(module): \(e)", PinionExit.loadFailed)
            }

            // The manifest's grants and budgets first; options add to and override them.
            let manifest = withExtendedLifetime(bytes) {
                hardware.loadManifest(modulePath: module, moduleBytes: UnsafeRawBufferPointer(start: bytes.base, count: bytes.count))
            }
            let budgets = budgets(manifest?.budgets)
            do { try budgets.validate() } catch { fail("\(error)", PinionExit.usage) }

            // Decoding and validation may allocate up to the memory budget for the module's
            // decoded state (on top of what its memories and tables are charged).
            let validated: ValidatedModule
            do { validated = try ValidatedModule.load(bytes, maxStateBytes: budgets.memoryBytes) } catch {
                fail("\(module): \(error)", PinionExit.loadFailed)
            }
            let grants = manifest?.wasi ?? WASIGrants()
            let store = Store()
            let wasi: WASI
            do {
                let moduleArguments = grants.arguments + arguments
                wasi = try WASI(configuration: WASIConfiguration(
                    arguments: invoke == nil ? [argv0 ?? module] + moduleArguments : [argv0 ?? module],
                    environment: moduleEnvironment(granted: grants.environment),
                    preopens: grants.directories.map { WASIPreopen(hostPath: $0.host, guestPath: $0.guest, readOnly: $0.readOnly) }
                        + directories.compactMap { Self.preopen($0, readOnly: false) }
                        + readOnlyDirectories.compactMap { Self.preopen($0, readOnly: true) }))
            } catch {
                fail("\(error)", PinionExit.loadFailed)
            }
            var imports = Imports()
            wasi.define(in: &imports, store: store)
            try hardware.attach(to: &imports, store: store, modulePath: module, manifest: manifest)
            if unknownImports == .trap { defineTrappingStubs(for: validated, in: &imports, store: store) }

            // A closed pipe on stdout is the module's EPIPE, not pinion's death.
            signal(SIGPIPE, SIG_IGN)
            // The timeout runs from before instantiation: a start function may loop too.
            let interrupt = InterruptFlag()
            let watchdog = timeout.map { Watchdog(seconds: $0, flag: interrupt) }
            let instance: Instance
            do { instance = try store.instantiate(validated, imports: imports, budgets: budgets, interrupt: interrupt) } catch {
                watchdog?.cancel()
                switch error {
                case .unlinkable: fail("\(module): \(error)", PinionExit.loadFailed)
                case .budgetExceeded: fail("\(module): \(error)", PinionExit.budgetExceeded)
                case .trap(let trap):
                    if case .exit(let code) = trap.kind { exitModule(code) }
                    if trap.kind == .interrupted, let timeout, watchdog?.fired.load(ordering: .relaxed) == true {
                        fail("\(module): timed out after \(timeout) s during instantiation (\(trap))", PinionExit.interrupted)
                    }
                    fail("\(trap) (during instantiation)", PinionExit.status(for: trap))
                }
            }

            do {
                let status: Int32
                if let invoke {
                    status = try callExport(invoke, in: instance)
                } else {
                    guard instance.function("_start") != nil else {
                        fail("\(module): not a WASI command: no exported function named '_start' (use --invoke to call another export)", PinionExit.loadFailed)
                    }
                    status = try wasi.start(instance)
                }
                watchdog?.cancel()
                // Whatever finished after the deadline did not finish in time.
                if let timeout, watchdog?.fired.load(ordering: .relaxed) == true {
                    fail("\(module): timed out after \(timeout) s", PinionExit.interrupted)
                }
                exitModule(status)
            } catch {
                watchdog?.cancel()
                if error.kind == .interrupted, let timeout, watchdog?.fired.load(ordering: .relaxed) == true {
                    fail("\(module): timed out after \(timeout) s (\(error))", PinionExit.interrupted)
                }
                fail("\(error)", PinionExit.status(for: error))
            }
        }

        /// Ends pinion with the module's exit code, if it is one a process can report
        /// unambiguously (`PinionExit.moduleCodes`); else says so and exits 1, as wasmtime does.
        private func exitModule(_ code: Int32) -> Never {
            guard PinionExit.moduleCodes.contains(code) else {
                fail("\(module): exit with invalid exit status \(code) outside of [0..126)", PinionExit.invalidModuleCode)
            }
            terminate(code)
        }

        /// --invoke: runs `_initialize` if the module has it, then `name` with the
        /// command-line arguments; prints the results. Returns the exit status.
        private func callExport(_ name: String, in instance: Instance) throws(Trap) -> Int32 {
            guard let function = instance.function(name) else {
                fail("\(module): no exported function named '\(name)'", PinionExit.loadFailed)
            }
            let values: [Value]
            switch InvokeArguments.parse(arguments, for: function.type) {
            case .success(let v): values = v
            case .failure(let e): fail("--invoke \(name): \(e)", PinionExit.usage)
            }
            do {
                if let initialize = instance.function("_initialize"), name != "_initialize" {
                    _ = try initialize.invoke([])
                }
                for result in try function.invoke(values) { print(InvokeArguments.format(result)) }
                return 0
            } catch {
                if case .exit(let code) = error.kind { return code }
                throw error
            }
        }

        /// For --unknown-imports trap: a stub for every function import nothing defines,
        /// trapping with the import's name when called.
        private func defineTrappingStubs(for module: ValidatedModule, in imports: inout Imports, store: Store) {
            for entry in module.module.imports where imports.lookup(entry.module, entry.name) == nil {
                guard case .function(let typeIndex) = entry.kind else { continue }
                let message = "call to unknown import \(entry.module).\(entry.name)"
                let stub = store.makeHostFunction(type: module.module.types[Int(typeIndex)]) { _, _ throws(Trap) in
                    throw Trap(.host(message))
                }
                imports.define(entry.module, entry.name, .function(stub))
            }
        }

        /// The module's environment: pinion's own with --env-inherit, then the manifest's
        /// `granted` variables, then --env settings, each replacing an earlier variable of
        /// the same name.
        private func moduleEnvironment(granted: [(String, String)]) -> [(String, String)] {
            var result: [(String, String)] = []
            if inheritEnvironment {
                var entry = environ
                while let pointer = entry.pointee {
                    let pair = String(cString: pointer)
                    if let i = pair.firstIndex(of: "=") {
                        result.append((String(pair[..<i]), String(pair[pair.index(after: i)...])))
                    }
                    entry += 1
                }
            }
            let options = environment.map { pair in
                let i = pair.firstIndex(of: "=")!
                return (String(pair[..<i]), String(pair[pair.index(after: i)...]))
            }
            for (name, value) in granted + options {
                result.removeAll { $0.0 == name }
                result.append((name, value))
            }
            return result
        }

        /// A --dir/--dir-ro value: HOST, or HOST::GUEST (both non-empty).
        static func preopen(_ spec: String, readOnly: Bool) -> WASIPreopen? {
            let characters = Array(spec)
            guard let i = characters.indices.first(where: { characters[$0] == ":" && $0 + 1 < characters.count && characters[$0 + 1] == ":" }) else {
                return spec.isEmpty ? nil : WASIPreopen(hostPath: spec, readOnly: readOnly)
            }
            let host = String(characters[..<i]), guest = String(characters[(i + 2)...])
            guard !host.isEmpty, !guest.isEmpty else { return nil }
            return WASIPreopen(hostPath: host, guestPath: guest, readOnly: readOnly)
        }

        /// The budgets the options ask for, else the manifest's, else the runtime's defaults.
        private func budgets(_ granted: ManifestBudgets?) -> Budgets {
            var budgets = (granted ?? ManifestBudgets()).runtimeBudgets
            if let fuel { budgets.fuel = fuel }
            if let bytes = maxMemory?.bytes { budgets.memoryBytes = bytes }
            if let maxStack { budgets.valueStackSlots = maxStack }
            return budgets
        }

        private func fail(_ message: String, _ status: Int32) -> Never {
            printError("pinion: \(message)")
            terminate(status)
        }
    }
}
