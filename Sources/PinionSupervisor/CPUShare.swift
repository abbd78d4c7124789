// PinionSupervisor: holding a module to its manifest's `cpu_share` of one core. At the
// interpreter's interrupt polls the run's thread compares the CPU time it has used with
// its share of the wall time, and sleeps off any excess (in short naps, so a stop is
// still seen at once). It also measures the CPU time status reports.
import Synchronization

final class CPUShare: Sendable {
    /// The share of one core, in (0, 1]; 1 only measures.
    let share: Double
    /// CPU seconds the run has used, in microseconds (read by status from another thread).
    let cpuMicroseconds = Atomic<Int>(0)
    private struct Window { var wall: Double; var cpu: Double; var polls: Int }
    private let window: Mutex<Window>

    init(share: Double) {
        self.share = min(max(share, 0.01), 1)
        window = Mutex(Window(wall: monotonicSeconds(), cpu: 0, polls: 0))
    }

    var cpuSeconds: Double { Double(cpuMicroseconds.load(ordering: .relaxed)) / 1e6 }

    /// Called on the run's thread at each poll (about every 1024 calls and back-edges).
    func poll(interrupted: () -> Bool) {
        let due = window.withLock { w -> Bool in
            w.polls &+= 1
            return w.polls & 7 == 0  // the clocks cost a system call: look every 8th poll
        }
        guard due else { return }
        let cpu = threadCPUSeconds()
        cpuMicroseconds.store(Int(cpu * 1e6), ordering: .relaxed)
        guard share < 1 else { return }
        let now = monotonicSeconds()
        let start = window.withLock { w -> (Double, Double) in
            if w.cpu == 0 { w.cpu = cpu; w.wall = now }
            return (w.wall, w.cpu)
        }
        // Excess CPU time over the share of the wall time since the window began.
        var pause = (cpu - start.1) / share - (now - start.0)
        while pause > 0 && !interrupted() {
            let nap = min(pause, 0.05)
            sleepSeconds(nap)
            pause -= nap
        }
        // A sliding window of about a second: long idle stretches earn no burst credit.
        window.withLock { w in
            if monotonicSeconds() - w.wall > 1 { w.wall = monotonicSeconds(); w.cpu = threadCPUSeconds() }
        }
    }
}
