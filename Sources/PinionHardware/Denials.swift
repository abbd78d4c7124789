// PinionHardware: recording and logging requests the grants refuse.
import Logging

/// A request a module made that its manifest does not grant.
public struct Denial: Sendable, Hashable, CustomStringConvertible {
    /// The module's name (from its manifest).
    public var module: String
    /// The extension namespace, e.g. `pinion_gpio`.
    public var namespace: String
    /// What the module asked for, e.g. `open GPIO22 as output`.
    public var request: String
    public var error: HardwareError

    public init(module: String, namespace: String, request: String, error: HardwareError) {
        self.module = module
        self.namespace = namespace
        self.request = request
        self.error = error
    }

    public var description: String { "module '\(module)' denied \(namespace): \(request): \(error)" }
}

/// Logs denials (at warning level, with the module name and the request as metadata)
/// and keeps them for tests and `pinion run`'s summary.
public final class DenialLog {
    public let module: String
    public private(set) var denials: [Denial] = []
    let logger: Logger

    public init(module: String, logger: Logger = Logger(label: "pinion.hardware")) {
        self.module = module
        self.logger = logger
    }

    /// Records a denial and returns its error, so callers can `return log.deny(...)`.
    @discardableResult
    public func deny(_ namespace: String, _ request: String, _ error: HardwareError) -> HardwareError {
        let denial = Denial(module: module, namespace: namespace, request: request, error: error)
        denials.append(denial)
        logger.warning("denied: \(request): \(error)", metadata: [
            "module": "\(module)", "extension": "\(namespace)",
        ])
        return error
    }
}
