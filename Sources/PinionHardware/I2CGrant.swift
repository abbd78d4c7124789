// PinionHardware: what a manifest's `[[i2c]]` tables grant, and parsing them.

/// Devices granted on one I2C bus.
///
/// ```toml
/// [[i2c]]
/// bus = 1                      # /dev/i2c-1 on a Raspberry Pi
/// addresses = [0x76, 0x20]     # 7-bit addresses the module may talk to
/// ```
public struct I2CGrant: Sendable, Hashable {
    public var bus: Int
    public var addresses: [UInt16]
    /// Where it came from, e.g. `i2c[0]`, for errors.
    public var field: String

    public init(bus: Int, addresses: [UInt16], field: String = "i2c") {
        self.bus = bus
        self.addresses = addresses
        self.field = field
    }

    /// Parses the manifest's `i2c` array of tables.
    public static func parseAll(_ section: ConfigValue?) throws(ConfigError) -> [I2CGrant] {
        guard let section else { return [] }
        var root = try ConfigTable(.table(["i2c": section]), path: "")
        var grants: [I2CGrant] = []
        for var table in try root.tables("i2c") {
            let bus = Int(try table.requiredInteger("bus", in: 0...255))
            if let other = grants.first(where: { $0.bus == bus }) {
                throw ConfigError(field: table.field("bus"), "bus \(bus) is already granted by \(other.field)")
            }
            // 0x00-0x07 and 0x78-0x7F are reserved by the I2C specification.
            guard let addresses = try table.integers("addresses", in: 0x08...0x77), !addresses.isEmpty else {
                throw ConfigError(field: table.field("addresses"), "is required: a non-empty array of 7-bit addresses (0x08...0x77)")
            }
            try table.rejectUnknownKeys()
            grants.append(I2CGrant(bus: bus, addresses: addresses.map { UInt16($0) }, field: table.path))
        }
        return grants
    }
}
