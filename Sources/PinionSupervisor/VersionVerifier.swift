// PinionSupervisor: everything a version must pass before it may replace the running
// one: a readable manifest and module, the module's hash and validity, a trusted
// signature (when keys are configured), grants this board can satisfy and no other
// installed module holds, a newer semantic version, and room in the memory limit.
import PinionHardware
import PinionManifest
import PinionRuntime
import PinionValidation
import PinionFiles

/// Why a version was refused; the text goes to logs, status, `rejected/ENTRY/REASON`
/// and the verdict file.
public struct Rejection: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A version's files and what was learned checking them.
struct CandidateVersion {
    let name: String
    let version: SemanticVersion
    let manifest: Manifest
    /// File name and content, as they are installed.
    let files: [(String, [UInt8])]
    /// GPIO lines and I2C addresses its grants name, e.g. `GPIO17`, `i2c-1@0x76`.
    let resources: Set<String>
    let memoryBytes: UInt64
    /// The fingerprint of the key that signed it.
    let signer: String?
}

/// What the verifier needs to know about the versions already installed.
struct InstalledSummary {
    let name: String
    let version: SemanticVersion
    let resources: Set<String>
    let memoryBytes: UInt64
    let failedVersions: [(version: String, reason: String)]
}

struct VersionVerifier {
    let board: BoardDefinition
    let backends: BoardBackends
    let trustedKeys: TrustedKeys?
    let memoryLimit: UInt64?

    /// Reads and checks the version directory at `path` (a spool entry or an installed
    /// version) on its own, without comparing it to other modules.
    func load(_ path: String) throws(Rejection) -> CandidateVersion {
        guard FileSystem.isDirectory(path) else {
            throw Rejection("not a directory: a version is a directory holding \(SpoolDirectory.manifestName), the module and, with trusted keys, \(SpoolDirectory.signatureName)")
        }
        let manifestPath = "\(path)/\(SpoolDirectory.manifestName)"
        let manifestBytes: [UInt8]
        do { manifestBytes = try FileSystem.read(manifestPath, limit: 1 << 20) } catch { throw Rejection("\(error)") }
        let manifest: Manifest
        do { manifest = try Manifest.load(manifestPath) } catch { throw Rejection("\(error)") }
        guard let version = SemanticVersion(manifest.version) else {
            throw Rejection("manifest \(manifestPath): version: \"\(manifest.version)\" is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)")
        }
        let moduleName = FileSystem.baseName(manifest.moduleFile)
        let modulePath = "\(path)/\(moduleName)"
        let moduleBytes: [UInt8]
        do { moduleBytes = try FileSystem.read(modulePath) } catch { throw Rejection("module.file: \(error)") }
        do { try manifest.verifyModule(moduleBytes, modulePath: modulePath, manifestPath: manifestPath) } catch { throw Rejection("\(error)") }
        do { _ = try ValidatedModule.load(moduleBytes) } catch { throw Rejection("\(modulePath): \(error)") }
        do { try manifest.budgets.runtimeBudgets.validate() } catch { throw Rejection("manifest \(manifestPath): budgets: \(error)") }

        var files = [(SpoolDirectory.manifestName, manifestBytes), (moduleName, moduleBytes)]
        var signer: String?
        let signaturePath = "\(path)/\(SpoolDirectory.signatureName)"
        if let trustedKeys {
            guard FileSystem.exists(signaturePath) else {
                throw Rejection("\(signaturePath): missing: trusted keys are configured, so every version must be signed (ssh-keygen -Y sign -n \(SpoolDirectory.signatureNamespace) -f KEY manifest.toml)")
            }
            let signature: [UInt8]
            do { signature = try FileSystem.read(signaturePath, limit: 64 << 10) } catch { throw Rejection("\(error)") }
            do {
                signer = try trustedKeys.verify(armoredSignature: String(decoding: signature, as: UTF8.self),
                                                message: manifestBytes, namespace: SpoolDirectory.signatureNamespace)
            } catch { throw Rejection("\(signaturePath): \(error)") }
            files.append((SpoolDirectory.signatureName, signature))
        } else if let signature = try? FileSystem.read(signaturePath, limit: 64 << 10) {
            files.append((SpoolDirectory.signatureName, signature))
        }

        // The grants must name lines and buses this board has (the session's own checks).
        do { _ = try HardwareSession(module: manifest.name, board: board, backends: backends, sections: manifest.extensionSections) } catch {
            throw Rejection("manifest \(manifestPath): not satisfiable on board \(board.name): \(error)")
        }
        return CandidateVersion(name: manifest.name, version: version, manifest: manifest, files: files,
                                resources: resources(of: manifest), memoryBytes: Self.memoryBytes(manifest), signer: signer)
    }

    /// Checks `candidate` against what is installed: newer than its own installed
    /// version, not a version that failed before, no grant another module holds, and the
    /// memory budgets of all modules within the limit.
    func admit(_ candidate: CandidateVersion, installed: [InstalledSummary]) throws(Rejection) {
        if let own = installed.first(where: { $0.name == candidate.name }) {
            guard candidate.version > own.version else {
                throw Rejection("version \(candidate.version) is not newer than the installed \(own.version) (a downgrade or the same version)")
            }
            if let failed = own.failedVersions.first(where: { SemanticVersion($0.version) == candidate.version }) {
                throw Rejection("version \(candidate.version) was rolled back before (\(failed.reason)); push a newer version")
            }
        }
        for other in installed where other.name != candidate.name {
            let shared = candidate.resources.intersection(other.resources)
            if !shared.isEmpty {
                throw Rejection("grants \(shared.sorted().joined(separator: ", ")) conflict with module '\(other.name)' \(other.version), which holds them")
            }
        }
        if let memoryLimit {
            let others = installed.filter { $0.name != candidate.name }.reduce(UInt64(0)) { $0 &+ $1.memoryBytes }
            if others &+ candidate.memoryBytes > memoryLimit {
                throw Rejection("budgets.memory \(candidate.memoryBytes) bytes with the other modules' \(others) exceeds --memory-limit \(memoryLimit)")
            }
        }
    }

    /// The module's memory budget in bytes (the runtime's default when unset).
    static func memoryBytes(_ manifest: Manifest) -> UInt64 {
        manifest.budgets.runtimeBudgets.memoryBytes
    }

    /// Board line names and `i2c-BUS@0xADDR` strings the grants name.
    private func resources(of manifest: Manifest) -> Set<String> {
        var names: Set<String> = []
        for grant in (try? GPIOGrant.parseAll(manifest.extensionSections[GPIOExtension.manifestSection])) ?? [] {
            switch grant.pin {
            case .name(let n): names.insert(board.line(named: n)?.name ?? n)
            case .header(let p): names.insert(board.line(onHeaderPin: p)?.name ?? "header pin \(p)")
            }
        }
        for grant in (try? I2CGrant.parseAll(manifest.extensionSections[I2CExtension.manifestSection])) ?? [] {
            for address in grant.addresses { names.insert("i2c-\(grant.bus)@0x\(String(address, radix: 16))") }
        }
        return names
    }
}
