// PinionManifest: finding board definitions: the boards/ directory, a board by name or
// file, and the board this machine is (from /proc/device-tree/model).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionHardware
import PinionFiles

/// The board definitions in a directory.
public struct BoardCatalog {
    public let directory: String
    public let boards: [BoardDefinition]

    /// Loads every `*.toml` in `directory` (not `headers/`).
    public init(directory: String) throws(BoardFileError) {
        self.directory = directory
        let names = Self.tomlFiles(in: directory)
        var boards: [BoardDefinition] = []
        for name in names { boards.append(try BoardFile.load("\(directory)/\(name)")) }
        self.boards = boards
    }

    /// Where board definitions are looked for, in order: `$PINION_BOARDS`, `./boards`,
    /// `boards/` of the source tree the executable was built in (`.build/<triple>/release/pinion`
    /// -> `../../../boards`; `.build-static/release/pinion` -> `../../boards`),
    /// `../share/pinion/boards` beside the executable, and `/usr/local/share/pinion/boards`.
    public static var searchPath: [String] {
        var paths: [String] = []
        if let env = getenv("PINION_BOARDS") { paths.append(String(cString: env)) }
        if let cwd = getcwd(nil, 0) {
            paths.append(String(cString: cwd) + "/boards")
            free(cwd)
        }
        if let exe = symbolicLinkTarget("/proc/self/exe") {
            let dir = exe.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            paths.append(normalized(dir + "/../../../boards"))
            paths.append(normalized(dir + "/../../boards"))
            paths.append(normalized(dir + "/../share/pinion/boards"))
        }
        paths.append("/usr/local/share/pinion/boards")
        return paths
    }

    /// The first directory on the search path that has a `sim.toml` or any board.
    public static func locate() -> String? {
        searchPath.first { dir in
            !tomlFiles(in: dir).isEmpty
        }
    }

    /// The board named `name`.
    public func board(named name: String) -> BoardDefinition? {
        boards.first { $0.name == name }
    }

    /// The board whose `models` match `model` (the contents of /proc/device-tree/model).
    public func board(forModel model: String) -> BoardDefinition? {
        boards.first { !$0.simulated && $0.matches(model: model) }
    }

    /// Loads a board file directly (for `--board path/to/board.toml`).
    public static func load(file path: String) throws(BoardFileError) -> BoardDefinition {
        try BoardFile.load(path)
    }

    /// This machine's model string, without the trailing NUL, if it has a device tree.
    public static func machineModel(path: String = "/proc/device-tree/model") -> String? {
        guard let bytes = try? RegularFile.contents(path, limit: 4096) else { return nil }
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The names ending in `.toml` in `directory`, sorted; none if it cannot be read.
    static func tomlFiles(in directory: String) -> [String] {
        ((try? FileSystem.list(directory)) ?? []).filter { $0.hasSuffix(".toml") }
    }

    /// Where the symbolic link at `path` points, or nil.
    static func symbolicLinkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = buffer.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return -1 }
            return readlink(path, base, b.count - 1)
        }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `path` with `.` and `..` components resolved lexically (`/a/b/../c` -> `/a/c`), as
    /// the board search path shows it.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty && parts.last != ".." { parts.removeLast() } else if !path.hasPrefix("/") { parts.append(part) }
                continue
            }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
