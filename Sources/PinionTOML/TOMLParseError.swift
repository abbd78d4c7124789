// PinionTOML: the error a document that is not TOML 1.0 is rejected with.

/// Where a document stops being TOML 1.0, and why.
public struct TOMLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, in Unicode scalars (characters) from the start of the line.
    public var column: Int
    /// What is wrong there, e.g. "expected '=' after key `name`".
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line 3, column 7: expected '=' after key `name``.
    public var description: String { "line \(line), column \(column): \(message)" }
}
