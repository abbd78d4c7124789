// PinionHardware: a format-neutral tree of configuration values (manifests, board files),
// and typed accessors whose errors name the field.

/// A parsed configuration value. Manifests and board files are TOML, but extensions
/// read their sections from this tree so that they need no TOML library.
public indirect enum ConfigValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case bool(Bool)
    case array([ConfigValue])
    case table([String: ConfigValue])

    /// A short name of the kind, for error messages.
    public var kindName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A configuration value that is missing, of the wrong kind, or out of range.
/// `field` is its path, e.g. `gpio[1].safe_level`.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field's path, e.g. `gpio[1].safe_level`.
    public var field: String
    /// What is wrong with it.
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// A table being read, with its path for error messages. Reading marks keys as used so
/// that `rejectUnknownKeys()` can catch typos such as `adresses`.
public struct ConfigTable {
    /// The table's path, e.g. `gpio[0]` (empty for the document itself).
    public let path: String
    /// The raw entries.
    public let entries: [String: ConfigValue]
    private var used: Set<String> = []

    public init(_ value: ConfigValue, path: String) throws(ConfigError) {
        guard case .table(let entries) = value else {
            throw ConfigError(field: path.isEmpty ? "(top level)" : path, "expected a table, got \(value.kindName)")
        }
        self.path = path
        self.entries = entries
    }

    /// The path of a key in this table.
    public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value of `key`, if present.
    public mutating func value(_ key: String) -> ConfigValue? {
        used.insert(key)
        return entries[key]
    }

    /// A string, if present; an error if it is something else.
    public mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw ConfigError(field: field(key), "expected a string, got \(v.kindName)") }
        return s
    }

    /// A string that must be present.
    public mutating func requiredString(_ key: String) throws(ConfigError) -> String {
        guard let s = try string(key) else { throw ConfigError(field: field(key), "is required") }
        return s
    }

    /// An integer, if present, within `range` when one is given.
    public mutating func integer(_ key: String, in range: ClosedRange<Int64>? = nil) throws(ConfigError) -> Int64? {
        guard let v = value(key) else { return nil }
        guard case .integer(let i) = v else { throw ConfigError(field: field(key), "expected an integer, got \(v.kindName)") }
        if let range, !range.contains(i) {
            throw ConfigError(field: field(key), "\(i) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return i
    }

    /// An integer that must be present.
    public mutating func requiredInteger(_ key: String, in range: ClosedRange<Int64>? = nil) throws(ConfigError) -> Int64 {
        guard let i = try integer(key, in: range) else { throw ConfigError(field: field(key), "is required") }
        return i
    }

    /// A number; integers are accepted too.
    public mutating func number(_ key: String) throws(ConfigError) -> Double? {
        guard let v = value(key) else { return nil }
        switch v {
        case .float(let d): return d
        case .integer(let i): return Double(i)
        default: throw ConfigError(field: field(key), "expected a number, got \(v.kindName)")
        }
    }

    /// A boolean, if present.
    public mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw ConfigError(field: field(key), "expected true or false, got \(v.kindName)") }
        return b
    }

    /// An array of strings, each one of `allowed` (when given).
    public mutating func strings(_ key: String, allowed: [String]? = nil) throws(ConfigError) -> [String]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw ConfigError(field: field(key), "expected an array of strings, got \(v.kindName)") }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else {
                throw ConfigError(field: "\(field(key))[\(i)]", "expected a string, got \(item.kindName)")
            }
            if let allowed, !allowed.contains(s) {
                throw ConfigError(field: "\(field(key))[\(i)]",
                                  "\"\(s)\" is not one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            result.append(s)
        }
        return result
    }

    /// An array of integers, each in `range` (when given).
    public mutating func integers(_ key: String, in range: ClosedRange<Int64>? = nil) throws(ConfigError) -> [Int64]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else { throw ConfigError(field: field(key), "expected an array of integers, got \(v.kindName)") }
        var result: [Int64] = []
        for (i, item) in items.enumerated() {
            guard case .integer(let n) = item else {
                throw ConfigError(field: "\(field(key))[\(i)]", "expected an integer, got \(item.kindName)")
            }
            if let range, !range.contains(n) {
                throw ConfigError(field: "\(field(key))[\(i)]", "\(n) is out of range \(range.lowerBound)...\(range.upperBound)")
            }
            result.append(n)
        }
        return result
    }

    /// A sub-table, if present.
    public mutating func table(_ key: String) throws(ConfigError) -> ConfigTable? {
        guard let v = value(key) else { return nil }
        return try ConfigTable(v, path: field(key))
    }

    /// An array of tables (`[[key]]`), empty when absent.
    public mutating func tables(_ key: String) throws(ConfigError) -> [ConfigTable] {
        guard let v = value(key) else { return [] }
        guard case .array(let items) = v else { throw ConfigError(field: field(key), "expected an array of tables ([[\(key)]]), got \(v.kindName)") }
        var result: [ConfigTable] = []
        for (i, item) in items.enumerated() { result.append(try ConfigTable(item, path: "\(field(key))[\(i)]")) }
        return result
    }

    /// Throws for the first key (in sorted order) that no accessor asked for.
    public func rejectUnknownKeys() throws(ConfigError) {
        if let unknown = entries.keys.sorted().first(where: { !used.contains($0) }) {
            throw ConfigError(field: field(unknown), "unknown field")
        }
    }
}
