// PinionTOMLTests: the official toml-test suite (toml-lang/toml-test) for TOML 1.0.0:
// every listed valid document decodes to its expected tagged JSON, every listed invalid
// document is rejected. No known failures.
import Foundation
import PinionTOML
import XCTest

final class TOMLConformanceTests: XCTestCase {
    /// `$PINION_TOML_TEST`, or `../shared/toml-test` beside the repository.
    static var suiteDirectory: String {
        if let path = ProcessInfo.processInfo.environment["PINION_TOML_TEST"] { return path }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.appendingPathComponent("../shared/toml-test").standardizedFileURL.path
    }

    func testTOML100Suite() throws {
        let suite = Self.suiteDirectory
        let listPath = suite + "/tests/files-toml-1.0.0"
        guard let list = try? String(contentsOfFile: listPath, encoding: .utf8) else {
            return XCTFail("the toml-test suite is missing: no \(listPath) (set PINION_TOML_TEST to its directory)")
        }
        let files = list.split(separator: "\n").map(String.init)
        var valid = 0, invalid = 0, failures: [String] = []
        for file in files where file.hasSuffix(".toml") {
            let path = suite + "/tests/" + file
            guard let bytes = FileManager.default.contents(atPath: path) else {
                failures.append("\(file): cannot read")
                continue
            }
            let result = Result { () throws(TOMLParseError) -> TOMLTable in try TOMLParser.parse([UInt8](bytes)) }
            if file.hasPrefix("valid/") {
                valid += 1
                let jsonPath = String(path.dropLast(5)) + ".json"
                guard let json = FileManager.default.contents(atPath: jsonPath),
                      let expected = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) else {
                    failures.append("\(file): cannot read \(jsonPath)")
                    continue
                }
                switch result {
                case .success(let table):
                    if let mismatch = Self.compare(.table(table), expected, at: "") {
                        failures.append("\(file): \(mismatch)")
                    }
                case .failure(let error):
                    failures.append("\(file): rejected: \(error)")
                }
            } else {
                invalid += 1
                if case .success(let table) = result { failures.append("\(file): accepted: \(table.keys)") }
            }
        }
        print("toml-test 1.0.0: \(valid) valid and \(invalid) invalid documents, \(failures.count) failures")
        XCTAssertGreaterThan(valid, 0)
        XCTAssertGreaterThan(invalid, 0)
        XCTAssert(failures.isEmpty, "\(failures.count) failures:\n" + failures.joined(separator: "\n"))
    }

    // MARK: Comparing with toml-test's tagged JSON

    /// nil if `value` is what `expected` (toml-test's JSON) describes; else what differs.
    static func compare(_ value: TOMLValue, _ expected: Any, at path: String) -> String? {
        if let tagged = expected as? [String: Any], tagged.count == 2,
           let type = tagged["type"] as? String, let text = tagged["value"] as? String {
            return compareScalar(value, type: type, text: text, at: path)
        }
        switch value {
        case .table(let table):
            guard let object = expected as? [String: Any] else { return "\(path): a table, expected \(expected)" }
            let keys = Set(table.keys)
            guard keys == Set(object.keys) else { return "\(path): keys \(keys.sorted()), expected \(object.keys.sorted())" }
            for (key, child) in table {
                if let mismatch = compare(child, object[key] as Any, at: path + "." + key) { return mismatch }
            }
            return nil
        case .array(let elements):
            guard let array = expected as? [Any] else { return "\(path): an array, expected \(expected)" }
            guard elements.count == array.count else { return "\(path): \(elements.count) elements, expected \(array.count)" }
            for (i, element) in elements.enumerated() {
                if let mismatch = compare(element, array[i], at: "\(path)[\(i)]") { return mismatch }
            }
            return nil
        default:
            return "\(path): \(value), expected \(expected)"
        }
    }

    static func compareScalar(_ value: TOMLValue, type: String, text: String, at path: String) -> String? {
        let same: Bool
        switch (value, type) {
        case (.string(let s), "string"): same = s == text
        case (.integer(let i), "integer"): same = Int64(text) == i
        case (.bool(let b), "bool"): same = text == String(b)
        case (.float(let d), "float"): same = sameFloat(d, text)
        case (.dateTime(let d), _): same = expectedDateTime(type: type, text: text) == d
        default: same = false
        }
        return same ? nil : "\(path): \(value), expected \(type) \(text)"
    }

    /// Floats by value: nan equals nan (any sign), infinities and zeros by sign.
    static func sameFloat(_ d: Double, _ text: String) -> Bool {
        let expected: Double?
        switch text {
        case "nan", "+nan", "-nan": return d.isNaN
        case "inf", "+inf": expected = .infinity
        case "-inf": expected = -.infinity
        default: expected = Double(text)
        }
        guard let expected else { return false }
        return d == expected && d.sign == expected.sign
    }

    /// toml-test's normalised date-time text (`1987-07-05T17:45:56.6Z`, `07:32:00`) as
    /// components, read independently of the parser under test.
    static func expectedDateTime(type: String, text: String) -> TOMLDateTime? {
        var rest = Substring(text)
        func int(_ count: Int) -> Int? {
            let digits = rest.prefix(count)
            guard digits.count == count, let v = Int(digits) else { return nil }
            rest = rest.dropFirst(count)
            return v
        }
        func skip(_ c: Character) -> Bool {
            guard rest.first == c else { return false }
            rest = rest.dropFirst()
            return true
        }
        var date: TOMLDateTime.Date?
        var time: TOMLDateTime.Time?
        var offset: Int?
        if type != "time-local" {
            guard let y = int(4), skip("-"), let m = int(2), skip("-"), let d = int(2) else { return nil }
            date = .init(year: y, month: m, day: d)
            if type != "date-local" { guard skip("T") || skip("t") || skip(" ") else { return nil } }
        }
        if type != "date-local" {
            guard let h = int(2), skip(":"), let mi = int(2), skip(":"), let s = int(2) else { return nil }
            var nanos = 0
            if skip(".") {
                let digits = rest.prefix { $0.isNumber }
                rest = rest.dropFirst(digits.count)
                nanos = Int((digits + String(repeating: "0", count: 9)).prefix(9)) ?? -1
            }
            time = .init(hour: h, minute: mi, second: s, nanosecond: nanos)
        }
        if type == "datetime" {
            if skip("Z") || skip("z") {
                offset = 0
            } else {
                let sign = rest.first == "-" ? -1 : 1
                guard skip("+") || skip("-"), let h = int(2), skip(":"), let m = int(2) else { return nil }
                offset = sign * (h * 60 + m)
            }
        }
        guard rest.isEmpty else { return nil }
        return TOMLDateTime(date: date, time: time, offsetMinutes: offset)
    }
}
