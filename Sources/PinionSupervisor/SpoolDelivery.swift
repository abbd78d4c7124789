// PinionSupervisor: delivering a version into a spool directory, locally or on a device
// over the system's ssh, as one rename; waiting for the daemon's verdict. `pinion push`.
//
// The writer's side of the spool protocol (see SpoolEntry.swift for the layout):
//   1. create SPOOL/.NAME-VERSION.<random>.tmp/ and write manifest.toml, the module and
//      manifest.toml.sig into it; fsync (remotely: `sync`);
//   2. rename it to SPOOL/NAME-VERSION, or NAME-VERSION.2, .3, ... when that name is taken
//      (an entry or a verdict of that name exists, so an old verdict is never mistaken for
//      the new one's);
//   3. with --wait, poll SPOOL/verdicts/<entry>.json.
// Remotely, one ssh connection per device does all three: a POSIX sh script as the remote
// command, the files as a tar stream on its stdin.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionFiles

/// Where `pinion push` delivers to.
public enum PushDestination: Sendable, Equatable, CustomStringConvertible {
    /// A spool directory on this machine.
    case local(spool: String)
    /// `[USER@]HOST` (anything ssh accepts, including Host aliases of ~/.ssh/config) and
    /// the spool directory there.
    case remote(host: String, spool: String)

    public static let defaultRemoteSpool = "/var/spool/pinion"

    /// Parses a --to value: a path when it starts with '/' or '.', exists here, or has a
    /// '/' before any ':'; otherwise `[USER@]HOST[:SPOOL]` (like scp).
    public init(parsing text: String) throws(PushError) {
        guard !text.isEmpty else { throw PushError("--to: empty destination") }
        let colon = text.firstIndex(of: ":")
        let slash = text.firstIndex(of: "/")
        if text.hasPrefix("/") || text.hasPrefix(".") || FileSystem.exists(text) {
            self = .local(spool: text)
        } else if let colon, slash.map({ colon < $0 }) ?? true {
            let host = String(text[..<colon])
            let spool = String(text[text.index(after: colon)...])
            guard !host.isEmpty, !host.hasPrefix("-") else { throw PushError("--to \(text): no host before ':'") }
            self = .remote(host: host, spool: spool.isEmpty ? Self.defaultRemoteSpool : spool)
        } else if slash != nil {
            self = .local(spool: text)
        } else {
            guard !text.hasPrefix("-") else { throw PushError("--to \(text): not a host name") }
            self = .remote(host: text, spool: Self.defaultRemoteSpool)
        }
    }

    public var description: String {
        switch self {
        case .local(let spool): spool
        case .remote(let host, let spool): "\(host):\(spool)"
        }
    }
}

/// What happened at one destination.
public enum PushResult: Sendable {
    /// The entry is in the spool under `entry`; `verdict` is the daemon's answer when one
    /// came within the wait (nil: no wait, or none in time).
    case delivered(entry: String, verdict: SpoolVerdict?)
    /// ssh could not reach the device (its own error line).
    case unreachable(String)
    /// The device was reached (or the spool is local) but the delivery failed.
    case failed(String)
}

/// Delivers one package to destinations, in parallel.
public struct SpoolDelivery: Sendable {
    public let package: PushPackage
    /// How long to wait for each verdict; nil or 0: do not wait.
    public let waitSeconds: Double?
    /// The ssh command's words (`ssh`, or `$PINION_SSH` split at spaces, e.g. `ssh -F cfg`).
    public let ssh: [String]

    public init(package: PushPackage, waitSeconds: Double?, ssh: [String] = ["ssh"]) {
        self.package = package
        self.waitSeconds = waitSeconds
        self.ssh = ssh
    }

    /// Delivers to every destination at once (one thread each) and returns the results in
    /// the same order; one failing destination does not affect the others.
    public func deliverAll(_ destinations: [PushDestination]) -> [PushResult] {
        let results = ResultSlots(count: destinations.count)
        var threads: [JoinableThread] = []
        for (index, destination) in destinations.enumerated() {
            let work = { results.set(index, self.deliver(to: destination)) }
            if let thread = JoinableThread(work) { threads.append(thread) } else { work() }
        }
        for thread in threads { thread.join() }
        return results.all()
    }

    /// Delivers to one destination (blocking).
    public func deliver(to destination: PushDestination) -> PushResult {
        switch destination {
        case .local(let spool): deliverLocally(spool)
        case .remote(let host, let spool): deliverRemotely(host: host, spool: spool)
        }
    }

    // MARK: local

    private func deliverLocally(_ spool: String) -> PushResult {
        let entry: String
        do { entry = try writeEntry(spool) } catch { return .failed("\(error)") }
        guard let waitSeconds, waitSeconds > 0 else { return .delivered(entry: entry, verdict: nil) }
        let deadline = monotonicSeconds() + waitSeconds
        let verdictPath = "\(spool)/verdicts/\(entry).json"
        while true {
            if let text = try? FileSystem.readText(verdictPath), let verdict = SpoolVerdict(json: text) {
                return .delivered(entry: entry, verdict: verdict)
            }
            if monotonicSeconds() >= deadline { return .delivered(entry: entry, verdict: nil) }
            sleepSeconds(0.1)
        }
    }

