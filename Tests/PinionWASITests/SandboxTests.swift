// PinionWASITests: no route leads out of a preopen: "..", absolute paths, absolute and
// relative symlinks, symlink chains, symlinked directories, rename/link/symlink out,
// and a symlink swapped in while the guest opens paths. Each attempt must fail, and
// nothing outside may be created, read or changed.
import Foundation
import PinionRuntime
import PinionWASI
import XCTest

final class SandboxTests: XCTestCase {
    private var root = ""
    private var sandbox: String { root + "/sandbox" }

    override func setUpWithError() throws {
        root = try Harness.makeScratch("sandbox")
        try makeTree()
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    /// root/{outside.txt, outside-dir/secret.txt} and root/sandbox with links pointing out.
    private func makeTree() throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: sandbox + "/sub", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/outside-dir", withIntermediateDirectories: true)
        try "secret\n".write(toFile: root + "/outside.txt", atomically: false, encoding: .utf8)
        try "SECRET\n".write(toFile: root + "/outside-dir/secret.txt", atomically: false, encoding: .utf8)
        try "inside\n".write(toFile: sandbox + "/inside.txt", atomically: false, encoding: .utf8)
        let links = [
            ("link-abs", root + "/outside.txt"), ("link-rel", "../outside.txt"),
            ("link-chain1", "link-chain2"), ("link-chain2", "sub/../../outside.txt"),
            ("link-dir-out", ".."), ("sub/link-up", "../../outside-dir"), ("link-in", "inside.txt"),
            ("sub/link-in-up", ".."), ("link-dangling-out", "../created-by-dangling.txt"),
            ("loop1", "loop2"), ("loop2", "loop1"),
        ]
        for (link, target) in links {
            try fm.createSymbolicLink(atPath: sandbox + "/" + link, withDestinationPath: target)
        }
    }

    /// Everything outside the sandbox, with times: must not change.
    private var outside: [String] {
        Harness.tree(root, withTimes: true).filter { !$0.hasPrefix("sandbox") }
    }

    private func checkEscapes(alwaysWalk: Bool) throws {
        let before = outside, sandboxBefore = Harness.tree(sandbox)
        let wasm = try Harness.compile("escape")
        let result = try Harness.runPinion(wasm, preopens: [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")],
                                           alwaysWalk: alwaysWalk)
        XCTAssertEqual(result.stdout, "47 checks, 0 failed\n")
        XCTAssertEqual(result.exitCode, 0)
        XCTAssertEqual(outside, before, "nothing outside the preopen changed")
        XCTAssertEqual(Harness.tree(sandbox), sandboxBefore, "every attempt failed before changing anything")
    }

    func testEscapesFail() throws { try checkEscapes(alwaysWalk: false) }

    func testEscapesFailThroughTheWalk() throws { try checkEscapes(alwaysWalk: true) }

    /// wasmtime refuses the same attempts with the same errno.
    func testEscapesMatchWasmtime() throws {
        try Harness.requireWasmtime()
        let wasm = try Harness.compile("escape", defines: ["DIFFERENTIAL"])
        let preopens = [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")]
        let ours = try Harness.runPinion(wasm, preopens: preopens)
        let theirs = try Harness.runWasmtime(wasm, preopens: preopens)
        XCTAssertEqual(theirs.stdout, "41 checks, 0 failed\n")
        XCTAssertEqual(ours, theirs)
    }

    /// --dir-ro: reading works; every change is EPERM, also below directories opened
    /// from it; the host files stay as they were; wasmtime answers the same.
    func testReadOnlyPreopen() throws {
        let ro = root + "/ro"
        try FileManager.default.createDirectory(atPath: ro + "/sub", withIntermediateDirectories: true)
        try "data\n".write(toFile: ro + "/data.txt", atomically: false, encoding: .utf8)
        let before = Harness.tree(ro, withTimes: true)
        let preopens = [WASIPreopen(hostPath: ro, guestPath: "/ro", readOnly: true)]
        for walk in [false, true] {
            let result = try Harness.runPinion(try Harness.compile("readonly"), preopens: preopens, alwaysWalk: walk)
            XCTAssertEqual(result.stdout, "20 checks, 0 failed\n")
            XCTAssertEqual(Harness.tree(ro, withTimes: true), before)
        }
        try Harness.requireWasmtime()
        let wasm = try Harness.compile("readonly", defines: ["DIFFERENTIAL"])
        let ours = try Harness.runPinion(wasm, preopens: preopens)
        let theirs = try Harness.runWasmtime(wasm, preopens: preopens)
        XCTAssertEqual(theirs.stdout, "18 checks, 0 failed\n")
        XCTAssertEqual(ours, theirs)
        XCTAssertEqual(Harness.tree(ro, withTimes: true), before)
    }

    /// While the guest opens race/secret.txt 3000 times, a host thread keeps replacing
    /// "race" by a symlink to a directory outside and back. The guest may see the
    /// inside file or an error (how often depends on scheduling), never the outside file.
    func testSwappingSymlinksNeverLeadsOut() throws {
        let race = sandbox + "/race", real = sandbox + "/race-real", parked = sandbox + "/race-parked"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
        try "inside\n".write(toFile: real + "/secret.txt", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: parked, withDestinationPath: root + "/outside-dir")
        let wasm = try Harness.compile("race")
        for walk in [false, true] {
            rename(real, race)
            let done = InterruptFlag()  // any Sendable atomic flag will do
            let swapper = Thread {
                while !done.isRaised {
                    // Swap: the directory out, the outward symlink in, and back.
                    rename(race, real); rename(parked, race)
                    rename(race, parked); rename(real, race)
                }
            }
            swapper.start()
            let result = try Harness.runPinion(wasm, preopens: [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")],
                                               alwaysWalk: walk)
            done.raise()
            while !swapper.isFinished { usleep(1000) }
            XCTAssertTrue(result.stdout.hasPrefix("outside=0 "), "walk=\(walk): \(result.stdout)")
            // Without the swapping, the same program reads the inside file every time
            // (so the zero above is the sandbox's doing, not a broken setup).
            let calm = try Harness.runPinion(wasm, preopens: [WASIPreopen(hostPath: sandbox, guestPath: "/sandbox")],
                                             alwaysWalk: walk)
            XCTAssertEqual(calm.stdout, "outside=0 inside=3000\n")
            if FileManager.default.fileExists(atPath: race) { rename(race, real) }
        }
    }
}
