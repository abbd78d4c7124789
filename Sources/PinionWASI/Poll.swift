// PinionWASI: poll_oneoff: waits for clocks (relative or absolute) and fd readiness,
// any number at once. The wait is cut into short host polls so that an interrupt ends
// it promptly.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

extension WASI {
    static var pollFunctions: [WASIFunction] {
        [WASIFunction("poll_oneoff", [.i32, .i32, .i32, .i32], { $0.pollOneoff })]
    }

    /// One subscription, decoded.
    private enum Interest {
        /// A clock firing at `deadline` (CLOCK_MONOTONIC ns).
        case clock(deadline: UInt64)
        /// An fd to watch (host fd, poll events, the guest's filetype).
        case fd(host: Int32, events: Int16, filetype: WASIFiletype)
        /// A subscription that is answered at once with this error.
        case failed(WASIErrno)
    }

    /// poll_oneoff(in: ptr<subscription>, out: ptr<event>, nsubscriptions) -> size.
    ///
    /// subscription (48 bytes): userdata u64 at 0, tag u8 at 8 (0 clock, 1 fd_read,
    /// 2 fd_write), then at 16 either clock {id u32 at 16, timeout u64 at 24, precision
    /// u64 at 32, flags u16 at 40 (1 = abstime)} or fd_readwrite {fd u32 at 16}.
    /// event (32 bytes): userdata u64 at 0, error u16 at 8, type u8 at 10, nbytes u64 at
    /// 16, flags u16 at 24 (1 = hangup).
    func pollOneoff(_ call: WASICall) throws(WASIError) {
        let memory = try call.memory()
        let count = call.i32(2)
        guard count > 0 else { throw .errno(.inval) }
        let input = try memory.array(at: call.i32(0), count: count, stride: 48)
        let output = try memory.array(at: call.i32(1), count: count, stride: 32)
        try memory.check(UInt32.self, at: call.i32(3))

        let now = WASI.monotonicNow()
        var interests: [(userdata: UInt64, type: UInt8, interest: Interest)] = []
        for i in 0..<Int(count) {
            let base = i * 48
            let userdata = input.loadLE(UInt64.self, at: base)
            let tag = input.loadLE(UInt8.self, at: base + 8)
            switch tag {
            case 0:
                let id = input.loadLE(UInt32.self, at: base + 16)
                let timeout = input.loadLE(UInt64.self, at: base + 24)
                let flags = input.loadLE(UInt16.self, at: base + 40)
                interests.append((userdata, 0, clockInterest(id: id, timeout: timeout, flags: flags, now: now)))
            case 1, 2:
                let fd = input.loadLE(UInt32.self, at: base + 16)
                let interest: Interest
                do throws(WASIError) {
                    let d = try descriptors.get(fd, requiring: WASIRights.pollFdReadwrite)
                    interest = .fd(host: d.hostFD, events: Int16(tag == 1 ? POLLIN : POLLOUT), filetype: d.filetype)
                } catch {
                    if case .errno(let e) = error { interest = .failed(e) } else { throw error }
                }
                interests.append((userdata, tag, interest))
            default:
                throw .errno(.inval)
            }
        }

        var events: [(index: Int, error: WASIErrno, nbytes: UInt64, hangup: Bool)] = []
        var pollfds: [pollfd] = []
        var pollIndex: [Int] = []  // subscription index of each pollfd
        var earliest = UInt64.max
        for (i, entry) in interests.enumerated() {
            switch entry.interest {
            case .failed(let e): events.append((i, e, 0, false))
            case .clock(let deadline): earliest = min(earliest, deadline)
            case .fd(let host, let wanted, _):
                pollfds.append(pollfd(fd: host, events: wanted, revents: 0))
                pollIndex.append(i)
            }
        }

        while true {
            try call.checkInterrupt()
            let current = WASI.monotonicNow()
            var timeout = events.isEmpty ? WASI.interruptSliceMilliseconds : 0
            if earliest != .max {
                let remaining = earliest > current ? (earliest - current + 999_999) / 1_000_000 : 0
                timeout = Int32(min(UInt64(timeout), remaining))
            }
            if !pollfds.isEmpty || timeout > 0 {
                let n = pollfds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeout) }
                if n < 0 && errno != EINTR { throw .errno(.lastHostError) }
                for (k, p) in pollfds.enumerated() where n > 0 && p.revents != 0 {
                    let i = pollIndex[k]
                    guard case .fd(let host, let wanted, let filetype) = interests[i].interest else { continue }
                    let hangup = p.revents & Int16(POLLHUP) != 0
                    let failed = p.revents & Int16(POLLNVAL) != 0 ? WASIErrno.badf : .success
                    let nbytes = wanted == Int16(POLLIN) ? WASI.readableBytes(host, filetype) : 0
                    events.append((i, failed, nbytes, hangup))
                }
            }
            if earliest != .max && WASI.monotonicNow() >= earliest {
                for (i, entry) in interests.enumerated() {
                    if case .clock(let deadline) = entry.interest, deadline <= WASI.monotonicNow() {
                        events.append((i, .success, 0, false))
                    }
                }
            }
            if !events.isEmpty { break }
        }

        events.sort { $0.index < $1.index }
        for (k, event) in events.enumerated() {
            let base = k * 32
            let entry = interests[event.index]
            for offset in stride(from: 0, to: 32, by: 8) { output.storeLE(UInt64(0), at: base + offset) }
            output.storeLE(entry.userdata, at: base)
            output.storeLE(event.error.rawValue, at: base + 8)
            output.storeLE(entry.type, at: base + 10)
            if entry.type != 0 {
                output.storeLE(event.nbytes, at: base + 16)
                output.storeLE(UInt16(event.hangup ? 1 : 0), at: base + 24)
            }
        }
        try memory.store(UInt32(events.count), at: call.i32(3))
    }

    /// The deadline of a clock subscription, on CLOCK_MONOTONIC. Relative timeouts
    /// count from now; absolute ones are converted from their clock. Only realtime and
    /// monotonic can be waited on (EINVAL for the cputime clocks, as in wasmtime).
    private func clockInterest(id: UInt32, timeout: UInt64, flags: UInt16, now: UInt64) -> Interest {
        guard flags & ~UInt16(1) == 0 else { return .failed(.inval) }
        let absolute = flags & 1 != 0
        switch id {
        case 1:
            return .clock(deadline: absolute ? timeout : now.addingClamped(timeout))
        case 0:
            guard absolute else { return .clock(deadline: now.addingClamped(timeout)) }
            var t = timespec()
            clock_gettime(CLOCK_REALTIME, &t)
            let realNow = WASI.nanoseconds(t)
            return .clock(deadline: timeout <= realNow ? now : now.addingClamped(timeout - realNow))
        default:
            return .failed(.inval)
        }
    }

    /// CLOCK_MONOTONIC now, in nanoseconds.
    static func monotonicNow() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return nanoseconds(t)
    }

    /// Bytes available to read: what is left of a regular file after its position, or
    /// what a pipe or socket holds (FIONREAD).
    private static func readableBytes(_ fd: Int32, _ filetype: WASIFiletype) -> UInt64 {
        if filetype == .regularFile {
            var st = stat()
            let position = lseek(fd, 0, SEEK_CUR)
            guard fstat(fd, &st) == 0, position >= 0, st.st_size > position else { return 0 }
            return UInt64(st.st_size - position)
        }
        var available: Int32 = 0
        return ioctl(fd, UInt(FIONREAD), &available) == 0 && available > 0 ? UInt64(available) : 0
    }
}

private extension UInt64 {
    /// `self + other`, or `.max` instead of overflowing (a timeout of "forever").
    func addingClamped(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
