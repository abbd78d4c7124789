// PinionWASITests: poll_oneoff, and blocking calls ending promptly when the instance's
// interrupt flag is raised (what `pinion run --timeout` and a supervisor rely on).
import Foundation
import PinionRuntime
import PinionWASI
import XCTest

final class PollTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = try Harness.makeScratch("poll")
        try "hello world".write(toFile: directory + "/in.txt", atomically: false, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    func testPollOneoff() throws {
        let result = try Harness.runPinion(try Harness.compile("poll"), stdin: directory + "/in.txt")
        XCTAssertEqual(result.stdout, "31 checks, 0 failed\n")
        XCTAssertEqual(result.exitCode, 0)
    }

    func testPollMatchesWasmtime() throws {
        try Harness.requireWasmtime()
        let wasm = try Harness.compile("poll", defines: ["DIFFERENTIAL"])
        let ours = try Harness.runPinion(wasm, stdin: directory + "/in.txt")
        let theirs = try Harness.runWasmtime(wasm, stdin: directory + "/in.txt")
        XCTAssertEqual(theirs.stdout, "29 checks, 0 failed\n")
        XCTAssertEqual(ours, theirs)
    }

    /// Runs block.c in `mode` with stdin a pipe nobody writes to, raises the interrupt
    /// flag after 0.2 s, and expects an `.interrupted` trap well before the hour the
    /// program asked to wait.
    private func checkInterrupted(_ mode: String) throws {
        var pipeFDs: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&pipeFDs), 0)
        defer { close(pipeFDs[0]); close(pipeFDs[1]) }
        let start = Date()
        let result = try Harness.runPinion(try Harness.compile("block"), arguments: ["block", mode],
                                           stdinFD: pipeFDs[0], interruptAfter: 0.2)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.trap, .interrupted, mode)
        XCTAssertEqual(result.stdout, "", mode)
        XCTAssertLessThan(elapsed, 2.0, "\(mode) took \(elapsed) s to notice the interrupt")
    }

    /// A guest making stdin nonblocking gets EAGAIN instead of waiting, while the
    /// embedder's descriptor (often a terminal shared with a shell) keeps its flags.
    func testNonblockingStdinIsEmulated() throws {
        var pipeFDs: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&pipeFDs), 0)
        defer { close(pipeFDs[0]); close(pipeFDs[1]) }
        let result = try Harness.runPinion(try Harness.compile("block"), arguments: ["block", "nonblock"],
                                           stdinFD: pipeFDs[0], interruptAfter: 5)
        XCTAssertEqual(result.stdout, "set: 0\nflag: 1\nread: -1 EAGAIN\n")
        XCTAssertEqual(fcntl(pipeFDs[0], F_GETFL) & O_NONBLOCK, 0)
    }

    func testInterruptEndsSleep() throws { try checkInterrupted("sleep") }
    func testInterruptEndsBlockingRead() throws { try checkInterrupted("read") }
    func testInterruptEndsPollOnAPipe() throws { try checkInterrupted("poll") }
    func testInterruptEndsALoop() throws { try checkInterrupted("spin") }
}
