// PinionManifest: reading a TOML file into the format-neutral `ConfigValue` tree, with
// PinionTOML (no Foundation).
import PinionHardware
import PinionTOML
import PinionFiles

/// A TOML file that cannot be read or parsed.
public struct TOMLFileError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

enum TOMLDocument {
    /// Manifests and board files are a few KiB; a larger file is a wrong path.
    static let maxFileSize = 1 << 20

    /// Parses the file at `path`; errors carry the line and column.
    static func load(_ path: String) throws(TOMLFileError) -> ConfigValue {
        let bytes: [UInt8]
        do { bytes = try RegularFile.contents(path, limit: maxFileSize) } catch {
            throw TOMLFileError(path: path, message: "cannot read the file: \(error)")
        }
        return try parse(bytes, path: path)
    }

    static func parse(_ text: String, path: String) throws(TOMLFileError) -> ConfigValue {
        try parse(Array(text.utf8), path: path)
    }

    /// `line L, column C: message` on invalid TOML (including invalid UTF-8).
    static func parse(_ bytes: [UInt8], path: String) throws(TOMLFileError) -> ConfigValue {
        do {
            return convert(.table(try TOMLParser.parse(bytes)))
        } catch {
            throw TOMLFileError(path: path, message: error.description)
        }
    }

    /// Date-times become their RFC 3339 text.
    static func convert(_ value: TOMLValue) -> ConfigValue {
        switch value {
        case .table(let table):
            var entries: [String: ConfigValue] = [:]
            for (key, child) in table { entries[key] = convert(child) }
            return .table(entries)
        case .array(let elements): return .array(elements.map(convert))
        case .string(let s): return .string(s)
        case .integer(let i): return .integer(i)
        case .float(let d): return .float(d)
        case .bool(let b): return .bool(b)
        case .dateTime(let d): return .string(d.description)
        }
    }
}
