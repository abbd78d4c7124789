// PinionWASITests: pinion's own command-line parser (PinionCLI/CommandLine), through the
// built executable: usage errors (64, one line naming the option, a hint), --opt=value,
// `--`, words after the module passed through untouched, and every subcommand's help.
import Foundation
import PinionTestSupport
import XCTest

final class CommandLineTests: XCTestCase {
    private func pinion(_ arguments: [String]) throws -> Command.Result {
        try Command.run(try Command.pinionExecutable(), arguments)
    }

    /// Asserts a usage error: status 64, nothing on stdout, and on stderr exactly the
    /// message line and the --help hint.
    private func assertUsageError(_ arguments: [String], _ message: String, hint: String = "pinion run --help",
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try pinion(arguments)
        XCTAssertEqual(r.status, 64, "\(arguments): \(r.stderr)", file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        XCTAssertEqual(r.stderr, "\(message)\nSee '\(hint)'.\n", file: file, line: line)
    }

    func testUsageErrorsNameTheOptionAndExit64() throws {
        try assertUsageError(["run", "--bogus", "m.wasm"], "pinion run: unknown option '--bogus'")
        try assertUsageError(["run", "--boards", "sim", "m.wasm"], "pinion run: unknown option '--boards'; did you mean '--board'?")
        try assertUsageError(["run", "-x", "m.wasm"], "pinion run: unknown option '-x'")
        try assertUsageError(["run", "--fuel"], "pinion run: --fuel: missing value <N>")
        try assertUsageError(["run", "--fuel", "abc", "m.wasm"],
                             "pinion run: --fuel: 'abc' is not a whole number from 0 to 18446744073709551615")
        try assertUsageError(["run", "--fuel=-1", "m.wasm"],
                             "pinion run: --fuel: '-1' is not a whole number from 0 to 18446744073709551615")
        try assertUsageError(["run", "--max-memory=12Q", "m.wasm"],
                             "pinion run: --max-memory: '12Q' is not a byte count such as 65536, 64K, 16M or 1G")
        try assertUsageError(["run", "--max-memory", "99999999999G", "m.wasm"],
                             "pinion run: --max-memory: '99999999999G' is not a byte count such as 65536, 64K, 16M or 1G")
        try assertUsageError(["run", "--unknown-imports", "ignore", "m.wasm"],
                             "pinion run: --unknown-imports: 'ignore' is not one of: trap")
        try assertUsageError(["run", "--env-inherit=1", "m.wasm"], "pinion run: --env-inherit takes no value, but was given '1'")
        try assertUsageError(["run", "--env", "NOEQUALS", "m.wasm"], "pinion run: --env expects NAME=VALUE, got 'NOEQUALS'")
        try assertUsageError(["run", "--timeout=0", "m.wasm"], "pinion run: --timeout must be a positive number of seconds")
        try assertUsageError(["run"], "pinion run: missing <MODULE.wasm>")
        try assertUsageError(["status"], "pinion status: missing --state <DIR>", hint: "pinion status --help")
        try assertUsageError(["stop", "--state", "s"], "pinion stop: missing <NAME>", hint: "pinion stop --help")
        try assertUsageError(["boards", "a", "b"], "pinion boards: unexpected argument 'b'", hint: "pinion boards --help")
        try assertUsageError(["wast"], "pinion wast: missing <FILE_OR_DIR>", hint: "pinion wast --help")
        try assertUsageError(["daemon", "--spool", "s", "--state", "t", "--memory-limit", "lots"],
                             "pinion daemon: --memory-limit: 'lots' is not a byte count such as 65536, 64K, 16M or 1G",
                             hint: "pinion daemon --help")
        try assertUsageError(["push", "m.toml", "--wait", "-1", "--to", "x"], "pinion push: --wait -1.0: expected 0 to 86400 seconds",
                             hint: "pinion push --help")
        try assertUsageError(["bogus"], "pinion: unknown command 'bogus'", hint: "pinion --help")
        try assertUsageError(["--version"], "pinion: unknown option '--version'", hint: "pinion --help")
        try assertUsageError(["help", "bogus"], "pinion: unknown command 'bogus'", hint: "pinion --help")
    }

    /// `--opt=value` and `--opt value` are the same; repeatable options keep their order
    /// (the last --env of a name wins); a single option given twice takes the last value.
    func testBothValueFormsAndRepeatedOptions() throws {
        let wasm = try Harness.compile("cli")
        var r = try pinion(["run", "--env=A=1", "--env", "B=x=y", "--env=A=2", "--argv0", "one", "--argv0=two", wasm, "show", "A", "B"])
        XCTAssertEqual(r.stdout, "argv[0]=two argc=4\nA=2\nB=x=y\n", r.stderr)
        XCTAssertEqual(r.status, 0)
        r = try pinion(["run", "--fuel=100000", wasm, "spin"])
        XCTAssertEqual(r.status, 135, "--fuel=N is a fuel budget: \(r.stderr)")
    }

    /// Everything after the module goes to it untouched, even words that look like options
    /// or are pinion's own (`--board sim`, `--help`, `--`); `--` before the module ends
    /// pinion's options.
    func testWordsAfterTheModuleArePassedThrough() throws {
        let wasm = try Harness.compile("cli")
        var r = try pinion(["run", wasm, "show", "--board", "sim", "--help", "--", "-h", "--fuel=1"])
        XCTAssertEqual(r.stdout, "argv[0]=\(wasm) argc=8\n--board=(unset)\nsim=(unset)\n--help=(unset)\n--=(unset)\n-h=(unset)\n--fuel=1=(unset)\n",
                       r.stderr)
        XCTAssertEqual(r.status, 0)
        r = try pinion(["run", "--env", "X=1", "--", wasm, "show", "X"])
        XCTAssertEqual(r.stdout, "argv[0]=\(wasm) argc=3\nX=1\n", r.stderr)
        // After `--`, a word that looks like an option is the module's path.
        r = try pinion(["run", "--", "--fuel"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.stderr, "pinion: --fuel: No such file or directory\n")
        // --invoke's arguments may be negative numbers.
        let reactor = try Harness.compile("reactor", flags: ["-mexec-model=reactor"])
        r = try pinion(["run", "--invoke", "add", reactor, "-5", "-0x2"])
        XCTAssertEqual(r.stdout, "-7\n", r.stderr)
    }

    /// Every way of asking for help prints the same text on stdout and exits 0.
    func testHelpForms() throws {
        let help = try pinion(["run", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertEqual(help.stderr, "")
        XCTAssert(help.stdout.hasPrefix("OVERVIEW: Run a WASI command module"), help.stdout)
        for form in [["run", "-h"], ["help", "run"], ["run", "--fuel", "1", "--help", "m.wasm"]] {
            let r = try pinion(form)
            XCTAssertEqual(r.status, 0, "\(form)")
            XCTAssertEqual(r.stdout, help.stdout, "\(form)")
        }
        let top = try pinion(["--help"])
        XCTAssertEqual(top.status, 0)
        for form in [[], ["-h"], ["help"]] { XCTAssertEqual(try pinion(form).stdout, top.stdout, "\(form)") }
    }

    /// Each subcommand's help: the overview, a usage line, every option and argument with
    /// its value name, and lines no wider than 80 columns (but for the usage line and
    /// single words that cannot be broken).
    func testEverySubcommandsHelpListsItsOptions() throws {
        let expected: [(String, [String])] = [
            ("run", ["--dir <HOST[::GUEST]>", "--dir-ro <HOST[::GUEST]>", "--env <K=V>", "--env-inherit", "--argv0 <NAME>",
                     "--fuel <N>", "--max-memory <BYTES>", "--max-module-size <BYTES>", "--max-stack <SLOTS>",
                     "--timeout <SECONDS>", "--invoke <FUNC>", "--unknown-imports <trap>", "--manifest <FILE>",
                     "--board <NAME_OR_FILE>", "--sim-trace", "<MODULE.wasm>", "<ARGS>",
                     "USAGE: pinion run [<options>] <MODULE.wasm> [<ARGS> ...]"]),
            ("inspect", ["<MODULE.wasm>", "USAGE: pinion inspect <MODULE.wasm>"]),
            ("wast", ["--verbose", "--include-simd", "--wasm-tools <PATH>", "<FILE_OR_DIR>",
                      "USAGE: pinion wast [--verbose] [--include-simd] [--wasm-tools <PATH>] <FILE_OR_DIR> ..."]),
            ("boards", ["<NAME>", "USAGE: pinion boards [<NAME>]"]),
            ("doctor", ["--board <NAME_OR_FILE>", "USAGE: pinion doctor [--board <NAME_OR_FILE>]"]),
            ("daemon", ["--spool <DIR>", "--state <DIR>", "--board <NAME_OR_FILE>", "--trusted-keys <FILE>",
                        "--memory-limit <BYTES>", "--poll <SECONDS>", "--sim-trace", "(default: 2.0)",
                        "USAGE: pinion daemon --spool <DIR> --state <DIR> [--board <NAME_OR_FILE>] [--trusted-keys <FILE>] [--memory-limit <BYTES>] [--poll <SECONDS>] [--sim-trace]"]),
            ("status", ["--state <DIR>", "--json", "USAGE: pinion status --state <DIR> [--json]"]),
            ("stop", ["<NAME>", "--state <DIR>", "USAGE: pinion stop <NAME> --state <DIR>"]),
            ("start", ["<NAME>", "--state <DIR>", "USAGE: pinion start <NAME> --state <DIR>"]),
            ("restart", ["<NAME>", "--state <DIR>", "USAGE: pinion restart <NAME> --state <DIR>"]),
            ("push", ["<MANIFEST>", "--to <DEST>", "--wait <SECONDS>", "--sign <KEY>",
                      "USAGE: pinion push <MANIFEST> [--to <DEST> ...] [--wait <SECONDS>] [--sign <KEY>]"]),
        ]
        let top = try pinion(["--help"]).stdout
        for (command, items) in expected {
            XCTAssert(top.contains("\n  \(command) "), "\(command) missing from pinion --help")
            let r = try pinion([command, "--help"])
            XCTAssertEqual(r.status, 0, command)
            XCTAssert(r.stdout.hasPrefix("OVERVIEW: "), command)
            XCTAssert(r.stdout.contains("\n  -h, --help              Show help information.\n"), command)
            for item in items { XCTAssert(r.stdout.contains(item), "\(command) --help lacks \(item)") }
            for line in r.stdout.split(separator: "\n") where line.count > 80 {
                XCTAssert(line.hasPrefix("USAGE: ") || !line.trimmingCharacters(in: .whitespaces).contains(" "),
                          "\(command) --help: line wider than 80 columns: \(line)")
            }
        }
        XCTAssertEqual(top.split(separator: "\n").filter { $0.count > 80 }, [])
    }
}
