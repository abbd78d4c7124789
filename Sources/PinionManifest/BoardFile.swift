// PinionManifest: board definition files (boards/*.toml) and the header pin maps they
// share (boards/headers/*.toml).
import PinionFiles
import PinionHardware

/// A board file that cannot be used.
public struct BoardFileError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "board \(path): \(message)" }
}

enum BoardFile {
    /// Loads the board at `path`; its `header` names a file in `headers/` beside it, or
    /// else one built in (so a copy of `sim.toml` works anywhere). `read` parses a file:
    /// from disk, or from `EmbeddedBoards` for the built-in catalog.
    static func load(_ path: String, read: (String) throws(TOMLFileError) -> ConfigValue = TOMLDocument.load) throws(BoardFileError) -> BoardDefinition {
        let document: ConfigValue
        do { document = try read(path) } catch { throw BoardFileError(path: path, message: error.message) }
        let directory = FileSystem.directoryName(path)
        do throws(ConfigError) {
            var root = try ConfigTable(document, path: "")
            let name = try root.requiredString("name")
            let title = try root.string("title") ?? name
            let models = try root.strings("models") ?? []
            let simulated = try root.bool("simulated") ?? false
            let chip = try root.requiredString("gpiochip")
            let headerName = try root.requiredString("header")
            let headerPath = directory + "/headers/\(headerName).toml"
            let header: ConfigValue
            do { header = try read(headerPath) } catch {
                do { header = try EmbeddedBoards.read("headers/\(headerName).toml") } catch {
                    throw ConfigError(field: "header", "no header pin map '\(headerName)': \(headerPath) cannot be loaded and none is built in")
                }
            }
            let (lines, power) = try parseHeader(header, name: headerName)
            var buses: [I2CBusDefinition] = []
            for var t in try root.tables("i2c") {
                buses.append(I2CBusDefinition(bus: Int(try t.requiredInteger("bus", in: 0...255)), device: try t.requiredString("device"),
                                              sda: try t.string("sda"), scl: try t.string("scl")))
                try t.rejectUnknownKeys()
            }
            let simulation = root.value("sim")
            if simulation != nil && !simulated { throw ConfigError(field: "sim", "only a board with simulated = true may have a [sim] table") }
            try root.rejectUnknownKeys()
            return BoardDefinition(name: name, title: title, modelMatches: models, simulated: simulated, gpioChipLabel: chip,
                                   lines: lines, powerPins: power, i2cBuses: buses, simulation: simulation)
        } catch {
            throw BoardFileError(path: path, message: "\(error)")
        }
    }

    static func parseHeader(_ document: ConfigValue, name: String) throws(ConfigError) -> ([BoardLine], [PowerPin]) {
        var root = try ConfigTable(document, path: "headers/\(name)")
        var lines: [BoardLine] = [], power: [PowerPin] = []
        for var pin in try root.tables("pin") {
            let header = Int(try pin.requiredInteger("header", in: 1...200))
            if let p = try pin.string("power") {
                power.append(PowerPin(headerPin: header, name: p))
            } else {
                let gpio = Int(try pin.requiredInteger("gpio", in: 0...1023))
                lines.append(BoardLine(name: "GPIO\(gpio)", offset: gpio, headerPin: header, functions: try pin.strings("functions") ?? []))
            }
            try pin.rejectUnknownKeys()
        }
        try root.rejectUnknownKeys()
        return (lines.sorted { $0.offset < $1.offset }, power)
    }
}
