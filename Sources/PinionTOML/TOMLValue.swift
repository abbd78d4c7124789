// PinionTOML: the value tree a TOML document decodes to (TOML 1.0's value kinds).

/// A TOML value.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    /// TOML integers are 64-bit signed.
    case integer(Int64)
    /// Includes `inf`, `-inf` and `nan`.
    case float(Double)
    case bool(Bool)
    /// An offset date-time, local date-time, local date or local time.
    case dateTime(TOMLDateTime)
    /// A static array or an array of tables.
    case array([TOMLValue])
    /// A table, inline or not.
    case table(TOMLTable)

    /// A short name of the kind, for error messages ("a string", "a table").
    public var kindName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .bool: "a boolean"
        case .dateTime(let d): d.kind.name
        case .array: "an array"
        case .table: "a table"
        }
    }
}
