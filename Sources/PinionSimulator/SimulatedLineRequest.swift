// PinionSimulator: a request on simulated lines: reads, writes, and edge events
// (with debounce) computed from the input schedules on the virtual clock.
import PinionHardware

final class SimulatedLineRequest: GPIOLineRequest {
    /// Strong: the board never refers back to its requests, and an unowned reference
    /// would cost an atomic check on every write.
    let gpio: SimulatedGPIO
    let lines: [SimulatedLine]
    var settings: LineSettings
    /// Per line: the logical level last reported (or seen at request time), and the
    /// virtual time up to which its schedule has been turned into events.
    var reportedHigh: [Bool]
    var consumedUntil: [UInt64]
    var released = false

    init(gpio: SimulatedGPIO, lines: [SimulatedLine], settings: LineSettings) {
        self.gpio = gpio
        self.lines = lines
        self.settings = settings
        reportedHigh = []
        consumedUntil = []
        for l in lines { l.isHeld = true }
        apply(settings)
    }

    func reconfigure(_ settings: LineSettings) throws(HardwareError) {
        guard !released else { throw .badHandle }
        self.settings = settings
        apply(settings)
    }

    /// Sets direction, bias and initial outputs; edge tracking starts afresh from now.
    func apply(_ settings: LineSettings) {
        let now = gpio.clock
        reportedHigh = []
        consumedUntil = Array(repeating: now, count: lines.count)
        for (i, l) in lines.enumerated() {
            l.bias = settings.bias
            l.isOutput = settings.direction == .output
            if l.isOutput {
                let high = (settings.initialValues >> i) & 1 == 1
                let physical = high != settings.activeLow
                if physical != l.outputHigh || gpio.recordsHistory && gpio.changes(of: l.name).isEmpty {
                    l.outputHigh = physical
                    gpio.record(l, high: physical)
                }
            }
            reportedHigh.append(l.inputHigh(at: now) != settings.activeLow)
        }
    }

    func read() throws(HardwareError) -> UInt32 {
        guard !released else { throw .badHandle }
        var values: UInt32 = 0
        for (i, l) in lines.enumerated() {
            let physical = l.isOutput ? l.outputHigh : l.inputHigh(at: gpio.clock)
            if physical != settings.activeLow { values |= 1 << i }
        }
        return values
    }

    @inline(__always)
    func write(_ values: UInt32) throws(HardwareError) {
        guard !released else { throw .badHandle }
        var bits = values
        for l in lines {
            let physical = (bits & 1 == 1) != settings.activeLow
            bits >>= 1
            if physical != l.outputHigh {
                l.outputHigh = physical
                gpio.record(l, high: physical)
            }
        }
    }

    /// The next qualifying edge on line `i` after what has been consumed: a change of
    /// the logical level that then stays put for the debounce period. Returns its report
    /// time and new level, and the time consumed up to.
    func nextEdge(_ i: Int) -> (time: UInt64, high: Bool)? {
        let debounce = UInt64(settings.debounceMicroseconds) * 1000
        let schedule = lines[i].schedule
        var level = reportedHigh[i]
        var k = schedule.firstIndex { $0.time > consumedUntil[i] } ?? schedule.count
        while k < schedule.count {
            let entry = schedule[k]
            let high = entry.high != settings.activeLow
            let next = k + 1 < schedule.count ? schedule[k + 1].time : UInt64.max
            // With debounce, a level counts only once it has been stable for the period;
            // the kernel reports it then.
            if high != level && (debounce == 0 || next > entry.time + debounce) {
                let wanted: Bool
                switch settings.edge {
                case .none: wanted = false
                case .rising: wanted = high
                case .falling: wanted = !high
                case .both: wanted = true
                }
                if wanted { return (entry.time + debounce, high) }
                level = high
            }
            k += 1
        }
        return nil
    }

    func waitForEdge(timeoutNanoseconds: Int64) throws(HardwareError) -> EdgeEvent? {
        guard !released else { throw .badHandle }
        let deadline = timeoutNanoseconds < 0 ? UInt64.max : gpio.clock &+ UInt64(timeoutNanoseconds)
        var best: (index: Int, time: UInt64, high: Bool)?
        for i in lines.indices {
            if let e = nextEdge(i), e.time <= deadline, best == nil || e.time < best!.time {
                best = (i, e.time, e.high)
            }
        }
        guard let best else {
            if timeoutNanoseconds >= 0 { gpio.clock = deadline }
            return nil
        }
        // Everything on this line up to the edge is consumed; edges already in the past
        // (queued while the module slept) do not move the clock back.
        let debounce = UInt64(settings.debounceMicroseconds) * 1000
        consumedUntil[best.index] = best.time - debounce
        reportedHigh[best.index] = best.high
        gpio.clock = max(gpio.clock, best.time)
        return EdgeEvent(lineIndex: UInt32(best.index), kind: best.high ? .rising : .falling, timestampNanoseconds: best.time)
    }

    func release() {
        guard !released else { return }
        released = true
        for l in lines { l.isHeld = false }
    }
}
