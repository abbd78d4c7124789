// PinionHardware: the protocol every hardware host extension (GPIO, I2C; later SPI,
// PWM, UART) implements, so that new ones need no engine change.
import PinionBinary
import PinionRuntime

/// Why an extension is told to let go of what a module holds.
public enum ReleaseReason: String, Sendable {
    /// `_start` returned or the module called `proc_exit`.
    case exited
    /// The module trapped.
    case trapped
    /// The module was stopped from outside (a signal, the supervisor, an interrupt).
    case stopped
    /// The module is being replaced by a new version.
    case swapped
}

/// One host function an extension offers: its import name, type and body.
public struct HostFunctionDefinition {
    public var name: String
    public var type: FunctionType
    public var body: HostFunctionBody

    public init(_ name: String, _ parameters: [ValueType], _ results: [ValueType], _ body: @escaping HostFunctionBody) {
        self.name = name
        self.type = FunctionType(parameters: parameters, results: results)
        self.body = body
    }
}

/// A group of host functions under one import namespace, gated by one manifest section.
///
/// An extension is created per module instance with that module's grants, checks every
/// request against them (deny by default; denials are logged with the module's name),
/// and releases everything it handed out when the module stops. See the GPIO extension
/// (`GPIOExtension`) for a worked example.
public protocol HostExtension: AnyObject {
    /// What the manifest grants, parsed from the extension's section.
    associatedtype Grants
    /// One request a module makes, as checked against the grants and logged when denied.
    associatedtype Request: CustomStringConvertible

    /// The import module name, e.g. `pinion_gpio`.
    static var namespace: String { get }
    /// The manifest key it reads, e.g. `gpio` for `[[gpio]]` tables.
    static var manifestSection: String { get }
    /// Parses the section (`nil` when the manifest has none: grant nothing). Errors name
    /// the field, e.g. `gpio[0].safe_level`.
    static func parseGrants(_ section: ConfigValue?) throws(ConfigError) -> Grants

    /// The host functions to define under `namespace`.
    func hostFunctions() -> [HostFunctionDefinition]
    /// Nil when the grants allow `request`, otherwise the error to return to the module.
    func check(_ request: Request) -> HardwareError?
    /// Releases everything the module holds (closing handles, driving outputs to their
    /// safe levels). Called when the module exits, traps, is stopped or swapped; safe to
    /// call more than once.
    func release(_ reason: ReleaseReason)
}

extension HostExtension {
    /// Defines every host function under `Self.namespace` in `imports`.
    public func define(in imports: inout Imports, store: Store) {
        for function in hostFunctions() {
            imports.define(Self.namespace, function.name, .function(store.makeHostFunction(type: function.type, function.body)))
        }
    }

    /// The import names, for documentation and `pinion inspect`.
    public var functionNames: [String] { hostFunctions().map(\.name) }
}
