// PinionHardwareTests: LogText escapes everything that could forge or restyle a log line
// and bounds the length.
import PinionHardware
import XCTest

final class LogTextTests: XCTestCase {
    func testPrintableTextIsUnchanged() {
        XCTAssertEqual(LogText.escaped("GPIO17,led ünïcødé ✓", limit: 100), "GPIO17,led ünïcødé ✓")
        XCTAssertEqual(LogText.escaped("", limit: 10), "")
    }

    func testControlCharactersAreEscaped() {
        XCTAssertEqual(LogText.escaped("a\nb\rc\td\\e", limit: 100), #"a\nb\rc\td\\e"#)
        XCTAssertEqual(LogText.escaped("\u{1b}[31mred\u{1b}[0m", limit: 100), #"\x1b[31mred\x1b[0m"#)
        XCTAssertEqual(LogText.escaped("\u{0}\u{7}\u{7f}", limit: 100), #"\x00\x07\x7f"#)
        XCTAssertEqual(LogText.escaped("x\u{85}y\u{9b}z", limit: 100), #"x\xc2\x85y\xc2\x9bz"#, "C1 controls (NEL, CSI)")
        XCTAssertEqual(LogText.escaped("a\u{2028}b\u{202e}c\u{2066}d", limit: 100),
                       #"a\xe2\x80\xa8b\xe2\x80\xaec\xe2\x81\xa6d"#, "line separator and bidi overrides")
    }

    func testAForgedLogLineStaysOnOneLine() {
        let forged = "x: pin-not-allowed\npinion: info: module 'admin': all good"
        let line = LogText.escaped(forged, limit: 1000)
        XCTAssertFalse(line.contains("\n"))
        XCTAssertEqual(line, #"x: pin-not-allowed\npinion: info: module 'admin': all good"#)
    }

    func testInvalidUTF8IsShownAsBytes() {
        XCTAssertEqual(LogText.escaped([0x41, 0xFF, 0xC3, 0x28, 0xE0, 0x80, 0x80, 0xED, 0xA0, 0x80, 0x42], limit: 100),
                       #"A\xff\xc3(\xe0\x80\x80\xed\xa0\x80B"#, "stray byte, short sequence, overlong, surrogate")
        XCTAssertEqual(LogText.escaped([0xF4, 0x90, 0x80, 0x80], limit: 100), #"\xf4\x90\x80\x80"#, "above U+10FFFF")
        XCTAssertEqual(LogText.escaped([0xF0, 0x9F, 0x98, 0x80], limit: 100), "😀")
    }

    func testLongTextIsCutAtTheLimitSayingHowMuchWasCut() {
        let name = [UInt8](repeating: UInt8(ascii: "A"), count: 1 << 20)
        let cut = LogText.escaped(name, limit: 64)
        XCTAssertEqual(cut, String(repeating: "A", count: 64) + "…(1048512 more bytes)")
        XCTAssertEqual(LogText.escaped("abc", limit: 3), "abc")
        XCTAssertEqual(LogText.escaped("abcd", limit: 0), "…(4 more bytes)")
    }

    func testACharacterCrossingTheLimitIsCutWhole() {
        XCTAssertEqual(LogText.escaped("ab✓cd", limit: 4), "ab…(5 more bytes)", "✓ is three bytes")
        XCTAssertEqual(LogText.escaped("ab✓cd", limit: 5), "ab✓…(2 more bytes)")
    }

    func testEscapedOutputIsBoundedByFourTimesTheLimit() {
        let hostile = [UInt8](repeating: 0x1B, count: 100_000)
        let text = LogText.escaped(hostile, limit: 64)
        XCTAssertEqual(text.utf8.count, 64 * 4 + "…(99936 more bytes)".utf8.count)
    }
}
