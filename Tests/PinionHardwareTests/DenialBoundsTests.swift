// PinionHardwareTests: a module making endless denied requests with huge, hostile names
// cannot grow what the denial log keeps or writes, nor forge log lines; repeated denials
// are rate-limited and every one is still accounted for.
import PinionLog
import PinionHardware
import PinionRuntime
import PinionSimulator
import PinionTestSupport
import PinionValidation
import Synchronization
import XCTest

/// Log lines a handler received.
final class CapturedLines: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var logger: Logger { Logger(label: "test") { _ in CapturingLogHandler(captured: self) } }
}

struct CapturingLogHandler: LogHandler {
    let captured: CapturedLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    func log(event: LogEvent) { captured.lines.withLock { $0.append("\(event.message)") } }
}

/// A clock tests move by hand.
final class ManualClock: Sendable {
    let now = Mutex<UInt64>(0)
    func advance(_ ns: UInt64) { now.withLock { $0 += ns } }
    var read: @Sendable () -> UInt64 { { [self] in now.withLock { $0 } } }
}

final class DenialBoundsTests: XCTestCase {
    /// `run(n, len)` fills `len` bytes with "A", a newline and ESC near the start, and
    /// calls `pinion_gpio.open` n times on them, changing byte 20 each time (so 256
    /// distinct names); returns how many were refused with pin-not-allowed.
    static let hostile = """
        (module
          (import "pinion_gpio" "open" (func $open (param i32 i32 i32 i32) (result i32)))
          (memory 17)
          (func (export "run") (param $n i32) (param $len i32) (result i32) (local $i i32) (local $denied i32)
            (memory.fill (i32.const 0) (i32.const 65) (local.get $len))
            (i32.store (i32.const 8) (i32.const 0x5b1b0a0a))
            (loop $l
              (i32.store8 (i32.const 20) (local.get $i))
              (if (i32.eq (call $open (i32.const 0) (local.get $len) (i32.const 1) (i32.const 0)) (i32.const -1))
                (then (local.set $denied (i32.add (local.get $denied) (i32.const 1)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
            (local.get $denied)))
        """

    /// Runs the hostile module on a session whose denials go to `log`.
    func runHostile(requests: Int, nameBytes: Int, log: DenialLog) throws -> Int {
        let sim = try makeSimulator()
        let session = try HardwareSession(module: "hostile", board: sim.definition, backends: sim.backends, sections: [:], log: log)
        let store = Store()
        var imports = Imports()
        session.define(in: &imports, store: store)
        let instance = try store.instantiate(try ValidatedModule.load(try WAT.binary(Self.hostile)), imports: imports)
        let result = try instance.function("run")!.invoke([.i32(UInt32(requests)), .i32(UInt32(nameBytes))])
        session.release(.exited)
        guard case .i32(let denied)? = result.first else { return -1 }
        return Int(denied)
    }

    /// How many denials the lines account for: one per `denied:` line plus every
    /// suppressed count they report.
    func accountedFor(_ lines: [String]) -> Int {
        var total = 0
        for line in lines {
            if line.hasPrefix("denied: ") { total += 1 }
            var rest = Substring(line)
            // "(N similar denials suppressed)", "(N other ...)" or a flush line "N ... suppressed".
            while let r = rest.range(of: " denials suppressed") {
                let before = rest[..<r.lowerBound]
                let words = before.split(separator: " ")
                if words.count >= 2, let n = Int(words[words.count - 2].trimmingCharacters(in: ["("])) { total += n }
                rest = rest[r.upperBound...]
            }
        }
        return total
    }

    func testAHundredThousandDeniedMegabyteNamesStayBounded() throws {
        let captured = CapturedLines()
        let clock = ManualClock()
        let log = DenialLog(module: "hostile", logger: captured.logger, clock: clock.read)
        XCTAssertEqual(try runHostile(requests: 100_000, nameBytes: 1 << 20, log: log), 100_000)

        XCTAssertEqual(log.count, 100_000)
        XCTAssertEqual(log.denials.count, log.limits.kept, "only the last denials are kept")
        for d in log.denials {
            XCTAssertLessThanOrEqual(d.request.utf8.count, 4 * log.limits.requestBytes + 32)
            XCTAssert(d.request.hasPrefix(#"open AAAAAAAA\n\n\x1b[AAAAAAA"#), d.request)
            XCTAssert(d.request.hasSuffix("…(1048512 more bytes) as output"), d.request)
        }
        let lines = captured.all
        XCTAssertLessThanOrEqual(lines.count, log.limits.burst + log.limits.remembered + 1, "the burst, then the flush")
        XCTAssertLessThan(lines.reduce(0) { $0 + $1.utf8.count }, 64 << 10, "bytes logged")
        XCTAssertFalse(lines.contains { $0.contains("\n") || $0.contains("\u{1b}") }, "control characters reach the log raw")
        XCTAssertEqual(accountedFor(lines), 100_000, "every denial is logged or counted as suppressed:\n\(lines.joined(separator: "\n"))")
        XCTAssertEqual(log.suppressedCount, 100_000 - lines.filter { $0.hasPrefix("denied: ") }.count)
    }

    func testARepeatedDenialIsLoggedOnceAndItsRepeatsCounted() throws {
        let captured = CapturedLines()
        let clock = ManualClock()
        let log = DenialLog(module: "m", logger: captured.logger, clock: clock.read)
        for _ in 0..<38 { log.deny("pinion_gpio", "open GPIO23 as output", .pinNotAllowed) }
        XCTAssertEqual(captured.all, ["denied: open GPIO23 as output: pin-not-allowed"])
        clock.advance(log.limits.repeatInterval)
        log.deny("pinion_gpio", "open GPIO23 as output", .pinNotAllowed)
        XCTAssertEqual(captured.all.last, "denied: open GPIO23 as output: pin-not-allowed (37 similar denials suppressed)")
        log.deny("pinion_gpio", "open GPIO23 as output", .pinNotAllowed)
        log.deny("pinion_i2c", "open bus 1 address 0x20", .pinNotAllowed)
        log.flush()
        XCTAssertEqual(Array(captured.all.dropFirst(2)), [
            "denied: open bus 1 address 0x20: pin-not-allowed",
            "1 similar denials suppressed: open GPIO23 as output: pin-not-allowed",
        ])
        XCTAssertEqual(log.count, 41)
        XCTAssertEqual(log.suppressedCount, 38)
    }

    func testDistinctDenialsOverTheBurstAreRateLimited() throws {
        let captured = CapturedLines()
        let clock = ManualClock()
        var limits = DenialLog.Limits()
        limits.burst = 3
        limits.linesPerMinute = 6
        let log = DenialLog(module: "m", logger: captured.logger, limits: limits, clock: clock.read)
        for i in 0..<10 { log.deny("pinion_gpio", "open GPIO\(i) as output", .pinNotAllowed) }
        XCTAssertEqual(captured.all.count, 3)
        clock.advance(10_000_000_000)  // 10 s: one more line
        log.deny("pinion_gpio", "open GPIO10 as output", .pinNotAllowed)
        XCTAssertEqual(captured.all.last, "denied: open GPIO10 as output: pin-not-allowed (7 other denials suppressed)")
    }
}
