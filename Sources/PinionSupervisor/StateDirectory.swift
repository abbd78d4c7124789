// PinionSupervisor: the state directory, the daemon's only memory across restarts.
//
//   STATE/control.sock                        status and control (owner only)
//   STATE/modules/NAME/record                 which version runs, the last known good one,
//                                             whether it is enabled, versions that failed
//   STATE/modules/NAME/versions/VERSION/      manifest.toml, the module, manifest.toml.sig
//
// Every write is atomic (FileSystem.writeAtomically), so a SIGKILL at any moment leaves
// either the old or the new state: a version directory appears by one rename once complete, and
// the record switches to it by another.
import PinionFiles

/// What the daemon remembers of one module.
public struct ModuleRecord: Sendable, Equatable {
    public var name: String
    /// The version to run.
    public var current: String
    /// The last version that passed its health window; what a failing version rolls back to.
    public var lastKnownGood: String?
    /// False after `pinion stop NAME`, until `pinion start NAME`.
    public var enabled = true
    /// Versions that failed their health window, with the reason: not installed again.
    public var failedVersions: [(version: String, reason: String)] = []

    public init(name: String, current: String) {
        self.name = name
        self.current = current
    }

    public static func == (a: ModuleRecord, b: ModuleRecord) -> Bool {
        a.name == b.name && a.current == b.current && a.lastKnownGood == b.lastKnownGood && a.enabled == b.enabled
            && a.failedVersions.map(\.version) == b.failedVersions.map(\.version)
    }

    /// `key value` lines, readable with cat and grep.
    var text: String {
        var lines = ["# pinion module record (written by pinion daemon; edit only while it is stopped)", "current \(current)"]
        if let lastKnownGood { lines.append("good \(lastKnownGood)") }
        lines.append("enabled \(enabled ? "yes" : "no")")
        for f in failedVersions { lines.append("failed \(f.version) \(f.reason)") }
        return lines.joined(separator: "\n") + "\n"
    }

    init?(name: String, text: String) {
        var current: String?
        var record = ModuleRecord(name: name, current: "")
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2 else { continue }
            switch parts[0] {
            case "current": current = String(parts[1])
            case "good": record.lastKnownGood = String(parts[1])
            case "enabled": record.enabled = parts[1] != "no"
            case "failed": record.failedVersions.append((String(parts[1]), parts.count > 2 ? String(parts[2]) : ""))
            default: continue
            }
        }
        guard let current else { return nil }
        record.current = current
        self = record
    }
}

/// The state directory on disk.
public struct StateDirectory: Sendable {
    public let root: String
    public var modulesDirectory: String { root + "/modules" }
    public var controlSocket: String { root + "/control.sock" }

    /// Opens (creating if needed, owner-only) the state directory, and removes what a
    /// crash mid-install left behind: version directories that never got their rename.
    public init(_ root: String) throws(FileSystemError) {
        self.root = root
        try FileSystem.makeDirectories(root, mode: 0o700)
        try FileSystem.makeDirectories(root + "/modules", mode: 0o700)
        for name in try FileSystem.list(modulesDirectory) {
            let versions = versionsDirectory(name)
            for entry in (try? FileSystem.list(versions)) ?? [] where entry.hasPrefix(".") {
                FileSystem.removeTree(versions + "/" + entry)
            }
        }
    }

    func moduleDirectory(_ name: String) -> String { "\(modulesDirectory)/\(name)" }
    func versionsDirectory(_ name: String) -> String { "\(modulesDirectory)/\(name)/versions" }
    public func versionDirectory(_ name: String, _ version: String) -> String { "\(versionsDirectory(name))/\(version)" }

    /// Every module with a record, sorted by name.
    public func records() -> [ModuleRecord] {
        ((try? FileSystem.list(modulesDirectory)) ?? []).compactMap { name in
            guard let text = try? FileSystem.readText(moduleDirectory(name) + "/record") else { return nil }
            return ModuleRecord(name: name, text: text)
        }
    }

    public func save(_ record: ModuleRecord) throws(FileSystemError) {
        try FileSystem.makeDirectories(moduleDirectory(record.name), mode: 0o700)
        try FileSystem.writeAtomically(moduleDirectory(record.name) + "/record", Array(record.text.utf8))
    }

    /// Copies `files` (name and content) into the version's directory, complete and
    /// synced before it appears under its name. An existing directory of that version
    /// (a re-delivery after a crash) is replaced.
    public func install(name: String, version: String, files: [(String, [UInt8])]) throws(FileSystemError) {
        let versions = versionsDirectory(name)
        try FileSystem.makeDirectories(versions, mode: 0o700)
        let temporary = "\(versions)/.\(version).tmp"
        FileSystem.removeTree(temporary)
        try FileSystem.makeDirectories(temporary, mode: 0o700)
        for (file, bytes) in files { try FileSystem.writeSynced("\(temporary)/\(file)", bytes) }
        try FileSystem.syncDirectory(temporary)
        let final = versionDirectory(name, version)
        if FileSystem.exists(final) {
            let old = "\(versions)/.\(version).old"
            FileSystem.removeTree(old)
            _ = rename(final, old)
            FileSystem.removeTree(old)
        }
        guard rename(temporary, final) == 0 else { throw FileSystemError(path: final, code: errno, operation: "rename") }
        try FileSystem.syncDirectory(versions)
    }

    /// Removes version directories the record no longer refers to.
    public func prune(_ record: ModuleRecord) {
        let keep: Set<String> = [record.current, record.lastKnownGood].reduce(into: []) { if let v = $1 { $0.insert(v) } }
        for version in (try? FileSystem.list(versionsDirectory(record.name))) ?? [] where !keep.contains(version) && !version.hasPrefix(".") {
            FileSystem.removeTree(versionDirectory(record.name, version))
        }
    }
}
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
