// PinionSimulator: the simulated board's GPIO controller and its virtual clock.
import PinionHardware

/// GPIO lines in memory, on a virtual clock that only moves when a module sleeps or
/// waits for an edge: simulated runs are instant and repeatable.
public final class SimulatedGPIO: GPIOBackend {
    /// Lines by board offset.
    public private(set) var lines: [Int: SimulatedLine] = [:]
    /// Virtual nanoseconds since the board was created.
    public internal(set) var clock: UInt64 = 0
    /// Set to record every output level change in `history` (off by default: the
    /// benchmark writes millions of times).
    public var recordsHistory = false
    public private(set) var history: [LevelChange] = []
    /// Called on every output level change, e.g. to wire an output to an input or to
    /// stop a module at a given moment in a test.
    public var onOutputChange: ((LevelChange) -> Void)?

    public init(lines boardLines: [BoardLine]) {
        for l in boardLines { lines[l.offset] = SimulatedLine(name: l.name, offset: l.offset) }
    }

    /// The line named `name` (e.g. `GPIO17`).
    public func line(_ name: String) -> SimulatedLine? {
        let upper = name.uppercased()
        return lines.values.first { $0.name.uppercased() == upper }
    }

    /// The physical level of a line now: an output's driven level, or an input's.
    public func isHigh(_ name: String) -> Bool? {
        guard let l = line(name) else { return nil }
        return l.isOutput ? l.outputHigh : l.inputHigh(at: clock)
    }

    /// Drives an input line to a physical level from virtual time `time` on (default:
    /// now). Tests use this to press buttons.
    public func drive(_ name: String, high: Bool, at time: UInt64? = nil) {
        line(name)?.schedule(high: high, at: time ?? clock)
    }

    /// Output level changes of one line, from `history`.
    public func changes(of name: String) -> [LevelChange] {
        history.filter { $0.line == name }
    }

    func record(_ line: SimulatedLine, high: Bool) {
        if recordsHistory { history.append(LevelChange(time: clock, line: line.name, high: high)) }
        if let onOutputChange { onOutputChange(LevelChange(time: clock, line: line.name, high: high)) }
    }

    public func request(lines boardLines: [BoardLine], settings: LineSettings, consumer: String) throws(HardwareError) -> GPIOLineRequest {
        var held: [SimulatedLine] = []
        for b in boardLines {
            guard let l = lines[b.offset] else { throw .pinNotAllowed }
            guard !l.isHeld else { throw .alreadyInUse }
            held.append(l)
        }
        return SimulatedLineRequest(gpio: self, lines: held, settings: settings)
    }

    public func now() -> UInt64 { clock }

    public func sleep(nanoseconds: UInt64) { clock &+= nanoseconds }

    public var hasVirtualClock: Bool { true }
}
