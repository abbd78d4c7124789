// PinionHardwareTests: however a module's session ends, every line it ever drove as an
// output is left at its safe level, closed or not, unless another module holds it now.
import PinionHardware
import PinionRuntime
import PinionSimulator
import XCTest

final class SafeLevelTests: XCTestCase {
    var sim: SimulatedBoard!
    var guest: GuestHarness!

    override func setUpWithError() throws {
        sim = try makeSimulator()
        guest = try GuestHarness(name: "safe-app", sections: ["gpio": .array([
            gpioGrant("GPIO17", alias: "led", modes: ["output"], safe: "low"),
            gpioGrant("GPIO5", alias: "relay", modes: ["output"], safe: "high"),
            gpioGrant("GPIO22", modes: ["input", "output"], safe: "low"),
            gpioGrant("GPIO6", alias: "free", modes: ["output"], safe: "release"),
        ])], simulator: sim)
    }

    override func tearDown() { guest?.session.release(.exited) }

    func testAClosedOutputGoesToItsSafeLevelWhenTheModuleTraps() throws {
        let led = try guest.openGPIO("led", flags: Flags.output)
        let relay = try guest.openGPIO("relay", flags: Flags.output | Flags.activeLow)
        XCTAssertEqual(try guest.writeGPIO(led, 1), 0)
        XCTAssertEqual(try guest.writeGPIO(relay, 1), 0)
        XCTAssertEqual(try guest.call("gpio_close", [.i32(UInt32(led))]), 0)
        XCTAssertEqual(try guest.call("gpio_close", [.i32(UInt32(relay))]), 0)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), true, "closing keeps the level")
        XCTAssertEqual(sim.gpio.isHigh("GPIO5"), false, "active-low 1 is physical low")
        guest.session.release(.trapped)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), false, "led: safe level low")
        XCTAssertEqual(sim.gpio.isHigh("GPIO5"), true, "relay: safe level high (physical)")
        XCTAssertEqual(sim.gpio.line("GPIO17")?.isHeld, false, "released again afterwards")
        XCTAssertNil(LineClaims.owner(chip: "pinion-sim", offset: 17))
    }

    func testALineReconfiguredToInputBeforeClosingStillGoesToItsSafeLevel() throws {
        let pin = try guest.openGPIO("GPIO22", flags: Flags.output | 2)  // initially high
        XCTAssertEqual(sim.gpio.isHigh("GPIO22"), true)
        XCTAssertEqual(try guest.reconfigureGPIO(pin, flags: 0), 0)
        XCTAssertEqual(try guest.call("gpio_close", [.i32(UInt32(pin))]), 0)
        guest.session.release(.stopped)
        XCTAssertEqual(sim.gpio.isHigh("GPIO22"), false)
    }

    func testAClosedOutputHeldByAnotherModuleNowIsLeftAlone() throws {
        let led = try guest.openGPIO("led", flags: Flags.output)
        XCTAssertEqual(try guest.writeGPIO(led, 1), 0)
        XCTAssertEqual(try guest.call("gpio_close", [.i32(UInt32(led))]), 0)
        let other = try GuestHarness(name: "other", sections: ["gpio": .array([gpioGrant("GPIO17", modes: ["output"], safe: "low")])],
                                     simulator: sim)
        defer { other.session.release(.exited) }
        let held = try other.openGPIO("GPIO17", flags: Flags.output | 2)
        XCTAssertGreaterThanOrEqual(held, 0)
        guest.session.release(.trapped)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), true, "the other module's level stands")
        XCTAssertEqual(LineClaims.owner(chip: "pinion-sim", offset: 17), "other")
        XCTAssertEqual(try other.writeGPIO(held, 0), 0, "and its handle still works")
    }

    func testReleaseSafeLevelAndNeverOpenedLinesAreNotTouched() throws {
        let free = try guest.openGPIO("free", flags: Flags.output | 2)
        XCTAssertEqual(try guest.call("gpio_close", [.i32(UInt32(free))]), 0)
        sim.gpio.drive("GPIO5", high: false)  // never opened by the module: an input's level
        guest.session.release(.trapped)
        XCTAssertEqual(sim.gpio.isHigh("GPIO6"), true, "safe_level release leaves it")
        XCTAssertEqual(sim.gpio.line("GPIO5")?.isOutput, false, "the relay was never opened: not driven")
    }
}
