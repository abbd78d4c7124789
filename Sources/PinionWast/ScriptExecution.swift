// PinionWast: executing one converted script's commands against a fresh store,
// with the semantics of the spec interpreter's script runner.
import PinionRuntime
import PinionValidation
import PinionFiles

/// Runs the commands of one script. One store per script; modules become "current"
/// in order and may be named; `register` makes an instance importable.
final class ScriptExecution {
    private let script: String
    /// Where the script's .wasm files are.
    private let directory: String
    private let store = Store()
    private var imports = Imports()
    /// The most recent module: nil before the first, `.failure` when it did not load.
    private var current: Result<Instance, ModuleUnavailable>?
    private var named: [String: Result<Instance, ModuleUnavailable>] = [:]
    /// Modules defined (`module definition`) but not instantiated, by name.
    private var definitions: [String: Result<ValidatedModule, ModuleUnavailable>] = [:]
    private(set) var result: ScriptResult

    /// Why a module cannot be acted on.
    struct ModuleUnavailable: Error { var message: String }

    private enum Outcome {
        case passed
        case skipped
        case failed(String)
    }

    /// What an action did.
    private enum ActionOutcome {
        case values([Value])
        case trap(Trap)
        /// The action could not be attempted (unknown module or export, bad argument).
        case error(String)
    }

    init(script: String, directory: String) {
        self.script = script
        self.directory = directory
        result = ScriptResult(script: script)
        SpecTestHost.define(in: store, into: &imports)
    }

    func run(_ commands: [WastCommand]) {
        for command in commands {
            switch execute(command) {
            case .passed: result.passed += 1
            case .skipped: result.skipped += 1
            case .failed(let message):
                result.failed += 1
                result.failures.append(Failure(script: script, line: command.line, command: command.type, message: message))
            }
        }
    }

    private func execute(_ c: WastCommand) -> Outcome {
        switch c.type {
        case "module": return module(c)
        case "module_definition": return moduleDefinition(c)
        case "module_instance": return moduleInstance(c)
        case "register": return register(c)
        case "action": return action(c)
        case "assert_return": return assertReturn(c)
        case "assert_trap": return assertTrap(c)
        case "assert_exception": return assertException(c)
        case "assert_exhaustion": return assertExhaustion(c)
        case "assert_invalid": return assertInvalid(c)
        case "assert_malformed": return assertMalformed(c)
        case "assert_unlinkable": return assertUnlinkable(c)
        case "assert_uninstantiable": return assertUninstantiable(c)
        default: return .failed("unsupported command type '\(c.type)'")
        }
    }

    // MARK: Modules

    private func module(_ c: WastCommand) -> Outcome {
        let made: Result<Instance, ModuleUnavailable>
        switch load(c) {
        case .failure(let e):
            made = .failure(e)
        case .success(let module):
            do { made = .success(try store.instantiate(module, imports: imports)) } catch {
                made = .failure(ModuleUnavailable(message: "instantiation failed: \(error)"))
            }
        }
        current = made
        if let name = c.name { named[name] = made }
        if c.moduleType == "text" { return .skipped }  // no text parser; its actions fail
        if case .failure(let e) = made { return .failed(e.message) }
        return .passed
    }

    /// `(module definition $M ...)`: validated, instantiated only by `module_instance`.
    private func moduleDefinition(_ c: WastCommand) -> Outcome {
        let loaded = load(c)
        if let name = c.name { definitions[name] = loaded }
        if case .failure(let e) = loaded { return .failed(e.message) }
        return .passed
    }

    /// `(module instance $I $M)`: instantiates definition `$M` as the current module `$I`.
    private func moduleInstance(_ c: WastCommand) -> Outcome {
        guard let definition = c.module.flatMap({ definitions[$0] }) else {
            return .failed("no module definition named '\(c.module ?? "")'")
        }
        let made: Result<Instance, ModuleUnavailable>
        switch definition {
        case .failure(let e): made = .failure(e)
        case .success(let module):
            do { made = .success(try store.instantiate(module, imports: imports)) } catch {
                made = .failure(ModuleUnavailable(message: "instantiation failed: \(error)"))
            }
        }
        current = made
        if let name = c.instance { named[name] = made }
        if case .failure(let e) = made { return .failed(e.message) }
        return .passed
    }

