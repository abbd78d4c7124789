// PinionTOML: the entry point and the document's line structure: key/value lines,
// `[table]` and `[[array of tables]]` headers, comments and blank lines.

/// Parses TOML 1.0 documents.
///
/// ```swift
/// let table = try TOMLParser.parse(Array(text.utf8))
/// if case .string(let name)? = table["name"] { ... }
/// ```
///
/// Every input either decodes or is rejected with a `TOMLParseError` naming the line and
/// column: no input traps. Tables and arrays nested deeper than `maxDepth` are refused
/// rather than recursed into.
public enum TOMLParser {
    /// How deep tables, arrays and inline tables may nest (keys' parts included).
    public static let maxDepth = 128

    /// Parses a document's UTF-8 bytes (a leading byte-order mark is skipped).
    public static func parse(_ bytes: [UInt8]) throws(TOMLParseError) -> TOMLTable {
        var parser = TOMLDocumentParser(bytes)
        return try parser.parseDocument()
    }

    /// Parses a document's text.
    public static func parse(_ text: String) throws(TOMLParseError) -> TOMLTable {
        try parse(Array(text.utf8))
    }
}

/// The parser's state: the cursor, the table tree and the section being read.
struct TOMLDocumentParser {
    var scanner: TOMLScanner
    let root = TOMLTableNode(origin: .header, name: "", parent: nil)
    /// The table the current section's key/values go into.
    var current: TOMLTableNode
    /// Numbers sections (the root's body, each header's body, each inline table) for the
    /// rule that dotted keys extend only tables of their own section.
    var section = 0

    init(_ bytes: [UInt8]) {
        scanner = TOMLScanner(bytes)
        current = root
    }

    mutating func parseDocument() throws(TOMLParseError) -> TOMLTable {
        if let bad = TOMLScanner.firstInvalidUTF8(in: scanner.bytes) {
            throw scanner.error("invalid UTF-8 (byte 0x\(String(scanner.bytes[bad], radix: 16, uppercase: true)))", at: bad)
        }
        if scanner.lookingAt("\u{FEFF}") { scanner.advance(3) }
        while true {
            scanner.skipWhitespace()
            guard let b = scanner.peek() else { break }
            switch b {
            case .hash:
                try scanner.expectLineEnd(after: "a comment")
            case .lineFeed, .carriageReturn:
                guard scanner.consumeNewline() else {
                    throw scanner.error("a carriage return must be followed by a line feed")
                }
            case .leftBracket:
                try parseHeader()
            default:
                try parseKeyValue()
            }
        }
        return root.build()
    }

    /// `[a.b]` or `[[a.b]]` and the rest of its line.
    private mutating func parseHeader() throws(TOMLParseError) {
        scanner.advance()
        let arrayElement = scanner.consume(.leftBracket)
        let key = try scanner.readKey(maxParts: TOMLParser.maxDepth)
        let closing = arrayElement ? "]]" : "]"
        guard scanner.consume(.rightBracket), !arrayElement || scanner.consume(.rightBracket) else {
            throw scanner.error("expected '\(closing)' to close the table header, found \(scanner.describe(scanner.index))")
        }
        do {
            current = try TOMLTableBuilder.header(key.map(\.name), arrayElement: arrayElement, in: root)
        } catch {
            throw scanner.error(error.message, at: key[error.part].offset)
        }
        section += 1
        try scanner.expectLineEnd(after: "the table header [\(arrayElement ? "[" : "")\(TOMLKeyPath.display(key.map(\.name)))\(closing)")
    }

    /// `key = value` and the rest of its line.
    private mutating func parseKeyValue() throws(TOMLParseError) {
        let key = try parseKeyValue(into: current, section: section)
        try scanner.expectLineEnd(after: "the value of `\(TOMLKeyPath.display(key))`")
    }

    /// `key = value` into `table`; returns the key's names. Used at the top level and in
    /// inline tables.
    mutating func parseKeyValue(into table: TOMLTableNode, section: Int) throws(TOMLParseError) -> [String] {
        let key = try scanner.readKey(maxParts: max(1, TOMLParser.maxDepth - table.depth))
        let names = key.map(\.name)
        scanner.skipWhitespace()
        guard scanner.consume(.equals) else {
            throw scanner.error("expected '=' after key `\(TOMLKeyPath.display(names))`, found \(scanner.describe(scanner.index))")
        }
        scanner.skipWhitespace()
        let value = try parseValue(table: table, key: names)
        do {
            try TOMLTableBuilder.keyValue(names, value, in: table, section: section)
        } catch {
            throw scanner.error(error.message, at: key[error.part].offset)
        }
        return names
    }
}
