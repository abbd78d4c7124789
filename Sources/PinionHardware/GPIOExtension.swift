// PinionHardware: the GPIO extension: handles, grant checks and release for one module.
// This is the worked example of a `HostExtension`; its host functions are in
// GPIOHostFunctions.swift.
import PinionRuntime

/// GPIO for one module instance: opens only granted lines with granted settings, and
/// drives outputs to their safe levels when the module stops.
public final class GPIOExtension: HostExtension {
    public typealias Grants = [GPIOGrant]
    public static let namespace = "pinion_gpio"
    public static let manifestSection = "gpio"
    /// Lines in one request: values travel as bits of an i32 whose sign marks errors.
    public static let maxLinesPerRequest = 31
    /// Longest `names` string `open` reads: 31 names of at most `GPIOGrant.maxAliasBytes`
    /// with room for commas and spaces. Longer ones are refused as `pin-not-allowed`.
    public static let maxNamesBytes: UInt64 = 4096
    /// Bytes of each name a denial shows.
    public static let maxNameBytesShown = 64

    /// What `pinion_gpio.open` asks for: lines by alias or board name, and settings.
    public struct Request: CustomStringConvertible {
        /// Aliases or board names of the lines, in request order.
        public var names: [String]
        /// The settings asked for.
        public var settings: LineSettings
        /// `open` or `reconfigure`, for logs.
        public var verb = "open"
        /// Bytes of the names not read (a request longer than `maxNamesBytes`).
        var cutBytes = 0
        public init(names: [String], settings: LineSettings) {
            self.names = names
            self.settings = settings
        }
        public var description: String {
            let s = settings
            // Names come from the module: each is cut here (and escaped by the log).
            var shown = names.map { name in
                let bytes = name.utf8
                guard bytes.count > GPIOExtension.maxNameBytesShown else { return name }
                return String(decoding: bytes.prefix(GPIOExtension.maxNameBytesShown), as: UTF8.self)
                    + "…(\(bytes.count - GPIOExtension.maxNameBytesShown) more bytes)"
            }
            if cutBytes > 0, let last = shown.popLast() { shown.append(last + "…(\(cutBytes) more bytes)") }
            var parts = ["\(verb) \(shown.joined(separator: ",")) as \(s.direction)"]
            if s.bias != .asIs { parts.append("bias \(s.bias.rawValue)") }
            if s.direction == .output && s.drive != .pushPull { parts.append("drive \(s.drive.rawValue)") }
            if s.edge != .none { parts.append("edge \(s.edge.rawValue)") }
            return parts.joined(separator: ", ")
        }
    }

    /// A grant matched to the board's line.
    struct ResolvedGrant {
        var grant: GPIOGrant
        var line: BoardLine
    }

    /// An open request: what a handle refers to.
    final class OpenLines {
        let request: GPIOLineRequest
        let grants: [ResolvedGrant]
        /// The names the module opened the lines by, for checks and logs.
        let names: [String]
        var settings: LineSettings
        var isOutput: Bool
        /// Bits that belong to a line of this request.
        let mask: UInt32
        init(request: GPIOLineRequest, grants: [ResolvedGrant], names: [String], settings: LineSettings) {
            self.request = request
            self.grants = grants
            self.names = names
            self.settings = settings
            self.isOutput = settings.direction == .output
            self.mask = UInt32.max >> (32 - grants.count)
        }
    }

    public static func parseGrants(_ section: ConfigValue?) throws(ConfigError) -> [GPIOGrant] {
        try GPIOGrant.parseAll(section)
    }

    /// The board the module runs on.
    public let board: BoardDefinition
    let backend: GPIOBackend
    let grants: [ResolvedGrant]
    /// Where denials go (shared by the session's extensions).
    public let log: DenialLog
    /// Open requests by handle; a closed handle's slot is nil until reused.
    var handles: ContiguousArray<OpenLines?> = []
    /// Every line the module has had as an output (by board offset), closed or not: all
    /// go to their safe levels at release, so closing a line first cannot skip it.
    var drivenLines: [Int: ResolvedGrant] = [:]
    /// The running instance's interrupt flag, seen at its first `open`, so that a stop
    /// request can interrupt it.
    public private(set) var interrupt: InterruptFlag?

