// PinionManifest: reading a small regular file whole with POSIX calls (no Foundation),
// for manifests, board files and the device-tree model.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum RegularFile {
    /// The bytes of the regular file at `path`, at most `limit` bytes; otherwise why not
    /// (a FIFO, a directory, /dev/zero or a huge file is refused before it is read).
    static func contents(_ path: String, limit: Int) -> Result<[UInt8], RegularFileError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // a FIFO must not block the open
        guard fd >= 0 else { return .failure(.init(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.init(errno: errno)) }
        if info.st_mode & S_IFMT == S_IFDIR { return .failure(.init(errno: EISDIR)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.init("not a regular file")) }
        let tooLarge = RegularFileError("larger than \(limit) bytes")
        guard info.st_size <= limit else { return .failure(tooLarge) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.init(errno: errno))
            }
            if n == 0 { return .success(bytes) }
            guard bytes.count + n <= limit else { return .failure(tooLarge) }  // it grew while read
            bytes += chunk[0..<n]
        }
    }
}

/// Why a file could not be read: strerror's text or a message.
struct RegularFileError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
    init(errno code: Int32) { description = String(cString: strerror(code)) }
}
