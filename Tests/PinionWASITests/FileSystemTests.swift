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
}
