// PinionManifest: the board catalog built into the binary, for a `pinion` installed
// without a boards/ directory beside it.
import PinionHardware

extension BoardCatalog {
    /// The `directory` the built-in catalog reports, and the prefix of its files' paths
    /// in errors.
    public static let builtInDirectory = "(built in)"

    /// The boards of the source tree's boards/ as this binary was built.
    public static func builtIn() throws(BoardFileError) -> BoardCatalog {
        var boards: [BoardDefinition] = []
        for file in EmbeddedBoards.files where !file.path.contains("/") {
            boards.append(try BoardFile.load("\(builtInDirectory)/\(file.path)", read: EmbeddedBoards.read))
        }
        return BoardCatalog(directory: builtInDirectory, boards: boards)
    }

    init(directory: String, boards: [BoardDefinition]) {
        self.directory = directory
        self.boards = boards
    }
}
