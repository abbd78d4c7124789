// PinionCLI: `pinion run --timeout`: a thread that raises an instance's interrupt flag
// when the time is up. The interpreter and WASI's blocking calls look at the flag and
// stop with an `.interrupted` trap.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionRuntime
import Synchronization

/// Raises `flag` after `seconds`, unless cancelled first.
final class Watchdog: Sendable {
    private let flag: InterruptFlag
    private let nanoseconds: UInt64
    /// Whether the time ran out (so a later `.interrupted` trap is the timeout's).
    let fired = Atomic<Bool>(false)
    private let cancelled = Atomic<Bool>(false)

    /// Starts the timer thread.
    init(seconds: Double, flag: InterruptFlag) {
        self.flag = flag
        nanoseconds = UInt64(min(seconds, 1e9) * 1e9)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            let dog = Unmanaged<Watchdog>.fromOpaque(context!).takeRetainedValue()
            dog.wait()
            return nil
        }, context)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Watchdog>.fromOpaque(context).release()
        }
    }

    /// Stops the timer (the program ended first).
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Sleeps in slices until the deadline or cancellation.
    private func wait() {
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let begin = UInt64(start.tv_sec) * 1_000_000_000 + UInt64(start.tv_nsec)
        while !cancelled.load(ordering: .relaxed) {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let elapsed = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec) - begin
            if elapsed >= nanoseconds {
                fired.store(true, ordering: .relaxed)
                flag.raise()
                return
            }
            let slice = min(nanoseconds - elapsed, 50_000_000)
            var request = timespec(tv_sec: 0, tv_nsec: Int(slice))
            nanosleep(&request, nil)
        }
    }
}
