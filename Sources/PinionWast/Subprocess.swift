// PinionWast: running an external tool (wasm-tools) with posix_spawnp and capturing
// its output; finding executables on PATH; temporary directories.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Subprocess {
    /// What a finished child process did.
    struct Outcome {
        /// The exit code, or 128 + signal number when the child was killed by a signal.
        var status: Int32
        /// Standard output and standard error, interleaved.
        var output: String
    }

    /// The path of an executable: `name` itself if it contains a slash, else the first
    /// match on PATH. Nil when there is none.
    static func findExecutable(_ name: String) -> String? {
        if name.contains("/") { return isExecutable(name) ? name : nil }
        guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
        for directory in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(directory)/\(name)"
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    private static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// Runs `executable` with `arguments` (stdin from /dev/null), waits for it, and returns
    /// its status and combined output, or why it could not be started.
    static func run(_ executable: String, _ arguments: [String]) -> Result<Outcome, SpawnError> {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return .failure(SpawnError(message: "pipe: \(errnoText())")) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        // Keep the pipe out of any other child; the dup2s below give this child its copies.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }

        var pid = pid_t()
        let spawned = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
        close(writeEnd)
        guard spawned == 0 else {
            close(readEnd)
            return .failure(SpawnError(message: "cannot run \(executable): \(String(cString: strerror(spawned)))"))
        }

        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n > 0 {
                output.append(contentsOf: buffer[0..<n])
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        close(readEnd)

        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .failure(SpawnError(message: "waitpid: \(errnoText())")) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
        let signal = status & 0x7F
        let code = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return .success(Outcome(status: code, output: String(decoding: output, as: UTF8.self)))
    }

    struct SpawnError: Error {
        var message: String
    }

    /// Creates a fresh private directory under $TMPDIR (or /tmp).
    static func makeTemporaryDirectory() -> String? {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/pinion-wast-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let p = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: p)
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
