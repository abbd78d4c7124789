// PinionHardwareTests: the simulator's device models and board file, on their own.
import PinionHardware
import PinionManifest
import PinionSimulator
import XCTest

final class SimulatorTests: XCTestCase {
    func testTheSimulatedBoardSaysItIsASimulator() throws {
        let sim = try makeSimulator()
        XCTAssertTrue(sim.definition.simulated)
        XCTAssert(SimulatedBoard.notice.contains("SIMULATOR"))
        XCTAssertEqual(sim.summary, ["I2C bus 1 address 0x20: mcp23008 (simulated)", "I2C bus 1 address 0x76: bme280 (simulated)"])
    }

    func testBME280RegistersFollowTheDatasheet() throws {
        let sensor = BME280Model()
        XCTAssertEqual(read(sensor, 0xD0, 1), [0x60], "chip id")
        XCTAssertEqual(read(sensor, 0xF7, 8), [0x80, 0, 0, 0x80, 0, 0, 0x80, 0], "no measurement yet")
        XCTAssertEqual(read(sensor, 0x88, 2), [0x70, 0x6B], "dig_T1 = 27504, little-endian")
        // Forced mode with temperature and pressure oversampling but humidity skipped.
        XCTAssertTrue(sensor.write([0xF4, 0x25]))
        XCTAssertEqual(read(sensor, 0xF4, 1), [0x24], "back to sleep mode after the measurement")
        XCTAssertEqual(read(sensor, 0xFD, 2), [0x80, 0x00], "humidity skipped (osrs_h = 0)")
        XCTAssertNotEqual(read(sensor, 0xFA, 3), [0x80, 0, 0])
        // Soft reset restores the power-on state.
        XCTAssertTrue(sensor.write([0xE0, 0xB6]))
        XCTAssertEqual(read(sensor, 0xF7, 3), [0x80, 0, 0])
        XCTAssertTrue(sensor.write([0xD0, 0x12]), "read-only registers ignore writes")
        XCTAssertEqual(read(sensor, 0xD0, 1), [0x60])
    }

    func testBME280InvertsItsCompensation() throws {
        for (c, p, h) in [(25.0, 1000.0, 50.0), (-40.0, 300.0, 0.0), (85.0, 1100.0, 100.0), (0.0, 800.0, 33.3)] {
            let sensor = BME280Model(celsius: c, hectopascals: p, humidity: h)
            XCTAssertTrue(sensor.write([0xF2, 0x01]))
            XCTAssertTrue(sensor.write([0xF4, 0x25]))
            let reference = try BME280Reference(sensor)
            XCTAssertEqual(reference.celsius, c, accuracy: 0.01)
            XCTAssertEqual(reference.hectopascals, p, accuracy: 0.01)
            XCTAssertEqual(reference.humidity, h, accuracy: 0.02)
        }
    }

    func testMCP23008ExpanderRegisters() {
        let expander = MCP23008Model(inputs: 0b1010_0101)
        XCTAssertEqual(read(expander, 0x00, 1), [0xFF], "all inputs after reset")
        XCTAssertEqual(read(expander, 0x09, 1), [0b1010_0101])
        XCTAssertTrue(expander.write([0x00, 0x0F]))          // low nibble inputs, high nibble outputs
        XCTAssertTrue(expander.write([0x09, 0b0110_0000]))   // GPIO write goes to OLAT
        XCTAssertEqual(expander.outputs, 0b0110_0000)
        XCTAssertEqual(read(expander, 0x09, 1), [0b0110_0101], "outputs from OLAT, inputs from the pins")
        XCTAssertTrue(expander.write([0x01, 0x0F]))          // IPOL inverts the inputs
        XCTAssertEqual(read(expander, 0x09, 1), [0b0110_1010])
        XCTAssertEqual(read(expander, 0x09, 3), [0b0110_1010, 0b0110_0000, 0x0F], "sequential read wraps from OLAT to IODIR")
    }

    func testWaveformsAndBoardFileErrorsNameTheField() throws {
        var board = try BoardCatalog.load(file: repositoryRoot + "/boards/sim.toml")
        board.simulation = .table(["inputs": .array([.table(["pin": .string("GPIO27"), "waveform": .string("1 0@x")])])])
        XCTAssertThrowsError(try SimulatedBoard(board)) { XCTAssertEqual(($0 as? ConfigError)?.field, "sim.inputs[0].waveform") }
        board.simulation = .table(["i2c": .array([.table(["bus": .integer(1), "address": .integer(0x40), "model": .string("ina219")])])])
        XCTAssertThrowsError(try SimulatedBoard(board)) { XCTAssertEqual(($0 as? ConfigError)?.field, "sim.i2c[0].model") }
        board.simulation = .table(["inputs": .array([.table(["pin": .string("GPIO27"), "waveform": .string("0 1@2.5 0@3")])])])
        let sim = try SimulatedBoard(board)
        XCTAssertEqual(sim.gpio.isHigh("GPIO27"), false)
        sim.gpio.sleep(nanoseconds: ms(2.5))
        XCTAssertEqual(sim.gpio.isHigh("GPIO27"), true)
        sim.gpio.drive("GPIO27", high: true, at: ms(10))
        sim.gpio.sleep(nanoseconds: ms(8))
        XCTAssertEqual(sim.gpio.isHigh("GPIO27"), true, "a test drives the line at 10 ms")
    }

    func testEdgesQueuedWhileTheModuleSleptAreStillDelivered() throws {
        let sim = try makeSimulator()
        var settings = LineSettings()
        settings.edge = .both
        settings.debounceMicroseconds = 10_000
        let request = try sim.gpio.request(lines: [sim.definition.line(named: "GPIO27")!], settings: settings, consumer: "t")
        sim.gpio.sleep(nanoseconds: ms(2000))  // all four debounced edges are in the past now
        var kinds: [EdgeEvent.Kind] = []
        while let e = try request.waitForEdge(timeoutNanoseconds: 0) { kinds.append(e.kind) }
        XCTAssertEqual(kinds, [.falling, .rising, .falling, .rising])
        XCTAssertEqual(sim.gpio.clock, ms(2000), "the clock does not move back")
        request.release()
    }

    private func read(_ device: SimulatedI2CDevice, _ register: UInt8, _ count: Int) -> [UInt8] {
        _ = device.write([register])
        return device.read(count: count)
    }
}
