// PinionFiles: POSIX file operations (no Foundation) shared by the CLI, manifests and boards,
// the supervisor and the spec-script runner. This file owns reading a regular file whole.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A regular file opened to be read whole. Opening refuses a directory, a FIFO, a device or a
/// file larger than a limit before a byte is read, so a wrong path (`/dev/zero`, a pipe) can
/// neither block nor exhaust a board's memory.
public struct RegularFile: ~Copyable {
    /// The file's size when it was opened, in bytes.
    public let size: Int
    private let descriptor: Int32

    /// Opens `path` for reading. `followLinks: false` refuses a symbolic link (the supervisor
    /// reads from directories others may write to).
    public init(_ path: String, limit: Int, followLinks: Bool = true) throws(FileReadError) {
        // O_NONBLOCK: opening a FIFO must not wait for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { throw FileReadError(.system(errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw FileReadError(.system(code))
        }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG, info.st_size <= limit else {
            close(fd)
            if kind == S_IFDIR { throw FileReadError(.system(EISDIR)) }
            throw FileReadError(kind == S_IFREG ? .tooLarge(size: Int(info.st_size), limit: limit) : .notRegularFile)
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Fills `buffer`, which holds exactly `size` bytes, and checks that the file did not
    /// change size while it was read (what was read could be torn).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileReadError) {
        precondition(buffer.count == size, "the buffer must hold the file's size")
        var filled = 0
        while filled < size {
            let n = Glibc.read(descriptor, buffer.baseAddress! + filled, size - filled)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw FileReadError(.system(errno)) }
            guard n > 0 else { throw FileReadError(.changedWhileRead("file shrank from \(size) to \(filled) bytes while it was read")) }
            filled += n
        }
        var extra: UInt8 = 0
        var n: Int
        repeat { n = Glibc.read(descriptor, &extra, 1) } while n < 0 && errno == EINTR
        if n < 0 { throw FileReadError(.system(errno)) }
        if n > 0 { throw FileReadError(.changedWhileRead("file grew past \(size) bytes while it was read")) }
    }

    /// The bytes of the regular file at `path`, at most `limit` of them. Read to the end
    /// rather than to the size `fstat` gave, which is 0 or a page for files in /proc and /sys.
    public static func contents(_ path: String, limit: Int, followLinks: Bool = true) throws(FileReadError) -> [UInt8] {
        let file = try RegularFile(path, limit: limit, followLinks: followLinks)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(file.size)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(file.descriptor, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw FileReadError(.system(errno)) }
            if n == 0 { return bytes }
            guard bytes.count + n <= limit else { throw FileReadError(.tooLarge(size: bytes.count + n, limit: limit)) }
            bytes += chunk[0..<n]
        }
    }
}

/// Why a file could not be read. The description is strerror's text or a short phrase;
/// callers put the path (and what the file was for) in front.
public struct FileReadError: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable, Equatable {
        /// A system call failed with this errno.
        case system(Int32)
        /// A FIFO, socket or device.
        case notRegularFile
        case tooLarge(size: Int, limit: Int)
        case changedWhileRead(String)
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case .system(let code): String(cString: strerror(code))
        case .notRegularFile: "not a regular file"
        case .tooLarge(_, let limit): "larger than \(limit) bytes"
        case .changedWhileRead(let message): message
        }
    }
}
