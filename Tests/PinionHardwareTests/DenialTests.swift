// PinionHardwareTests: every kind of request the grants do not allow is refused with the
// right code and logged with the module's name; handles, ownership and hardware errors.
import PinionHardware
import PinionRuntime
import PinionSimulator
import XCTest

final class DenialTests: XCTestCase {
    var sim: SimulatedBoard!
    var guest: GuestHarness!

    override func setUpWithError() throws {
        sim = try makeSimulator()
        guest = try GuestHarness(name: "sensor-app", sections: [
            "gpio": .array([
                gpioGrant("GPIO17", alias: "led", modes: ["output"], safe: "low"),
                gpioGrant("GPIO27", alias: "button", modes: ["input"], bias: ["pull-up"], edges: ["falling"]),
                gpioGrant("GPIO22", modes: ["input", "output"], drive: ["open-drain"], safe: "release"),
                gpioGrant("GPIO5", alias: "relay", modes: ["output"], safe: "high"),
            ]),
            "i2c": .array([.table(["bus": .integer(1), "addresses": .array([.integer(0x76), .integer(0x77)])])]),
        ], simulator: sim)
    }

    override func tearDown() {
        guest?.session.release(.exited)
    }

    private var denials: [Denial] { guest.session.log.denials }
    private let pinNotAllowed = HardwareError.pinNotAllowed.guestCode
    private let modeNotAllowed = HardwareError.modeNotAllowed.guestCode

    func testUngrantedLineByNameOrAliasIsRefused() throws {
        XCTAssertEqual(try guest.openGPIO("GPIO23", flags: Flags.output), pinNotAllowed)
        XCTAssertEqual(try guest.openGPIO("fan", flags: Flags.output), pinNotAllowed)
        XCTAssertEqual(try guest.openGPIO("GPIO99", flags: 0), pinNotAllowed, "a line the board does not have")
        XCTAssertEqual(denials.map(\.request), ["open GPIO23 as output", "open fan as output", "open GPIO99 as input"])
        XCTAssert(denials.allSatisfy { $0.module == "sensor-app" && $0.namespace == "pinion_gpio" && $0.error == .pinNotAllowed })
    }

    func testOneUngrantedLineRefusesTheWholeRequestAndClaimsNothing() throws {
        XCTAssertEqual(try guest.openGPIO("led,GPIO6", flags: Flags.output), pinNotAllowed)
        XCTAssertEqual(sim.gpio.line("GPIO17")?.isHeld, false)
        XCTAssertGreaterThanOrEqual(try guest.openGPIO("led", flags: Flags.output), 0, "the granted line is still free")
    }

    func testDirectionNotGrantedIsRefused() throws {
        XCTAssertEqual(try guest.openGPIO("led", flags: 0), modeNotAllowed, "led is output-only")
        XCTAssertEqual(try guest.openGPIO("button", flags: Flags.output), modeNotAllowed, "button is input-only")
        XCTAssertEqual(denials.map(\.error), [.modeNotAllowed, .modeNotAllowed])
        XCTAssertEqual(denials.last?.request, "open button as output")
    }

    func testBiasNotGrantedIsRefused() throws {
        XCTAssertEqual(try guest.openGPIO("button", flags: Flags.pullDown), modeNotAllowed)
        XCTAssertEqual(denials.last?.request, "open button as input, bias pull-down")
        XCTAssertGreaterThanOrEqual(try guest.openGPIO("button", flags: Flags.pullUp), 0)
    }

    func testDriveNotGrantedIsRefused() throws {
        XCTAssertEqual(try guest.openGPIO("led", flags: Flags.output | Flags.openDrain), modeNotAllowed)
        XCTAssertEqual(try guest.openGPIO("GPIO22", flags: Flags.output), modeNotAllowed, "GPIO22 allows open-drain only")
        XCTAssertGreaterThanOrEqual(try guest.openGPIO("GPIO22", flags: Flags.output | Flags.openDrain), 0)
    }

    func testEdgeNotGrantedIsRefused() throws {
        XCTAssertEqual(try guest.openGPIO("button", flags: Flags.rising), modeNotAllowed)
        XCTAssertEqual(try guest.openGPIO("button", flags: Flags.both), modeNotAllowed)
        XCTAssertEqual(try guest.openGPIO("GPIO22", flags: Flags.falling), modeNotAllowed, "no edges granted at all")
        XCTAssertEqual(denials.map(\.request), ["open button as input, edge rising", "open button as input, edge both",
                                                "open GPIO22 as input, edge falling"])
        XCTAssertGreaterThanOrEqual(try guest.openGPIO("button", flags: Flags.falling), 0)
    }

