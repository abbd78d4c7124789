// PinionTOML: the four string forms (basic, literal, and their multi-line variants) and
// basic strings' escapes.

extension TOMLScanner {
    /// Reads a string starting at the cursor (its opening quote). Multi-line forms are
    /// refused when `allowMultiLine` is false (keys).
    mutating func readString(allowMultiLine: Bool) throws(TOMLParseError) -> String {
        let quote = peek() ?? .quote
        let multiLine = peek(1) == quote && peek(2) == quote
        if multiLine {
            guard allowMultiLine else { throw error("a multi-line string cannot be a key") }
            return try readMultiLineString(quote: quote)
        }
        let start = index
        index += 1
        var text: [UInt8] = []
        while true {
            guard let b = peek() else { throw error("unterminated string (opened at \(location(start)))") }
            if b == quote {
                index += 1
                return String(decoding: text, as: UTF8.self)
            }
            if b == .lineFeed || b == .carriageReturn {
                throw error("unterminated string: a newline before its closing quote (use \"\"\" for a multi-line string)")
            }
            if b == .backslash && quote == .quote {
                try readEscape(into: &text)
                continue
            }
            if b.isControl && b != .tab { throw error("\(describe(index)) must be escaped in a string") }
            text.append(b)
            index += 1
        }
    }

    /// A multi-line string from its opening `"""` or `'''`. A newline right after the
    /// opening delimiter is dropped, CRLF reads as LF, and up to two quotes may stand
    /// right before the closing delimiter.
    private mutating func readMultiLineString(quote: UInt8) throws(TOMLParseError) -> String {
        let start = index
        index += 3
        _ = consumeNewline()
        var text: [UInt8] = []
        while true {
            guard let b = peek() else { throw error("unterminated multi-line string (opened at \(location(start)))") }
            if b == quote {
                var run = 0
                while peek(run) == quote { run += 1 }
                if run < 3 {
                    text.append(contentsOf: repeatElement(quote, count: run))
                    index += run
                    continue
                }
                guard run <= 5 else { throw error("too many quotes in a row: a multi-line string can end with at most two") }
                text.append(contentsOf: repeatElement(quote, count: run - 3))
                index += run
                return String(decoding: text, as: UTF8.self)
            }
            if consumeNewline() {
                text.append(.lineFeed)
                continue
            }
            if b == .backslash && quote == .quote {
                if try skipLineEndingBackslash() { continue }
                try readEscape(into: &text)
                continue
            }
            if b.isControl && b != .tab { throw error("\(describe(index)) must be escaped in a string") }
            text.append(b)
            index += 1
        }
    }

    /// A backslash ending a line (only whitespace after it) in a multi-line basic string
    /// trims it and all whitespace and newlines that follow. Returns false, consuming
    /// nothing, when the backslash starts an ordinary escape.
    private mutating func skipLineEndingBackslash() throws(TOMLParseError) -> Bool {
        var k = 1
        while let b = peek(k), b == .space || b == .tab { k += 1 }
        let next = peek(k)
        guard next == .lineFeed || (next == .carriageReturn && peek(k + 1) == .lineFeed) else {
            if k > 1 { throw error("a backslash followed by whitespace must end the line") }
            return false
        }
        index += k
        while true {
            skipWhitespace()
            if !consumeNewline() { return true }
        }
    }

    /// An escape sequence at the cursor (its backslash), appended as UTF-8.
    private mutating func readEscape(into text: inout [UInt8]) throws(TOMLParseError) {
        let start = index
        index += 1
        guard let c = peek() else { throw error("unterminated string: a backslash at the end of the document") }
        index += 1
        switch c {
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "t"): text.append(.tab)
        case UInt8(ascii: "n"): text.append(.lineFeed)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "r"): text.append(.carriageReturn)
        case .quote: text.append(.quote)
        case .backslash: text.append(.backslash)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = c == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for k in 0..<count {
                guard let h = peek(k), h.isHexDigit else {
                    throw error("\\\(String(UnicodeScalar(c))) needs \(count) hex digits", at: start)
                }
                value = value << 4 | h.hexValue
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("\\\(String(UnicodeScalar(c)))\(TOMLScanner.hex(value, width: count)) is not a Unicode scalar value", at: start)
            }
            index += count
            text.append(contentsOf: String(scalar).utf8)
        default:
            throw error("invalid escape sequence: a backslash followed by \(describe(start + 1)) (TOML 1.0 has \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)", at: start)
        }
    }

    /// "line 3, column 7", for messages about where something started.
    func location(_ offset: Int) -> String {
        let (line, column) = position(of: offset)
        return "line \(line), column \(column)"
    }
}
