// PinionManifest: reading a TOML file into the format-neutral `ConfigValue` tree.
import FoundationEssentials
import PinionHardware
import TOMLKit

/// A TOML file that cannot be read or parsed.
public struct TOMLFileError: Error, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

enum TOMLDocument {
    /// Parses `path`; errors carry the line and column.
    static func load(_ path: String) throws(TOMLFileError) -> ConfigValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TOMLFileError(path: path, message: "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    static func parse(_ text: String, path: String) throws(TOMLFileError) -> ConfigValue {
        // toml++ would abort the process on these inputs (see TOMLPrecheck).
        if let at = TOMLPrecheck.crashingInput(in: text) {
            throw TOMLFileError(path: path, message: "line \(at.line), column \(at.column): Error while parsing \(at.expected)")
        }
        do {
            return convert(try TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw TOMLFileError(path: path, message: "line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch {
            throw TOMLFileError(path: path, message: "\(error)")
        }
    }

    static func convert(_ value: TOMLValueConvertible) -> ConfigValue {
        switch value.type {
        case .table:
            let table = value.table!
            var entries: [String: ConfigValue] = [:]
            for key in table.keys { entries[key] = convert(table[key]!) }
            return .table(entries)
        case .array:
            return .array(value.array!.map { convert($0) })
        case .string: return .string(value.string!)
        case .int: return .integer(Int64(value.int!))
        case .double: return .float(value.double!)
        case .bool: return .bool(value.bool!)
        case .date, .time, .dateTime: return .string(value.debugDescription)
        }
    }
}
