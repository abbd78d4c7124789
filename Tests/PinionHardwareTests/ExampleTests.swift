// PinionHardwareTests: every example module runs on the simulated board; assertions on
// pin states (virtual-time history), printed output and what is left held afterwards.
import Foundation
import PinionHardware
import PinionSimulator
import XCTest

final class ExampleTests: XCTestCase {
    func testBlinkTogglesTheLEDEvery250msAndLeavesItAtItsSafeLevel() throws {
        let sim = try makeSimulator()
        let (wasm, manifest) = example("blink")
        let run = try runOnSimulator(wasm, manifest: manifest, simulator: sim, arguments: ["3"])
        XCTAssertEqual(run.exitCode, 0)
        XCTAssertEqual(run.stdout, """
                0 ms  led on
              250 ms  led off
              500 ms  led on
              750 ms  led off
             1000 ms  led on
             1250 ms  led off
            done: leaving the led on; pinion drives it to its safe level on exit

            """)
        let levels = sim.gpio.changes(of: "GPIO17").map { ($0.time, $0.high) }
        let expected: [(UInt64, Bool)] = [
            (0, false),  // requested as an output, initially low
            (0, true), (ms(250), false), (ms(500), true), (ms(750), false), (ms(1000), true), (ms(1250), false),
            (ms(1500), true),   // left on by the module...
            (ms(1500), false),  // ...and driven to safe_level = "low" when it exited
        ]
        XCTAssertEqual(levels.map(\.0), expected.map(\.0))
        XCTAssertEqual(levels.map(\.1), expected.map(\.1))
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), false)
        XCTAssertEqual(sim.gpio.line("GPIO17")?.isHeld, false, "released after the run")
        XCTAssertNil(LineClaims.owner(chip: "pinion-sim", offset: 17))
    }

    func testBlinkStoppedWhileTheLEDIsOnLeavesItAtItsSafeLevel() throws {
        // Ask the module to stop the moment it switches the LED on: it traps as
        // interrupted (at its next check), and release drives the LED low.
        let sim = try makeSimulator()
        let (wasm, manifest) = example("blink")
        let run = try runOnSimulator(wasm, manifest: manifest, simulator: sim, beforeStart: { instance in
            sim.gpio.onOutputChange = { change in if change.high { instance.interrupt.raise() } }
        })
        XCTAssertEqual(run.trap?.kind, .interrupted)
        XCTAssertEqual(sim.gpio.changes(of: "GPIO17").map(\.high), [false, true, false])
        XCTAssertEqual(sim.gpio.isHigh("GPIO17"), false)
        XCTAssertEqual(sim.gpio.line("GPIO17")?.isHeld, false)
    }

    func testButtonDebouncesPressesAndTogglesTheLED() throws {
        let sim = try makeSimulator()
        let (wasm, manifest) = example("button")
        let run = try runOnSimulator(wasm, manifest: manifest, simulator: sim)
        XCTAssertEqual(run.exitCode, 0)
        // boards/sim.toml bounces GPIO27 low at 100-101 ms, high at 350-350.6, low at
        // 900-900.7, high at 1200-1200.5; with a 10 ms debounce each edge is reported once,
        // 10 ms after the last bounce.
        XCTAssertEqual(run.stdout, """
               0.111000 s  pressed (#1), led on
               0.360600 s  released
               0.910700 s  pressed (#2), led off
               1.210500 s  released
            no edge for 3 s: done after 2 press(es)

            """)
        let led = sim.gpio.changes(of: "GPIO17").map { ($0.time, $0.high) }
        XCTAssertEqual(led.map(\.0), [0, ms(111), ms(910.7)])
        XCTAssertEqual(led.map(\.1), [false, true, false])
        XCTAssertEqual(sim.gpio.line("GPIO27")?.isHeld, false)
    }

    func testButtonWithoutDebounceSeesEveryBounce() throws {
        // The same waveform read raw (what libgpiod 1.6 gives): every bounce is an edge.
        let sim = try makeSimulator()
        let session = try HardwareSession(module: "raw", board: sim.definition, backends: sim.backends,
                                          sections: ["gpio": .array([.table(["pin": .string("GPIO27"), "modes": .array([.string("input")]),
                                                                             "edges": .array([.string("both")])])])])
        let request = try sim.gpio.request(lines: [sim.definition.line(named: "GPIO27")!], settings: {
            var s = LineSettings(); s.edge = .both; return s }(), consumer: "test")
        var edges: [UInt64] = []
        while let e = try request.waitForEdge(timeoutNanoseconds: 2_000_000_000) { edges.append(e.timestampNanoseconds) }
        XCTAssertEqual(edges, [100, 100.3, 100.5, 100.8, 101, 350, 350.2, 350.6, 900, 900.4, 900.7, 1200, 1200.3, 1200.5].map(ms))
        request.release()
        session.release(.exited)
    }

    func testBME280PrintsCompensatedReadingsOfTheSensorModel() throws {
        let sim = try makeSimulator()
        let sensor = try XCTUnwrap(sim.i2c.device(bus: 1, address: 0x76) as? BME280Model)
        let (wasm, manifest) = example("bme280")
        for (celsius, hpa, rh) in [(22.5, 1013.25, 45.0), (-10.25, 950.5, 80.0), (35.0, 1050.0, 12.5)] {
            sensor.celsius = celsius
            sensor.hectopascals = hpa
            sensor.humidity = rh
            let run = try runOnSimulator(wasm, manifest: manifest, simulator: sim, arguments: ["2"])
            XCTAssertEqual(run.exitCode, 0)
            let lines = run.stdout.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 2)
            // Independently: the datasheet's floating-point formulas over the raw registers.
            let expected = try BME280Reference(sensor)
            for line in lines {
                let numbers = line.split(separator: " ").compactMap { Double($0) }
                XCTAssertEqual(numbers.count, 3, line)
                XCTAssertEqual(numbers[0], expected.celsius, accuracy: 0.011, line)
                XCTAssertEqual(numbers[1], expected.hectopascals, accuracy: 0.011, line)
                XCTAssertEqual(numbers[2], expected.humidity, accuracy: 0.03, line)
                // And the model produced what it was set to, within the sensor's resolution.
                XCTAssertEqual(numbers[0], celsius, accuracy: 0.011)
                XCTAssertEqual(numbers[1], hpa, accuracy: 0.011)
                XCTAssertEqual(numbers[2], rh, accuracy: 0.011)
            }
            XCTAssertEqual(lines[0].hasPrefix("temperature \(celsius < 0 ? "-" : "")"), true, lines[0])
        }
        XCTAssertEqual(sensor.measurements, 6, "one forced measurement per reading")
    }

    func testBME280FallsBackToSMBusByteReadsOnAnSMBusOnlyAdapter() throws {
        let sim = try makeSimulator()
        let sensor = try XCTUnwrap(sim.i2c.device(bus: 1, address: 0x76) as? BME280Model)
        (sensor.celsius, sensor.hectopascals, sensor.humidity) = (22.5, 1013.25, 45.0)
        let (wasm, manifest) = example("bme280")
        let full = try runOnSimulator(wasm, manifest: manifest, simulator: sim, arguments: ["2"])
        let smbusOnly = SMBusOnlyI2C(sim.i2c)
        let fallback = try runOnSimulator(wasm, manifest: manifest, simulator: sim,
                                          backends: BoardBackends(gpio: sim.gpio, i2c: smbusOnly), arguments: ["2"])
        XCTAssertEqual(fallback.exitCode, 0)
        XCTAssertEqual(smbusOnly.refused, 1, "write-then-read tried once, then SMBus only")
        XCTAssertEqual(fallback.stdout.split(separator: "\n").count, 2)
        XCTAssertEqual(fallback.stdout, full.stdout, "the same readings as with write-then-read")
    }

    func testI2CScanFindsTheSimulatedDevicesAndIsRefusedAnUngrantedAddress() throws {
        let sim = try makeSimulator()
        let (wasm, manifest) = example("i2cscan")
        var session: HardwareSession?
        let run = try runOnSimulator(wasm, manifest: manifest, simulator: sim) { session = $0 }
        XCTAssertEqual(run.exitCode, 0)
        XCTAssertEqual(run.stdout, """
            scanning 3 granted address(es) on I2C bus 1
              0x20  device present
              0x76  device present
              0x77  no device (no-acknowledge)
            2 device(s) found
              0x50  not granted: pin-not-allowed

            """)
        XCTAssertEqual(session?.log.denials, [Denial(module: "i2cscan", namespace: "pinion_i2c",
                                                     request: "open bus 1 address 0x50", error: .pinNotAllowed)])
    }
}

