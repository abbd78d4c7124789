// PinionCLI: `pinion status|stop|start|restart`: clients of the daemon's control socket.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ArgumentParser

/// Sends one command line to STATE/control.sock and prints the answer; exits 1 if the
/// daemon answered with an error, 2 if it cannot be reached.
func sendControl(_ command: String, state: String) -> Never {
    let path = state + "/control.sock"
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, b) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
    }
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard fd >= 0, connected == 0 else {
        printError("pinion: cannot reach the daemon at \(path): \(String(cString: strerror(errno))) (is `pinion daemon --state \(state)` running?)")
        terminate(PinionExit.loadFailed)
    }
    let line = Array((command + "\n").utf8)
    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var answer: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        answer += buffer[0..<n]
    }
    close(fd)
    let text = String(decoding: answer, as: UTF8.self)
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
