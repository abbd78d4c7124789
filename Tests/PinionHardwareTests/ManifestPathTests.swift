// PinionHardwareTests: the paths and sizes a manifest names are checked (issue 12 item
// 10): module.file, budgets.memory as an integer, wasi.dirs guest and host.
import Foundation
import PinionHardware
import PinionManifest
import XCTest

final class ManifestPathTests: XCTestCase {
    /// Asserts that `text` is rejected, naming `field`.
    func assertRejected(_ text: String, field: String, containing message: String, line: UInt = #line) {
        do throws(ManifestError) {
            _ = try Manifest.parse(toml: text)
            XCTFail("accepted; expected an error naming \(field)", line: line)
        } catch {
            guard case .field(_, let e) = error else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(e.field, field, "\(e)", line: line)
            XCTAssert(e.message.contains(message), "\(e)", line: line)
        }
    }

    func manifest(file: String, _ extra: String = "") -> String {
        "name = \"a\"\nversion = \"1\"\n[module]\nfile = \"\(file)\"\nsha256 = \"\(ManifestTests.sha)\"\n" + extra
    }

    func testModuleFileMustBeARelativePathWithoutDotDot() {
        assertRejected(manifest(file: ""), field: "module.file", containing: "empty")
        assertRejected(manifest(file: "/etc/passwd"), field: "module.file", containing: "relative")
        assertRejected(manifest(file: "../../etc/passwd"), field: "module.file", containing: "..")
        assertRejected(manifest(file: "sub/../../x.wasm"), field: "module.file", containing: "..")
        XCTAssertNoThrow(try Manifest.parse(toml: manifest(file: "sub/x..y.wasm")))
    }

    func testIntegerMemoryHasTheSameBoundAsTheStringForm() throws {
        assertRejected(manifest(file: "a.wasm", "[budgets]\nmemory = 4294967297"), field: "budgets.memory", containing: "4G")
        assertRejected(manifest(file: "a.wasm", "[budgets]\nmemory = 9223372036854775807"), field: "budgets.memory", containing: "4G")
        assertRejected(manifest(file: "a.wasm", "[budgets]\nmemory = \"5G\""), field: "budgets.memory", containing: "4G")
        XCTAssertEqual(try Manifest.parse(toml: manifest(file: "a.wasm", "[budgets]\nmemory = 4294967296")).budgets.memoryBytes, 1 << 32)
    }

    func testEmptyDirectoryPathsAreRejected() {
        assertRejected(manifest(file: "a.wasm", "[wasi]\ndirs = [{ host = \"/tmp\", guest = \"\" }]"), field: "wasi.dirs[0].guest", containing: "empty")
        assertRejected(manifest(file: "a.wasm", "[wasi]\ndirs = [{ host = \"/tmp\" }, { host = \"\" }]"), field: "wasi.dirs[1].host", containing: "empty")
    }

    func testFilesForARunMustExistAndErrorsNameTheField() throws {
        let dir = NSTemporaryDirectory() + "pinion-manifest-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.toml"
        func check(_ text: String) throws(ManifestError) {
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            try Manifest.load(path).checkFiles(manifestPath: path)
        }
        func assertField(_ text: String, _ field: String, _ message: String, line: UInt = #line) {
            do throws(ManifestError) {
                try check(text)
                XCTFail("accepted", line: line)
            } catch {
                guard case .field(_, let e) = error else { return XCTFail("\(error)", line: line) }
                XCTAssertEqual(e.field, field, line: line)
                XCTAssert(e.message.contains(message), "\(e)", line: line)
            }
        }
        assertField(manifest(file: "m.wasm"), "module.file", "does not exist")
        FileManager.default.createFile(atPath: dir + "/m.wasm", contents: Data([0, 0x61, 0x73, 0x6D]))
        XCTAssertNoThrow(try check(manifest(file: "m.wasm")))
        assertField(manifest(file: "data"), "module.file", "not a regular file")
        assertField(manifest(file: "m.wasm", "[wasi]\ndirs = [{ host = \"\(dir)/missing\", guest = \"/d\" }]"), "wasi.dirs[0].host", "does not exist")
        assertField(manifest(file: "m.wasm", "[wasi]\ndirs = [{ host = \"\(dir)/data\" }, { host = \"\(dir)/m.wasm\" }]"),
                    "wasi.dirs[1].host", "not a directory")
        XCTAssertNoThrow(try check(manifest(file: "m.wasm", "[wasi]\ndirs = [{ host = \"\(dir)/data\", guest = \"/d\" }]")))
    }
}
