// PinionSupervisor: what `pinion push` sends: a manifest, its module and its signature,
// checked on the sending side before anything reaches a device.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionManifest
import PinionFiles

/// Why a version cannot be pushed (found before contacting any device).
public struct PushError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One version, ready to become a spool entry (see `SpoolDirectory` for the layout).
public struct PushPackage: Sendable {
    public let name: String
    public let version: String
    public let manifestBytes: [UInt8]
    /// The module's file name in the entry: the base name of `module.file`.
    public let moduleName: String
    public let moduleBytes: [UInt8]
    /// The armored SSHSIG over `manifestBytes`, if the manifest has a `.sig` beside it.
    public let signature: [UInt8]?
    /// The fingerprint of the key that made `signature`.
    public let signer: String?

    /// The entry's name in the spool before collisions: NAME-VERSION.
    public var entryName: String { "\(name)-\(version)" }

    /// The entry's files, in the order they are written.
    public var files: [(name: String, bytes: [UInt8])] {
        var files = [(SpoolDirectory.manifestName, manifestBytes), (moduleName, moduleBytes)]
        if let signature { files.append((SpoolDirectory.signatureName, signature)) }
        return files
    }

    /// Loads the manifest at `manifestPath` and its module (`module.file`, relative to the
    /// manifest's directory), checks the manifest, the module's sha256 and, when
    /// `MANIFEST.sig` exists, that it is a valid signature of this manifest.
    public static func load(manifestPath: String) throws(PushError) -> PushPackage {
        let manifest: Manifest
        do { manifest = try Manifest.load(manifestPath) } catch { throw PushError(error.description) }
        let entry = "\(manifest.name)-\(manifest.version)"
        guard entry.utf8.allSatisfy(isEntryByte), !entry.hasPrefix("."), entry.utf8.count <= 200 else {
            throw PushError("manifest \(manifestPath): version \"\(manifest.version)\" cannot be part of a spool entry name (letters, digits, '.', '_', '-', '+'; no leading '.')")
        }
        let manifestBytes = try readUserFile(manifestPath)

        let moduleName = FileSystem.baseName(manifest.moduleFile)
        guard !moduleName.isEmpty, moduleName != ".", moduleName != "..",
              moduleName != SpoolDirectory.manifestName, moduleName != SpoolDirectory.signatureName else {
            throw PushError("manifest \(manifestPath): module.file \"\(manifest.moduleFile)\" does not name a module file")
        }
        let modulePath = manifest.moduleFile.hasPrefix("/")
            ? manifest.moduleFile : FileSystem.directoryName(manifestPath) + "/" + manifest.moduleFile
        let moduleBytes = try readUserFile(modulePath)
        do { try manifest.verifyModule(moduleBytes, modulePath: modulePath, manifestPath: manifestPath) } catch {
            throw PushError(error.description)
        }

        var signature: [UInt8]?
        var signer: String?
        let signaturePath = manifestPath + ".sig"
        if FileSystem.exists(signaturePath) {
            let bytes = try readUserFile(signaturePath)
            do {
                signer = try TrustedKeys.signer(ofArmoredSignature: String(decoding: bytes, as: UTF8.self),
                                                message: manifestBytes, namespace: SpoolDirectory.signatureNamespace)
            } catch {
                throw PushError("\(signaturePath): \(error) (re-sign with --sign KEY, or remove it)")
            }
            signature = bytes
        }
        return PushPackage(name: manifest.name, version: manifest.version, manifestBytes: manifestBytes,
                           moduleName: moduleName, moduleBytes: moduleBytes, signature: signature, signer: signer)
    }

    /// Signs `manifestPath` with `ssh-keygen -Y sign -f KEY -n pinion` (the manifest on its
    /// stdin) and writes the signature to `MANIFEST.sig`, replacing an old one.
    public static func sign(manifestPath: String, key: String) throws(PushError) {
        let manifest = try readUserFile(manifestPath)
        let outcome: ChildOutcome
        do {
            outcome = try ChildProcess.run(["ssh-keygen", "-Y", "sign", "-f", key, "-n", SpoolDirectory.signatureNamespace],
                                           input: manifest)
        } catch { throw PushError("cannot run ssh-keygen: \(error)") }
        guard outcome.status == 0, outcome.stdoutText.hasPrefix("-----BEGIN SSH SIGNATURE-----") else {
            throw PushError("ssh-keygen -Y sign -f \(key): \(outcome.errorLine)")
        }
        do { try FileSystem.writeAtomically(manifestPath + ".sig", outcome.stdout) } catch {
            throw PushError("\(error)")
        }
    }

    private static func isEntryByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
    }

    /// A file the user named (symlinks followed, unlike the spool's own files).
    private static func readUserFile(_ path: String) throws(PushError) -> [UInt8] {
        guard let resolved = realpath(path, nil) else {
            throw PushError("\(path): \(systemError(errno))")
        }
        defer { free(resolved) }
        do { return try FileSystem.read(String(cString: resolved)) } catch {
            throw PushError("\(path): \(error.operation): \(systemError(error.code))")
        }
    }
}
