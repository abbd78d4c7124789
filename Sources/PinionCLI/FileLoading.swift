// PinionCLI: reading a module file with plain POSIX calls (no Foundation).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a whole file; on failure, the host's reason (strerror).
func readFile(_ path: String) -> Result<[UInt8], FileError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(FileError(errno)) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return .failure(FileError(errno)) }
    if st.st_mode & S_IFMT == S_IFDIR { return .failure(FileError(EISDIR)) }
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
        bytes.append(contentsOf: chunk[0..<n])
    }
}

/// A failed file operation: the errno, described by strerror.
struct FileError: Error, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { String(cString: strerror(code)) }
}
