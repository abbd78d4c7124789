// PinionJSONTests: the JSON reader, by hand-picked cases and against Foundation's
// JSONSerialization on the toml-test suite's expected-JSON files (a few hundred real
// documents with escapes, nesting and non-ASCII text).
import Foundation
import PinionJSON
import XCTest

final class JSONValueTests: XCTestCase {
    func testValuesEscapesAndOrder() throws {
        let v = try JSONValue.parse(#" {"b": [1, -0.5e+3, true, null], "a": "x\"\\\/\u00e9\ud83d\ude00\n"} "#)
        guard case .object(let members) = v else { return XCTFail("\(v)") }
        XCTAssertEqual(members.map(\.key), ["b", "a"])
        XCTAssertEqual(v["b"], .array([.number("1"), .number("-0.5e+3"), .bool(true), .null]))
        XCTAssertEqual(v["a"]?.string, "x\"\\/é😀\n")
        XCTAssertEqual(v["b"]?.array?.first?.int, 1)
    }

    func testMalformedDocumentsAreRefusedWithTheirOffset() {
        let cases: [(String, Int)] = [
            ("{\"a\" 1}", 5), ("[1,]", 3), ("01", 0), ("[1] x", 4), ("\"a\u{1}\"", 2), ("\"\\x\"", 1),
            ("\"\\ud800\"", 7), ("{", 1), ("tru", 0), ("-", 0), ("1.", 0),
        ]
        for (text, offset) in cases {
            XCTAssertThrowsError(try JSONValue.parse(text), text) { error in
                XCTAssertEqual((error as? JSONError)?.offset, offset, "\(text): \(error)")
            }
        }
        XCTAssertThrowsError(try JSONValue.parse(String(repeating: "[", count: 100_000)), "deep nesting is refused, not recursed")
        XCTAssertThrowsError(try JSONValue.parse([0x22, 0xFF, 0x22]), "invalid UTF-8")
    }

    /// Every expected-JSON file of toml-test reads the same as with JSONSerialization.
    func testAgreesWithJSONSerializationOnTheTOMLTestDocuments() throws {
        let root = ProcessInfo.processInfo.environment["PINION_TOML_TEST"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/toml-test").standardized.path
        guard let walker = FileManager.default.enumerator(atPath: root + "/tests/valid") else {
            return XCTFail("toml-test not found at \(root) (set PINION_TOML_TEST)")
        }
        var compared = 0
        for case let path as String in walker where path.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: root + "/tests/valid/" + path))
            let ours = try JSONValue.parse([UInt8](data))
            let theirs = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            XCTAssertTrue(Self.same(ours, theirs), path)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 200)
    }

    static func same(_ a: JSONValue, _ b: Any) -> Bool {
        switch a {
        case .null: return b is NSNull
        case .string(let s): return (b as? String) == s
        case .bool(let x): return (b as? Bool) == x
        case .number(let n): return (b as? NSNumber).map { $0.doubleValue == Double(n) } ?? false
        case .array(let xs):
            guard let ys = b as? [Any], xs.count == ys.count else { return false }
            return zip(xs, ys).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let d = b as? [String: Any], d.count == members.count else { return false }
            return members.allSatisfy { m in d[m.key].map { same(m.value, $0) } ?? false }
        }
    }
}
