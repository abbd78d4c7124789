// PinionSupervisor: the spool directory, where new versions arrive.
//
// A version is one directory that appears by a single rename (writers build it under a
// hidden or `.tmp` name first), so the daemon never sees half of one:
//
//   SPOOL/NAME-VERSION/manifest.toml        the manifest (its module.sha256 pins the module)
//   SPOOL/NAME-VERSION/<module file>        named as the manifest's module.file ends
//   SPOOL/NAME-VERSION/manifest.toml.sig    SSHSIG over manifest.toml, namespace "pinion"
//
// Names starting with "." or ending in ".tmp" / ".partial" are ignored. The daemon
// answers in `SPOOL/verdicts/ENTRY.json` and moves a rejected entry to
// `SPOOL/rejected/ENTRY/` with a `REASON` file; an accepted entry is removed once it is
// installed in the state directory.
import PinionJSON
import PinionFiles

/// The spool directory and its reserved subdirectories.
public struct SpoolDirectory: Sendable {
    public let root: String
    public static let reserved: Set<String> = ["rejected", "verdicts"]
    public static let manifestName = "manifest.toml"
    public static let signatureName = "manifest.toml.sig"
    /// The signature namespace (`ssh-keygen -Y sign -n pinion`).
    public static let signatureNamespace = "pinion"

    public init(_ root: String) throws(FileSystemError) {
        self.root = root
        try FileSystem.makeDirectories(root)
        try FileSystem.makeDirectories(root + "/rejected")
        try FileSystem.makeDirectories(root + "/verdicts")
    }

    /// Whether `name` is a complete entry rather than one being written.
    public static func isEntryName(_ name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix(".tmp") && !name.hasSuffix(".partial") && !reserved.contains(name)
    }

    /// The complete entries now in the spool.
    func entries() -> [String] {
        ((try? FileSystem.list(root)) ?? []).filter(Self.isEntryName)
    }

    func path(_ entry: String) -> String { "\(root)/\(entry)" }

    /// Records the daemon's answer for `entry` (what `pinion push --wait` reads).
    func writeVerdict(entry: String, name: String?, version: String?, verdict: String, reason: String?) {
        var fields = [("entry", entry)]
        if let name { fields.append(("name", name)) }
        if let version { fields.append(("version", version)) }
        fields.append(("verdict", verdict))
        if let reason { fields.append(("reason", reason)) }
        let json = "{" + fields.map { "\(JSON.quote($0.0)):\(JSON.quote($0.1))" }.joined(separator: ",") + "}\n"
        try? FileSystem.writeAtomically("\(root)/verdicts/\(entry).json", Array(json.utf8))
    }

    /// Moves `entry` to `rejected/ENTRY/` with a `REASON` file beside it (a stray file
    /// goes inside that directory under its own name).
    func reject(_ entry: String, reason: String) {
        let target = "\(root)/rejected/\(entry)"
        FileSystem.removeTree(target)
        if FileSystem.isDirectory(path(entry)) {
            if rename(path(entry), target) != 0 { FileSystem.removeTree(path(entry)) }
        } else {
            try? FileSystem.makeDirectories(target)
            if rename(path(entry), "\(target)/\(entry)") != 0 { FileSystem.removeTree(path(entry)) }
        }
        try? FileSystem.makeDirectories(target)
        try? FileSystem.writeAtomically(target + "/REASON", Array((reason + "\n").utf8))
    }

    /// Removes an installed entry.
    func remove(_ entry: String) {
        FileSystem.removeTree(path(entry))
        try? FileSystem.syncDirectory(root)
    }
}
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
