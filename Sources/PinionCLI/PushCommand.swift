// PinionCLI: `pinion push`: deliver a version (manifest, module, signature) into the spool
// of one or many devices, and report each device's outcome.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionSupervisor

extension Pinion {
    /// `pinion push MANIFEST --to DEST [--to DEST...] [--wait SECONDS] [--sign KEY]`
    struct Push: PinionCommand {
        static let manifest = Argument<String>(valueName: "MANIFEST", help: "The version's manifest; module.file is relative to it.")
        static let destinations = Option<String>("to", valueName: "DEST", help: "A destination (repeatable). Example: --to pi@kitchen",
                                                 repeating: true)
        static let wait = Option<Double>("wait", valueName: "SECONDS",
                                         help: "Wait up to this long for each daemon's verdict. Example: --wait 10")
        static let sign = Option<String>(
            "sign", valueName: "KEY",
            help: "Sign the manifest first with this ssh key (ssh-keygen -Y sign -n pinion), writing MANIFEST.sig. Example: --sign ~/.ssh/id_ed25519")

        static let definition = CommandDefinition(
            "push",
            abstract: "Deliver a version to devices' spool directories, locally or over ssh.",
            discussion: """
                Checks the manifest and the module's sha256 here, then sends manifest, module and \
                MANIFEST.sig (if it exists) to every destination in parallel. Each version \
                arrives as one directory renamed into the spool (SPOOL/NAME-VERSION, or \
                NAME-VERSION.2, ... when taken), so the daemon never sees half of it.

                DEST is a local spool directory (starts with '/' or '.', exists here, or has a \
                '/' before any ':'), or [USER@]HOST[:SPOOL] (SPOOL defaults to \
                \(PushDestination.defaultRemoteSpool)) reached with the system's ssh in batch \
                mode, so ~/.ssh/config, keys, agents and jump hosts apply. $PINION_SSH replaces \
                the ssh command (split at spaces), e.g. PINION_SSH="ssh -F fleet.conf".

                One line per destination at the end: accepted (running or installed), rejected \
                with the daemon's reason, rolled back, delivered (no verdict waited for, or none \
                in time), unreachable with ssh's error, or failed.

                Exit codes: 0 every destination got the version (with --wait: and every daemon \
                accepted it); 1 some did not; 2 the manifest, module or signature is not usable \
                (nothing was sent); 64 bad command line.

                Examples:
                  pinion push weather.toml --to pi@kitchen --to pi@garage:/var/spool/pinion --wait 10
                  pinion push weather.toml --sign ~/.ssh/id_ed25519 --to /var/spool/pinion
                """,
            parameters: [manifest, destinations, wait, sign])

        let manifest: String
        let destinations: [String]
        let wait: Double?
        let sign: String?

        init(_ arguments: ParsedArguments) throws(UsageError) {
            manifest = arguments.value(Self.manifest)
            destinations = arguments.all(Self.destinations)
            wait = arguments[Self.wait]
            sign = arguments[Self.sign]
            guard !destinations.isEmpty else { throw UsageError("at least one --to DEST is required") }
            if let wait, !(wait >= 0 && wait <= 86_400) { throw UsageError("--wait \(wait): expected 0 to 86400 seconds") }
        }

        func run() {
            // A device that closes ssh early must not kill pinion with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            var targets: [PushDestination] = []
            let package: PushPackage
            do {
                for text in destinations { targets.append(try PushDestination(parsing: text)) }
                if let sign { try PushPackage.sign(manifestPath: manifest, key: sign) }
                package = try PushPackage.load(manifestPath: manifest)
            } catch {
                printError("pinion: \(error)")
                terminate(PinionExit.loadFailed)
            }
            let signed = package.signer.map { "signed by \($0)" } ?? "unsigned"
            printError("pinion: pushing \(package.name) \(package.version) (\(signed)) to \(targets.count) destination\(targets.count == 1 ? "" : "s")")

            let ssh = getenv("PINION_SSH").map { String(cString: $0).split(separator: " ").map(String.init) }
                .flatMap { $0.isEmpty ? nil : $0 } ?? ["ssh"]
            let delivery = SpoolDelivery(package: package, waitSeconds: wait, ssh: ssh)
            let results = delivery.deliverAll(targets)
            var allGood = true
            for (destination, result) in zip(destinations, results) {
                let (line, good) = Self.report(result, package: package, waited: wait)
                print("\(destination): \(line)")
                allGood = allGood && good
            }
            if !allGood { terminate(1) }
        }

        /// One destination's report line, and whether it counts as a success.
        static func report(_ result: PushResult, package: PushPackage, waited: Double?) -> (String, Bool) {
            switch result {
            case .unreachable(let error): return ("unreachable: \(error)", false)
            case .failed(let error): return ("failed: \(error)", false)
            case .delivered(let entry, nil):
                guard let waited, waited > 0 else { return ("delivered as \(entry)", true) }
                return ("delivered as \(entry) (no verdict within \(formatSeconds(waited)) s)", false)
            case .delivered(_, let verdict?):
                let what = "\(verdict.name ?? package.name) \(verdict.version ?? package.version)"
                let reason = verdict.reason.map { ": \($0)" } ?? ""
                switch verdict.verdict {
                case "running": return ("accepted, running \(what)", true)
                case "installed": return ("accepted, installed \(what)\(reason)", true)
                case "rejected": return ("rejected\(reason)", false)
                case "rolled-back": return ("rolled back\(reason)", false)
                default: return ("verdict '\(verdict.verdict)'\(reason)", false)
                }
            }
        }

        private static func formatSeconds(_ s: Double) -> String {
            s == s.rounded() ? String(Int(s)) : String(s)
        }
    }
}
