// PinionCLI: reading a module file with plain POSIX calls (no Foundation) into the bytes
// the engine keeps, refusing what is not a regular file or is larger than the module size
// limit before reading it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

/// Largest module `pinion run` reads unless told otherwise: 64 MiB. Real sensor apps are
/// tens to hundreds of KiB; the limit keeps `/dev/zero`, a FIFO or a huge file from
/// exhausting a board's memory before decoding starts.
let defaultMaxModuleBytes: UInt64 = 64 << 20

/// Reads a whole regular file of at most `limit` bytes straight into the `ModuleBytes`
/// the engine keeps, so a module is held once (not also as the array it was read into:
/// 933 KB less at the peak for a 933 KB module). On failure, the reason.
///
/// The file is read, not mapped: the interpreter runs the validated code in place, and a
/// mapped file rewritten while it runs would change that code under it. (A mapping would
/// not lower the peak either: decoding touches every byte, and a touched file page counts
/// as resident like a copied one.)
func readModule(_ path: String, limit: UInt64 = defaultMaxModuleBytes) -> Result<ModuleBytes, FileError> {
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
    do {
        let bytes = try ModuleBytes(count: Int(max(st.st_size, 0))) { (buffer) throws(FileError) in
            var filled = 0
            while filled < buffer.count {
                let n = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw FileError(errno) }
                guard n > 0 else { throw FileError(message: "file shrank from \(buffer.count) to \(filled) bytes while it was read") }
                filled += n
            }
        }
        // One byte more means the file grew after fstat: what was read may be torn.
        var extra: UInt8 = 0
        var n: Int
        repeat { n = read(fd, &extra, 1) } while n < 0 && errno == EINTR
        guard n == 0 else {
            return .failure(FileError(message: n < 0 ? String(cString: strerror(errno)) : "file grew past \(bytes.count) bytes while it was read"))
        }
        return .success(bytes)
    } catch {
        return .failure(error)
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