    private func register(_ c: WastCommand) -> Outcome {
        guard let as_ = c.registerAs else { return .failed("register without a name to register as") }
        switch instance(named: c.name) {
        case .failure(let e): return .failed(e.message)
        case .success(let instance):
            imports.register(instance, as: as_)
            return .passed
        }
    }

    /// Reads and loads the command's module file. Text modules are not loadable.
    private func load(_ c: WastCommand) -> Result<ValidatedModule, ModuleUnavailable> {
        guard let filename = c.filename else { return .failure(ModuleUnavailable(message: "command has no module file")) }
        guard c.moduleType ?? "binary" == "binary" else {
            return .failure(ModuleUnavailable(message: "text-format module \(filename) (binary-only runtime)"))
        }
        guard let bytes = moduleFile(filename) else {
            return .failure(ModuleUnavailable(message: "cannot read \(filename)"))
        }
        do { return .success(try ValidatedModule.load(bytes)) } catch {
            return .failure(ModuleUnavailable(message: "module failed to load: \(error)"))
        }
    }

    private func instance(named name: String?) -> Result<Instance, ModuleUnavailable> {
        if let name {
            guard let found = named[name] else { return .failure(ModuleUnavailable(message: "no module named '\(name)'")) }
            return found.mapError { ModuleUnavailable(message: "module '\(name)' is unavailable (\($0.message))") }
        }
        guard let current else { return .failure(ModuleUnavailable(message: "no module defined yet")) }
        return current.mapError { ModuleUnavailable(message: "current module is unavailable (\($0.message))") }
    }

    // MARK: Actions

    /// Runs the action; messages of errors start with the action's summary.
    private func perform(_ action: WastAction?) -> ActionOutcome {
        guard let action else { return .error("command has no action") }
        switch attempt(action) {
        case .error(let message): return .error("\(action.summary): \(message)")
        case let outcome: return outcome
        }
    }

    private func attempt(_ action: WastAction) -> ActionOutcome {
        let instance: Instance
        switch self.instance(named: action.module) {
        case .failure(let e): return .error(e.message)
        case .success(let i): instance = i
        }
        switch action.type {
        case "invoke":
            guard let function = instance.function(action.field) else {
                return .error("no exported function named \(action.field.debugDescription)")
            }
            var arguments: [Value] = []
            for a in action.args ?? [] {
                do { arguments.append(try ValueParsing.argument(a)) } catch { return .error(error.message) }
            }
            do { return .values(try function.invoke(arguments)) } catch { return .trap(error) }
        case "get":
            guard case .global(let g) = instance.export(action.field) else {
                return .error("no exported global named \(action.field.debugDescription)")
            }
            return .values([g.value])
        default:
            return .error("unsupported action type '\(action.type)'")
        }
    }

    private func action(_ c: WastCommand) -> Outcome {
        switch perform(c.action) {
        case .values: return .passed
        case .trap(let t): return .failed("\(c.action?.summary ?? ""): unexpected \(t)")
        case .error(let message): return .failed(message)
        }
    }

    private func assertReturn(_ c: WastCommand) -> Outcome {
        var expected: [ExpectedValue] = []
        for e in c.expected ?? [] {
            do { expected.append(try ValueParsing.expected(e)) } catch { return .failed(error.message) }
        }
        let summary = c.action?.summary ?? ""
        switch perform(c.action) {
        case .trap(let t): return .failed("\(summary): unexpected \(t)")
        case .error(let message): return .failed(message)
        case .values(let actual):
            let mismatch = actual.count != expected.count
                || zip(actual, expected).contains { !$1.matches($0) }
            guard mismatch else { return .passed }
            return .failed("\(summary): expected [\(expected.map(\.description).joined(separator: ", "))], "
                + "got [\(actual.map(describe).joined(separator: ", "))]")
        }
    }

