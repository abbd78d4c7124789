// PinionCLI: reading a module file with plain POSIX calls (no Foundation), refusing what
// is not a regular file or is larger than the module size limit before reading it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Largest module `pinion run` reads unless told otherwise: 64 MiB. Real sensor apps are
/// tens to hundreds of KiB; the limit keeps `/dev/zero`, a FIFO or a huge file from
/// exhausting a board's memory before decoding starts.
let defaultMaxModuleBytes: UInt64 = 64 << 20

/// Reads a whole regular file of at most `limit` bytes; on failure, the reason.
func readFile(_ path: String, limit: UInt64 = defaultMaxModuleBytes) -> Result<[UInt8], FileError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // a FIFO must not block the open
    guard fd >= 0 else { return .failure(FileError(errno)) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return .failure(FileError(errno)) }
    if st.st_mode & S_IFMT == S_IFDIR { return .failure(FileError(EISDIR)) }
    guard st.st_mode & S_IFMT == S_IFREG else { return .failure(FileError(message: "not a regular file")) }
    guard UInt64(max(st.st_size, 0)) <= limit else {
        return .failure(FileError(message: "module of \(st.st_size) bytes is larger than the limit of \(limit) bytes (--max-module-size)"))
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(max(st.st_size, 0)))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            return .failure(FileError(errno))
        }
        if n == 0 { return .success(bytes) }
        // The file may grow while it is read.
        guard UInt64(bytes.count + n) <= limit else {
            return .failure(FileError(message: "module is larger than the limit of \(limit) bytes (--max-module-size)"))
        }
        bytes.append(contentsOf: chunk[0..<n])
    }
}

/// A failed file operation: the errno, described by strerror, or a message.
struct FileError: Error, CustomStringConvertible {
    let code: Int32
    let message: String?
    init(_ code: Int32) { self.code = code; message = nil }
    init(message: String) { code = 0; self.message = message }
    var description: String { message ?? String(cString: strerror(code)) }
}