    /// Writes the entry under a temporary name and renames it into place; its final name.
    private func writeEntry(_ spool: String) throws -> String {
        try FileSystem.makeDirectories(spool)
        let temporary = "\(spool)/.\(package.entryName).\(UInt32.random(in: 0 ... .max)).tmp"
        guard mkdir(temporary, 0o755) == 0 else { throw FileSystemError(path: temporary, code: errno, operation: "mkdir") }
        do {
            for file in package.files { try FileSystem.writeSynced("\(temporary)/\(file.name)", file.bytes) }
            try FileSystem.syncDirectory(temporary)
            var suffix = 1
            while true {
                let entry = suffix == 1 ? package.entryName : "\(package.entryName).\(suffix)"
                suffix += 1
                if FileSystem.exists("\(spool)/\(entry)") || FileSystem.exists("\(spool)/verdicts/\(entry).json") { continue }
                if rename(temporary, "\(spool)/\(entry)") == 0 {
                    try FileSystem.syncDirectory(spool)
                    return entry
                }
                // Taken between the check and the rename: try the next name.
                guard errno == ENOTEMPTY || errno == EEXIST else {
                    throw FileSystemError(path: "\(spool)/\(entry)", code: errno, operation: "rename")
                }
            }
        } catch {
            FileSystem.removeTree(temporary)
            throw error
        }
    }

    // MARK: remote

    private func deliverRemotely(host: String, spool: String) -> PushResult {
        let ticks = Int(((waitSeconds ?? 0) * 5).rounded(.up))
        let script = Self.remoteScript(spool: spool, entry: package.entryName,
                                       random: UInt32.random(in: 0 ... .max), ticks: max(ticks, 0))
        let options = ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3"]
        let archive = TarArchive.make(package.files, mtime: Int(wallSeconds()))
        let outcome: ChildOutcome
        do {
            outcome = try ChildProcess.run(ssh + options + ["--", host, "sh -c " + Self.shellQuote(script)], input: archive)
        } catch {
            return .failed("cannot run \(ssh.joined(separator: " ")): \(systemError(error.code))")
        }
        // 255 is ssh's own failure (connection, authentication); the script never uses it.
        if outcome.status == 255 { return .unreachable(outcome.errorLine) }
        let lines = outcome.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        guard outcome.status == 0, let entryLine = lines.first(where: { $0.hasPrefix("entry ") }) else {
            return .failed(outcome.status == 0 ? "no answer from the device's shell" : outcome.errorLine)
        }
        let entry = String(entryLine.dropFirst("entry ".count))
        guard let marker = lines.firstIndex(of: "verdict") else { return .delivered(entry: entry, verdict: nil) }
        let verdict = SpoolVerdict(json: lines[(marker + 1)...].joined(separator: "\n"))
        return .delivered(entry: entry, verdict: verdict)
    }

    /// The POSIX sh program run on the device: unpack the tar on stdin under a temporary
    /// name, sync, rename to the first free entry name (`mv -T` fails rather than moving
    /// into a directory that appeared meanwhile: then the next name), print it, then poll for the
    /// verdict `ticks` times, 0.2 s apart.
    static func remoteScript(spool: String, entry: String, random: UInt32, ticks: Int) -> String {
        """
        set -e
        spool=\(shellQuote(spool)); base=\(shellQuote(entry))
        tmp="$spool/.$base.\(random).tmp"
        mkdir -p "$spool"
        mkdir "$tmp"
        trap 'rm -rf "$tmp"' EXIT
        tar -xof - -C "$tmp"
        sync
        entry=$base; i=1
        while :; do
            if [ ! -e "$spool/$entry" ] && [ ! -e "$spool/verdicts/$entry.json" ]; then
                if err=$(mv -T "$tmp" "$spool/$entry" 2>&1); then break; fi
                [ -e "$spool/$entry" ] || { echo "$err" >&2; exit 1; }
            fi
            i=$((i+1)); entry="$base.$i"
        done
        sync
        echo "entry $entry"
        n=\(ticks)
        while [ "$n" -gt 0 ]; do
            if [ -f "$spool/verdicts/$entry.json" ]; then echo verdict; cat "$spool/verdicts/$entry.json"; exit 0; fi
            sleep 0.2 2>/dev/null || sleep 1
            n=$((n-1))
        done
        if [ \(ticks) -gt 0 ] && [ -f "$spool/verdicts/$entry.json" ]; then echo verdict; cat "$spool/verdicts/$entry.json"; fi
        exit 0
        """
    }

    /// `text` as one sh word.
    static func shellQuote(_ text: String) -> String {
        "'" + text.replacingAll("'", with: "'\\''") + "'"
    }
}

/// Per-destination results written by the delivery threads.
private final class ResultSlots: @unchecked Sendable {
    private let monitor = Monitor()
    private var results: [PushResult?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: PushResult) { monitor.locked { results[index] = result } }

    func all() -> [PushResult] {
        monitor.locked { results.map { $0 ?? .failed("not attempted") } }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation here).
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