    private func assertTrap(_ c: WastCommand) -> Outcome {
        let expected = c.text ?? ""
        if c.action == nil, c.filename != nil {
            // The module form: instantiation must trap.
            return expectInstantiationTrap(c)
        }
        let summary = c.action?.summary ?? ""
        switch perform(c.action) {
        case .values(let v): return .failed("\(summary): expected trap '\(expected)', got [\(v.map(describe).joined(separator: ", "))]")
        case .error(let message): return .failed(message)
        case .trap(let t): return compare(t, expected, summary)
        }
    }

    /// The action must end with an exception no handler caught (not a trap).
    private func assertException(_ c: WastCommand) -> Outcome {
        let summary = c.action?.summary ?? ""
        switch perform(c.action) {
        case .values(let v): return .failed("\(summary): expected an exception, got [\(v.map(describe).joined(separator: ", "))]")
        case .error(let message): return .failed(message)
        case .trap(let t): return t.isException ? .passed : .failed("\(summary): expected an exception, got \(t)")
        }
    }

    private func assertExhaustion(_ c: WastCommand) -> Outcome {
        let expected = c.text ?? "call stack exhausted"
        let summary = c.action?.summary ?? ""
        switch perform(c.action) {
        case .values(let v): return .failed("\(summary): expected trap '\(expected)', got [\(v.map(describe).joined(separator: ", "))]")
        case .error(let message): return .failed(message)
        case .trap(let t):
            switch t.kind {
            case .callStackExhausted, .valueStackExhausted: return .passed
            default: return .failed("\(summary): expected '\(expected)', got \(t)")
            }
        }
    }

    // MARK: Module assertions

    /// Text-format modules (`module quote`) are skipped: a binary-only runtime has no text parser.
    private func assertInvalid(_ c: WastCommand) -> Outcome {
        guard c.moduleType ?? "binary" == "binary" else { return .skipped }
        return expectLoadFailure(c)
    }

    private func assertMalformed(_ c: WastCommand) -> Outcome {
        guard c.moduleType ?? "binary" == "binary" else { return .skipped }
        return expectLoadFailure(c)
    }

    /// The bytes of a module file the converter wrote, or nil.
    private func moduleFile(_ filename: String) -> [UInt8]? {
        try? RegularFile.contents("\(directory)/\(filename)", limit: Int.max)
    }

    /// Invalid and malformed modules must fail to load (either error kind is accepted).
    private func expectLoadFailure(_ c: WastCommand) -> Outcome {
        guard let filename = c.filename, c.moduleType ?? "binary" == "binary" else {
            return .failed("command has no binary module")
        }
        guard let bytes = moduleFile(filename) else {
            return .failed("cannot read \(filename)")
        }
        do {
            _ = try ValidatedModule.load(bytes)
            return .failed("module loaded, expected failure '\(c.text ?? "")'")
        } catch {
            return .passed
        }
    }

    private func assertUnlinkable(_ c: WastCommand) -> Outcome {
        switch load(c) {
        case .failure(let e): return .failed(e.message)
        case .success(let module):
            do {
                _ = try store.instantiate(module, imports: imports)
                return .failed("module instantiated, expected '\(c.text ?? "unlinkable")'")
            } catch {
                return .passed
            }
        }
    }

    private func assertUninstantiable(_ c: WastCommand) -> Outcome {
        expectInstantiationTrap(c)
    }

    /// Loading must succeed and instantiation must fail with a trap matching `text`.
    private func expectInstantiationTrap(_ c: WastCommand) -> Outcome {
        let expected = c.text ?? ""
        switch load(c) {
        case .failure(let e): return .failed(e.message)
        case .success(let module):
            do {
                _ = try store.instantiate(module, imports: imports)
                return .failed("module instantiated, expected trap '\(expected)'")
            } catch {
                guard case .trap(let t) = error else { return .failed("expected trap '\(expected)', got \(error)") }
                return compare(t, expected)
            }
        }
    }

    /// A trap passes when either message is a prefix of the other
    /// (the suite writes e.g. "uninitialized element 2" for "uninitialized element").
    private func compare(_ trap: Trap, _ expected: String, _ context: String = "instantiation") -> Outcome {
        let actual = trap.kind.message
        guard !actual.isEmpty, actual.hasPrefix(expected) || expected.hasPrefix(actual) else {
            return .failed("\(context): expected trap '\(expected)', got '\(actual)' (\(trap))")
        }
        return .passed
    }
}
