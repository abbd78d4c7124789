// PinionWASI: the public face of the wasi_snapshot_preview1 host: configuration,
// defining the imports, and running a command module's `_start`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary
import PinionRuntime

/// A host directory the program may use, under a name of its choosing.
public struct WASIPreopen: Sendable {
    /// The directory on the host.
    public var hostPath: String
    /// The name the program sees (wasi-libc resolves paths starting with it, e.g. "/data" or ".").
    public var guestPath: String
    /// Read-only: no creating, writing, renaming, removing or changing times below it.
    public var readOnly: Bool

    /// Preopens `hostPath` as `guestPath` (the host path itself if nil).
    public init(hostPath: String, guestPath: String? = nil, readOnly: Bool = false) {
        self.hostPath = hostPath
        self.guestPath = guestPath ?? hostPath
        self.readOnly = readOnly
    }
}

/// A preopened directory that cannot be opened.
public struct WASISetupError: Error, CustomStringConvertible {
    /// The host path and the reason.
    public let description: String
}

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
    /// Directories the program may use, as fds 3, 4, ... in this order. Nothing else
    /// of the host file system is reachable.
    public var preopens: [WASIPreopen]
    /// Resolve every path with the component-by-component walk, never openat2. Both are
    /// sandboxed; this exists so tests cover the walk on kernels that have openat2.
    public var alwaysWalkPaths = false

    /// Creates a configuration; by default the guest's stdio is the host process's and
    /// it has no directories.
    public init(arguments: [String] = [], environment: [(String, String)] = [],
                stdin: Int32 = 0, stdout: Int32 = 1, stderr: Int32 = 2, preopens: [WASIPreopen] = []) {
        self.arguments = arguments
        self.environment = environment
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.preopens = preopens
    }
}

/// A `wasi_snapshot_preview1` host: arguments, environment, clocks, stdio, preopened
/// directories (paths can never leave them), polling, sockets handed in as stdio,
/// randomness and exit. Every guest pointer is bounds-checked (`EFAULT` when out of
/// range) and every descriptor's rights are enforced (`ENOTCAPABLE`). Blocking calls
/// end with an `.interrupted` trap soon after the instance's interrupt flag is raised.
/// One `WASI` serves one program; use it from the thread that runs the store.
public final class WASI {
    /// The module name preview1 imports use.
    public static let moduleName = "wasi_snapshot_preview1"

    let configuration: WASIConfiguration
    /// argv and environ, each string NUL-terminated, ready to copy into guest memory.
    let argumentStrings: [[UInt8]]
    let environmentStrings: [[UInt8]]
    /// The guest's open file descriptors.
    var descriptors: DescriptorTable
    /// `configuration.alwaysWalkPaths`.
    var forceWalk: Bool { configuration.alwaysWalkPaths }

    /// Creates a host for one program, opening its preopened directories.
    public init(configuration: WASIConfiguration) throws(WASISetupError) {
        self.configuration = configuration
        argumentStrings = configuration.arguments.map { Array($0.utf8) + [0] }
        environmentStrings = configuration.environment.map { Array("\($0.0)=\($0.1)".utf8) + [0] }
        descriptors = DescriptorTable()
        for hostFD in [configuration.stdin, configuration.stdout, configuration.stderr] {
            _ = try? descriptors.insert(WASI.stdioDescriptor(hostFD))
        }
        for preopen in configuration.preopens {
            let fd = open(preopen.hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                closeAll()
                descriptors = DescriptorTable()  // so deinit does not close them again
                throw WASISetupError(description: "cannot open directory '\(preopen.hostPath)': \(reason)")
            }
            // wasmtime's rights for a preopen. A read-only one lacks the changing rights
            // but still offers them to inherit: wasi-libc asks only for rights offered,
            // so this is how path_open learns that a guest wants to write, and can
            // refuse it (EPERM) instead of quietly opening for reading.
            let denied = preopen.readOnly ? WASIRights.modifying : 0
            _ = try? descriptors.insert(Descriptor(
                hostFD: fd, isStdio: false, filetype: .directory, rightsBase: WASIRights.preopenBase & ~denied,
                rightsInheriting: WASIRights.preopenInheriting, readOnly: preopen.readOnly, deniedByReadOnly: denied,
                preopenName: Array(preopen.guestPath.utf8)))
        }
    }

    deinit { closeAll() }

    /// Closes every host descriptor WASI opened (not the borrowed stdio).
    private func closeAll() {
        for d in descriptors.all where !d.isStdio { close(d.hostFD) }
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
