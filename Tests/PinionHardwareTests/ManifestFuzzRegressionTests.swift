// PinionHardwareTests: manifests that fuzz/run.sh found crashing the process under the
// TOML parser Pinion used before PinionTOML (toml++ inside TOMLKit 0.6.0), each rejected
// with an error naming the line. Kept so no parser brings the crashes back.
import Glibc
@testable import PinionManifest
import XCTest

final class ManifestFuzzRegressionTests: XCTestCase {
    /// Asserts `text` is rejected as TOML (not a field error, not a crash), naming `line`.
    func assertRejectedAsTOML(_ text: String, line expectedLine: Int, file: StaticString = #filePath, line: UInt = #line) {
        do throws(ManifestError) {
            _ = try Manifest.parse(toml: text)
            XCTFail("accepted", file: file, line: line)
        } catch {
            guard case .file(let e) = error else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssert(e.message.hasPrefix("line \(expectedLine),"), "\(e)", file: file, line: line)
        }
    }

    /// toml++ (TOMLKit 0.6.0) asserted, aborting the process (exit 134), when a table
    /// header's key starts with anything but a bare-key character or a quote: any
    /// non-ASCII letter, `=`, a third `[`. Fixed upstream in toml++ PR #301.
    func testTableHeaderStartingWithAnInvalidKeyCharacterIsAnError() {
        assertRejectedAsTOML("[é]", line: 1)
        assertRejectedAsTOML("name = \"x\"\n\n[ \u{FFFD}module]\n", line: 3)
        assertRejectedAsTOML("[[=]]", line: 1)
        assertRejectedAsTOML("[[[1]]]", line: 1)
        assertRejectedAsTOML("[=]", line: 1)
        assertRejectedAsTOML("\u{FEFF}[é]", line: 1)  // after a byte-order mark
        assertRejectedAsTOML("[a]\nb = 1\n  [[\tä]]", line: 3)
    }

    /// toml++ also asserted when an array's value starts with `}` (fuzz input `v=[}`).
    func testArrayValueStartingWithABraceIsAnError() {
        assertRejectedAsTOML("v=[}", line: 1)
        assertRejectedAsTOML("name = \"x\"\nv = [1,}", line: 2)
        assertRejectedAsTOML("v = [\n  # comment\n}", line: 3)
        assertRejectedAsTOML("v = { a = [ }] }", line: 1)
        assertRejectedAsTOML("v = [[}]]", line: 1)
    }

    /// The fuzzer's input itself: the blink manifest with 0xF1 bytes in a table header,
    /// read as `pinion run --manifest` reads a file.
    func testTheFuzzersInputFromAFileIsAnError() throws {
        var bytes = Array("name = \"blink\"\nversion = \"1.0.0\"\n\n[".utf8)
        bytes += [UInt8](repeating: 0xF1, count: 11) + Array("module]\nfile = \"blink.wasm\"\n".utf8)
        let path = "/tmp/pinion-fuzz-\(getpid()).toml"
        let file = try XCTUnwrap(fopen(path, "wb"))
        XCTAssertEqual(fwrite(bytes, 1, bytes.count, file), bytes.count)
        fclose(file)
        defer { unlink(path) }
        XCTAssertThrowsError(try Manifest.load(path)) { error in
            XCTAssert("\(error)".contains("line 4, column 2"), "\(error)")
        }
    }

    /// Brackets that are not table headers are left to the TOML parser: nested arrays
    /// in a value spanning lines, and lines of multi-line strings.
    func testBracketsInValuesAndStringsAreNotHeaders() throws {
        let text = """
        a = [
          [{ x = 1 }],
          [+1],
          { y = [2, 3] }, # a comment, then }
        ]
        b = \"\"\"
        [é]
        \"\"\"
        c = '''
        [=]'''
        d = "[é]" # [é]
        [t."é"]
        e = 1
        """
        let document = try TOMLDocument.parse(text, path: "(text)")
        guard case .table(let root) = document, case .table(let t)? = root["t"], case .table(let e)? = t["é"] else {
            return XCTFail("\(document)")
        }
        XCTAssertNotNil(e["e"])
        XCTAssertNotNil(root["b"])
    }
}
