// PinionCLI: the `pinion` command and its subcommands.
import ArgumentParser

/// `pinion`: run, inspect and test WebAssembly modules with the Pinion runtime.
@main
struct Pinion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinion",
        abstract: "A small-footprint WebAssembly runtime.",
        discussion: """
            Runs WASI (wasi_snapshot_preview1) command modules, describes modules, and runs \
            WebAssembly spec test scripts.

            \(PinionExit.summary)
            """,
        subcommands: [Run.self, Inspect.self, Wast.self, Boards.self, Doctor.self, Daemon.self, Status.self, Stop.self, Start.self, Restart.self, Push.self]
    )
}