/// The simulator's I2C as an SMBus-only adapter (i2c-stub, some HATs): plain and
/// combined I2C transfers are refused as unsupported, SMBus goes through.
final class SMBusOnlyI2C: I2CBackend {
    let inner: I2CBackend
    var refused = 0
    init(_ inner: I2CBackend) { self.inner = inner }

    func open(bus: I2CBusDefinition, address: UInt16) throws(HardwareError) -> I2CDevice {
        Device(try inner.open(bus: bus, address: address), owner: self)
    }

    final class Device: I2CDevice {
        let inner: I2CDevice
        unowned let owner: SMBusOnlyI2C
        init(_ inner: I2CDevice, owner: SMBusOnlyI2C) { (self.inner, self.owner) = (inner, owner) }
        func write(_ bytes: [UInt8]) throws(HardwareError) { owner.refused += 1; throw .unsupported }
        func read(count: Int) throws(HardwareError) -> [UInt8] { owner.refused += 1; throw .unsupported }
        func writeRead(_ bytes: [UInt8], readCount: Int) throws(HardwareError) -> [UInt8] { owner.refused += 1; throw .unsupported }
        func smbus(_ operation: SMBusOperation) throws(HardwareError) -> SMBusResult { try inner.smbus(operation) }
        func close() { inner.close() }
    }
}

