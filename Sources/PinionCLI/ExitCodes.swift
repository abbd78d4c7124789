// PinionCLI: the exit codes of `pinion`, in one place, and how to stop with them.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionRuntime

/// Exit statuses of `pinion`. `run` otherwise exits with the module's own exit code
/// (0 when `_start` returns, the `proc_exit` code when it exits).
enum PinionExit {
    /// `wast`: at least one command failed.
    static let testsFailed: Int32 = 1
    /// The module could not be read, is malformed or invalid, or cannot be linked; `run`:
    /// a --dir cannot be opened, or the module lacks _start (or the --invoke export);
    /// `wast`: wasm-tools is missing or a path cannot be read.
    static let loadFailed: Int32 = 2
    /// Instantiation needs more than the budgets allow (e.g. memory above --max-memory).
    static let budgetExceeded: Int32 = 3
    /// Bad command line (EX_USAGE of sysexits.h), including
    /// --invoke arguments that do not fit the function's parameters.
    static let usage: Int32 = 64
    /// The module trapped (including a call to an import stubbed by --unknown-imports trap).
    static let trap: Int32 = 134
    /// The module ran out of fuel (--fuel).
    static let outOfFuel: Int32 = 135
    /// The module was interrupted: --timeout expired (or an embedder raised the flag).
    static let interrupted: Int32 = 136

    /// `run`'s exit codes, for --help.
    static let runSummary = """
        Exit codes: the module's own exit code (0 when _start returns, the proc_exit \
        code when it exits, if 0-125; 1 with a message for other codes, as in wasmtime); 2 the module cannot be read, decoded, validated or linked, \
        has no _start (or no --invoke export), is not a regular file or is larger than \
        --max-module-size, or a --dir cannot be opened; 3 a budget is exceeded or cannot \
        be allocated at instantiation; 64 bad command line, --invoke arguments or a budget \
        out of range; 134 \
        trap (including calling an import stubbed by --unknown-imports trap); 135 out \
        of fuel (--fuel); 136 interrupted (--timeout expired).
        """

    /// `inspect`'s exit codes, for --help.
    static let inspectSummary = """
        Exit codes: 0 success; 2 the module cannot be read, decoded or validated; \
        64 bad command line.
        """

    /// `wast`'s exit codes, for --help.
    static let wastSummary = """
        Exit codes: 0 every command passed; 1 a command failed; 2 wasm-tools is missing \
        or a path cannot be read; 64 bad command line.
        """

    /// All exit codes, for the top-level --help.
    static let summary = """
        Exit codes: the module's own exit code; 1 a spec test failed (wast); \
        2 the module cannot be read, decoded, validated or linked; 3 a budget is exceeded \
        at instantiation; 64 bad command line; 134 trap; 135 out of fuel; 136 interrupted \
        (timeout).
        """

    /// Exit codes a module may give with `proc_exit`: as in wasmtime, 126 and above are
    /// the shell's (and 134-136 pinion's own), and a process status has only 8 bits, so
    /// `proc_exit(256)` must not look like success.
    static let moduleCodes: Range<Int32> = 0..<126
    /// A module's exit code outside `moduleCodes` (reported, as wasmtime does).
    static let invalidModuleCode: Int32 = 1

    /// The exit status for a trap that ended a run.
    static func status(for trap: Trap) -> Int32 {
        switch trap.kind {
        case .exit(let code): code
        case .outOfFuel: outOfFuel
        case .interrupted: interrupted
        default: PinionExit.trap
        }
    }
}

/// Writes `message` and a newline to standard error, unbuffered.
func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let n = write(2, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}

/// Flushes standard output (print's buffer), e.g. after a progress line.
func flushOutput() {
    fflush(nil)
}

/// Flushes standard output and ends the process with `status`.
func terminate(_ status: Int32) -> Never {
    flushOutput()
    exit(status)
}
