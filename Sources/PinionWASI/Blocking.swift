// PinionWASI: blocking I/O that an interrupt can end. A blocking host call cannot look
// at the instance's interrupt flag, so Pinion never makes one that might wait long:
// it waits in `poll` slices of 20 ms, looking at the flag between them.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension WASI {
    /// Longest single wait before looking at the interrupt flag again, in milliseconds.
    static let interruptSliceMilliseconds: Int32 = 20

    /// Runs the host I/O call `body` on `descriptor` (which may wait for `events`) with
    /// blocking semantics, unless the guest asked for nonblocking I/O. Returns its
    /// result, or throws its errno, or an `.interrupted` trap.
    ///  - Descriptors Pinion keeps O_NONBLOCK: `body` is tried, and on EAGAIN, waited for.
    ///  - Borrowed ones (stdio) that might block: waited for first (or, if the guest made
    ///    them nonblocking, EAGAIN when not ready), then `body` runs once.
    ///  - Regular files, directories and block devices never wait: `body` runs.
    func blockingIO(_ descriptor: Descriptor, events: Int16, _ call: WASICall,
                    _ body: () -> Int) throws(WASIError) -> Int {
        if descriptor.hostAlwaysNonblocking {
            while true {
                try call.checkInterrupt()
                let n = body()
                if n >= 0 { return n }
                let code = errno
                if code == EINTR { continue }
                if code != EAGAIN || descriptor.nonblocking { throw .errno(WASIErrno(hostErrno: code)) }
                var entry = pollfd(fd: descriptor.hostFD, events: events, revents: 0)
                _ = poll(&entry, 1, WASI.interruptSliceMilliseconds)
            }
        }
        if descriptor.isStdio && descriptor.nonblocking {
            // Emulated: the host's stdio stays as the embedder left it (see fd_fdstat_set_flags).
            var entry = pollfd(fd: descriptor.hostFD, events: events, revents: 0)
            if descriptor.filetype != .regularFile && poll(&entry, 1, 0) == 0 { throw .errno(.again) }
        } else {
            try waitUntilReady(descriptor, events: events, call)
        }
        return try retryingOnEINTR(body)
    }

    /// For borrowed descriptors that can block (anything but regular files, directories
    /// and block devices, unless nonblocking): waits until `events` are ready, looking
    /// at the interrupt flag between slices. Errors are left for the I/O call to report.
    private func waitUntilReady(_ descriptor: Descriptor, events: Int16, _ call: WASICall) throws(WASIError) {
        switch descriptor.filetype {
        case .regularFile, .directory, .blockDevice: return
        default: break
        }
        let flags = fcntl(descriptor.hostFD, F_GETFL)
        if flags >= 0 && flags & O_NONBLOCK != 0 { return }
        var entry = pollfd(fd: descriptor.hostFD, events: events, revents: 0)
        while true {
            try call.checkInterrupt()
            let n = poll(&entry, 1, WASI.interruptSliceMilliseconds)
            if n > 0 || (n < 0 && errno != EINTR) { return }
        }
    }
}
