// PinionHardware: what a manifest's `[[gpio]]` tables grant, and parsing them.

/// One granted GPIO line, as written in the manifest.
///
/// ```toml
/// [[gpio]]
/// pin = "GPIO17"         # the board's line name, or a header pin number (11)
/// alias = "led"          # the name the module opens it by (optional)
/// modes = ["output"]     # "input" and/or "output"
/// bias = ["pull-up"]     # allowed besides leaving it as is: "disabled", "pull-up", "pull-down"
/// drive = ["push-pull"]  # allowed output drives (default: push-pull)
/// edges = ["both"]       # allowed edge detection: "rising", "falling", "both" (default: none)
/// safe_level = "low"     # "low", "high" or "release"; required for outputs
/// ```
public struct GPIOGrant: Sendable, Hashable {
    /// How the manifest names the line.
    public enum PinReference: Sendable, Hashable, CustomStringConvertible {
        case name(String)
        case header(Int)
        public var description: String {
            switch self {
            case .name(let n): n
            case .header(let p): "header pin \(p)"
            }
        }
    }

    /// The physical level an output is left at when the module stops or crashes.
    public enum SafeLevel: String, Sendable, Hashable, CaseIterable {
        case low, high
        /// Leave the line as the module left it and just release it.
        case release
    }

    /// The line, as the manifest names it.
    public var pin: PinReference
    /// Longest alias: a module's request for lines is read only up to a bound.
    public static let maxAliasBytes = 64
    /// The name the module may open it by, besides the board's name.
    public var alias: String?
    /// Allowed directions.
    public var modes: Set<LineDirection>
    /// Allowed biases; `.asIs` is always allowed.
    public var biases: Set<LineBias>
    /// Allowed drives for outputs; push-pull unless the manifest says otherwise.
    public var drives: Set<LineDrive>
    /// Allowed edge settings; `.none` is always allowed.
    public var edges: Set<LineEdge>
    /// Where an output is left when the module stops.
    public var safeLevel: SafeLevel
    /// Where it came from, e.g. `gpio[0]`, for errors.
    public var field: String

    public init(pin: PinReference, alias: String? = nil, modes: Set<LineDirection>, biases: Set<LineBias> = [],
                drives: Set<LineDrive> = [.pushPull], edges: Set<LineEdge> = [], safeLevel: SafeLevel = .release,
                field: String = "gpio") {
        self.pin = pin
        self.alias = alias
        self.modes = modes
        self.biases = biases.union([.asIs])
        self.drives = drives
        self.edges = edges.union([.none])
        self.safeLevel = safeLevel
        self.field = field
    }

    /// Whether an edge setting is allowed: "both" in the manifest allows each single edge too.
    public func allows(edge: LineEdge) -> Bool {
        edges.contains(edge) || (edges.contains(.both) && edge != .none)
    }

    /// Parses the manifest's `gpio` array of tables.
    public static func parseAll(_ section: ConfigValue?) throws(ConfigError) -> [GPIOGrant] {
        guard let section else { return [] }
        var root = try ConfigTable(.table(["gpio": section]), path: "")
        var grants: [GPIOGrant] = []
        var aliases: Set<String> = []
        for var table in try root.tables("gpio") {
            let grant = try parse(&table)
            if let alias = grant.alias {
                guard aliases.insert(alias).inserted else {
                    throw ConfigError(field: table.field("alias"), "\"\(alias)\" is used by another [[gpio]] entry")
                }
            }
            grants.append(grant)
        }
        return grants
    }

    static func parse(_ table: inout ConfigTable) throws(ConfigError) -> GPIOGrant {
        let pin: PinReference
        switch table.value("pin") {
        case .string(let s)?: pin = .name(s)
        case .integer(let n)? where (1...40).contains(n): pin = .header(Int(n))
        case .integer(let n)?: throw ConfigError(field: table.field("pin"), "header pin \(n) is not in 1...40")
        case let v?: throw ConfigError(field: table.field("pin"), "expected a line name (\"GPIO17\") or a header pin number, got \(v.kindName)")
        case nil: throw ConfigError(field: table.field("pin"), "is required")
        }
        let alias = try table.string("alias")
        if let alias, alias.isEmpty || alias.contains(",") || alias.utf8.count > GPIOGrant.maxAliasBytes {
            throw ConfigError(field: table.field("alias"), "must be non-empty, at most \(GPIOGrant.maxAliasBytes) bytes, and contain no comma")
        }
        guard let modeNames = try table.strings("modes", allowed: ["input", "output"]), !modeNames.isEmpty else {
            throw ConfigError(field: table.field("modes"), "is required: [\"input\"], [\"output\"] or both")
        }
        let modes = Set(modeNames.map { $0 == "input" ? LineDirection.input : .output })
        let biases = try table.strings("bias", allowed: ["disabled", "pull-up", "pull-down"]) ?? []
        let drives = try table.strings("drive", allowed: LineDrive.allCases.map(\.rawValue)) ?? ["push-pull"]
        let edges = try table.strings("edges", allowed: ["rising", "falling", "both"]) ?? []
        if !edges.isEmpty && !modes.contains(.input) {
            throw ConfigError(field: table.field("edges"), "edge detection needs \"input\" in modes")
        }
        let safe = try table.string("safe_level")
        let safeLevel: SafeLevel
        if let safe {
            guard let level = SafeLevel(rawValue: safe) else {
                throw ConfigError(field: table.field("safe_level"), "\"\(safe)\" is not one of \"low\", \"high\", \"release\"")
            }
            safeLevel = level
        } else if modes.contains(.output) {
            throw ConfigError(field: table.field("safe_level"),
                              "is required when modes include \"output\": \"low\", \"high\" or \"release\"")
        } else {
            safeLevel = .release
        }
        try table.rejectUnknownKeys()
        return GPIOGrant(pin: pin, alias: alias, modes: modes,
                         biases: Set(biases.compactMap(LineBias.init(rawValue:))),
                         drives: Set(drives.compactMap(LineDrive.init(rawValue:))),
                         edges: Set(edges.compactMap(LineEdge.init(rawValue:))),
                         safeLevel: safeLevel, field: table.path)
    }
}
