// PinionSimulator: the simulated board `sim`: builds GPIO lines, I2C device models and
// input waveforms from a board definition's `[sim]` table. Nothing here touches hardware.
import PinionHardware

/// A simulated board. It says so: see `notice`.
public final class SimulatedBoard {
    /// Printed when a module runs on the simulator.
    public static let notice = "board 'sim' is a SIMULATOR: no hardware is touched; its clock is virtual (sleeps and edge waits take no real time)"

    public let definition: BoardDefinition
    public let gpio: SimulatedGPIO
    public let i2c: SimulatedI2C

    /// The backends to give a `HardwareSession`.
    public var backends: BoardBackends { BoardBackends(gpio: gpio, i2c: i2c) }

    /// Builds the board. Errors name the board file's field, e.g. `sim.i2c[0].model`.
    public init(_ definition: BoardDefinition) throws(ConfigError) {
        self.definition = definition
        gpio = SimulatedGPIO(lines: definition.lines)
        i2c = SimulatedI2C()
        guard let simulation = definition.simulation else { return }
        var sim = try ConfigTable(simulation, path: "sim")
        for var t in try sim.tables("i2c") {
            let bus = Int(try t.requiredInteger("bus", in: 0...255))
            guard definition.i2cBus(bus) != nil else { throw ConfigError(field: t.field("bus"), "the board has no I2C bus \(bus)") }
            let address = UInt16(try t.requiredInteger("address", in: 0x08...0x77))
            let model = try t.requiredString("model")
            let device: SimulatedI2CDevice
            switch model {
            case "bme280":
                device = BME280Model(celsius: try t.number("celsius") ?? 22.5,
                                     hectopascals: try t.number("hectopascals") ?? 1013.25,
                                     humidity: try t.number("humidity") ?? 45)
            case "mcp23008":
                device = MCP23008Model(inputs: UInt8(try t.integer("inputs", in: 0...255) ?? 0),
                                       floating: UInt8(try t.integer("floating", in: 0...255) ?? 0))
            default:
                throw ConfigError(field: t.field("model"), "unknown device model \"\(model)\" (known: \"bme280\", \"mcp23008\")")
            }
            try t.rejectUnknownKeys()
            i2c.attach(device, bus: bus, address: address)
        }
        for var t in try sim.tables("inputs") {
            let pin = try t.requiredString("pin")
            guard let line = gpio.line(pin) else { throw ConfigError(field: t.field("pin"), "the board has no line \(pin)") }
            for (time, high) in try Self.parseWaveform(try t.requiredString("waveform"), field: t.field("waveform")) {
                line.schedule(high: high, at: time)
            }
            try t.rejectUnknownKeys()
        }
        try sim.rejectUnknownKeys()
    }

    /// Parses a waveform: space-separated `LEVEL@MILLISECONDS` items (the first may omit
    /// `@` for the level at time 0), e.g. `"1 0@100 1@100.3 0@100.6"`.
    static func parseWaveform(_ text: String, field: String) throws(ConfigError) -> [(UInt64, Bool)] {
        var result: [(UInt64, Bool)] = []
        for item in text.split(separator: " ") {
            let parts = item.split(separator: "@", omittingEmptySubsequences: false)
            guard let level = parts.first, level == "0" || level == "1", parts.count <= 2 else {
                throw ConfigError(field: field, "\"\(item)\" is not LEVEL@MILLISECONDS (e.g. 0@100.5)")
            }
            var time: UInt64 = 0
            if parts.count == 2 {
                guard let ms = Double(parts[1]), ms >= 0 else { throw ConfigError(field: field, "\"\(item)\": bad time") }
                time = UInt64((ms * 1_000_000).rounded())
            }
            result.append((time, level == "1"))
        }
        return result
    }

    /// A summary of the simulated hardware, for `pinion run --sim-trace` and `pinion boards`.
    public var summary: [String] {
        i2c.attached.map { "I2C bus \($0.bus) address 0x\(String($0.address, radix: 16)): \($0.device.model) (simulated)" }
    }
}
