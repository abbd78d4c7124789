// PinionHardware: what a board is: its header pins, GPIO lines, gpiochip and I2C buses.

/// One GPIO line on a board.
public struct BoardLine: Sendable, Hashable, CustomStringConvertible {
    /// The board's name for the line, e.g. `GPIO17`.
    public var name: String
    /// The line's offset on the board's gpiochip.
    public var offset: Int
    /// The 40-pin header pin it is on, if any.
    public var headerPin: Int?
    /// Alternate-function names, e.g. `SDA1`, `PWM0`.
    public var functions: [String]

    public init(name: String, offset: Int, headerPin: Int? = nil, functions: [String] = []) {
        self.name = name
        self.offset = offset
        self.headerPin = headerPin
        self.functions = functions
    }

    public var description: String { name }
}

/// A header pin that is not a GPIO line (power or ground).
public struct PowerPin: Sendable, Hashable {
    public var headerPin: Int
    /// e.g. `3V3`, `5V`, `GND`.
    public var name: String

    public init(headerPin: Int, name: String) {
        self.headerPin = headerPin
        self.name = name
    }
}

/// An I2C bus a board offers.
public struct I2CBusDefinition: Sendable, Hashable {
    /// The bus number manifests grant, e.g. 1 for `/dev/i2c-1`.
    public var bus: Int
    /// The device node (`/dev/i2c-1`), or `sim` on the simulated board.
    public var device: String
    /// The lines carrying SDA and SCL, by board name, if known.
    public var sda: String?
    public var scl: String?

    public init(bus: Int, device: String, sda: String? = nil, scl: String? = nil) {
        self.bus = bus
        self.device = device
        self.sda = sda
        self.scl = scl
    }
}

/// A board: a Raspberry Pi model or the simulator.
public struct BoardDefinition: Sendable {
    /// Short name used with `--board`, e.g. `rpi4`, `sim`.
    public var name: String
    /// Human name, e.g. `Raspberry Pi 4 Model B`.
    public var title: String
    /// Substrings of `/proc/device-tree/model` that identify the board.
    public var modelMatches: [String]
    /// True for the simulated board: nothing on it touches hardware.
    public var simulated: Bool
    /// The label of the gpiochip with the header's lines. Chips are found by label
    /// because their numbers change between kernels (the Pi 5's was gpiochip4, now 0).
    public var gpioChipLabel: String
    public var lines: [BoardLine]
    public var powerPins: [PowerPin]
    public var i2cBuses: [I2CBusDefinition]
    /// The board file's `[sim]` table: devices and input waveforms for the simulator.
    public var simulation: ConfigValue?

    public init(name: String, title: String, modelMatches: [String] = [], simulated: Bool = false,
                gpioChipLabel: String, lines: [BoardLine], powerPins: [PowerPin] = [],
                i2cBuses: [I2CBusDefinition] = [], simulation: ConfigValue? = nil) {
        self.name = name
        self.title = title
        self.modelMatches = modelMatches
        self.simulated = simulated
        self.gpioChipLabel = gpioChipLabel
        self.lines = lines
        self.powerPins = powerPins
        self.i2cBuses = i2cBuses
        self.simulation = simulation
    }

    /// The line with board name `name` (case-insensitive: `gpio17` works).
    public func line(named name: String) -> BoardLine? {
        let wanted = name.uppercased()
        return lines.first { $0.name.uppercased() == wanted }
    }

    /// The line on header pin `pin`.
    public func line(onHeaderPin pin: Int) -> BoardLine? {
        lines.first { $0.headerPin == pin }
    }

    /// The bus numbered `bus`.
    public func i2cBus(_ bus: Int) -> I2CBusDefinition? {
        i2cBuses.first { $0.bus == bus }
    }

    /// Whether `model` (the contents of `/proc/device-tree/model`) is this board: it
    /// contains one of `modelMatches` (compared byte for byte).
    public func matches(model: String) -> Bool {
        let model = model.utf8
        return modelMatches.contains { part in model.indices.contains { model[$0...].starts(with: part.utf8) } }
    }
}
