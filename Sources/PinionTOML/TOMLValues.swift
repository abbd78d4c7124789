// PinionTOML: values after `=`: dispatch on the first byte, arrays, inline tables, and
// the bare tokens of numbers, booleans and date-times. Nesting depth is bounded.

extension TOMLDocumentParser {
    /// The value at the cursor, for `key` in `table`.
    mutating func parseValue(table: TOMLTableNode, key: [String]) throws(TOMLParseError) -> TOMLValue {
        try parseValue(depth: table.depth + key.count, parent: table, key: key)
    }

    /// A value `depth` levels below the root; `parent` and `key` place inline tables
    /// (for their messages and their own depth).
    private mutating func parseValue(depth: Int, parent: TOMLTableNode, key: [String]) throws(TOMLParseError) -> TOMLValue {
        switch scanner.peek() {
        case .quote?, .apostrophe?:
            return .string(try scanner.readString(allowMultiLine: true))
        case .leftBracket?:
            return try parseArray(depth: depth, parent: parent, key: key)
        case .leftBrace?:
            return try parseInlineTable(depth: depth, parent: parent, key: key)
        case let b? where b.isBareKey || b == .plus || b == .dot:
            return try parseToken()
        default:
            throw scanner.error("expected a value, found \(scanner.describe(scanner.index))")
        }
    }

    private mutating func checkDepth(_ depth: Int) throws(TOMLParseError) {
        guard depth <= TOMLParser.maxDepth else {
            throw scanner.error("arrays and tables nested deeper than \(TOMLParser.maxDepth) levels")
        }
    }

    /// `[ value, value, ]`: newlines and comments allowed between elements.
    private mutating func parseArray(depth: Int, parent: TOMLTableNode, key: [String]) throws(TOMLParseError) -> TOMLValue {
        try checkDepth(depth)
        let start = scanner.index
        scanner.advance()
        var elements: [TOMLValue] = []
        while true {
            try scanner.skipBlank()
            if scanner.consume(.rightBracket) { return .array(elements) }
            if scanner.atEnd { throw scanner.error("unterminated array (opened at \(scanner.location(start)))") }
            elements.append(try parseValue(depth: depth + 1, parent: parent, key: key))
            try scanner.skipBlank()
            if scanner.consume(.rightBracket) { return .array(elements) }
            guard scanner.consume(.comma) else {
                throw scanner.error("expected ',' or ']' after an array element, found \(scanner.describe(scanner.index))")
            }
        }
    }

    /// `{ key = value, key = value }` on one line (TOML 1.0: no newlines, no trailing comma).
    private mutating func parseInlineTable(depth: Int, parent: TOMLTableNode, key: [String]) throws(TOMLParseError) -> TOMLValue {
        try checkDepth(depth)
        let start = scanner.index
        scanner.advance()
        // The table's place in the tree, for its depth and its messages; not inserted.
        var chain = [parent]
        for name in key { chain.append(chain[chain.count - 1].child(name, origin: .implicit)) }
        let table = chain[chain.count - 1]
        section += 1
        let ownSection = section
        scanner.skipWhitespace()
        if scanner.consume(.rightBrace) { return .table(table.build()) }
        while true {
            if scanner.atEnd { throw scanner.error("unterminated inline table (opened at \(scanner.location(start)))") }
            if scanner.peek() == .lineFeed || scanner.peek() == .carriageReturn {
                throw scanner.error("a newline in an inline table (TOML 1.0 allows none between its braces)")
            }
            _ = try parseKeyValue(into: table, section: ownSection)
            scanner.skipWhitespace()
            if scanner.consume(.rightBrace) { break }
            guard scanner.consume(.comma) else {
                throw scanner.error("expected ',' or '}' in an inline table, found \(scanner.describe(scanner.index))")
            }
            scanner.skipWhitespace()
            if scanner.peek() == .rightBrace {
                throw scanner.error("a trailing comma in an inline table (not allowed in TOML 1.0)")
            }
        }
        withExtendedLifetime(chain) {}
        return .table(table.build())
    }

    /// A bare token: `true`, `false`, a number or a date-time.
    private mutating func parseToken() throws(TOMLParseError) -> TOMLValue {
        let start = scanner.index
        scanner.skipToken()
        // `1979-05-27 07:32:00`: a space may separate a date from its time.
        if scanner.index - start == 10, scanner.bytes[start + 4] == .minus, scanner.peek() == .space,
           let h1 = scanner.peek(1), let h2 = scanner.peek(2), h1.isDigit, h2.isDigit, scanner.peek(3) == .colon {
            scanner.advance()
            scanner.skipToken()
        }
        let token = scanner.bytes[start..<scanner.index]
        if token.elementsEqual("true".utf8) { return .bool(true) }
        if token.elementsEqual("false".utf8) { return .bool(false) }
        do {
            if isDateTime(token) {
                var text = Array(token)
                if text.count > 10 && text[10] == .space { text[10] = UInt8(ascii: "T") }
                return .dateTime(try TOMLDateTimeParsing.parse(text[...]))
            }
            return try TOMLNumbers.parse(token)
        } catch {
            let text = String(decoding: token, as: UTF8.self)
            throw scanner.error("invalid value `\(text)`: \(error.message)", at: start)
        }
    }

    /// `HH:` or `YYYY-`: the start of a time or a date.
    private func isDateTime(_ token: ArraySlice<UInt8>) -> Bool {
        let t = Array(token.prefix(5))
        if t.count >= 3 && t[0].isDigit && t[1].isDigit && t[2] == .colon { return true }
        return t.count == 5 && t[0].isDigit && t[1].isDigit && t[2].isDigit && t[3].isDigit && t[4] == .minus
    }
}

extension TOMLScanner {
    /// Skips the bytes a number, boolean or date-time can contain.
    mutating func skipToken() {
        while let b = peek(), b.isBareKey || b == .plus || b == .dot || b == .colon { index += 1 }
    }
}
