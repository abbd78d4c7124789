// PinionManifest: the module manifest: identity, module file and hash, budgets, WASI
// grants, extension grants (gpio, i2c, ...) and restart policy. Deny by default: what it
// does not grant, a module does not get.
import PinionHardware

/// Budgets a manifest sets; nil means the runtime's default.
public struct ManifestBudgets: Sendable, Equatable {
    /// Most linear memory, in bytes.
    public var memoryBytes: UInt64?
    /// Value-stack slots.
    public var stackSlots: Int?
    /// Fuel (see `pinion run --fuel`).
    public var fuel: UInt64?
    /// Share of one CPU the supervisor gives the module, in (0, 1].
    public var cpuShare: Double?

    public init(memoryBytes: UInt64? = nil, stackSlots: Int? = nil, fuel: UInt64? = nil, cpuShare: Double? = nil) {
        self.memoryBytes = memoryBytes
        self.stackSlots = stackSlots
        self.fuel = fuel
        self.cpuShare = cpuShare
    }
}

/// A host directory made visible to the module.
public struct DirectoryGrant: Sendable, Equatable {
    public var host: String
    public var guest: String
    public var readOnly: Bool

    public init(host: String, guest: String, readOnly: Bool) {
        self.host = host
        self.guest = guest
        self.readOnly = readOnly
    }
}

/// What WASI exposes to the module.
public struct WASIGrants: Sendable, Equatable {
    public var arguments: [String] = []
    /// Environment variables, sorted by name.
    public var environment: [(String, String)] = []
    public var directories: [DirectoryGrant] = []

    public init() {}

    public static func == (a: WASIGrants, b: WASIGrants) -> Bool {
        a.arguments == b.arguments && a.directories == b.directories
            && a.environment.map(\.0) == b.environment.map(\.0) && a.environment.map(\.1) == b.environment.map(\.1)
    }
}

/// When the supervisor restarts the module, how fast, and when it gives up.
public struct RestartPolicy: Sendable, Equatable {
    public enum When: String, Sendable, CaseIterable { case never, onFailure = "on-failure", always }
    public var when: When = .never
    /// Restart intensity, as in OTP: at most this many restarts within `periodSeconds`;
    /// one more and the module is marked failed and left stopped.
    public var maxRestarts: Int = 5
    public var periodSeconds: Int = 60
    /// Pause before the first restart; it doubles with each failure in a row.
    public var backoffMilliseconds: Int = 1000
    /// The longest pause.
    public var maxBackoffMilliseconds: Int = 60_000
    /// A new version that fails within this many seconds of starting is rolled back to
    /// the last known good one; one that runs this long becomes the last known good.
    public var healthWindowSeconds: Double = 30

    public init(when: When = .never, maxRestarts: Int = 5, backoffMilliseconds: Int = 1000) {
        self.when = when
        self.maxRestarts = maxRestarts
        self.backoffMilliseconds = backoffMilliseconds
    }
}

/// A parsed, validated manifest.
public struct Manifest: Sendable {
    public var name: String
    public var version: String
    /// The module file, relative to the manifest's directory.
    public var moduleFile: String
    /// Lower-case hex SHA-256 of the module file.
    public var moduleSHA256: String
    public var budgets = ManifestBudgets()
    public var wasi = WASIGrants()
    public var restart = RestartPolicy()
    /// Sections read by host extensions, by key (`gpio`, `i2c`, ...), unparsed: each
    /// extension parses its own.
    public var extensionSections: [String: ConfigValue] = [:]
}

extension Manifest {
    /// The host extensions whose sections manifests may have: GPIO and I2C.
    public static var hardwareExtensions: [any HostExtension.Type] { [GPIOExtension.self, I2CExtension.self] }

    /// Validates a parsed document, including each extension's section (parsed by the
    /// extension itself). Any other unknown key is an error: a typo must not silently
    /// grant nothing.
    public static func parse(_ document: ConfigValue, extensions: [any HostExtension.Type] = hardwareExtensions) throws(ConfigError) -> Manifest {
        var root = try ConfigTable(document, path: "")
        let name = try root.requiredString("name")
        guard !name.isEmpty, name.utf8.allSatisfy({ isNameByte($0) }) else {
            throw ConfigError(field: "name", "\"\(name)\" must be non-empty and use only letters, digits, '.', '_' and '-'")
        }
        let version = try root.requiredString("version")
        guard !version.isEmpty else { throw ConfigError(field: "version", "must not be empty") }

        guard var module = try root.table("module") else { throw ConfigError(field: "module", "is required: [module] with file and sha256") }
        let file = try module.requiredString("file")
        try checkModuleFile(file)
        let sha = try module.requiredString("sha256").lowercased()
        guard sha.utf8.count == 64, sha.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw ConfigError(field: "module.sha256", "expected 64 hex digits (sha256sum of \(file))")
        }
        try module.rejectUnknownKeys()
        var manifest = Manifest(name: name, version: version, moduleFile: file, moduleSHA256: sha)

