// PinionHardwareTests: reading manifest and board files without Foundation: only regular
// files of at most 1 MiB, errors naming the path; date-times as their text; the board
// directory listing and search path helpers of BoardCatalog.
import Glibc
import PinionHardware
@testable import PinionManifest
import XCTest

final class TOMLFileTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = "/tmp/pinion-tomlfile-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        XCTAssertEqual(mkdir(directory, 0o755), 0)
    }

    override func tearDown() {
        _ = try? TOMLFileTestsCleanup.removeTree(directory)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory + "/" + name
        let file = try XCTUnwrap(fopen(path, "wb"))
        XCTAssertEqual(fwrite(bytes, 1, bytes.count, file), bytes.count)
        fclose(file)
        return path
    }

    func loadError(_ path: String) -> String {
        do {
            _ = try TOMLDocument.load(path)
            XCTFail("\(path) was read")
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testOnlyRegularFilesOfAtMostOneMiBAreRead() throws {
        XCTAssertEqual(loadError(directory), "\(directory): cannot read the file: Is a directory")
        XCTAssertEqual(loadError(directory + "/missing.toml"), "\(directory)/missing.toml: cannot read the file: No such file or directory")
        let fifo = directory + "/fifo.toml"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertEqual(loadError(fifo), "\(fifo): cannot read the file: not a regular file")  // and no hang
        let comment = Array("# padding\n".utf8)
        let big = try write("big.toml", [UInt8]((0..<(TOMLDocument.maxFileSize / comment.count + 1)).map { _ in comment }.joined()))
        XCTAssertEqual(loadError(big), "\(big): cannot read the file: larger than 1048576 bytes")
        let fits = try write("fits.toml", [UInt8](comment.prefix(9)) + [UInt8](repeating: 0x20, count: TOMLDocument.maxFileSize - 9))
        XCTAssertEqual(try TOMLDocument.load(fits), .table([:]))
    }

    func testParseErrorsNameThePathLineAndColumn() throws {
        let path = try write("bad.toml", Array("name = \"x\"\nversion = 1.0.0\n".utf8))
        XCTAssertEqual(loadError(path), "\(path): line 2, column 11: invalid value `1.0.0`: unexpected '.' in a number")
    }

    func testDateTimesBecomeTheirText() throws {
        let value = try TOMLDocument.parse("a = 1979-05-27 07:32:00.500z\nb = 07:32:00\nc = 1979-05-27\n", path: "(text)")
        XCTAssertEqual(value, .table([
            "a": .string("1979-05-27T07:32:00.5Z"), "b": .string("07:32:00"), "c": .string("1979-05-27"),
        ]))
    }

    func testBoardDirectoryListingAndPaths() throws {
        _ = try write("b.toml", [])
        _ = try write("a.toml", [])
        _ = try write("notes.txt", [])
        XCTAssertEqual(mkdir(directory + "/headers.toml", 0o755), 0)  // listed by name, as before
        XCTAssertEqual(BoardCatalog.tomlFiles(in: directory), ["a.toml", "b.toml", "headers.toml"])
        XCTAssertEqual(BoardCatalog.tomlFiles(in: directory + "/missing"), [])
        XCTAssertEqual(BoardCatalog.normalized("/usr/bin/../share/./pinion//boards"), "/usr/share/pinion/boards")
        XCTAssertEqual(BoardCatalog.normalized("/a/../../b"), "/b")
        XCTAssertEqual(BoardCatalog.normalized("a/../../b"), "../b")
        XCTAssertEqual(BoardCatalog.symbolicLinkTarget("/proc/self/exe")?.hasPrefix("/"), true)
        XCTAssertNil(BoardCatalog.symbolicLinkTarget(directory))
    }
}

/// Removes a directory tree of plain files and directories (test clean-up only).
enum TOMLFileTestsCleanup {
    static func removeTree(_ path: String) throws {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." { continue }
                try removeTree(path + "/" + name)
            }
            closedir(dir)
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
