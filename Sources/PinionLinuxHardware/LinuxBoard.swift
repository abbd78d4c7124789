// PinionLinuxHardware: a real board's backends: its gpiochip (by label) and I2C adapters.
import PinionHardware

/// The Linux backends for a board definition.
public final class LinuxBoard {
    public let definition: BoardDefinition
    public let gpio: LinuxGPIO
    public let i2c: LinuxI2C

    /// Opens the board's gpiochip; I2C adapters open when a module first uses them.
    public init(_ definition: BoardDefinition) throws(LinuxHardwareError) {
        guard !definition.simulated else {
            throw LinuxHardwareError(description: "board '\(definition.name)' is simulated; use PinionSimulator for it")
        }
        self.definition = definition
        gpio = try LinuxGPIO(chipLabel: definition.gpioChipLabel)
        i2c = LinuxI2C()
    }

    public var backends: BoardBackends { BoardBackends(gpio: gpio, i2c: i2c) }
}
