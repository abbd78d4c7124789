// PinionTOML: integers (decimal, hex, octal, binary; 64-bit, checked) and floats
// (decimal, exponent, inf, nan), from a value token's bytes.

enum TOMLNumbers {
    /// Parses `token` (a number's bytes, nothing else) as an integer or float. Throws a
    /// message, which the caller places at the token.
    static func parse(_ token: ArraySlice<UInt8>) throws(TOMLNumberError) -> TOMLValue {
        var k = token.startIndex
        var negative = false
        let signed = token.first == .plus || token.first == .minus
        if signed {
            negative = token.first == .minus
            k += 1
        }
        let rest = token[k...]
        if rest.elementsEqual("inf".utf8) { return .float(negative ? -.infinity : .infinity) }
        if rest.elementsEqual("nan".utf8) { return .float(negative ? -.nan : .nan) }

        if rest.count >= 2 && rest.first == UInt8(ascii: "0") {
            let radix: UInt64?
            switch rest[k + 1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: radix = nil
            }
            if let radix {
                if signed { throw TOMLNumberError("a hexadecimal, octal or binary integer cannot have a sign") }
                return .integer(try radixInteger(token[(k + 2)...], radix: radix))
            }
        }

        // Decimal: an integer part, then an optional fraction and exponent.
        let integerEnd = try digitRun(token, from: k, what: "integer part")
        if token[k] == UInt8(ascii: "0") && integerEnd > k + 1 {
            throw TOMLNumberError("leading zeros are not allowed")
        }
        var end = integerEnd
        var isFloat = false
        if end < token.endIndex && token[end] == .dot {
            end = try digitRun(token, from: end + 1, what: "fraction (digits after '.')")
            isFloat = true
        }
        if end < token.endIndex && (token[end] | 0x20) == UInt8(ascii: "e") {
            end += 1
            if end < token.endIndex && (token[end] == .plus || token[end] == .minus) { end += 1 }
            end = try digitRun(token, from: end, what: "exponent")
            isFloat = true
        }
        guard end == token.endIndex else { throw TOMLNumberError("unexpected \(quoted(token[end])) in a number") }

        if isFloat {
            // An array, not a lazy filter: decoding a non-contiguous collection casts it dynamically.
            let text = String(decoding: token.filter { $0 != .underscore }, as: UTF8.self)
            guard let value = Double(text) else { throw TOMLNumberError("not a float") }
            return .float(value)
        }
        // Accumulate towards the sign so that -9223372036854775808 fits.
        var value: Int64 = 0
        for b in token[k..<integerEnd] where b != .underscore {
            let digit = Int64(b - 0x30)
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if o1 || o2 { throw TOMLNumberError("out of the 64-bit integer range") }
            value = next
        }
        return .integer(value)
    }

    /// Digits `0-9` from `start` with single underscores between them; returns the end.
    private static func digitRun(_ token: ArraySlice<UInt8>, from start: Int, what: String) throws(TOMLNumberError) -> Int {
        var k = start
        var last: UInt8 = .underscore  // so a leading underscore is refused
        while k < token.endIndex {
            let b = token[k]
            if b == .underscore {
                guard last.isDigit else { throw TOMLNumberError("an underscore must stand between two digits") }
            } else if !b.isDigit {
                break
            }
            last = b
            k += 1
        }
        if k == start { throw TOMLNumberError("missing \(what)") }
        if last == .underscore { throw TOMLNumberError("an underscore must stand between two digits") }
        return k
    }

    private static func radixInteger(_ digits: ArraySlice<UInt8>, radix: UInt64) throws(TOMLNumberError) -> Int64 {
        guard !digits.isEmpty else { throw TOMLNumberError("missing digits after the prefix") }
        var value: UInt64 = 0
        var last: UInt8 = .underscore
        for b in digits {
            if b == .underscore {
                guard last != .underscore else { throw TOMLNumberError("an underscore must stand between two digits") }
                last = b
                continue
            }
            guard b.isHexDigit, UInt64(b.hexValue) < radix else {
                throw TOMLNumberError("\(quoted(b)) is not a base-\(radix) digit")
            }
            let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
            let (next, o2) = shifted.addingReportingOverflow(UInt64(b.hexValue))
            guard !o1 && !o2 && next <= UInt64(Int64.max) else { throw TOMLNumberError("out of the 64-bit integer range") }
            value = next
            last = b
        }
        if last == .underscore { throw TOMLNumberError("an underscore must stand between two digits") }
        return Int64(value)
    }

    static func quoted(_ b: UInt8) -> String {
        b < 0x80 && !b.isControl ? "'" + String(UnicodeScalar(b)) + "'" : "byte 0x" + String(b, radix: 16)
    }
}

/// Why a number or date-time token is invalid; placed at the token by the caller.
struct TOMLNumberError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
