// PinionSupervisor: noticing new spool entries: inotify (an entry renamed into the
// spool, or a file closed after writing) wakes the supervisor at once; a periodic scan
// covers file systems without inotify and anything it missed.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

final class SpoolWatcher: @unchecked Sendable {
    private let monitor = Monitor()
    private var stopped = false
    private var thread: JoinableThread?

    /// Calls `changed` (on the watcher's thread) when the spool may hold something new.
    init(directory: String, pollSeconds: Double, changed: @escaping () -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd >= 0 && inotify_add_watch(fd, directory, UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE)) < 0 {
            close(fd)
        }
        thread = JoinableThread { [self] in
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 8)
            defer { buffer.deallocate(); if fd >= 0 { close(fd) } }
            var lastScan = monotonicSeconds()
            while !monitor.locked({ stopped }) {
                var event = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                // Short waits so `stop` is noticed quickly.
                let ready = poll(&event, 1, 200)
                var notify = false
                if ready > 0 && fd >= 0 {
                    while read(fd, buffer, 4096) > 0 {}  // the names do not matter: the scan looks at all
                    notify = true
                }
                if monotonicSeconds() - lastScan >= pollSeconds { notify = true }
                if notify {
                    lastScan = monotonicSeconds()
                    changed()
                }
            }
        }
    }

    func stop() {
        monitor.locked { stopped = true }
        thread?.join()
    }
}