/// The BME280's compensation in double precision (datasheet section 8.1), computed from
/// the calibration and data registers as a host would read them.
struct BME280Reference {
    var celsius: Double, hectopascals: Double, humidity: Double

    init(_ sensor: BME280Model) throws {
        func reg(_ r: Int) -> Double { Double(sensor.registers[r]) }
        func u16(_ r: Int) -> Double { Double(UInt16(sensor.registers[r]) | UInt16(sensor.registers[r + 1]) << 8) }
        func s16(_ r: Int) -> Double { Double(Int16(bitPattern: UInt16(sensor.registers[r]) | UInt16(sensor.registers[r + 1]) << 8)) }
        let t1 = u16(0x88), t2 = s16(0x8A), t3 = s16(0x8C)
        let p1 = u16(0x8E), p2 = s16(0x90), p3 = s16(0x92), p4 = s16(0x94), p5 = s16(0x96)
        let p6 = s16(0x98), p7 = s16(0x9A), p8 = s16(0x9C), p9 = s16(0x9E)
        let h1 = reg(0xA1), h2 = s16(0xE1), h3 = reg(0xE3)
        let e4 = Int16(Int8(bitPattern: sensor.registers[0xE4])), e5 = Int16(sensor.registers[0xE5]), e6 = Int16(Int8(bitPattern: sensor.registers[0xE6]))
        let h4 = Double(e4 * 16 | (e5 & 0x0F)), h5 = Double(e6 * 16 | (e5 >> 4))
        let h6 = Double(Int8(bitPattern: sensor.registers[0xE7]))
        let adcP = Double(Int(sensor.registers[0xF7]) << 12 | Int(sensor.registers[0xF8]) << 4 | Int(sensor.registers[0xF9]) >> 4)
        let adcT = Double(Int(sensor.registers[0xFA]) << 12 | Int(sensor.registers[0xFB]) << 4 | Int(sensor.registers[0xFC]) >> 4)
        let adcH = Double(Int(sensor.registers[0xFD]) << 8 | Int(sensor.registers[0xFE]))

        let v1 = (adcT / 16384 - t1 / 1024) * t2
        let v2 = (adcT / 131072 - t1 / 8192) * (adcT / 131072 - t1 / 8192) * t3
        let tFine = (v1 + v2).rounded(.towardZero)
        celsius = (v1 + v2) / 5120

        var a = tFine / 2 - 64000
        var b = a * a * p6 / 32768
        b += a * p5 * 2
        b = b / 4 + p4 * 65536
        a = (p3 * a * a / 524288 + p2 * a) / 524288
        a = (1 + a / 32768) * p1
        var p = 1048576 - adcP
        p = (p - b / 4096) * 6250 / a
        a = p9 * p * p / 2147483648
        b = p * p8 / 32768
        hectopascals = (p + (a + b + p7) / 16) / 100

        var h = tFine - 76800
        h = (adcH - (h4 * 64 + h5 / 16384 * h)) * (h2 / 65536 * (1 + h6 / 67108864 * h * (1 + h3 / 67108864 * h)))
        h = h * (1 - h1 * h / 524288)
        humidity = min(max(h, 0), 100)
    }
}