    func testReconfiguringIsCheckedAgainstTheGrantsLikeOpening() throws {
        let pin = try guest.openGPIO("GPIO22", flags: 0)
        XCTAssertEqual(try guest.writeGPIO(pin, 1), modeNotAllowed, "an input")
        XCTAssertEqual(try guest.reconfigureGPIO(pin, flags: Flags.output | Flags.openDrain | 2), 0, "output, initially high")
        XCTAssertEqual(sim.gpio.isHigh("GPIO22"), true)
        XCTAssertEqual(try guest.writeGPIO(pin, 0), 0)
        XCTAssertEqual(sim.gpio.isHigh("GPIO22"), false)
        XCTAssertEqual(try guest.reconfigureGPIO(pin, flags: Flags.output), modeNotAllowed, "push-pull is not granted")
        XCTAssertEqual(denials.last?.request, "reconfigure GPIO22 as output")
        XCTAssertEqual(try guest.reconfigureGPIO(pin, flags: Flags.pullUp), modeNotAllowed, "no bias granted")
        XCTAssertEqual(try guest.reconfigureGPIO(pin, flags: 0), 0, "back to an input")
        XCTAssertEqual(try guest.writeGPIO(pin, 1), modeNotAllowed)
        XCTAssertEqual(try guest.reconfigureGPIO(pin, flags: 1 << 12), HardwareError.invalidArgument.guestCode)
        let led = try guest.openGPIO("led", flags: Flags.output)
        XCTAssertEqual(try guest.reconfigureGPIO(led, flags: 0), modeNotAllowed, "led is output-only")
        XCTAssertEqual(try guest.reconfigureGPIO(led, flags: Flags.output | Flags.activeLow), 0)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), true, "active-low, logically low")
    }

    func testWritingAnInputIsRefused() throws {
        let button = try guest.openGPIO("button", flags: 0)
        XCTAssertEqual(try guest.writeGPIO(button, 1), modeNotAllowed)
    }

    func testUngrantedI2CBusAndAddressAreRefused() throws {
        XCTAssertEqual(try guest.openI2C(bus: 1, address: 0x20), pinNotAllowed, "the expander is there but not granted")
        XCTAssertEqual(try guest.openI2C(bus: 0, address: 0x76), pinNotAllowed, "bus 0 is not granted")
        XCTAssertEqual(denials, [
            Denial(module: "sensor-app", namespace: "pinion_i2c", request: "open bus 1 address 0x20", error: .pinNotAllowed),
            Denial(module: "sensor-app", namespace: "pinion_i2c", request: "open bus 0 address 0x76", error: .pinNotAllowed),
        ])
    }

    func testAModuleWithoutAManifestGetsNothing() throws {
        let bare = try GuestHarness(name: "bare", sections: [:], simulator: sim)
        defer { bare.session.release(.exited) }
        XCTAssertEqual(try bare.openGPIO("GPIO17", flags: Flags.output), pinNotAllowed)
        XCTAssertEqual(try bare.openI2C(bus: 1, address: 0x76), pinNotAllowed)
        XCTAssertEqual(bare.session.log.denials.count, 2)
    }

    func testALineHeldByOneModuleIsInUseForAnotherUntilReleased() throws {
        let other = try GuestHarness(name: "other", sections: ["gpio": .array([gpioGrant("GPIO17", modes: ["output"], safe: "low")])],
                                     simulator: sim)
        XCTAssertGreaterThanOrEqual(try guest.openGPIO("led", flags: Flags.output), 0)
        XCTAssertEqual(try other.openGPIO("GPIO17", flags: Flags.output), HardwareError.alreadyInUse.guestCode)
        XCTAssertEqual(try guest.openGPIO("led", flags: Flags.output), HardwareError.alreadyInUse.guestCode, "not twice in one module either")
        XCTAssertEqual(LineClaims.owner(chip: "pinion-sim", offset: 17), "sensor-app")
        guest.session.release(.stopped)
        XCTAssertGreaterThanOrEqual(try other.openGPIO("GPIO17", flags: Flags.output), 0)
        other.session.release(.exited)
    }

    func testBadHandlesAndMalformedRequests() throws {
        XCTAssertEqual(try guest.writeGPIO(7, 1), HardwareError.badHandle.guestCode)
        XCTAssertEqual(try guest.readGPIO(-3), HardwareError.badHandle.guestCode)
        XCTAssertEqual(try guest.openGPIO("led", flags: 1 << 12), HardwareError.invalidArgument.guestCode, "unknown flag bit")
        XCTAssertEqual(try guest.openGPIO("button", flags: Flags.output | Flags.falling), HardwareError.invalidArgument.guestCode)
        XCTAssertEqual(try guest.openGPIO("led,", flags: Flags.output), HardwareError.invalidArgument.guestCode, "empty name")
        XCTAssertEqual(try guest.call("gpio_open", [.i32(70000), .i32(4), .i32(1), .i32(0)]), HardwareError.invalidArgument.guestCode,
                       "a name outside memory is an error, not a trap")
        let led = try guest.openGPIO("led", flags: Flags.output)
        XCTAssertEqual(try guest.call("gpio_close", [.i32(UInt32(led))]), 0)
        XCTAssertEqual(try guest.writeGPIO(led, 1), HardwareError.badHandle.guestCode, "closed")
        XCTAssert(denials.isEmpty, "malformed requests are errors, not denials")
    }

    func testMultiLineRequestsReadAndWriteBitmasks() throws {
        XCTAssertEqual(try guest.openGPIO("led, GPIO22", flags: Flags.output), modeNotAllowed,
                       "GPIO22 is open-drain only, so the push-pull request is refused as a whole")
        let pair = try guest.openGPIO("led, relay", flags: Flags.output)
        XCTAssertGreaterThanOrEqual(pair, 0)
        XCTAssertEqual(try guest.writeGPIO(pair, 0b10), 0)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), false)
        XCTAssertEqual(sim.gpio.isHigh("GPIO5"), true)
        XCTAssertEqual(try guest.readGPIO(pair), 0b10)
        XCTAssertEqual(try guest.writeGPIO(pair, 0b01), 0)
        XCTAssertEqual(try guest.readGPIO(pair), 0b01)
        guest.session.release(.trapped)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), false, "led: safe level low")
        XCTAssertEqual(sim.gpio.isHigh("GPIO5"), true, "relay: safe level high")
    }

    func testActiveLowInvertsValuesButNotTheSafeLevel() throws {
        let led = try guest.openGPIO("led", flags: Flags.output | Flags.activeLow)
        XCTAssertEqual(try guest.writeGPIO(led, 1), 0)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), false, "active-low: logical 1 is physical low")
        XCTAssertEqual(try guest.readGPIO(led), 1)
        XCTAssertEqual(try guest.writeGPIO(led, 0), 0)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), true)
        guest.session.release(.exited)
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), false, "the safe level is physical: low")
    }

    func testI2CErrorsFromTheBusReachTheModule() throws {
        let sensor = try guest.openI2C(bus: 1, address: 0x76)
        let absent = try guest.openI2C(bus: 1, address: 0x77)
        XCTAssertEqual(try guest.call("i2c_read_byte_data", [.i32(UInt32(sensor)), .i32(0xD0)]), 0x60)
        XCTAssertEqual(try guest.call("i2c_read_byte_data", [.i32(UInt32(absent)), .i32(0xD0)]), HardwareError.noAcknowledge.guestCode)
        for error in [HardwareError.busError, .arbitrationLoss, .timeout] {
            sim.i2c.injectFault(error, bus: 1, address: 0x76)
            XCTAssertEqual(try guest.call("i2c_read_byte_data", [.i32(UInt32(sensor)), .i32(0xD0)]), error.guestCode)
        }
        XCTAssertEqual(try guest.call("i2c_read_byte_data", [.i32(UInt32(sensor)), .i32(256)]), HardwareError.invalidArgument.guestCode)
        XCTAssertEqual(try guest.call("i2c_read_word_data", [.i32(UInt32(sensor)), .i32(0x88)]), 27504, "dig_T1, little-endian")
        // write_read: register 0xD0 then one byte, through guest memory.
        try guest.memory.view.write([0xD0], at: 2048)
        XCTAssertEqual(try guest.call("i2c_write_read", [.i32(UInt32(sensor)), .i32(2048), .i32(1), .i32(2100), .i32(1)]), 1)
        XCTAssertEqual(try guest.memory.view.read(at: 2100, count: 1), [0x60])
        XCTAssertEqual(try guest.call("i2c_close", [.i32(UInt32(sensor))]), 0)
        XCTAssertEqual(try guest.call("i2c_read_byte_data", [.i32(UInt32(sensor)), .i32(0xD0)]), HardwareError.badHandle.guestCode)
    }

    func testEdgeEventsReachGuestMemoryWithTimestamps() throws {
        let button = try guest.openGPIO("button", flags: Flags.pullUp | Flags.falling)
        XCTAssertGreaterThanOrEqual(button, 0)
        // Test-driven input: the waveform in sim.toml already presses at 100 ms (falling).
        XCTAssertEqual(try guest.call("gpio_wait_edge", [.i32(UInt32(button)), .i64(UInt64(ms(50))), .i32(4096)]), 0, "nothing within 50 ms")
        XCTAssertEqual(try guest.call("gpio_wait_edge", [.i32(UInt32(button)), .i64(UInt64(ms(500))), .i32(4096)]), 1)
        let record = try guest.memory.view.read(at: 4096, count: 16)
        let timestamp = record[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        XCTAssertEqual(timestamp, ms(100))
        XCTAssertEqual(record[8..<16].map { $0 }, [0, 0, 0, 0, 2, 0, 0, 0], "line 0, falling")
        XCTAssertEqual(try guest.call("gpio_wait_edge", [.i32(UInt32(button)), .i64(UInt64(ms(1))), .i32(70000)]),
                       HardwareError.invalidArgument.guestCode, "event buffer outside memory")
    }
}
