// PinionCLI: `pinion daemon`: the supervisor as a service (systemd Type=notify), with
// its log on stderr and signals handled on a thread of their own.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionLog
import PinionHardware
import PinionLinuxHardware
import PinionManifest
import PinionSimulator
import PinionSupervisor

extension Pinion {
    struct Daemon: PinionCommand {
        static let spool = Option<String>("spool", valueName: "DIR", help: "Where new versions arrive. Example: --spool /var/spool/pinion",
                                          required: true)
        static let state = Option<String>(
            "state", valueName: "DIR",
            help: "Where installed versions and records live (created owner-only). Example: --state /var/lib/pinion", required: true)
        static let board = Option<String>(
            "board", valueName: "NAME_OR_FILE",
            help: "The board: a name from `pinion boards` or a board file; default: this machine's. Example: --board sim")
        static let trustedKeys = Option<String>(
            "trusted-keys", valueName: "FILE",
            help: "OpenSSH public keys (authorized_keys or allowed_signers lines, ssh-ed25519); every version must then carry manifest.toml.sig made with one of them (ssh-keygen -Y sign -n pinion). Example: --trusted-keys /etc/pinion/keys.pub")
        static let memoryLimit = Option<ByteSize>(
            "memory-limit", valueName: "BYTES",
            help: "The most all modules' memory budgets may add up to; a version that would exceed it is rejected. Example: --memory-limit 256M")
        static let poll = Option<Double>("poll", valueName: "SECONDS",
                                         help: "Seconds between spool scans besides inotify's events. Example: --poll 5",
                                         default: 2)
        static let simTrace = Flag("sim-trace", help: "On the simulated board, log every output level change.")

        static let definition = CommandDefinition(
            "daemon",
            abstract: "Run the modules installed in a state directory, and install new versions dropped into a spool directory.",
            discussion: """
                Each module runs on its own thread with its manifest's budgets and grants. A new \
                version is a directory renamed into SPOOL (manifest.toml, the module, and \
                manifest.toml.sig when --trusted-keys is given; see `pinion push`). It is verified, \
                installed in STATE and swapped in; one that fails within its health window is \
                rolled back. SIGTERM/SIGINT stop every module (outputs to their safe levels) and \
                exit 0; SIGHUP rescans the spool. Under systemd, use Type=notify.

                Examples:
                  pinion daemon --spool /var/spool/pinion --state /var/lib/pinion --board rpi4
                  pinion daemon --spool spool --state state --board sim --trusted-keys keys.pub --memory-limit 64M
                """,
            parameters: [spool, state, board, trustedKeys, memoryLimit, poll, simTrace])

        let spool: String
        let state: String
        let board: String?
        let trustedKeys: String?
        let memoryLimit: ByteSize?
        let pollSeconds: Double
        let simTrace: Bool

        init(_ arguments: ParsedArguments) {
            spool = arguments.value(Self.spool)
            state = arguments.value(Self.state)
            board = arguments[Self.board]
            trustedKeys = arguments[Self.trustedKeys]
            memoryLimit = arguments[Self.memoryLimit]
            pollSeconds = arguments.value(Self.poll)
            simTrace = arguments[Self.simTrace]
        }

        func run() {
            LoggingSystem.bootstrap { DaemonLogHandler(label: $0) }
            let logger = Logger(label: "pinion.daemon")
            let definition: BoardDefinition
            do { definition = try BoardSelection.board(board) } catch { fail("\(error)") }
            let backends: BoardBackends
            var backendsForRun: ((Logger) throws -> BoardBackends)?
            do {
                if definition.simulated {
                    // One simulator per run: its lines and virtual clock are not shared
                    // between threads. Line claims are still global, so two modules can
                    // never hold the same line.
                    backends = try SimulatedBoard(definition).backends
                    let trace = simTrace
                    backendsForRun = { log throws in
                        let simulator = try SimulatedBoard(definition)
                        if trace { simulator.gpio.onOutputChange = { log.info("sim: \($0)") } }
                        return simulator.backends
                    }
                    logger.notice("\(SimulatedBoard.notice)")
                } else {
                    backends = try LinuxBoard(definition).backends
                }
            } catch { fail("board \(definition.name): \(error)") }
            var keys: TrustedKeys?
            if let trustedKeys {
                do { keys = try TrustedKeys(contentsOf: trustedKeys) } catch { fail("--trusted-keys \(trustedKeys): \(error)") }
            }
            var configuration = SupervisorConfiguration(spool: spool, state: state, board: definition, backends: backends,
                                                        trustedKeys: keys, memoryLimit: memoryLimit?.bytes)
            configuration.pollSeconds = max(pollSeconds, 0.1)
            configuration.backendsForRun = backendsForRun

            // Signals go to one thread that waits for them; every other thread blocks them.
            var signals = sigset_t()
            sigemptyset(&signals)
            for s in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, s) }
            pthread_sigmask(SIG_BLOCK, &signals, nil)
            signal(SIGPIPE, SIG_IGN)

            let supervisor: Supervisor
            do { supervisor = try Supervisor(configuration, logger: logger) } catch { fail("\(error)") }
            SignalThread.start(signals) { signal in
                if signal == SIGHUP { supervisor.rescan() } else {
                    SystemdNotifier.notify("STOPPING=1")
                    supervisor.terminate()
                }
            }
            do {
                try supervisor.run {
                    logger.info("ready: board \(definition.name), spool \(spool), state \(state)")
                    SystemdNotifier.notify("READY=1")
                }
            } catch { fail("\(error)") }
            terminate(0)
        }

        private func fail(_ message: String) -> Never {
            printError("pinion daemon: \(message)")
            terminate(PinionExit.loadFailed)
        }
    }
}

/// A thread that waits for blocked signals with sigwait and hands each to a handler, so
/// handlers may do anything (not only what is async-signal-safe).
enum SignalThread {
    static func start(_ set: sigset_t, _ handler: @escaping (Int32) -> Void) {
        final class Box { let set: sigset_t; let handler: (Int32) -> Void
            init(_ set: sigset_t, _ handler: @escaping (Int32) -> Void) { self.set = set; self.handler = handler } }
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(set, handler)).toOpaque()
        pthread_create(&thread, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            var set = box.set
            while true {
                var signal: Int32 = 0
                if sigwait(&set, &signal) == 0 { box.handler(signal) }
            }
        }, box)
        pthread_detach(thread)
    }
}