    /// Creates the extension for one module. Throws when a grant names a line the board
    /// does not have (the error names the manifest field).
    public init(grants: [GPIOGrant], board: BoardDefinition, backend: GPIOBackend, log: DenialLog) throws(ConfigError) {
        var resolved: [ResolvedGrant] = []
        for grant in grants {
            let line: BoardLine?
            switch grant.pin {
            case .name(let n): line = board.line(named: n)
            case .header(let p): line = board.line(onHeaderPin: p)
            }
            guard let line else {
                let power = board.powerPins.first { if case .header(let p) = grant.pin { $0.headerPin == p } else { false } }
                throw ConfigError(field: "\(grant.field).pin", power.map { "header pin \($0.headerPin) is \($0.name) on board \(board.name), not a GPIO line" }
                                  ?? "board \(board.name) has no GPIO line \(grant.pin)")
            }
            if let other = resolved.first(where: { $0.line == line }) {
                throw ConfigError(field: "\(grant.field).pin", "\(line.name) is already granted by \(other.grant.field)")
            }
            resolved.append(ResolvedGrant(grant: grant, line: line))
        }
        self.board = board
        self.backend = backend
        self.grants = resolved
        self.log = log
    }

    /// The grant a module's name refers to: an alias exactly, or the board's line name.
    func grant(named name: String) -> ResolvedGrant? {
        if let g = grants.first(where: { $0.grant.alias == name }) { return g }
        let upper = name.uppercased()
        return grants.first { $0.line.name.uppercased() == upper }
    }

    public func check(_ request: Request) -> HardwareError? {
        let s = request.settings
        for name in request.names {
            guard let g = grant(named: name)?.grant else { return .pinNotAllowed }
            guard g.modes.contains(s.direction), g.biases.contains(s.bias), g.allows(edge: s.edge) else { return .modeNotAllowed }
            if s.direction == .output && !g.drives.contains(s.drive) { return .modeNotAllowed }
        }
        return nil
    }

    /// Opens lines for the module; returns the handle.
    func open(_ request: Request, interrupt: InterruptFlag?) throws(HardwareError) -> Int32 {
        if self.interrupt == nil { self.interrupt = interrupt }
        guard !request.names.isEmpty, request.names.count <= Self.maxLinesPerRequest else { throw .invalidArgument }
        if let error = check(request) { throw log.deny(Self.namespace, request.description, error) }
        let lines = request.names.map { grant(named: $0)! }
        guard Set(lines.map(\.line)).count == lines.count else { throw .invalidArgument }
        let offsets = lines.map(\.line.offset)
        try LineClaims.claim(chip: board.gpioChipLabel, offsets: offsets, owner: log.module)
        let backendRequest: GPIOLineRequest
        do {
            backendRequest = try backend.request(lines: lines.map(\.line), settings: request.settings, consumer: "pinion:\(log.module)")
        } catch {
            LineClaims.release(chip: board.gpioChipLabel, offsets: offsets)
            throw error
        }
        let open = OpenLines(request: backendRequest, grants: lines, names: request.names, settings: request.settings)
        if open.isOutput { noteDriven(open) }
        if let free = handles.firstIndex(where: { $0 == nil }) {
            handles[free] = open
            return Int32(free)
        }
        handles.append(open)
        return Int32(handles.count - 1)
    }

    @inline(__always)
    func lines(_ handle: Int32) throws(HardwareError) -> OpenLines {
        guard handle >= 0, Int(handle) < handles.count, let open = handles[Int(handle)] else { throw .badHandle }
        return open
    }

