// PinionCLI: the `pinion` command and its subcommands.

/// `pinion`: run, inspect and test WebAssembly modules with the Pinion runtime.
@main
enum Pinion {
    static let definition = CommandDefinition(
        "pinion",
        abstract: "A small-footprint WebAssembly runtime.",
        discussion: """
            Runs WASI (wasi_snapshot_preview1) command modules, describes modules, and runs \
            WebAssembly spec test scripts.

            \(PinionExit.summary)
            """)

    static var subcommands: [any PinionCommand.Type] { [
        Run.self, Inspect.self, Wast.self, Boards.self, Doctor.self, Daemon.self, Status.self, Stop.self, Start.self, Restart.self, Push.self,
    ] }

    static func main() {
        CommandDispatch.main(program: definition, commands: subcommands, words: Array(CommandLine.arguments.dropFirst()))
    }
}
