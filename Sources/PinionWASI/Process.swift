// PinionWASI: proc_exit and sched_yield.
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
            WASIFunction("proc_exit", [.i32], results: [], WASI.procExit),
            WASIFunction("sched_yield", [], WASI.schedYield),
        ]
    }

    /// proc_exit(rval: exitcode): stops the program with a `.exit(code)` trap, which
    /// `WASI.start` turns back into the exit code.
    func procExit(_ call: WASICall) throws(WASIError) {
        throw .trap(Trap(.exit(Int32(bitPattern: call.i32(0)))))
    }

    /// sched_yield()
    func schedYield(_ call: WASICall) throws(WASIError) {
        _ = sched_yield()
    }
}
