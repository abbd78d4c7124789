// PinionWASI: proc_exit, proc_raise and sched_yield.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary
import PinionRuntime

extension WASI {
    static var processFunctions: [WASIFunction] {
        [
            WASIFunction("proc_exit", [.i32], results: [], { $0.procExit }),
            WASIFunction("proc_raise", [.i32], { $0.procRaise }),
            WASIFunction("sched_yield", [], { $0.schedYield }),
        ]
    }

    /// proc_exit(rval: exitcode): stops the program with a `.exit(code)` trap, which
    /// `WASI.start` turns back into the exit code.
    func procExit(_ call: WASICall) throws(WASIError) {
        throw .trap(Trap(.exit(Int32(bitPattern: call.i32(0)))))
    }

    /// proc_raise(sig: signal): deprecated in witx and removed from wasi-libc. Raising a
    /// signal would reach the host process, so, as in wasmtime, it is not supported.
    func procRaise(_ call: WASICall) throws(WASIError) {
        guard call.i32(0) <= 30 else { throw .errno(.inval) }  // witx `signal`: none 0 .. sys 30
        throw .errno(.noSys)
    }

    /// sched_yield()
    func schedYield(_ call: WASICall) throws(WASIError) {
        _ = sched_yield()
    }
}
