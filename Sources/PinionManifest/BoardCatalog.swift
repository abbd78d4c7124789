// PinionManifest: finding board definitions: the boards/ directory, a board by name or
// file, and the board this machine is (from /proc/device-tree/model).
import FoundationEssentials
import PinionHardware

/// The board definitions in a directory.
public struct BoardCatalog {
    public let directory: String
    public let boards: [BoardDefinition]

    /// Loads every `*.toml` in `directory` (not `headers/`).
    public init(directory: String) throws(BoardFileError) {
        self.directory = directory
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
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
        if let env = ProcessInfo.processInfo.environment["PINION_BOARDS"] { paths.append(env) }
        paths.append(FileManager.default.currentDirectoryPath + "/boards")
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            paths.append(dir.appendingPathComponent("../../../boards").standardizedFileURL.path)
            paths.append(dir.appendingPathComponent("../../boards").standardizedFileURL.path)
            paths.append(dir.appendingPathComponent("../share/pinion/boards").standardizedFileURL.path)
        }
        paths.append("/usr/local/share/pinion/boards")
        return paths
    }

    /// The first directory on the search path that has a `sim.toml` or any board.
    public static func locate() -> String? {
        searchPath.first { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasSuffix(".toml") }
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
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
    }
}
