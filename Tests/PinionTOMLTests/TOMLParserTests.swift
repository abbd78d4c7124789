// PinionTOMLTests: what the parser reports (line, column, message), its value tree and
// key order, its bounds (nesting depth, integer range), and inputs that crashed the
// previous parser (toml++ in TOMLKit 0.6.0; found by fuzz-manifest).
import PinionTOML
import XCTest

final class TOMLParserTests: XCTestCase {
    /// The error `text` is rejected with.
    func rejection(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> TOMLParseError? {
        do {
            let table = try TOMLParser.parse(text)
            XCTFail("accepted: \(table.keys)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func assertRejected(_ text: String, line expectedLine: Int, column: Int, _ message: String,
                        file: StaticString = #filePath, line: UInt = #line) {
        guard let error = rejection(text, file: file, line: line) else { return }
        XCTAssertEqual(error.line, expectedLine, "\(error)", file: file, line: line)
        XCTAssertEqual(error.column, column, "\(error)", file: file, line: line)
        XCTAssert(error.message.contains(message), "\(error)", file: file, line: line)
    }

    func testErrorsNameLineAndColumn() {
        let error = rejection("a = 1\nb = 2\nname   \"x\"\n")
        XCTAssertEqual(error?.description, "line 3, column 8: expected '=' after key `name`, found '\"'")
        assertRejected("[a]\nx = 1\n[a]\n", line: 3, column: 2, "table `a` is defined twice")
        assertRejected("a = 1\na = 2", line: 2, column: 1, "duplicate key `a`")
        assertRejected("t = { x = 1, y = 2, x = 3 }", line: 1, column: 21, "duplicate key `t.x`")
        assertRejected("s = \"abc\\qdef\"", line: 1, column: 9, "invalid escape sequence")
        assertRejected("n = 0123", line: 1, column: 5, "invalid value `0123`: leading zeros")
        assertRejected("d = 2021-02-29", line: 1, column: 5, "day 29 does not exist")
        assertRejected("a = [1, 2\nb = 3", line: 2, column: 1, "expected ',' or ']'")
        assertRejected("a = \"open\nb = 1", line: 1, column: 10, "unterminated string")
        assertRejected("a = 1 b = 2", line: 1, column: 7, "expected the end of the line after the value of `a`")
        assertRejected("[fruit]\napple.color = 1\n[fruit.apple]", line: 3, column: 8, "already defined by dotted keys")
        assertRejected("a = {x = 1}\n[a]", line: 2, column: 2, "already an inline table")
        assertRejected("a = {x = 1,\n}", line: 1, column: 12, "newline in an inline table")
        assertRejected("a = {x = 1,}", line: 1, column: 12, "trailing comma")
    }

    /// Columns count characters, not bytes; a byte-order mark is not a column.
    func testColumnsCountCharacters() {
        assertRejected("\"é\" = \"ü\" x", line: 1, column: 11, "expected the end of the line")
        assertRejected("\u{FEFF}a = ?", line: 1, column: 5, "expected a value, found '?'")
    }

    func testInvalidUTF8IsRejectedWhereItIs() {
        var bytes = Array("a = 1\nb = \"x".utf8)
        bytes += [0xF1, 0xF1] + Array("\"\n".utf8)
        XCTAssertThrowsError(try TOMLParser.parse(bytes)) { error in
            XCTAssertEqual("\(error)", "line 2, column 7: invalid UTF-8 (byte 0xF1)")
        }
    }

    func testValuesAndKeyOrder() throws {
        let table = try TOMLParser.parse("""
            z = "last?"
            a = 0x7FFF_FFFF_FFFF_FFFF
            m = -9_223_372_036_854_775_808
            f = [1e3, -inf, 6.25]
            d = 1979-05-27 07:32:00.123456789123-07:00
            t = 07:32:00
            [b."c d"]
            e.f = true
            """)
        XCTAssertEqual(table.keys, ["z", "a", "m", "f", "d", "t", "b"])
        XCTAssertEqual(table["a"], .integer(.max))
        XCTAssertEqual(table["m"], .integer(.min))
        XCTAssertEqual(table["f"], .array([.float(1000), .float(-.infinity), .float(6.25)]))
        guard case .dateTime(let d)? = table["d"] else { return XCTFail("\(table)") }
        XCTAssertEqual(d.kind, .offsetDateTime)
        XCTAssertEqual(d.time?.nanosecond, 123_456_789)  // truncated, not rounded
        XCTAssertEqual(d.offsetMinutes, -7 * 60)
        XCTAssertEqual(d.description, "1979-05-27T07:32:00.123456789-07:00")
        if case .dateTime(let t)? = table["t"] { XCTAssertEqual(t.description, "07:32:00") } else { XCTFail() }
        guard case .table(let b)? = table["b"], case .table(let cd)? = b["c d"], case .table(let e)? = cd["e"] else {
            return XCTFail("\(table)")
        }
        XCTAssertEqual(e["f"], .bool(true))
    }

    func testIntegersOutOfRangeAreErrors() {
        assertRejected("a = 9223372036854775808", line: 1, column: 5, "out of the 64-bit integer range")
        assertRejected("a = -9223372036854775809", line: 1, column: 5, "out of the 64-bit integer range")
        assertRejected("a = 0x8000000000000000", line: 1, column: 5, "out of the 64-bit integer range")
        assertRejected("a = 0xFFFFFFFFFFFFFFFFFFFF", line: 1, column: 5, "out of the 64-bit integer range")
    }

    /// Deep nesting is refused with an error, not recursed into until the stack ends.
    func testNestingIsBounded() throws {
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertNoThrow(try TOMLParser.parse("a = " + ok))
        for open in ["[", "{ b = "] {
            let deep = "a = " + String(repeating: open, count: 100_000)
            XCTAssert(rejection(deep)?.message.contains("nested deeper than 128") == true)
        }
        let longKey = (0..<200).map { _ in "k" }.joined(separator: ".")
        XCTAssert(rejection("[\(longKey)]")?.message.contains("more than 128 parts") == true)
        XCTAssert(rejection("\(longKey) = 1")?.message.contains("more than 128 parts") == true)
    }

    /// Inputs on which toml++ (TOMLKit 0.6.0) aborted the process: a table header whose key
    /// starts with a character no key starts with, and an array value starting with `}`.
    func testInputsThatCrashedTheOldParserAreErrors() {
        for text in ["[é]", "[[=]]", "[[[1]]]", "[=]", "\u{FEFF}[é]", "name = \"x\"\n\n[ \u{FFFD}module]\n",
                     "[a]\nb = 1\n  [[\tä]]", "v=[}", "name = \"x\"\nv = [1,}", "v = [\n  # comment\n}",
                     "v = { a = [ }] }", "v = [[}]]"] {
            let error = rejection(text)
            XCTAssert(error?.message.hasPrefix("expected") == true, "\(text): \(String(describing: error))")
        }
        assertRejected("name = \"x\"\n\n[ \u{FFFD}module]\n", line: 3, column: 3, "expected a key")
        assertRejected("v = [\n  # comment\n}", line: 3, column: 1, "expected a value, found '}'")
    }
}
