// PinionCLI: `pinion status|stop|start|restart`: clients of the daemon's control socket.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
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

/// `--state DIR`, which every control command needs.
private let stateOption = Option<String>(
    "state", valueName: "DIR", help: "The daemon's state directory. Example: --state /var/lib/pinion", required: true)

extension Pinion {
    struct Status: PinionCommand {
        static let json = Flag("json", help: "Machine-readable output (documented, stable).")

        static let definition = CommandDefinition(
            "status",
            abstract: "Show the daemon's modules: version, state (running, backoff, failed, stopped), restarts, last error, uptime, memory.",
            discussion: """
                --json prints {"modules":[{"name","version","state","restarts","last_error","uptime_s",\
                "memory_bytes","memory_budget_bytes","last_known_good","failed_versions","last_rejection"}],\
                "rejections":[{"entry","reason"}],"board","uptime_s"}.

                Example: pinion status --state /var/lib/pinion --json
                """,
            parameters: [stateOption, json])

        let state: String
        let json: Bool

        init(_ arguments: ParsedArguments) {
            state = arguments.value(stateOption)
            json = arguments[Self.json]
        }

        func run() { sendControl(json ? "status --json" : "status", state: state) }
    }

    /// `pinion stop|start|restart NAME --state DIR`.
    struct ModuleControl {
        static let name = Argument<String>(valueName: "NAME", help: "The module's name. Example: weather")

        /// The definition of the control command `command`.
        static func definition(_ command: String, abstract: String) -> CommandDefinition {
            CommandDefinition(command, abstract: abstract, parameters: [name, stateOption])
        }

        let name: String
        let state: String

        init(_ arguments: ParsedArguments) {
            name = arguments.value(Self.name)
            state = arguments.value(stateOption)
        }

        /// Sends "COMMAND NAME" to the daemon.
        func send(_ command: String) -> Never { sendControl("\(command) \(name)", state: state) }
    }

    struct Stop: PinionCommand {
        static let definition = ModuleControl.definition(
            "stop", abstract: "Stop a module (outputs to their safe levels); it stays stopped, across daemon restarts, until `pinion start`.")
        let target: ModuleControl
        init(_ arguments: ParsedArguments) { target = ModuleControl(arguments) }
        func run() { target.send("stop") }
    }

    struct Start: PinionCommand {
        static let definition = ModuleControl.definition(
            "start", abstract: "Start a stopped or failed module again (its restart count and backoff start afresh).")
        let target: ModuleControl
        init(_ arguments: ParsedArguments) { target = ModuleControl(arguments) }
        func run() { target.send("start") }
    }

    struct Restart: PinionCommand {
        static let definition = ModuleControl.definition("restart", abstract: "Stop a module and start it again.")
        let target: ModuleControl
        init(_ arguments: ParsedArguments) { target = ModuleControl(arguments) }
        func run() { target.send("restart") }
    }
}
