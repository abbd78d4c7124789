// PinionSimulator: one simulated GPIO line: what drives it and what it has done.
import PinionHardware

/// A level change on a simulated line, at a virtual time.
public struct LevelChange: Sendable, Hashable, CustomStringConvertible {
    public var time: UInt64
    public var line: String
    /// The physical level: true is high.
    public var high: Bool

    public init(time: UInt64, line: String, high: Bool) {
        self.time = time
        self.line = line
        self.high = high
    }

    public var description: String {
        "\(formatSeconds(time)) \(line) \(high ? "high" : "low")"
    }
}

/// Seconds with microsecond precision, e.g. `0.250000s`.
func formatSeconds(_ nanoseconds: UInt64) -> String {
    let micros = nanoseconds / 1000
    let frac = String(micros % 1_000_000)
    return "\(micros / 1_000_000).\(String(repeating: "0", count: 6 - frac.count))\(frac)s"
}

/// A simulated GPIO line. Inputs follow a schedule of physical levels (from the board
/// file's waveform, or set by a test); outputs hold what the module wrote.
public final class SimulatedLine {
    public let name: String
    public let offset: Int
    /// Input schedule: physical levels from a time on, sorted by time.
    var schedule: [(time: UInt64, high: Bool)] = []
    /// The bias the current request set (decides an undriven input's level).
    var bias: LineBias = .asIs
    public internal(set) var isOutput = false
    /// The physical level the line is driven to while it is an output (and after: a
    /// released output keeps its level, as on a Pi).
    public internal(set) var outputHigh = false
    /// Whether a request holds the line.
    public internal(set) var isHeld = false

    init(name: String, offset: Int) {
        self.name = name
        self.offset = offset
    }

    /// The physical level an input sees at `time`: the last scheduled level at or
    /// before it, or the bias when nothing drives it (pull-up reads high).
    func inputHigh(at time: UInt64) -> Bool {
        var level: Bool? = nil
        for entry in schedule {
            if entry.time > time { break }
            level = entry.high
        }
        return level ?? (bias == .pullUp)
    }

    /// Adds a scheduled input level, keeping the schedule sorted.
    func schedule(high: Bool, at time: UInt64) {
        let i = schedule.firstIndex { $0.time > time } ?? schedule.count
        schedule.insert((time, high), at: i)
    }
}
