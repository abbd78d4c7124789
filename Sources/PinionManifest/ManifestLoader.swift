// PinionManifest: loading a manifest file and checking the module against its hash.
import PinionHardware

/// A manifest that cannot be used: unreadable, invalid TOML, a bad field, or a module
/// whose hash does not match.
public enum ManifestError: Error, CustomStringConvertible {
    case file(TOMLFileError)
    case field(path: String, ConfigError)
    case hashMismatch(path: String, module: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case .file(let e): "manifest \(e)"
        case .field(let path, let e): "manifest \(path): \(e)"
        case .hashMismatch(let path, let module, let expected, let actual):
            "manifest \(path): module.sha256: \(module) has sha256 \(actual), the manifest expects \(expected)"
        }
    }
}

extension Manifest {
    /// Loads and validates the manifest at `path`.
    public static func load(_ path: String, extensions: [any HostExtension.Type] = hardwareExtensions) throws(ManifestError) -> Manifest {
        let document: ConfigValue
        do { document = try TOMLDocument.load(path) } catch { throw .file(error) }
        do { return try parse(document, extensions: extensions) } catch { throw .field(path: path, error) }
    }

    /// Parses manifest text (for tests).
    public static func parse(toml: String, extensions: [any HostExtension.Type] = hardwareExtensions) throws(ManifestError) -> Manifest {
        let document: ConfigValue
        do { document = try TOMLDocument.parse(toml, path: "(text)") } catch { throw .file(error) }
        do { return try parse(document, extensions: extensions) } catch { throw .field(path: "(text)", error) }
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String {
        Digest.hex(Digest.sha256(bytes))
    }

    /// Throws unless `bytes` (the module being run, read from `modulePath`) hash to the
    /// manifest's `module.sha256`.
    public func verifyModule(_ bytes: [UInt8], modulePath: String, manifestPath: String) throws(ManifestError) {
        try verifyModule(sha256: Self.sha256(bytes), modulePath: modulePath, manifestPath: manifestPath)
    }

    /// Throws unless the bytes in `buffer` hash to the manifest's `module.sha256`.
    public func verifyModule(_ buffer: UnsafeRawBufferPointer, modulePath: String, manifestPath: String) throws(ManifestError) {
        try verifyModule(sha256: Digest.hex(Digest.sha256(buffer)), modulePath: modulePath, manifestPath: manifestPath)
    }

    private func verifyModule(sha256 actual: String, modulePath: String, manifestPath: String) throws(ManifestError) {
        guard actual == moduleSHA256 else {
            throw .hashMismatch(path: manifestPath, module: modulePath, expected: moduleSHA256, actual: actual)
        }
    }
}
