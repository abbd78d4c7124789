// PinionSupervisor: the control socket, STATE/control.sock (owner-only): one request
// line in, one answer out. `pinion status|stop|start|restart` are its clients.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionFiles

/// A command from the control socket, and the slot its answer goes into.
final class ControlRequest: @unchecked Sendable {
    let command: [String]
    private let monitor = Monitor()
    private var answer: String?

    init(command: [String]) { self.command = command }

    func reply(_ text: String) {
        monitor.locked {
            answer = text
            monitor.broadcast()
        }
    }

    /// Waits up to `seconds` for the supervisor's answer.
    func wait(seconds: Double) -> String? {
        let deadline = monotonicSeconds() + seconds
        return monitor.locked {
            while answer == nil && monotonicSeconds() < deadline { monitor.wait(until: deadline) }
            return answer
        }
    }
}

/// Accepts control connections on its own thread and passes each request to the
/// supervisor's thread.
final class ControlServer: @unchecked Sendable {
    private let listener: Int32
    private let path: String
    private var thread: JoinableThread?
    private let stopping = Monitor()
    private var stopped = false

    init(path: String, supervisor: Supervisor) throws(FileSystemError) {
        self.path = path
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw FileSystemError(path: path, code: errno, operation: "socket") }
        guard path.utf8.count < 108, bindUnix(fd, path) == 0 else {
            let code = path.utf8.count < 108 ? errno : ENAMETOOLONG
            close(fd)
            throw FileSystemError(path: path, code: code, operation: "bind")
        }
        chmod(path, 0o600)
        guard listen(fd, 8) == 0 else {
            close(fd)
            throw FileSystemError(path: path, code: errno, operation: "listen")
        }
        listener = fd
        thread = JoinableThread { [self, weak supervisor] in
            while let supervisor, accept(supervisor) {}
        }
    }

    func stop() {
        stopping.locked { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        thread?.join()
        close(listener)
        unlink(path)
    }

    /// Serves one connection; false once the server is stopping.
    private func accept(_ supervisor: Supervisor) -> Bool {
        let client = Glibc.accept(listener, nil, nil)
        if client >= 0 { _ = fcntl(client, F_SETFD, FD_CLOEXEC) }
        if stopping.locked({ stopped }) {
            if client >= 0 { close(client) }
            return false
        }
        guard client >= 0 else { return errno == EINTR || errno == ECONNABORTED }
        defer { close(client) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < 4096, read(client, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        let command = String(decoding: line, as: UTF8.self).split(separator: " ").map(String.init)
        let request = ControlRequest(command: command)
        supervisor.post(.control(request))
        let answer = request.wait(seconds: 10) ?? "error: the daemon did not answer within 10 s\n"
        _ = answer.utf8.withContiguousStorageIfAvailable { write(client, $0.baseAddress, $0.count) }
        return true
    }
}

/// Calls `body` with `path` (bytes; a leading NUL names an abstract socket) as a Unix
/// socket address and its length, for bind, connect and sendto alike.
func withUnixAddress<T>(_ path: [UInt8], _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, b) in path.prefix(raw.count - 1).enumerated() { raw[i] = b }
    }
    let length = socklen_t(MemoryLayout<sa_family_t>.size + min(path.count, MemoryLayout.size(ofValue: address.sun_path) - 1))
    return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) } }
}

/// Binds `fd` to the Unix socket path `path`.
func bindUnix(_ fd: Int32, _ path: String) -> Int32 {
    withUnixAddress(Array(path.utf8)) { bind(fd, $0, $1) }
}

/// The client side: sends one command line to the daemon whose state directory is
/// `state` and returns its answer (starting "error: " when it refused the command).
public enum ControlClient {
    public static func send(_ command: String, state: String) throws(FileSystemError) -> String {
        let path = state + "/control.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw FileSystemError(path: path, code: errno, operation: "socket") }
        defer { close(fd) }
        guard withUnixAddress(Array(path.utf8), { connect(fd, $0, $1) }) == 0 else {
            throw FileSystemError(path: path, code: errno, operation: "connect")
        }
        let line = Array((command + "\n").utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
