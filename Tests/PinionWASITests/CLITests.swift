// PinionWASITests: `pinion run` options and exit codes, through the built executable.
import Foundation
import PinionTestSupport
import XCTest

final class CLITests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws { directory = try Harness.makeScratch("cli") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    /// Runs `pinion run ARGS`; exit status, stdout and stderr (merged), and seconds taken.
    @discardableResult
    private func run(_ arguments: [String], environment: [String: String]? = nil,
                     file: StaticString = #filePath, line: UInt = #line) throws -> (status: Int32, output: String, seconds: Double) {
        let start = Date()
        let (status, output) = try Harness.execute(try Command.pinionExecutable(), ["run"] + arguments, stdin: "/dev/null", environment: environment)
        return (status, output, Date().timeIntervalSince(start))
    }

    func testHelpDocumentsEveryOptionWithAnExample() throws {
        let help = try run(["--help"]).output
        let options = ["--dir", "--dir-ro", "--env", "--env-inherit", "--argv0", "--fuel", "--max-memory",
                       "--max-stack", "--timeout", "--invoke", "--unknown-imports"]
        for option in options {
            XCTAssertTrue(help.contains(option + " ") || help.contains(option + "\n"), "\(option) missing from --help")
        }
        let examples = help.components(separatedBy: "Example:").count - 1
        XCTAssertGreaterThanOrEqual(examples, options.count + 2, "every option and argument has an example")
        for code in ["134", "135", "136", "64"] { XCTAssertTrue(help.contains(code), "exit code \(code) documented") }
    }

    func testArgumentsAndEnvironment() throws {
        let wasm = try Harness.compile("cli")
        var result = try run(["--env", "A=1", "--env", "B=x=y", wasm, "show", "A", "B", "HOME"])
        XCTAssertEqual(result.output, "argv[0]=\(wasm) argc=5\nA=1\nB=x=y\nHOME=(unset)\n")
        result = try run(["--argv0", "tool", "--env-inherit", "--env", "PINION_OVERRIDE=mine", wasm, "show", "PINION_INHERITED", "PINION_OVERRIDE"],
                         environment: ["PINION_INHERITED": "from host", "PINION_OVERRIDE": "host"])
        XCTAssertEqual(result.output, "argv[0]=tool argc=4\nPINION_INHERITED=from host\nPINION_OVERRIDE=mine\n")
        XCTAssertEqual(result.status, 0)
    }

    func testDirectories() throws {
        let wasm = try Harness.compile("cli")
        let data = directory + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        var result = try run(["--dir", data + "::/data", wasm, "write", "/data/out.txt", "saved"])
        XCTAssertEqual(result.output, "written\n")
        XCTAssertEqual(try String(contentsOfFile: data + "/out.txt", encoding: .utf8), "saved")
        result = try run(["--dir-ro", data + "::/data", wasm, "read", "/data/out.txt"])
        XCTAssertEqual(result.output, "read: saved\n")
        result = try run(["--dir-ro", data + "::/data", wasm, "write", "/data/out.txt", "changed"])
        XCTAssertEqual(result.output, "fopen: Operation not permitted\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try String(contentsOfFile: data + "/out.txt", encoding: .utf8), "saved")
        // Opening a FIFO nobody writes to does not hang (it would, in the kernel, where
        // --timeout cannot reach): it opens, and reading finds the end at once.
        XCTAssertEqual(mkfifo(data + "/fifo", 0o644), 0)
        result = try run(["--timeout", "10", "--dir", data + "::/data", wasm, "read", "/data/fifo"])
        XCTAssertEqual(result.output, "read: \n")
        XCTAssertLessThan(result.seconds, 5)
        // No --dir: the host is invisible (wasi-libc finds no preopen for the path).
        result = try run([wasm, "read", data + "/out.txt"])
        XCTAssertEqual(result.output, "fopen: Capabilities insufficient\n")
        result = try run(["--dir", directory + "/missing", wasm])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.output.contains("cannot open directory"), result.output)
    }

    func testExitCodes() throws {
        let wasm = try Harness.compile("cli")
        XCTAssertEqual(try run([wasm, "exit", "7"]).status, 7)
        XCTAssertEqual(try run([wasm, "trap"]).status, 134)
        XCTAssertEqual(try run(["--fuel", "100000", wasm, "spin"]).status, 135)
        XCTAssertEqual(try run(["--max-memory", "64K", wasm]).status, 3)
        XCTAssertEqual(try run([directory + "/missing.wasm"]).status, 2)
        XCTAssertEqual(try run(["--env", "NOEQUALS", wasm]).status, 64)
        XCTAssertEqual(try run(["--timeout", "-1", wasm]).status, 64)
        XCTAssertEqual(try run(["--dir", "", wasm]).status, 64)
        for mode in ["spin", "sleep"] {
            let result = try run(["--timeout", "0.3", wasm, mode])
            XCTAssertEqual(result.status, 136, "\(mode): \(result.output)")
            XCTAssertTrue(result.output.contains("timed out after 0.3 s"), result.output)
            XCTAssertLessThan(result.seconds, 5, mode)
        }
        XCTAssertEqual(try run(["--timeout", "30", wasm, "exit", "4"]).status, 4, "a timeout that does not expire changes nothing")
    }

    func testUnknownImports() throws {
        let wasm = try Harness.compile("cli", defines: ["WITH_MISSING_IMPORT"])
        var result = try run([wasm, "show"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.output.contains("env.missing_function"), result.output)
        result = try run(["--unknown-imports", "trap", wasm, "show"])
        XCTAssertEqual(result.status, 0)
        result = try run(["--unknown-imports", "trap", wasm, "call-missing"])
        XCTAssertEqual(result.status, 134)
        XCTAssertTrue(result.output.contains("call to unknown import env.missing_function"), result.output)
        XCTAssertEqual(try run(["--unknown-imports", "ignore", wasm]).status, 64)
    }

    func testInvoke() throws {
        let wasm = try Harness.compile("reactor", flags: ["-mexec-model=reactor"])
        XCTAssertEqual(try run(["--invoke", "add", wasm, "2", "40"]).output, "42\n")
        XCTAssertEqual(try run(["--invoke", "add", wasm, "-5", "0x2"]).output, "-3\n")
        XCTAssertEqual(try run(["--invoke", "mul64", wasm, "4294967296", "-3"]).output, "-12884901888\n")
        XCTAssertEqual(try run(["--invoke", "half", wasm, "5"]).output, "2.5\n")
        XCTAssertEqual(try run(["--invoke", "initialized", wasm]).output, "42\n", "_initialize ran first")
        XCTAssertEqual(try run(["--invoke", "hello", wasm]).output, "hello from a reactor\n")
        XCTAssertEqual(try run(["--invoke", "add", wasm, "1"]).status, 64)
        XCTAssertEqual(try run(["--invoke", "add", wasm, "1", "x"]).status, 64)
        XCTAssertEqual(try run(["--invoke", "add", wasm, "1", "4294967296"]).status, 64)
        XCTAssertEqual(try run(["--invoke", "nope", wasm]).status, 2)
        XCTAssertEqual(try run([wasm]).status, 2, "a reactor has no _start")
    }
}
