// PinionTOML: the byte cursor the parser reads with: bounds-checked peeks, whitespace,
// newlines and comments, UTF-8 validation, and errors placed at a line and column.

/// A position in a TOML document's UTF-8 bytes. Every read is bounds-checked: past the
/// end reads as nil, so no input can trap.
struct TOMLScanner {
    let bytes: [UInt8]
    var index: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        index = 0
    }

    var atEnd: Bool { index >= bytes.count }

    /// The byte `offset` bytes ahead of the cursor, or nil past the end.
    func peek(_ offset: Int = 0) -> UInt8? {
        let k = index &+ offset
        return k >= 0 && k < bytes.count ? bytes[k] : nil
    }

    mutating func advance(_ count: Int = 1) {
        index = min(index &+ count, bytes.count)
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    /// Whether `literal` comes next (no consuming).
    func lookingAt(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index <= bytes.count &- count else { return false }
        return literal.withUTF8Buffer { text in
            for k in 0..<count where bytes[index + k] != text[k] { return false }
            return true
        }
    }

    /// Skips spaces and tabs.
    mutating func skipWhitespace() {
        while let b = peek(), b == .space || b == .tab { index += 1 }
    }

    /// Consumes a newline (LF or CRLF) if one is next.
    mutating func consumeNewline() -> Bool {
        if peek() == .lineFeed { index += 1; return true }
        if peek() == .carriageReturn && peek(1) == .lineFeed { index += 2; return true }
        return false
    }

    /// Skips a comment if one starts here (up to, not including, its newline).
    /// Control characters other than tab are not allowed in comments.
    mutating func skipComment() throws(TOMLParseError) {
        guard peek() == .hash else { return }
        index += 1
        while let b = peek(), b != .lineFeed {
            if b == .carriageReturn && peek(1) == .lineFeed { return }
            if b.isControl && b != .tab { throw error("\(describe(index)) is not allowed in a comment") }
            index += 1
        }
    }

    /// Skips whitespace, newlines and comments (between array elements).
    mutating func skipBlank() throws(TOMLParseError) {
        while true {
            skipWhitespace()
            if peek() == .hash { try skipComment() }
            if !consumeNewline() { return }
        }
    }

    /// Requires the end of a line: optional whitespace and comment, then a newline or
    /// the end of the document. `after` says what came before, for the message.
    mutating func expectLineEnd(after what: @autoclosure () -> String) throws(TOMLParseError) {
        skipWhitespace()
        try skipComment()
        if atEnd || consumeNewline() { return }
        throw error("expected the end of the line after \(what()), found \(describe(index))")
    }

    // MARK: Errors

    /// An error at byte `offset` (default: the cursor).
    func error(_ message: String, at offset: Int? = nil) -> TOMLParseError {
        let (line, column) = position(of: offset ?? index)
        return TOMLParseError(line: line, column: column, message: message)
    }

    /// The 1-based line and column (in Unicode scalars, a byte-order mark not counted)
    /// of byte `offset`.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var column = 1
        var k = bytes.starts(with: [0xEF, 0xBB, 0xBF]) && end >= 3 ? 3 : 0
        while k < end {
            let b = bytes[k]
            if b == .lineFeed {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            k += 1
        }
        return (line, column)
    }

    /// What is at byte `offset`, for messages: `'x'`, `a newline`, `U+0007`, `the end of the document`.
    func describe(_ offset: Int) -> String {
        guard offset >= 0 && offset < bytes.count else { return "the end of the document" }
        let b = bytes[offset]
        if b == .lineFeed || (b == .carriageReturn && offset + 1 < bytes.count && bytes[offset + 1] == .lineFeed) {
            return "a newline"
        }
        if b < 0x80 {
            if b.isControl { return "U+" + Self.hex(UInt32(b), width: 4) }
            return "'" + String(UnicodeScalar(b)) + "'"
        }
        // A valid UTF-8 sequence (the document was validated): show the character.
        var end = offset + 1
        while end < bytes.count && end < offset + 4 && bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    // MARK: UTF-8

    /// The offset of the first byte that is not part of well-formed UTF-8 (no overlong
    /// forms, surrogates or values above U+10FFFF), or nil.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var k = 0
        let n = bytes.count
        while k < n {
            let b = bytes[k]
            if b < 0x80 { k += 1; continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F  // no surrogates
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F  // nothing above U+10FFFF
            default: return k
            }
            guard k + length <= n else { return k }
            let second = bytes[k + 1]
            guard second >= low && second <= high else { return k }
            for j in 2..<length where bytes[k + j] & 0xC0 != 0x80 { return k }
            k += length
        }
        return nil
    }
}

extension UInt8 {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let leftBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let rightBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F
    static let leftBrace: UInt8 = 0x7B
    static let rightBrace: UInt8 = 0x7D

    /// U+0000-U+001F and U+007F.
    var isControl: Bool { self < 0x20 || self == 0x7F }
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isHexDigit: Bool { isDigit || (self | 0x20 >= 0x61 && self | 0x20 <= 0x66) }
    /// A-Z a-z 0-9 _ -: what a bare key is made of.
    var isBareKey: Bool {
        isDigit || (self | 0x20 >= 0x61 && self | 0x20 <= 0x7A) || self == .underscore || self == .minus
    }
    /// The value of a hex digit (call only when `isHexDigit`).
    var hexValue: UInt32 { isDigit ? UInt32(self - 0x30) : UInt32((self | 0x20) - 0x61 + 10) }
}
