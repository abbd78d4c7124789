// PinionWASI: the public face of the wasi_snapshot_preview1 host: configuration,
// defining the imports, and running a command module's `_start`.
import PinionBinary
import PinionRuntime

/// What a WASI program sees of the outside world.
public struct WASIConfiguration {
    /// The program's argv; by convention the first is the program name.
    public var arguments: [String]
    /// Environment variables, in order, as (name, value).
    public var environment: [(String, String)]
    /// Host file descriptors behind the guest's fds 0, 1 and 2. They are borrowed:
    /// WASI never closes them, even when the guest closes its fd.
    public var stdin: Int32 = 0
    public var stdout: Int32 = 1
    public var stderr: Int32 = 2

    /// Creates a configuration; by default the guest's stdio is the host process's.
    public init(arguments: [String] = [], environment: [(String, String)] = [],
                stdin: Int32 = 0, stdout: Int32 = 1, stderr: Int32 = 2) {
        self.arguments = arguments
        self.environment = environment
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// A `wasi_snapshot_preview1` host: arguments, environment, clocks, stdio, randomness
/// and exit. Calls not implemented yet are defined and return `ENOSYS`, so any
/// preview1 module links. Every guest pointer is bounds-checked (`EFAULT` when out of
/// range). One `WASI` serves one program; use it from the thread that runs the store.
public final class WASI {
    /// The module name preview1 imports use.
    public static let moduleName = "wasi_snapshot_preview1"

    let configuration: WASIConfiguration
    /// argv and environ, each string NUL-terminated, ready to copy into guest memory.
    let argumentStrings: [[UInt8]]
    let environmentStrings: [[UInt8]]
    /// The guest's open file descriptors.
    var descriptors: DescriptorTable

    /// Creates a host for one program.
    public init(configuration: WASIConfiguration) {
        self.configuration = configuration
        argumentStrings = configuration.arguments.map { Array($0.utf8) + [0] }
        environmentStrings = configuration.environment.map { Array("\($0.0)=\($0.1)".utf8) + [0] }
        descriptors = DescriptorTable(stdin: configuration.stdin, stdout: configuration.stdout,
                                      stderr: configuration.stderr)
    }

    /// Defines every wasi_snapshot_preview1 function in `imports` (host functions made in `store`).
    public func define(in imports: inout Imports, store: Store) {
        for function in WASI.functions {
            let implementation = function.body(self)
            let returnsErrno = !function.type.results.isEmpty
            let host = store.makeHostFunction(type: function.type) { (caller, slots) throws(Trap) in
                let call = WASICall(caller: caller, slots: slots)
                let result: WASIErrno
                do throws(WASIError) {
                    try implementation(call)
                    result = .success
                } catch {
                    switch error {
                    case .errno(let e): result = e
                    case .trap(let trap): throw trap
                    }
                }
                if returnsErrno { slots[0] = UInt64(UInt32(result.rawValue)) }
            }
            imports.define(WASI.moduleName, function.name, .function(host))
        }
    }

    /// Runs a command module: calls `_start`; returns the exit code (0 if `_start`
    /// returns normally, the `proc_exit` code if it exits). Other traps are rethrown.
    public func start(_ instance: Instance) throws(Trap) -> Int32 {
        guard let start = instance.function("_start") else {
            throw Trap(.host("not a WASI command: no exported function named '_start'"))
        }
        guard start.type == FunctionType(parameters: [], results: []) else {
            throw Trap(.host("not a WASI command: '_start' has type \(start.type), expected () -> ()"))
        }
        do {
            _ = try start.invoke([])
            return 0
        } catch {
            if case .exit(let code) = error.kind { return code }
            throw error
        }
    }
}
