// PinionHardwareTests: on the simulated board, waits run on the virtual clock in one
// step; a wait that could never end ends the run with a clear trap instead of spinning,
// and a stop request is honoured by a waiting host call.
import Foundation
import PinionHardware
import PinionRuntime
import PinionSimulator
import PinionTestSupport
import PinionValidation
import XCTest

final class VirtualWaitTests: XCTestCase {
    static let wat = """
        (module
          (import "pinion_gpio" "open" (func $open (param i32 i32 i32 i32) (result i32)))
          (import "pinion_gpio" "wait_edge" (func $wait (param i32 i64 i32) (result i32)))
          (import "pinion_gpio" "sleep_ns" (func $sleep (param i64) (result i32)))
          (import "pinion_gpio" "now_ns" (func $now (result i64)))
          (memory 1)
          (data (i32.const 0) "button")
          (func (export "sleep") (param i64) (result i32) local.get 0 call $sleep)
          (func (export "now") (result i64) call $now)
          ;; opens the button for both edges and waits with timeout t until one returns 0
          ;; (timeout) or an error; returns how many edges it saw
          (func (export "edges") (param $t i64) (result i32) (local $h i32) (local $n i32) (local $r i32)
            (local.set $h (call $open (i32.const 0) (i32.const 6) (i32.const 0x180) (i32.const 0)))
            (block $done
              (loop $l
                (local.set $r (call $wait (local.get $h) (local.get $t) (i32.const 64)))
                (br_if $done (i32.ne (local.get $r) (i32.const 1)))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (br $l)))
            (local.get $n)))
        """

    var sim: SimulatedBoard!
    var session: HardwareSession!
    var instance: Instance!

    override func setUpWithError() throws {
        sim = try makeSimulator()
        session = try HardwareSession(module: "waiter", board: sim.definition, backends: sim.backends, sections: [
            "gpio": .array([gpioGrant("GPIO27", alias: "button", modes: ["input"], edges: ["both"])]),
        ])
        let store = Store()
        var imports = Imports()
        session.define(in: &imports, store: store)
        instance = try store.instantiate(try ValidatedModule.load(try WAT.binary(Self.wat)), imports: imports)
    }

    override func tearDown() { session?.release(.exited) }

    /// Calls `name`, raising the instance's interrupt after `seconds` of real time so a
    /// spinning wait cannot hang the test; returns the trap and the real time taken.
    func callGuarded(_ name: String, _ arguments: [Value], seconds: Double = 3) -> (results: [Value]?, trap: Trap?, elapsed: Double) {
        let flag = instance.interrupt
        let finished = DispatchSemaphore(value: 0)
        Thread { if finished.wait(timeout: .now() + seconds) == .timedOut { flag.raise() } }.start()
        let start = Date()
        defer { finished.signal() }
        do {
            let r = try instance.function(name)!.invoke(arguments)
            return (r, nil, Date().timeIntervalSince(start))
        } catch let trap as Trap {
            return (nil, trap, Date().timeIntervalSince(start))
        } catch {
            XCTFail("\(error)")
            return (nil, nil, 0)
        }
    }

    func testSleepingPastTheEndOfTheVirtualClockTrapsAtOnce() throws {
        let first = callGuarded("sleep", [.i64(UInt64(Int64.max))])
        XCTAssertNil(first.trap, "the clock can reach 2^63-1 ns")
        XCTAssertEqual(first.results, [.i32(0)])
        XCTAssertLessThan(first.elapsed, 1, "virtual time costs no real time")
        let second = callGuarded("sleep", [.i64(1)])
        XCTAssert(second.trap?.description.contains("pinion_gpio.sleep_ns: this wait never ends") == true, "\(String(describing: second.trap))")
        XCTAssertLessThan(second.elapsed, 1)
    }

    func testALongSleepIsOneStepOfVirtualTime() throws {
        let r = callGuarded("sleep", [.i64(1 << 62)])
        XCTAssertNil(r.trap)
        XCTAssertLessThan(r.elapsed, 1)
        XCTAssertEqual(sim.gpio.clock, 1 << 62)
        XCTAssertEqual(try instance.function("now")!.invoke([]), [.i64(1 << 62)])
    }

    func testWaitingForeverAfterTheLastScheduledEdgeTrapsAtOnce() throws {
        // sim.toml's button waveform ends at 1200.5 ms: 14 edges, then nothing.
        let r = callGuarded("edges", [.i64(UInt64(bitPattern: -1))])
        XCTAssert(r.trap?.description.contains("pinion_gpio.wait_edge: this wait never ends") == true, "\(String(describing: r.trap))")
        XCTAssertLessThan(r.elapsed, 1)
        XCTAssertEqual(sim.gpio.clock, ms(1200.5), "the clock stops at the last edge")
    }

    func testAnEndlessTimeoutStillReturnsScheduledEdges() throws {
        sim.gpio.drive("GPIO27", high: false, at: ms(5000))  // one more edge after the waveform
        let r = callGuarded("edges", [.i64(UInt64(Int64.max))])
        XCTAssert(r.trap?.description.contains("never ends") == true, "\(String(describing: r.trap))")
        XCTAssertEqual(sim.gpio.clock, ms(5000))
    }

    func testAFiniteTimeoutAfterTheLastEdgeReturnsZeroAtOnce() throws {
        let r = callGuarded("edges", [.i64(3_600_000_000_000)])  // an hour
        XCTAssertNil(r.trap)
        XCTAssertEqual(r.results, [.i32(14)])
        XCTAssertLessThan(r.elapsed, 1)
        XCTAssertEqual(sim.gpio.clock, ms(1200.5) + 3_600_000_000_000)
    }

    func testAStopRequestEndsAVirtualSleep() throws {
        session.requestStop()
        instance.interrupt.raise()  // the session sees the flag only after an open
        let r = callGuarded("sleep", [.i64(1_000)])
        XCTAssertEqual(r.trap?.kind, .interrupted, "\(String(describing: r.trap))")
    }
}
