// PinionCLI: choosing a board: by name from the board directory, from a file, or by
// detecting the machine.
import PinionHardware
import PinionManifest

/// Why no board could be chosen.
struct BoardSelectionError: Error, CustomStringConvertible {
    var description: String
}

enum BoardSelection {
    /// The first board directory's catalog (files there can be edited), else the boards
    /// built into the binary.
    static func catalog() throws(BoardSelectionError) -> BoardCatalog {
        do {
            guard let directory = BoardCatalog.locate() else { return try BoardCatalog.builtIn() }
            return try BoardCatalog(directory: directory)
        } catch { throw BoardSelectionError(description: "\(error)") }
    }

    /// `nameOrFile` as a board file (if it looks like a path) or a board name; when nil,
    /// the board this machine is.
    static func board(_ nameOrFile: String?) throws(BoardSelectionError) -> BoardDefinition {
        if let nameOrFile, nameOrFile.contains("/") || nameOrFile.hasSuffix(".toml") {
            do { return try BoardCatalog.load(file: nameOrFile) } catch { throw BoardSelectionError(description: "\(error)") }
        }
        let catalog = try catalog()
        if let name = nameOrFile {
            guard let board = catalog.board(named: name) else {
                throw BoardSelectionError(description: "unknown board '\(name)'; known: \(catalog.boards.map(\.name).joined(separator: ", "))")
            }
            return board
        }
        guard let model = BoardCatalog.machineModel() else {
            throw BoardSelectionError(description: "cannot detect the board (no /proc/device-tree/model): pass --board, e.g. --board sim for the simulator")
        }
        guard let board = catalog.board(forModel: model) else {
            throw BoardSelectionError(description: "no board definition matches this machine ('\(model)'): pass --board")
        }
        return board
    }
}
