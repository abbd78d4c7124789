// PinionWast: the file operations the runner needs (read a converted file whole, list a
// directory of scripts, remove the flat scratch directory), with POSIX calls.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum ScriptFiles {
    /// The whole file at `path`, or nil.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }

    /// Whether `path` exists and is a directory (nil: it does not exist).
    static func isDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// The names in `directory` (without `.` and `..`), or nil.
    static func names(in directory: String) -> [String]? {
        guard let dir = opendir(directory) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes `directory` and the files in it (the converter writes no subdirectories).
    static func removeFlatDirectory(_ directory: String) {
        for name in names(in: directory) ?? [] { unlink("\(directory)/\(name)") }
        rmdir(directory)
    }
}
