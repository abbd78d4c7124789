// PinionManifest: a pre-check for the inputs that crash the TOML parser. toml++ 3.x
// (inside TOMLKit 0.6.0) asserts, aborting the process, (1) when a table header's first key
// starts with a character that can start no key (`[é]`, `[=]`, `[[[1]]]`; fixed upstream in
// toml++ PR #301) and (2) when an array's value starts with `}` (`v = [}`, `v = [1,}`).
// Both found by fuzz/targets/Manifest.swift.

enum TOMLPrecheck {
    /// Where the first such input is (1-based line, and column in characters) and what the
    /// parser expected there, or nil.
    ///
    /// A small lexer: strings (basic, literal, multi-line) and comments are skipped, and
    /// brackets are tracked, so `[` opening a nested array inside a value is not a header.
    static func crashingInput(in text: String) -> (line: Int, column: Int, expected: String)? {
        let bytes = Array(text.utf8)
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }  // toml++ skips a byte-order mark
        var line = 1
        var lineStart = i
        var onlySpaceSoFar = true  // nothing but spaces and tabs yet on this line

        func at(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }
        func isSpace(_ c: UInt8?) -> Bool { c == 0x20 || c == 0x09 }
        func startsKey(_ c: UInt8) -> Bool {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
                 UInt8(ascii: "\""), UInt8(ascii: "'"):
                true
            default:
                false
            }
        }
        /// Skips a string starting at `i` (its opening quote), counting the lines it spans.
        func skipString(_ quote: UInt8) {
            let multiLine = at(i + 1) == quote && at(i + 2) == quote
            i += multiLine ? 3 : 1
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                    if at(i + 1) == 0x0A {  // a line-ending backslash
                        line += 1
                        lineStart = i + 2
                    }
                    i += 2
                    continue
                }
                if c == 0x0A {
                    if !multiLine { return }  // unterminated: the parser reports it
                    line += 1
                    lineStart = i + 1
                }
                if c == quote && (!multiLine || (at(i + 1) == quote && at(i + 2) == quote)) {
                    i += multiLine ? 3 : 1
                    // Up to two more quotes may close a multi-line string (`""""`).
                    while multiLine && at(i) == quote { i += 1 }
                    return
                }
                i += 1
            }
        }

        var open: [UInt8] = []  // what each open bracket is: "[" array, "h" header, "{" inline table
        var expectingValue = false  // just after an array's `[` or `,`
        func column(_ k: Int) -> Int { bytes[lineStart..<k].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }

        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case 0x0A:
                line += 1
                lineStart = i + 1
                onlySpaceSoFar = true
                i += 1
                continue
            case 0x20, 0x09, 0x0D:
                i += 1
                continue
            case UInt8(ascii: "#"):
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                skipString(c)
                expectingValue = false
            case UInt8(ascii: "["):
                if open.isEmpty && onlySpaceSoFar {
                    // A table header: what toml++'s parse_table_header does before parse_key.
                    var k = i + 1
                    var hadSpace = false
                    while isSpace(at(k)) { k += 1; hadSpace = true }
                    let double = at(k) == UInt8(ascii: "[") && !hadSpace
                    if double {
                        k += 1
                        while isSpace(at(k)) { k += 1 }
                    }
                    if let first = at(k), first != UInt8(ascii: "]"), first != UInt8(ascii: "[") || double, !startsKey(first) {
                        return (line, column(k), "table header: expected a bare key (A-Z a-z 0-9 _ -) or a quoted key")
                    }
                    open.append(UInt8(ascii: "h"))
                    if double {  // the second bracket of `[[`: part of the header too
                        open.append(UInt8(ascii: "h"))
                        i += 1
                    }
                } else {
                    open.append(c)
                    expectingValue = true
                }
                i += 1
            case UInt8(ascii: "{"):
                open.append(c)
                expectingValue = false
                i += 1
            case UInt8(ascii: ","):
                expectingValue = open.last == UInt8(ascii: "[")
                i += 1
            case UInt8(ascii: "}"):
                // toml++'s parse_array asserts when a value starts with `}`: `v = [}`, `[1,}`.
                if expectingValue { return (line, column(i), "array: expected a value or closing ']'") }
                _ = open.popLast()
                i += 1
            case UInt8(ascii: "]"):
                _ = open.popLast()
                expectingValue = false
                i += 1
            default:
                expectingValue = false
                i += 1
            }
            onlySpaceSoFar = false
        }
        return nil
    }
}