    /// Writes logical values; the hot path of `pinion_gpio.write`.
    @inline(__always)
    func write(_ handle: Int32, _ values: UInt32) throws(HardwareError) {
        let open = try lines(handle)
        guard open.isOutput else { throw .modeNotAllowed }
        try open.request.write(values & open.mask)
    }

    /// Changes an open request's settings, checked against the grants like `open`.
    func reconfigure(_ handle: Int32, _ settings: LineSettings) throws(HardwareError) {
        let open = try lines(handle)
        var request = Request(names: open.names, settings: settings)
        request.verb = "reconfigure"
        if let error = check(request) { throw log.deny(Self.namespace, request.description, error) }
        try open.request.reconfigure(settings)
        open.settings = settings
        open.isOutput = settings.direction == .output
        if open.isOutput { noteDriven(open) }
    }

    private func noteDriven(_ open: OpenLines) {
        for g in open.grants where drivenLines[g.line.offset] == nil { drivenLines[g.line.offset] = g }
    }

    func close(_ handle: Int32) throws(HardwareError) {
        let open = try lines(handle)
        open.request.release()
        LineClaims.release(chip: board.gpioChipLabel, offsets: open.grants.map(\.line.offset))
        handles[Int(handle)] = nil
    }

    public func release(_ reason: ReleaseReason) {
        var stillOpen: Set<Int> = []
        for (i, open) in handles.enumerated() {
            guard let open else { continue }
            // A line open as an input now may have been driven before: it is requested
            // again below, once this request has let it go.
            if open.isOutput {
                driveSafeLevels(open)
                for g in open.grants { stillOpen.insert(g.line.offset) }
            }
            open.request.release()
            LineClaims.release(chip: board.gpioChipLabel, offsets: open.grants.map(\.line.offset))
            handles[i] = nil
        }
        for (offset, g) in drivenLines.sorted(by: { $0.key < $1.key }) where !stillOpen.contains(offset) {
            driveSafeLevel(ofReleased: g)
        }
        drivenLines = [:]
    }

    /// Drives a line the module drove once but no longer holds to its safe level, by
    /// requesting it briefly as an output, unless another module holds it now.
    func driveSafeLevel(ofReleased g: ResolvedGrant) {
        var settings = LineSettings()
        settings.direction = .output
        // A drive the grant allows (open-drain only lines must not be driven push-pull).
        settings.drive = g.grant.drives.contains(.pushPull) ? .pushPull : g.grant.drives.sorted { $0.rawValue < $1.rawValue }.first ?? .pushPull
        switch g.grant.safeLevel {
        case .low: settings.initialValues = 0
        case .high: settings.initialValues = 1
        case .release: return
        }
        let offsets = [g.line.offset]
        do throws(HardwareError) {
            try LineClaims.claim(chip: board.gpioChipLabel, offsets: offsets, owner: log.module)
        } catch { return }  // another module holds it: its level is that module's now
        defer { LineClaims.release(chip: board.gpioChipLabel, offsets: offsets) }
        guard let request = try? backend.request(lines: [g.line], settings: settings, consumer: "pinion:\(log.module)") else { return }
        request.release()
    }

    /// Drives each output line whose grant names a safe level to it (a physical level,
    /// so active-low requests get the inverted logical value); others keep their value.
    func driveSafeLevels(_ open: OpenLines) {
        var values = (try? open.request.read()) ?? 0
        var changed = false
        for (i, g) in open.grants.enumerated() {
            let physicalHigh: Bool
            switch g.grant.safeLevel {
            case .low: physicalHigh = false
            case .high: physicalHigh = true
            case .release: continue
            }
            let logicalHigh = physicalHigh != open.settings.activeLow
            if logicalHigh { values |= 1 << i } else { values &= ~(1 << i) }
            changed = true
        }
        if changed { try? open.request.write(values) }
    }

    /// Number of open handles (for tests and diagnostics).
    public var openHandleCount: Int { handles.count { $0 != nil } }
}
