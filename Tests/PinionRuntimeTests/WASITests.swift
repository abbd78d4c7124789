// PinionRuntimeTests: WASI end to end. C programs are compiled at test time with
// clang-16 for wasm32-wasi, run through Store + WASI with stdio redirected to files,
// and, where the PyPI `wasmtime` package is importable, compared with wasmtime.
// (The C sources live here as strings: SwiftPM rejects .c files in a Swift target.)
import Foundation
import PinionBinary
import PinionRuntime
import PinionValidation
import PinionWASI
import PinionTestSupport
import XCTest

final class WASITests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "pinion-wasi-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Linking (no compiler needed)

    /// Every preview1 function is defined with its witx signature (i32 for pointers,
    /// sizes, fds and enums; i64 for offsets, timestamps and rights).
    func testDefinesEveryPreview1FunctionWithItsSignature() throws {
        let store = Store()
        var imports = Imports()
        try WASI(configuration: WASIConfiguration(arguments: ["x"])).define(in: &imports, store: store)
        XCTAssertEqual(Preview1.signatures.count, 46)
        for (name, parameters) in Preview1.signatures {
            guard case .function(let f)? = imports.lookup("wasi_snapshot_preview1", name) else {
                XCTFail("\(name) is not defined")
                continue
            }
            let results: [ValueType] = name == "proc_exit" ? [] : [.i32]
            XCTAssertEqual(f.type, FunctionType(parameters: parameters, results: results), name)
        }
    }

    /// A program importing every function wasi-libc declares links.
    func testModuleImportingAllOfPreview1Links() throws {
        let wasm = try compile("all_imports", Programs.allImports)
        let module = try ValidatedModule.load(try bytes(of: wasm))
        let imported = module.module.imports.filter { $0.module == "wasi_snapshot_preview1" }.count
        XCTAssertEqual(imported, 45)
        let store = Store()
        var imports = Imports()
        try WASI(configuration: WASIConfiguration(arguments: ["all"])).define(in: &imports, store: store)
        XCTAssertNoThrow(try store.instantiate(module, imports: imports))
    }

    // MARK: Programs

    func testHelloWorld() throws {
        let result = try run(compile("hello", Programs.hello))
        XCTAssertEqual(result.stdout, "hello, world\n")
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.exitCode, 0)
    }

    func testArgumentsAndEnvironmentAreVisible() throws {
        let wasm = try compile("args", Programs.args)
        let result = try run(wasm, arguments: ["prog.wasm", "one", "two words", "", "--flag"],
                             environment: [("GREETING", "hi there"), ("A", "b=c"), ("EMPTY", "")])
        XCTAssertEqual(result.stdout, """
            argc=5
            argv[0]=prog.wasm
            argv[1]=one
            argv[2]=two words
            argv[3]=
            argv[4]=--flag
            GREETING=hi there
            MISSING=(unset)
            env:GREETING=hi there
            env:A=b=c
            env:EMPTY=

            """)
        XCTAssertEqual(result.exitCode, 0)
    }

    func testExitCodeFromExit() throws {
        let result = try run(compile("exit3", Programs.exit3))
        XCTAssertEqual(result.stdout, "exiting with 3\n")
        XCTAssertEqual(result.exitCode, 3)
    }

    func testReadsStdinFromAFile() throws {
        let input = directory + "/input.txt"
        try "hello\nwasi world".write(toFile: input, atomically: true, encoding: .utf8)
        let result = try run(compile("stdin", Programs.stdin), stdin: input)
        XCTAssertEqual(result.stdout, "HELLO\nWASI WORLD\nread 16 bytes, eof=1 error=0\n")
        XCTAssertEqual(result.exitCode, 0)
    }

    func testClocks() throws {
        let result = try run(compile("clock", Programs.clock))
        XCTAssertEqual(result.stdout, """
            monotonic increases: yes
            realtime after 2020: yes
            monotonic resolution ok: yes
            process cputime ok: yes

            """)
    }

    func testGetentropyReturnsRandomBytes() throws {
        let result = try run(compile("random", Programs.random))
        XCTAssertEqual(result.stdout, "getentropy: 0 0\nnonzero: yes\ndistinct: yes\n")
    }

    /// Stdio is not seekable (ESPIPE, as in wasmtime), a file is not a tty, unknown fds
    /// are EBADF, and stderr goes to its own fd.
    func testStdioDescriptors() throws {
        let result = try run(compile("stdio", Programs.stdio))
        XCTAssertEqual(result.stdout, "lseek(stdout): -1 ESPIPE\nisatty(stdout): 0\nwrite(9): -1 EBADF\n")
        XCTAssertEqual(result.stderr, "to stderr\n")
    }

    func testTrapIsRethrownByStart() throws {
        let result = try run(compile("trap", Programs.trap))
        XCTAssertEqual(result.trap?.kind, .unreachable)
        XCTAssertEqual(result.stdout, "before trap\n")
    }

    // MARK: Guest pointers out of bounds

    /// Every pointer and length from the guest is bounds-checked: EFAULT (21), no crash,
    /// and no side effect before the check.
    func testOutOfBoundsPointersAreEFAULT() throws {
        let stdoutPath = directory + "/efault.out"
        let out = open(stdoutPath, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        defer { close(out) }
        let store = Store()
        var imports = Imports()
        try WASI(configuration: WASIConfiguration(arguments: ["efault"], stdout: out)).define(in: &imports, store: store)
        let instance = try store.instantiate(ValidatedModule.load(EFaultModule.bytes), imports: imports)
        let memory = try XCTUnwrap(instance.memory).view
        let end = UInt32(memory.byteCount)  // 65536
        // iovec {buf 16, len 5} at 0, "hello" at 16, iovec {buf end - 2, len 10} at 32.
        try memory.store(UInt32(16), at: 0)
        try memory.store(UInt32(5), at: 4)
        try memory.write(Array("hello".utf8), at: 16)
        try memory.store(end - 2, at: 32)
        try memory.store(UInt32(10), at: 36)

        func call(_ name: String, _ arguments: Value...) throws -> UInt32 {
            guard case .i32(let errno)? = try instance.invoke(name, arguments).first else {
                XCTFail("\(name) returned no i32")
                return .max
            }
            return errno
        }
        let fault: UInt32 = 21
        XCTAssertEqual(try call("fd_write", .i32(1), .i32(end - 4), .i32(1), .i32(100)), fault, "iovec array past the end")
        XCTAssertEqual(try call("fd_write", .i32(1), .i32(0xFFFF_FFF8), .i32(1), .i32(100)), fault, "iovec address wraps")
        XCTAssertEqual(try call("fd_write", .i32(1), .i32(0), .i32(0x2000_0000), .i32(100)), fault, "iovec count too large")
        XCTAssertEqual(try call("fd_write", .i32(1), .i32(32), .i32(1), .i32(100)), fault, "buffer past the end")
        XCTAssertEqual(try call("fd_write", .i32(1), .i32(0), .i32(1), .i32(end - 2)), fault, "nwritten past the end")
        XCTAssertEqual(try call("fd_write", .i32(7), .i32(0), .i32(1), .i32(100)), 8, "bad fd")
        XCTAssertEqual(try call("fd_read", .i32(0), .i32(end), .i32(1), .i32(100)), fault)
        XCTAssertEqual(try call("random_get", .i32(end - 10), .i32(11)), fault)
        XCTAssertEqual(try call("random_get", .i32(end), .i32(0)), 0)
        XCTAssertEqual(try call("clock_time_get", .i32(1), .i64(0), .i32(end - 4)), fault)
        XCTAssertEqual(try call("clock_time_get", .i32(9), .i64(0), .i32(0)), 28, "unknown clock is EINVAL")
        XCTAssertEqual(try call("args_sizes_get", .i32(end - 2), .i32(0)), fault)
        XCTAssertEqual(try String(contentsOfFile: stdoutPath, encoding: .utf8), "", "nothing written before the checks")

        XCTAssertEqual(try call("fd_write", .i32(1), .i32(0), .i32(1), .i32(100)), 0)
        XCTAssertEqual(try memory.load(UInt32.self, at: 100), 5)
        XCTAssertEqual(try String(contentsOfFile: stdoutPath, encoding: .utf8), "hello")
    }

    // MARK: Against wasmtime

    /// The same programs, arguments, environment and stdin give the same stdout and
    /// exit code under wasmtime (PyPI `wasmtime`); skipped if it is not importable.
    /// Not `clock`: wasmtime does not provide the process cputime clock, Pinion does.
    func testMatchesWasmtime() throws {
        try requireWasmtime()
        let input = directory + "/input.txt"
        try "some input\nfor both runtimes\n".write(toFile: input, atomically: true, encoding: .utf8)
        let cases: [(String, String, [String], [(String, String)], String?)] = [
            ("hello", Programs.hello, ["hello.wasm"], [], nil),
            ("args", Programs.args, ["args.wasm", "a", "b c", "--x=1"], [("GREETING", "hey"), ("K", "v=w")], nil),
            ("exit3", Programs.exit3, ["exit3.wasm"], [], nil),
            ("stdin", Programs.stdin, ["stdin.wasm"], [], input),
            ("stdio", Programs.stdio, ["stdio.wasm"], [], nil),
            ("random", Programs.random, ["random.wasm"], [], nil),
            ("trap", Programs.trap, ["trap.wasm"], [], nil),
        ]
        for (name, source, arguments, environment, stdin) in cases {
            let wasm = try compile(name, source)
            let ours = try run(wasm, arguments: arguments, environment: environment, stdin: stdin)
            let theirs = try runWasmtime(wasm, arguments: arguments, environment: environment, stdin: stdin)
            XCTAssertEqual(ours.stdout, theirs.stdout, "\(name): stdout")
            XCTAssertEqual(ours.exitCode, theirs.exitCode, "\(name): exit code")
        }
    }

    // MARK: Helpers

    struct RunResult {
        /// The exit code; 134 (as the CLI reports) when the program trapped.
        var exitCode: Int32
        var stdout: String
        var stderr: String
        /// The trap `WASI.start` rethrew, if any.
        var trap: Trap? = nil
    }

    /// Runs a command module through the embedding API, stdio redirected to files.
    private func run(_ wasm: String, arguments: [String]? = nil, environment: [(String, String)] = [],
                     stdin: String? = nil) throws -> RunResult {
        let name = (wasm as NSString).lastPathComponent.replacingOccurrences(of: ".wasm", with: "")
        let outPath = directory + "/\(name).pinion.out", errPath = directory + "/\(name).pinion.err"
        let inFD = open(stdin ?? "/dev/null", O_RDONLY)
        let outFD = open(outPath, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        let errFD = open(errPath, O_CREAT | O_TRUNC | O_WRONLY, 0o644)
        XCTAssert(inFD >= 0 && outFD >= 0 && errFD >= 0)
        defer { close(inFD); close(outFD); close(errFD) }

        let module = try ValidatedModule.load(try bytes(of: wasm))
        let store = Store()
        let wasi = try WASI(configuration: WASIConfiguration(
            arguments: arguments ?? [name + ".wasm"], environment: environment,
            stdin: inFD, stdout: outFD, stderr: errFD))
        var imports = Imports()
        wasi.define(in: &imports, store: store)
        let instance = try store.instantiate(module, imports: imports)
        var result = RunResult(exitCode: 0, stdout: "", stderr: "")
        do {
            result.exitCode = try wasi.start(instance)
        } catch {
            result.exitCode = 134
            result.trap = error
        }
        result.stdout = try String(contentsOfFile: outPath, encoding: .utf8)
        result.stderr = try String(contentsOfFile: errPath, encoding: .utf8)
        return result
    }

    /// Compiles C `source` to `directory/name.wasm`; skips the test without clang-16.
    private func compile(_ name: String, _ source: String) throws -> String {
        guard let clang = Tools.find("clang-16") else {
            throw Tools.missing("clang-16 not found (apt-get install clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32)")
        }
        let c = directory + "/\(name).c", wasm = directory + "/\(name).wasm"
        try source.write(toFile: c, atomically: true, encoding: .utf8)
        let (status, output) = try execute(clang, ["--target=wasm32-wasi", "--sysroot=/usr", "-O2", c, "-o", wasm])
        guard status == 0 else {
            throw WAT.Failure(description: "clang-16 failed for \(name):\n\(output)")
        }
        return wasm
    }

    private func requireWasmtime() throws {
        guard let python = Tools.find("python3"),
              (try? execute(python, ["-c", "import wasmtime"]))?.status == 0 else {
            throw Tools.missing("python3 with the wasmtime package is not available (scripts/setup.sh)")
        }
    }

    /// Runs `wasm` under wasmtime through a small Python script.
    private func runWasmtime(_ wasm: String, arguments: [String], environment: [(String, String)],
                             stdin: String?) throws -> RunResult {
        let script = directory + "/wasmtime_ref.py"
        try WasmtimeReference.script.write(toFile: script, atomically: true, encoding: .utf8)
        let out = wasm + ".wasmtime.out", err = wasm + ".wasmtime.err"
        let config: [String: Any] = [
            "module": wasm, "argv": arguments, "env": environment.map { [$0.0, $0.1] },
            "stdin": stdin ?? "/dev/null", "stdout": out, "stderr": err,
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        let (status, output) = try execute(Tools.find("python3")!, [script, json])
        guard status == 0, let code = Int32(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            XCTFail("wasmtime reference run failed: \(output)")
            return RunResult(exitCode: -1, stdout: "", stderr: "")
        }
        return RunResult(exitCode: code, stdout: try String(contentsOfFile: out, encoding: .utf8),
                         stderr: try String(contentsOfFile: err, encoding: .utf8))
    }

    private func bytes(of path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Runs a tool; its exit status and combined output.
    private func execute(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The 46 wasi_snapshot_preview1 functions and their core wasm parameters.
private enum Preview1 {
    static let signatures: [(String, [ValueType])] = [
        ("args_get", [.i32, .i32]), ("args_sizes_get", [.i32, .i32]),
        ("environ_get", [.i32, .i32]), ("environ_sizes_get", [.i32, .i32]),
        ("clock_res_get", [.i32, .i32]), ("clock_time_get", [.i32, .i64, .i32]),
        ("fd_advise", [.i32, .i64, .i64, .i32]), ("fd_allocate", [.i32, .i64, .i64]),
        ("fd_close", [.i32]), ("fd_datasync", [.i32]),
        ("fd_fdstat_get", [.i32, .i32]), ("fd_fdstat_set_flags", [.i32, .i32]),
        ("fd_fdstat_set_rights", [.i32, .i64, .i64]), ("fd_filestat_get", [.i32, .i32]),
        ("fd_filestat_set_size", [.i32, .i64]), ("fd_filestat_set_times", [.i32, .i64, .i64, .i32]),
        ("fd_pread", [.i32, .i32, .i32, .i64, .i32]), ("fd_prestat_get", [.i32, .i32]),
        ("fd_prestat_dir_name", [.i32, .i32, .i32]), ("fd_pwrite", [.i32, .i32, .i32, .i64, .i32]),
        ("fd_read", [.i32, .i32, .i32, .i32]), ("fd_readdir", [.i32, .i32, .i32, .i64, .i32]),
        ("fd_renumber", [.i32, .i32]), ("fd_seek", [.i32, .i64, .i32, .i32]),
        ("fd_sync", [.i32]), ("fd_tell", [.i32, .i32]), ("fd_write", [.i32, .i32, .i32, .i32]),
        ("path_create_directory", [.i32, .i32, .i32]), ("path_filestat_get", [.i32, .i32, .i32, .i32, .i32]),
        ("path_filestat_set_times", [.i32, .i32, .i32, .i32, .i64, .i64, .i32]),
        ("path_link", [.i32, .i32, .i32, .i32, .i32, .i32, .i32]),
        ("path_open", [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32]),
        ("path_readlink", [.i32, .i32, .i32, .i32, .i32, .i32]), ("path_remove_directory", [.i32, .i32, .i32]),
        ("path_rename", [.i32, .i32, .i32, .i32, .i32, .i32]), ("path_symlink", [.i32, .i32, .i32, .i32, .i32]),
        ("path_unlink_file", [.i32, .i32, .i32]), ("poll_oneoff", [.i32, .i32, .i32, .i32]),
        ("proc_exit", [.i32]), ("proc_raise", [.i32]), ("sched_yield", []), ("random_get", [.i32, .i32]),
        ("sock_accept", [.i32, .i32, .i32]), ("sock_recv", [.i32, .i32, .i32, .i32, .i32, .i32]),
        ("sock_send", [.i32, .i32, .i32, .i32, .i32]), ("sock_shutdown", [.i32, .i32]),
    ]
}

/// A module that re-exports five WASI calls so a test can pass them any pointers:
///
///     (module
///       (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
///       (import "wasi_snapshot_preview1" "fd_read" (func (param i32 i32 i32 i32) (result i32)))
///       (import "wasi_snapshot_preview1" "random_get" (func (param i32 i32) (result i32)))
///       (import "wasi_snapshot_preview1" "clock_time_get" (func (param i32 i64 i32) (result i32)))
///       (import "wasi_snapshot_preview1" "args_sizes_get" (func (param i32 i32) (result i32)))
///       (memory (export "memory") 1)
///       (func (export "fd_write") (param i32 i32 i32 i32) (result i32)
///         local.get 0 local.get 1 local.get 2 local.get 3 call 0)
///       ... likewise "fd_read" (call 1), "random_get" (call 2), "clock_time_get" (call 3),
///       "args_sizes_get" (call 4))
///
/// Bytes from `wasm-tools parse`.
private enum EFaultModule {
    static let hex = """
        0061736d0100000001160360047f7f7f7f017f60027f7f017f60037f7e7f017f02b8010516776173695f736e61707368\
        6f745f70726576696577310866645f7772697465000016776173695f736e617073686f745f7072657669657731076664\
        5f72656164000016776173695f736e617073686f745f70726576696577310a72616e646f6d5f67657400011677617369\
        5f736e617073686f745f70726576696577310e636c6f636b5f74696d655f676574000216776173695f736e617073686f\
        745f70726576696577310e617267735f73697a65735f676574000103060500000102010503010001074e06066d656d6f\
        727902000866645f777269746500050766645f7265616400060a72616e646f6d5f67657400070e636c6f636b5f74696d\
        655f67657400080e617267735f73697a65735f67657400090a38050c00200020012002200310000b0c00200020012002\
        200310010b08002000200110020b0a0020002001200210030b08002000200110040b
        """
    static var bytes: [UInt8] {
        var out: [UInt8] = []
        var chars = hex.makeIterator()
        while let hi = chars.next(), let lo = chars.next() {
            out.append(UInt8(String([hi, lo]), radix: 16)!)
        }
        return out
    }
}

/// The C programs (compiled with clang-16 --target=wasm32-wasi --sysroot=/usr -O2).
private enum Programs {
    static let hello = """
        #include <stdio.h>
        int main(void) { printf("hello, world\\n"); return 0; }
        """

    static let args = """
        #include <stdio.h>
        #include <stdlib.h>
        extern char **environ;
        int main(int argc, char **argv) {
            printf("argc=%d\\n", argc);
            for (int i = 0; i < argc; i++) printf("argv[%d]=%s\\n", i, argv[i]);
            const char *greeting = getenv("GREETING");
            printf("GREETING=%s\\n", greeting ? greeting : "(unset)");
            printf("MISSING=%s\\n", getenv("MISSING") ? "set" : "(unset)");
            for (char **e = environ; *e; e++) printf("env:%s\\n", *e);
            return 0;
        }
        """

    static let exit3 = """
        #include <stdio.h>
        #include <stdlib.h>
        int main(void) { printf("exiting with 3\\n"); exit(3); }
        """

    static let stdin = """
        #include <ctype.h>
        #include <stdio.h>
        int main(void) {
            char buf[7]; size_t total = 0, n;
            while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
                for (size_t i = 0; i < n; i++) putchar(toupper((unsigned char)buf[i]));
                total += n;
            }
            printf("\\nread %zu bytes, eof=%d error=%d\\n", total, feof(stdin) != 0, ferror(stdin) != 0);
            return 0;
        }
        """

    static let clock = """
        #include <stdio.h>
        #include <time.h>
        static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }
        int main(void) {
            struct timespec a, b, r, res;
            if (clock_gettime(CLOCK_MONOTONIC, &a) != 0) { puts("monotonic failed"); return 1; }
            volatile unsigned x = 0;
            for (unsigned i = 0; i < 200000; i++) x += i;
            if (clock_gettime(CLOCK_MONOTONIC, &b) != 0) { puts("monotonic failed"); return 1; }
            printf("monotonic increases: %s\\n", ns(b) > ns(a) ? "yes" : "no");
            clock_gettime(CLOCK_REALTIME, &r);
            printf("realtime after 2020: %s\\n", r.tv_sec > 1577836800 ? "yes" : "no");
            int resOK = clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(res) > 0 && ns(res) <= 1000000;
            printf("monotonic resolution ok: %s\\n", resOK ? "yes" : "no");
            printf("process cputime ok: %s\\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &r) == 0 ? "yes" : "no");
            return 0;
        }
        """

    static let random = """
        #include <stdio.h>
        #include <string.h>
        #include <unistd.h>
        int main(void) {
            unsigned char a[64] = {0}, b[64] = {0}, zero[64] = {0};
            int ra = getentropy(a, sizeof a), rb = getentropy(b, sizeof b);
            printf("getentropy: %d %d\\n", ra, rb);
            printf("nonzero: %s\\n", memcmp(a, zero, 64) && memcmp(b, zero, 64) ? "yes" : "no");
            printf("distinct: %s\\n", memcmp(a, b, 64) ? "yes" : "no");
            return 0;
        }
        """

    static let stdio = """
        #include <errno.h>
        #include <stdio.h>
        #include <string.h>
        #include <unistd.h>
        int main(void) {
            off_t r = lseek(1, 0, SEEK_CUR);
            printf("lseek(stdout): %lld %s\\n", (long long)r, r < 0 && errno == ESPIPE ? "ESPIPE" : strerror(errno));
            printf("isatty(stdout): %d\\n", isatty(1));
            errno = 0;
            ssize_t w = write(9, "x", 1);
            printf("write(9): %zd %s\\n", w, errno == EBADF ? "EBADF" : strerror(errno));
            fprintf(stderr, "to stderr\\n");
            return 0;
        }
        """

    static let trap = """
        #include <stdio.h>
        int main(void) { puts("before trap"); fflush(stdout); __builtin_trap(); }
        """

    /// Takes the address of every function wasi-libc's <wasi/api.h> declares.
    static let allImports = """
        #include <wasi/api.h>
        #define F(name) (void *)&__wasi_##name,
        void *volatile table[] = {
            F(args_get) F(args_sizes_get) F(environ_get) F(environ_sizes_get) F(clock_res_get)
            F(clock_time_get) F(fd_advise) F(fd_allocate) F(fd_close) F(fd_datasync) F(fd_fdstat_get)
            F(fd_fdstat_set_flags) F(fd_fdstat_set_rights) F(fd_filestat_get) F(fd_filestat_set_size)
            F(fd_filestat_set_times) F(fd_pread) F(fd_prestat_get) F(fd_prestat_dir_name) F(fd_pwrite)
            F(fd_read) F(fd_readdir) F(fd_renumber) F(fd_seek) F(fd_sync) F(fd_tell) F(fd_write)
            F(path_create_directory) F(path_filestat_get) F(path_filestat_set_times) F(path_link)
            F(path_open) F(path_readlink) F(path_remove_directory) F(path_rename) F(path_symlink)
            F(path_unlink_file) F(poll_oneoff) F(proc_exit) F(sched_yield) F(random_get) F(sock_accept)
            F(sock_recv) F(sock_send) F(sock_shutdown)
        };
        int main(void) { return table[0] == 0; }
        """
}
