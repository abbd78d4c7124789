// The boards built into the binary (issue 12, item 10: `--board sim` must work when pinion
// is installed without a boards/ directory).
import Foundation
@testable import PinionManifest
import PinionTestSupport
import XCTest

final class BuiltInBoardsTests: XCTestCase {
    func testTheBuiltInFilesAreTheFilesOfBoards() throws {
        let root = repositoryRoot + "/boards/"
        var onDisk = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".toml") }
        onDisk += try FileManager.default.contentsOfDirectory(atPath: root + "headers").filter { $0.hasSuffix(".toml") }.map { "headers/" + $0 }
        XCTAssertEqual(Set(EmbeddedBoards.files.map(\.path)), Set(onDisk), "run scripts/embed-boards.py after changing boards/")
        for file in EmbeddedBoards.files {
            let text = try String(contentsOfFile: root + file.path, encoding: .utf8)
            XCTAssertEqual(file.text, String(text.reversed().drop { $0 == "\n" }.reversed()),
                           "\(file.path) differs from boards/: run scripts/embed-boards.py")
        }
    }

    func testTheBuiltInCatalogHasEveryBoardAsLoadedFromDisk() throws {
        let builtIn = try BoardCatalog.builtIn(), disk = try BoardCatalog(directory: repositoryRoot + "/boards")
        XCTAssertEqual(builtIn.boards.map(\.name), disk.boards.map(\.name))
        for (a, b) in zip(builtIn.boards, disk.boards) {
            XCTAssertEqual(a.lines, b.lines, a.name)
            XCTAssertEqual(a.i2cBuses, b.i2cBuses, a.name)
            XCTAssertEqual(a.simulation, b.simulation, a.name)
        }
    }

    /// An installed copy of the executable, with no boards/ anywhere near it, still runs
    /// blink on the simulator; a copy of sim.toml alone (no headers/ beside it) works too.
    func testAnInstalledExecutableRunsOnTheSimulatorWithoutABoardsDirectory() throws {
        let prefix = try Command.temporaryDirectory("installed")
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try Command.pinionExecutable(), toPath: prefix + "/bin/pinion")
        let blink = repositoryRoot + "/examples/blink/"
        var r = try Command.run(prefix + "/bin/pinion", ["run", "--manifest", blink + "blink.toml", "--board", "sim", blink + "blink.wasm"],
                                in: prefix, environment: ["PINION_BOARDS": prefix + "/none"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stderr.contains("SIMULATOR"), r.stderr)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/boards/sim.toml", toPath: prefix + "/mine.toml")
        r = try Command.run(prefix + "/bin/pinion", ["run", "--manifest", blink + "blink.toml", "--board", prefix + "/mine.toml", blink + "blink.wasm"],
                            in: prefix, environment: ["PINION_BOARDS": prefix + "/none"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }
}
