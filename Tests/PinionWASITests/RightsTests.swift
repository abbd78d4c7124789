// PinionWASITests: descriptor rights and descriptor kinds as real programs see them.
// Every rights value fd_fdstat_get reports and every errno of a call that does not fit
// a descriptor's kind or access mode, compared with wasmtime (Programs/rights.c), and a
// Rust program's file operations (Programs/rust_files.rs) giving wasmtime's output.
import Foundation
import PinionWASI
import XCTest

final class RightsTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws { root = try Harness.makeScratch("rights") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    /// A writable /rw and a read-only /ro, each holding f.txt and d/ (fresh each call).
    private func preopens() throws -> [WASIPreopen] {
        try? FileManager.default.removeItem(atPath: root + "/rw")
        try? FileManager.default.removeItem(atPath: root + "/ro")
        for dir in ["rw", "ro"] {
            try FileManager.default.createDirectory(atPath: root + "/\(dir)/d", withIntermediateDirectories: true)
            try "data".write(toFile: root + "/\(dir)/f.txt", atomically: false, encoding: .utf8)
        }
        return [WASIPreopen(hostPath: root + "/rw", guestPath: "/rw"),
                WASIPreopen(hostPath: root + "/ro", guestPath: "/ro", readOnly: true)]
    }

    /// The values Rust's std and wasi-libc depend on, without wasmtime at hand: a preopen
    /// reports directory rights only, a directory opened with them (or asking for
    /// FD_SEEK) gets directory rights, a file the rights of its access mode, and the
    /// calls that need a file are EBADF on a directory.
    func testRightsPinionReports() throws {
        let wasm = try Harness.compile("rights")
        for walk in [false, true] {
            let out = try Harness.runPinion(wasm, preopens: try preopens(), alwaysWalk: walk).stdout
            let lines = Set(out.split(separator: "\n").map(String.init))
            for expected in [
                "preopen 3: type 3 flags 0 base 0x7b7fe00 inheriting 0xff7ffff",
                "fd 3 d dir base: type 3 flags 0 base 0x3fb7ffbb inheriting 0x3ff7ffff",
                "fd 3 d readdir+seek: type 3 flags 0 base 0x3fb7ffbb inheriting 0x3ff7ffff",
                "fd 3 d rust read_dir: type 3 flags 0 base 0x3fb7ffbb inheriting 0x3ff7ffff",
                // Unlike wasmtime, a file opened O_RDWR below an opened directory is writable.
                "fd 6 g.txt libc O_RDWR: type 4 flags 0 base 0x3fffffff inheriting 0x3fffffff",
                "fd 3 d dir inheriting: errno 31",
                "fd 3 f.txt rust read: type 4 flags 0 base 0x3fffffbf inheriting 0x3fffffbf",
                "fd 3 f.txt rust write: type 4 flags 0 base 0x3fffbffd inheriting 0x3fffbffd",
                "fd 3 f.txt dir inheriting: type 4 flags 0 base 0x3fffffff inheriting 0x3fffffff",
                "fd 3 new.txt rust create: type 4 flags 0 base 0x3fffbffd inheriting 0x3fffbffd",
                "kinds 3: seek 8 seek-cur 8 tell 8 read 8 pread 8 write 8 pwrite 8 readdir 0 advise 8 sync 8 datasync 8 set-flags 8 open 0 filestat 0",
                "  file (read): seek 0 seek-cur 0 tell 0 read 0 pread 0 write 8 pwrite 8 readdir 8 advise 0 sync 0 datasync 0 set-flags 0 open 54 filestat 0",
                // Read-only: the changing rights are not reported, and EPERM when asked for.
                "preopen 4: type 3 flags 0 base 0x24e000 inheriting 0xff7ffff",
                "fd 4 d dir base: type 3 flags 0 base 0x3824e0bb inheriting 0x3ff7ffff",
                "fd 7 g.txt libc O_RDWR: errno 63",
                "fd 4 f.txt libc O_RDWR: errno 63",
            ] {
                XCTAssertTrue(lines.contains(expected), "walk=\(walk): missing '\(expected)' in:\n\(out)")
            }
        }
    }

    /// Every line of rights.c equal under Pinion (openat2 and the walk) and wasmtime:
    /// the rights of preopens, of files and directories opened with the rights real
    /// programs pass, and the errno of each call on the wrong kind of descriptor.
    func testRightsMatchWasmtime() throws {
        try Harness.requireWasmtime()
        let wasm = try Harness.compile("rights", defines: ["DIFFERENTIAL"])
        let theirs = try Harness.runWasmtime(wasm, preopens: try preopens())
        XCTAssertTrue(theirs.stdout.contains("preopen 3: type 3 flags 0 base 0x7b7fe00 inheriting 0xfb7ffbb"), theirs.stdout)  // masked (see rights.c)
        for walk in [false, true] {
            let ours = try Harness.runPinion(wasm, preopens: try preopens(), alwaysWalk: walk)
            XCTAssertEqual(ours.stdout, theirs.stdout, "walk=\(walk)")
            XCTAssertEqual(ours, theirs, "walk=\(walk)")
        }
    }

    /// A Rust program (Debian's rustc and wasm32 std) creating, writing, appending,
    /// seeking, listing, renaming, copying and removing files in a preopen, and opening
    /// a directory with the preopen's own rights: the same output and the same files
    /// left behind as under wasmtime.
    func testRustFileOperationsMatchWasmtime() throws {
        let wasm = try Harness.compileRust("rust_files")
        let sandbox = root + "/sandbox"
        var results: [RunResult] = [], trees: [[String]] = []
        for runtime in ["pinion", "pinion-walk", "wasmtime"] {
            try? FileManager.default.removeItem(atPath: sandbox)
            try FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
            let preopens = [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")]
            if runtime == "wasmtime" {
                try Harness.requireWasmtime()
                results.append(try Harness.runWasmtime(wasm, preopens: preopens))
            } else {
                results.append(try Harness.runPinion(wasm, preopens: preopens, alwaysWalk: runtime == "pinion-walk"))
            }
            trees.append(Harness.tree(sandbox))
        }
        XCTAssertEqual(results[0].exitCode, 0, results[0].stdout + results[0].stderr)
        XCTAssertTrue(results[0].stdout.contains("read_to_string: ok \"hello, world\\n\""), results[0].stdout)
        XCTAssertTrue(results[0].stdout.contains("directory with its rights: errno 0 type 3 base 0x3fb7ffbb"), results[0].stdout)
        XCTAssertEqual(trees[0], ["c.txt size=13 \"hello, world\\n\"", "d/", "n.txt size=0 \"\""])
        XCTAssertEqual(results[0].stdout, results[2].stdout)
        XCTAssertEqual(results[0], results[2], "Pinion vs wasmtime")
        XCTAssertEqual(results[1], results[2], "Pinion (walk) vs wasmtime")
        XCTAssertEqual(trees[0], trees[2])
        XCTAssertEqual(trees[1], trees[2])
    }
}
