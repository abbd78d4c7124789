// PinionWASITests: every file system call, through openat2 and through the fallback
// walk, and the same program under wasmtime leaving the same files behind.
import Foundation
import PinionWASI
import XCTest

final class FileSystemTests: XCTestCase {
    private var sandbox = ""

    override func setUpWithError() throws { sandbox = try Harness.makeScratch("fs") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: sandbox) }

    /// The files filesystem.c leaves behind: what its calls did, seen from the host.
    private let expectedTree: [String] = {
        var tree = ["a.txt size=0 \"\"", "dangling -> no-such-target", "many/"]
        tree += (0..<40).map { String(format: "many/file-with-a-longish-name-%02d size=1 \"x\"", $0) }
        tree += ["no-such-target size=0 \"\"", "r2.txt size=3 \"one\""]
        return tree
    }()

    private func check(alwaysWalk: Bool) throws {
        let wasm = try Harness.compile("filesystem")
        let result = try Harness.runPinion(wasm, preopens: [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")],
                                           alwaysWalk: alwaysWalk)
        XCTAssertEqual(result.stdout, "379 checks, 0 failed\n")
        XCTAssertEqual(result.exitCode, 0)
        XCTAssertEqual(Harness.tree(sandbox), expectedTree)
    }

    func testEveryFileSystemCall() throws { try check(alwaysWalk: false) }

    /// The same with paths resolved by the component walk (kernels without openat2).
    func testEveryFileSystemCallThroughTheWalk() throws { try check(alwaysWalk: true) }

    /// Same stdout, stderr, exit code and files left behind as wasmtime.
    func testMatchesWasmtime() throws {
        try Harness.requireWasmtime()
        let wasm = try Harness.compile("filesystem", defines: ["DIFFERENTIAL"])
        let ours = try Harness.runPinion(wasm, preopens: [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")])
        let oursTree = Harness.tree(sandbox)
        try FileManager.default.removeItem(atPath: sandbox)
        try FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: false)
        let theirs = try Harness.runWasmtime(wasm, preopens: [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")])
        XCTAssertEqual(theirs.stdout, "374 checks, 0 failed\n")
        XCTAssertEqual(ours, theirs)
        XCTAssertEqual(oursTree, Harness.tree(sandbox))
    }

    /// A file tool run as users run programs (commands in argv, errors with strerror on
    /// stderr, failures counted in the exit code), on a writable and on a read-only
    /// preopen: stdout, stderr, exit code and the files left behind equal wasmtime's,
    /// with openat2 and with the walk.
    func testToolMatchesWasmtime() throws {
        try Harness.requireWasmtime()
        let wasm = try Harness.compile("tool")
        let commands = [
            "mkdir:docs", "put:docs/a.txt=alpha", "append:docs/a.txt=+beta", "cat:docs/a.txt",
            "cp:docs/a.txt>docs/b.txt", "mv:docs/b.txt>c.txt", "ln:docs/a.txt>link", "cat:link", "stat:link",
            "tree:.", "rm:missing", "mkdir:docs", "rmdir:docs", "cat:../etc/passwd", "cat:/etc/passwd",
            "put:nodir/x=1", "mv:c.txt>../escaped.txt", "ls:c.txt", "rm:link", "stat:docs/a.txt", "ls:.",
        ]
        for readOnly in [false, true] {
            var trees: [[String]] = []
            var results: [RunResult] = []
            for runtime in ["pinion", "pinion-walk", "wasmtime"] {
                try? FileManager.default.removeItem(atPath: sandbox)
                try FileManager.default.createDirectory(atPath: sandbox + "/docs", withIntermediateDirectories: true)
                try "seed".write(toFile: sandbox + "/docs/seed.txt", atomically: false, encoding: .utf8)
                let preopens = [WASIPreopen(hostPath: sandbox, guestPath: "/work", readOnly: readOnly)]
                let arguments = ["tool"] + commands
                results.append(runtime == "wasmtime"
                    ? try Harness.runWasmtime(wasm, arguments: arguments, preopens: preopens)
                    : try Harness.runPinion(wasm, arguments: arguments, preopens: preopens, alwaysWalk: runtime == "pinion-walk"))
                trees.append(Harness.tree(sandbox))
            }
            XCTAssertEqual(results[0].exitCode, readOnly ? 19 : 9)
            XCTAssertTrue(results[0].stdout.contains("$ cat docs/a.txt\n\(readOnly ? "" : "alpha+beta\n")"))
            XCTAssertEqual(results[0], results[2], "readOnly=\(readOnly): Pinion vs wasmtime")
            XCTAssertEqual(results[1], results[2], "readOnly=\(readOnly): Pinion (walk) vs wasmtime")
            XCTAssertEqual(trees[0], trees[2])
            XCTAssertEqual(trees[1], trees[2])
        }
    }
}
