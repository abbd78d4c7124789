// PinionSupervisor: running a helper program (ssh, ssh-keygen) with posix_spawnp: bytes on
// its stdin, its stdout and stderr captured separately. Used by `pinion push`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionFiles

/// A finished helper program.
public struct ChildOutcome: Sendable {
    /// The exit code, or 128 + the signal number.
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// The last non-empty line of stderr (ssh's own error comes last), or "exit status N".
    public var errorLine: String {
        stderrText.split(whereSeparator: \.isNewline).last.map(String.init) ?? "exit status \(status)"
    }
}

public enum ChildProcess {
    /// Runs `arguments[0]` (looked up on PATH) with `input` on its stdin and waits for it.
    /// Output beyond `limit` bytes per stream is dropped (a misbehaving remote cannot
    /// grow us). Throws when it cannot be started.
    public static func run(_ arguments: [String], input: [UInt8] = [], limit: Int = 1 << 20) throws(FileSystemError) -> ChildOutcome {
        guard let inPipe = makePipe() else { throw FileSystemError(path: arguments[0], code: errno, operation: "pipe") }
        guard let outPipe = makePipe() else {
            close(inPipe.read); close(inPipe.write)
            throw FileSystemError(path: arguments[0], code: errno, operation: "pipe")
        }
        guard let errPipe = makePipe() else {
            for fd in [inPipe.read, inPipe.write, outPipe.read, outPipe.write] { close(fd) }
            throw FileSystemError(path: arguments[0], code: errno, operation: "pipe")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe.read, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe.write, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        for fd in [inPipe.read, outPipe.write, errPipe.write] { close(fd) }
        guard spawned == 0 else {
            for fd in [inPipe.write, outPipe.read, errPipe.read] { close(fd) }
            throw FileSystemError(path: arguments[0], code: spawned, operation: "run")
        }

        // Feed stdin and drain both outputs together, so no pipe can fill up and stall.
        var stdinFD: Int32 = inPipe.write
        if input.isEmpty { close(stdinFD); stdinFD = -1 }
        var fds: [Int32] = [stdinFD, outPipe.read, errPipe.read]
        for fd in fds where fd >= 0 { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var written = 0
        var outputs: [[UInt8]] = [[], []]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while fds.contains(where: { $0 >= 0 }) {
            var polls = fds.map { pollfd(fd: $0, events: Int16($0 == fds[0] ? POLLOUT : POLLIN), revents: 0) }
            if poll(&polls, nfds_t(polls.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[0] >= 0, polls[0].revents != 0 {
                let n = input.withUnsafeBytes { write(fds[0], $0.baseAddress! + written, $0.count - written) }
                if n > 0 { written += n }
                if (n < 0 && errno != EAGAIN && errno != EINTR) || written == input.count || polls[0].revents & Int16(POLLERR) != 0 {
                    close(fds[0]); fds[0] = -1  // done, or the child stopped reading (EPIPE)
                }
            }
            for k in 1...2 where fds[k] >= 0 && polls[k].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[k], $0.baseAddress, $0.count) }
                if n > 0 {
                    outputs[k - 1] += buffer[0..<min(n, max(0, limit - outputs[k - 1].count))]
                } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(fds[k]); fds[k] = -1
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return ChildOutcome(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, stdout: outputs[0], stderr: outputs[1])
    }
}
