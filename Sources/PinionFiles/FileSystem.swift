// PinionFiles: files that survive a crash at any moment (write to a temporary name, fsync,
// rename over the old one, fsync the directory), and the directory walking the supervisor's
// state and spool directories, board directories and spec-script directories need.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failed file operation, naming the path.
public struct FileSystemError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let code: Int32
    public let operation: String
    /// Why, when it is not the errno's text.
    public let reason: String?

    public init(path: String, code: Int32, operation: String) {
        self.path = path
        self.code = code
        self.operation = operation
        reason = nil
    }

    /// A whole-file read that failed.
    public init(path: String, reading error: FileReadError) {
        self.path = path
        if case .system(let code) = error.reason { self.code = code } else { code = EINVAL }
        operation = "read"
        reason = error.description
    }

    public var description: String { "\(path): \(operation): \(reason ?? String(cString: strerror(code)))" }
}

/// File and directory operations on paths, each failure a `FileSystemError`.
public enum FileSystem {
    /// The whole file, refusing a symbolic link and anything but a regular file of at most
    /// `limit` bytes.
    public static func read(_ path: String, limit: Int = 64 << 20) throws(FileSystemError) -> [UInt8] {
        do { return try RegularFile.contents(path, limit: limit, followLinks: false) } catch {
            throw FileSystemError(path: path, reading: error)
        }
    }

    public static func readText(_ path: String) throws(FileSystemError) -> String {
        String(decoding: try read(path, limit: 1 << 20), as: UTF8.self)
    }

    /// Writes `bytes` to `path` so that after a crash the path holds either the old or the
    /// new content, never a mix: temporary file, fsync, rename, fsync of the directory.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(FileSystemError) {
        let temporary = "\(directoryName(path))/.\(baseName(path)).\(getpid()).tmp"
        try writeSynced(temporary, bytes, mode: mode)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileSystemError(path: path, code: code, operation: "rename")
        }
        try syncDirectory(directoryName(path))
    }

    /// Creates `path` with `bytes` and fsyncs it (the caller renames it into place).
    public static func writeSynced(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(FileSystemError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw FileSystemError(path: path, code: errno, operation: "create") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw FileSystemError(path: path, code: errno, operation: "write") }
            done += n
        }
        guard fsync(fd) == 0 else { throw FileSystemError(path: path, code: errno, operation: "fsync") }
    }

    public static func syncDirectory(_ path: String) throws(FileSystemError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(path: path, code: errno, operation: "open directory") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileSystemError(path: path, code: errno, operation: "fsync directory") }
    }

    /// `mkdir -p` with `mode` for the directories it creates.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(FileSystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, mode) != 0 && errno != EEXIST {
                throw FileSystemError(path: prefix, code: errno, operation: "mkdir")
            }
        }
    }

    /// The names in a directory, without "." and "..", sorted.
    public static func list(_ path: String) throws(FileSystemError) -> [String] {
        guard let dir = opendir(path) else { throw FileSystemError(path: path, code: errno, operation: "opendir") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Whether `path` is a directory; a symbolic link to one counts only with `followLinks`.
    public static func isDirectory(_ path: String, followLinks: Bool = false) -> Bool {
        var st = stat()
        return (followLinks ? stat(path, &st) : lstat(path, &st)) == 0 && st.st_mode & S_IFMT == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Removes a file or a directory tree (never following symlinks).
    public static func removeTree(_ path: String) {
        if isDirectory(path) {
            for name in (try? list(path)) ?? [] { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    public static func baseName(_ path: String) -> String {
        String(path.split(separator: "/", omittingEmptySubsequences: true).last ?? Substring(path))
    }

    public static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
