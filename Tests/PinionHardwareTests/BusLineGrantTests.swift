// A GPIO output on a granted I2C bus's SDA or SCL is a manifest error (issue 12, item 10).
import PinionHardware
import XCTest

final class BusLineGrantTests: XCTestCase {
    private func session(gpioPin: String, modes: [String], i2cBus: Int?) throws -> HardwareSession {
        let sim = try makeSimulator(recordHistory: false)
        var gpio: [String: ConfigValue] = ["pin": .string(gpioPin), "modes": .array(modes.map { .string($0) })]
        if modes.contains("output") { gpio["safe_level"] = .string("low") }
        var sections: [String: ConfigValue] = ["gpio": .array([.table(gpio)])]
        if let i2cBus {
            sections["i2c"] = .array([.table(["bus": .integer(Int64(i2cBus)), "addresses": .array([.integer(0x76)])])])
        }
        return try HardwareSession(module: "m", board: sim.definition, backends: sim.backends, sections: sections)
    }

    func testOutputOnSDAOfAGrantedBusIsRefusedNamingTheFields() throws {
        for (pin, role) in [("GPIO2", "SDA"), ("GPIO3", "SCL")] {
            XCTAssertThrowsError(try session(gpioPin: pin, modes: ["output"], i2cBus: 1)) { error in
                let e = error as? ConfigError
                XCTAssertEqual(e?.field, "gpio[0].modes")
                XCTAssertEqual(e?.message, "\(pin) is \(role) of I2C bus 1, which i2c[0] grants; it cannot also be an output")
            }
        }
    }

    func testTheSameLineIsFineAsAnInputOrWithoutTheBus() throws {
        try session(gpioPin: "GPIO2", modes: ["input"], i2cBus: 1).release(.exited)
        try session(gpioPin: "GPIO2", modes: ["output"], i2cBus: nil).release(.exited)
    }
}
