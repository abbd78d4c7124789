// PinionHardware: the hardware extensions of one running module, created from its
// grants and a board, defined into its imports together and released together.
import PinionRuntime

/// The GPIO and I2C backends of a board.
public struct BoardBackends {
    public var gpio: GPIOBackend
    public var i2c: I2CBackend
    public init(gpio: GPIOBackend, i2c: I2CBackend) {
        self.gpio = gpio
        self.i2c = i2c
    }
}

/// Every hardware extension of one module instance.
public final class HardwareSession {
    public let board: BoardDefinition
    public let gpio: GPIOExtension
    public let i2c: I2CExtension
    /// Denials of every extension go here.
    public let log: DenialLog
    private var released = false
    private var added: [any HostExtension] = []

    /// All extensions, in the order they are defined and released.
    public var extensions: [any HostExtension] { [gpio, i2c] + added }

    /// Adds another extension (SPI, PWM, ...), built by the embedder from the manifest
    /// section it reads; it is defined and released with the others. Call before `define`.
    public func add(_ extension: any HostExtension) {
        added.append(`extension`)
    }

    /// Creates the extensions for `module` from its manifest's sections (keyed by each
    /// extension's `manifestSection`). Errors name the manifest field.
    public init(module: String, board: BoardDefinition, backends: BoardBackends,
                sections: [String: ConfigValue], log: DenialLog? = nil) throws(ConfigError) {
        let log = log ?? DenialLog(module: module)
        self.board = board
        self.log = log
        gpio = try GPIOExtension(grants: try GPIOExtension.parseGrants(sections[GPIOExtension.manifestSection]),
                                 board: board, backend: backends.gpio, log: log)
        i2c = try I2CExtension(grants: try I2CExtension.parseGrants(sections[I2CExtension.manifestSection]),
                               board: board, backend: backends.i2c, log: log)
        try Self.rejectOutputsOnGrantedBuses(gpio: gpio, i2c: i2c, board: board)
    }

    /// A module driving a granted bus's SDA or SCL as an output would corrupt every transfer
    /// on that bus (and can short a device pulling the line low), so the two grants together
    /// are a manifest error, not a runtime surprise.
    static func rejectOutputsOnGrantedBuses(gpio: GPIOExtension, i2c: I2CExtension, board: BoardDefinition) throws(ConfigError) {
        for grant in i2c.grants {
            guard let bus = board.i2cBuses.first(where: { $0.bus == grant.bus }) else { continue }
            for resolved in gpio.grants where resolved.grant.modes.contains(.output) {
                for (role, name) in [("SDA", bus.sda), ("SCL", bus.scl)] where name == resolved.line.name {
                    throw ConfigError(field: "\(resolved.grant.field).modes",
                                      "\(resolved.line.name) is \(role) of I2C bus \(bus.bus), which \(grant.field) grants; it cannot also be an output")
                }
            }
        }
    }

    /// Defines every extension's host functions in `imports`.
    public func define(in imports: inout Imports, store: Store) {
        for e in extensions { e.define(in: &imports, store: store) }
    }

    /// Releases what the module holds; only the first call does anything.
    public func release(_ reason: ReleaseReason) {
        guard !released else { return }
        released = true
        for e in extensions { e.release(reason) }
        log.flush()
    }

    /// Asks the running module to stop (it traps with `.interrupted` at its next check).
    /// Only an atomic store, so it may be called from a signal handler.
    public func requestStop() {
        gpio.interrupt?.raise()
        i2c.interrupt?.raise()
    }
}
