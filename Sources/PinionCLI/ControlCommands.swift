// PinionCLI: `pinion status|stop|start|restart`: clients of the daemon's control socket.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser
import PinionSupervisor

/// Sends one command line to STATE/control.sock and prints the answer; exits 1 if the
/// daemon answered with an error, 2 if it cannot be reached.
func sendControl(_ command: String, state: String) -> Never {
    let text: String
    do { text = try ControlClient.send(command, state: state) } catch {
        printError("pinion: cannot reach the daemon: \(error) (is `pinion daemon --state \(state)` running?)")
        terminate(PinionExit.loadFailed)
    }
    if text.hasPrefix("error: ") {
        printError("pinion: \(text.dropFirst(7).dropLast(text.hasSuffix("\n") ? 1 : 0))")
        terminate(1)
    }
    print(text, terminator: "")
    terminate(0)
}

extension Pinion {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the daemon's modules: version, state (running, backoff, failed, stopped), restarts, last error, uptime, memory.",
            discussion: """
                --json prints {"modules":[{"name","version","state","restarts","last_error","uptime_s",\
                "memory_bytes","memory_budget_bytes","last_known_good","failed_versions","last_rejection"}],\
                "rejections":[{"entry","reason"}],"board","uptime_s"}.

                Example: pinion status --state /var/lib/pinion --json
                """)
        @Option(help: ArgumentHelp("The daemon's state directory. Example: --state /var/lib/pinion", valueName: "DIR"))
        var state: String
        @Flag(help: "Machine-readable output (documented, stable).")
        var json = false
        func run() throws { sendControl(json ? "status --json" : "status", state: state) }
    }

    /// `pinion stop|start|restart NAME --state DIR`.
    struct ModuleControl: ParsableArguments {
        @Argument(help: ArgumentHelp("The module's name. Example: weather", valueName: "NAME"))
        var name: String
        @Option(help: ArgumentHelp("The daemon's state directory. Example: --state /var/lib/pinion", valueName: "DIR"))
        var state: String
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a module (outputs to their safe levels); it stays stopped, across daemon restarts, until `pinion start`.")
        @OptionGroup var target: ModuleControl
        func run() throws { sendControl("stop \(target.name)", state: target.state) }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a stopped or failed module again (its restart count and backoff start afresh).")
        @OptionGroup var target: ModuleControl
        func run() throws { sendControl("start \(target.name)", state: target.state) }
    }

    struct Restart: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a module and start it again.")
        @OptionGroup var target: ModuleControl
        func run() throws { sendControl("restart \(target.name)", state: target.state) }
    }
}
