// PinionSupervisor: a module's stdout and stderr, read from pipes and logged line by
// line, escaped, with bounded memory and a bounded rate: a module that prints without
// end can neither grow the daemon nor flood its log.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionLog
import PinionHardware
import PinionFiles

/// Reads both pipes of one run on its own thread until the module's ends are closed.
final class OutputCapture: @unchecked Sendable {
    /// Longest line kept; the rest of a longer line is counted, not stored.
    static let maxLineBytes = 1024
    /// Lines logged per second per module; more are counted and reported once a second.
    static let maxLinesPerSecond = 200

    /// The write ends, for the module's WASI stdout and stderr.
    let stdoutWriter: Int32
    let stderrWriter: Int32
    private let readers: [Int32]
    private let logger: Logger
    private var thread: JoinableThread?

    init(logger: Logger) throws(FileSystemError) {
        guard let out = makePipe() else { throw FileSystemError(path: "pipe", code: errno, operation: "stdout pipe") }
        guard let err = makePipe() else {
            close(out.read); close(out.write)
            throw FileSystemError(path: "pipe", code: errno, operation: "stderr pipe")
        }
        stdoutWriter = out.write
        stderrWriter = err.write
        readers = [out.read, err.read]
        self.logger = logger
        thread = JoinableThread { [self] in pump() }
    }

    /// Closes the module's ends and waits until everything it wrote is logged.
    func finish() {
        close(stdoutWriter)
        close(stderrWriter)
        thread?.join()
        for fd in readers { close(fd) }
    }

    private func pump() {
        let streams = ["stdout", "stderr"]
        var lines = [[UInt8]](repeating: [], count: 2)
        var dropped = [0, 0]
        var open = [true, true]
        var window = monotonicSeconds(), logged = 0, suppressed = 0
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
        defer { buffer.deallocate() }

        func emit(_ i: Int) {
            let now = monotonicSeconds()
            if now - window >= 1 {
                if suppressed > 0 { logger.warning("\(suppressed) output lines suppressed (more than \(Self.maxLinesPerSecond) a second)") }
                window = now; logged = 0; suppressed = 0
            }
            if logged >= Self.maxLinesPerSecond { suppressed += 1 }
            else {
                logged += 1
                let more = dropped[i] > 0 ? "…(\(dropped[i]) more bytes)" : ""
                logger.info("\(LogText.escaped(lines[i], limit: Self.maxLineBytes))\(more)", metadata: ["stream": "\(streams[i])"])
            }
            lines[i].removeAll(keepingCapacity: true)
            dropped[i] = 0
        }

        while open[0] || open[1] {
            var fds = (0..<2).map { pollfd(fd: open[$0] ? readers[$0] : -1, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, 2, 1000) < 0 && errno != EINTR { break }
            for i in 0..<2 where open[i] && fds[i].revents != 0 {
                let n = read(readers[i], buffer, 4096)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    if !lines[i].isEmpty || dropped[i] > 0 { emit(i) }
                    open[i] = false
                    continue
                }
                for k in 0..<n {
                    let byte = buffer[k]
                    if byte == UInt8(ascii: "\n") { emit(i); continue }
                    if lines[i].count < Self.maxLineBytes { lines[i].append(byte) } else { dropped[i] += 1 }
                }
            }
        }
        if suppressed > 0 { logger.warning("\(suppressed) output lines suppressed (more than \(Self.maxLinesPerSecond) a second)") }
    }
}
