// PinionWASI: clock_res_get and clock_time_get, on the host's clock_gettime.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

extension WASI {
    static var clockFunctions: [WASIFunction] {
        [
            WASIFunction("clock_res_get", [.i32, .i32], { $0.clockResGet }),
            WASIFunction("clock_time_get", [.i32, .i64, .i32], { $0.clockTimeGet }),
        ]
    }

    /// The host clock behind a WASI `clockid`: realtime (0), monotonic (1),
    /// process cputime (2), thread cputime (3). Others are EINVAL.
    func hostClock(_ id: UInt32) throws(WASIError) -> clockid_t {
        switch id {
        case 0: CLOCK_REALTIME
        case 1: CLOCK_MONOTONIC
        case 2: CLOCK_PROCESS_CPUTIME_ID
        case 3: CLOCK_THREAD_CPUTIME_ID
        default: throw .errno(.inval)
        }
    }

    /// clock_res_get(id: clockid) -> timestamp
    func clockResGet(_ call: WASICall) throws(WASIError) {
        let clock = try hostClock(call.i32(0))
        let memory = try call.memory()
        var t = timespec()
        guard clock_getres(clock, &t) == 0 else { throw .errno(.lastHostError) }
        try memory.store(WASI.nanoseconds(t), at: call.i32(1))
    }

    /// clock_time_get(id: clockid, precision: timestamp) -> timestamp.
    /// The precision is a hint; the host clock's own resolution is used.
    func clockTimeGet(_ call: WASICall) throws(WASIError) {
        let clock = try hostClock(call.i32(0))
        let memory = try call.memory()
        var t = timespec()
        guard clock_gettime(clock, &t) == 0 else { throw .errno(.lastHostError) }
        try memory.store(WASI.nanoseconds(t), at: call.i32(2))
    }
}