        if var b = try root.table("budgets") {
            manifest.budgets.memoryBytes = try parseByteSize(b.value("memory"), field: b.field("memory"))
            manifest.budgets.stackSlots = try b.integer("stack", in: 16...(1 << 28)).map { Int($0) }
            manifest.budgets.fuel = try b.integer("fuel", in: 1...Int64.max).map { UInt64($0) }
            if let share = try b.number("cpu_share") {
                guard share > 0 && share <= 1 else { throw ConfigError(field: b.field("cpu_share"), "\(share) is not in (0, 1]") }
                manifest.budgets.cpuShare = share
            }
            try b.rejectUnknownKeys()
        }
        if var w = try root.table("wasi") {
            manifest.wasi.arguments = try w.strings("args") ?? []
            if var env = try w.table("env") {
                for key in env.entries.keys.sorted() {
                    guard !key.isEmpty, !key.contains("=") else { throw ConfigError(field: env.field(key), "not a valid variable name") }
                    manifest.wasi.environment.append((key, try env.requiredString(key)))
                }
            }
            for var d in try w.tables("dirs") {
                let host = try d.requiredString("host")
                let guest = try d.string("guest") ?? host
                guard !host.isEmpty else { throw ConfigError(field: d.field("host"), "must not be empty") }
                guard !guest.isEmpty else { throw ConfigError(field: d.field("guest"), "must not be empty (omit it to use the host path)") }
                manifest.wasi.directories.append(DirectoryGrant(host: host, guest: guest, readOnly: try d.bool("readonly") ?? true))
                try d.rejectUnknownKeys()
            }
            try w.rejectUnknownKeys()
        }
        if var r = try root.table("restart") {
            if let when = try r.string("policy") {
                guard let w = RestartPolicy.When(rawValue: when) else {
                    throw ConfigError(field: r.field("policy"), "\"\(when)\" is not one of \"never\", \"on-failure\", \"always\"")
                }
                manifest.restart.when = w
            }
            manifest.restart.maxRestarts = Int(try r.integer("max_restarts", in: 0...1_000_000) ?? 5)
            manifest.restart.periodSeconds = Int(try r.integer("period_s", in: 1...86_400) ?? 60)
            manifest.restart.backoffMilliseconds = Int(try r.integer("backoff_ms", in: 0...86_400_000) ?? 1000)
            manifest.restart.maxBackoffMilliseconds = Int(try r.integer("max_backoff_ms", in: 0...86_400_000) ?? 60_000)
            if let window = try r.number("health_window_s") {
                guard window >= 0 && window <= 86_400 else { throw ConfigError(field: r.field("health_window_s"), "\(window) is not in [0, 86400]") }
                manifest.restart.healthWindowSeconds = window
            }
            try r.rejectUnknownKeys()
        }
        for e in extensions {
            guard let section = root.value(e.manifestSection) else { continue }
            _ = try e.parseGrants(section)
            manifest.extensionSections[e.manifestSection] = section
        }
        try root.rejectUnknownKeys()
        return manifest
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 95 || b == 45
    }

    /// Bytes from an integer or a string with an optional K, M or G suffix (powers of 1024).
    static func parseByteSize(_ value: ConfigValue?, field: String) throws(ConfigError) -> UInt64? {
        switch value {
        case nil: return nil
        case .integer(let n)? where n > 1 << 32:
            throw ConfigError(field: field, "\(n) is more than 4G, the most a wasm32 module can address")
        case .integer(let n)? where n > 0: return UInt64(n)
        case .string(let s)?:
            var digits = Substring(s)
            var scale: UInt64 = 1
            switch digits.last {
            case "K", "k": scale = 1 << 10
            case "M", "m": scale = 1 << 20
            case "G", "g": scale = 1 << 30
            default: break
            }
            if scale != 1 { digits = digits.dropLast() }
            guard let n = UInt64(digits), n > 0, n <= (1 << 32) / scale else {
                throw ConfigError(field: field, "\"\(s)\" is not a size such as 65536, \"64K\" or \"16M\" (at most 4G)")
            }
            return n * scale
        case let v?:
            throw ConfigError(field: field, "expected a positive size such as 65536 or \"16M\", got \(v.kindName)")
        }
    }
}
