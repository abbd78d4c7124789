// PinionManifest: the paths a manifest names: `module.file` must stay inside the
// manifest's directory, and for a run the module and every `wasi.dirs` host must exist.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PinionHardware

extension Manifest {
    /// `module.file`: not empty, relative, no `..` component (it names a file beside
    /// the manifest, never one elsewhere on the host).
    static func checkModuleFile(_ file: String) throws(ConfigError) {
        let shown = LogText.escaped(file, limit: 200)
        guard !file.isEmpty else { throw ConfigError(field: "module.file", "must not be empty") }
        guard !file.hasPrefix("/") else {
            throw ConfigError(field: "module.file", "\"\(shown)\" must be relative to the manifest's directory")
        }
        guard !file.split(separator: "/").contains("..") else {
            throw ConfigError(field: "module.file", "\"\(shown)\" must not contain '..' components")
        }
    }

    /// The module file's path: `module.file` relative to the manifest at `manifestPath`.
    public func modulePath(manifestPath: String) -> String {
        guard let slash = manifestPath.lastIndex(of: "/") else { return moduleFile }
        return String(manifestPath[...slash]) + moduleFile
    }

    /// Checks what a run needs on disk: `module.file` is a regular file beside the
    /// manifest, and each `wasi.dirs[i].host` is a directory. Errors name the field.
    public func checkFiles(manifestPath: String) throws(ManifestError) {
        let module = modulePath(manifestPath: manifestPath)
        if let problem = Self.fileProblem(module, directory: false) {
            throw .field(path: manifestPath, ConfigError(field: "module.file", "\(LogText.escaped(module, limit: 200)) \(problem)"))
        }
        for (i, d) in wasi.directories.enumerated() {
            if let problem = Self.fileProblem(d.host, directory: true) {
                throw .field(path: manifestPath, ConfigError(field: "wasi.dirs[\(i)].host", "\(LogText.escaped(d.host, limit: 200)) \(problem)"))
            }
        }
    }

    /// Why `path` is not a usable regular file (or directory), or nil.
    static func fileProblem(_ path: String, directory: Bool) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? "does not exist" : "cannot be read (\(String(cString: strerror(errno))))"
        }
        let kind = info.st_mode & S_IFMT
        if directory { return kind == S_IFDIR ? nil : "is not a directory" }
        return kind == S_IFREG ? nil : "is not a regular file"
    }
}
