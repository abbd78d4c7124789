// PinionRuntime: what a module's imports resolve to.
import PinionBinary

/// Something an instance exports or a module imports.
public enum ExternalValue {
    case function(Function)
    case table(Table)
    case memory(Memory)
    case global(GlobalVariable)
    case tag(Tag)
}

/// A set of definitions, by module name and field name, to satisfy imports from.
public struct Imports {
    /// Keyed by UTF-8 bytes: names that Unicode calls equivalent are still distinct.
    var definitions: [[UInt8]: [[UInt8]: ExternalValue]] = [:]
    var instances: [[UInt8]: Instance] = [:]

    public init() {}

    /// Defines `module.name`.
    public mutating func define(_ module: String, _ name: String, _ value: ExternalValue) {
        definitions[Array(module.utf8), default: [:]][Array(name.utf8)] = value
    }

    /// Makes every export of `instance` importable under `module`.
    public mutating func register(_ instance: Instance, as module: String) {
        instances[Array(module.utf8)] = instance
        definitions[Array(module.utf8)] = nil
    }

    /// Looks up `module.name`.
    public func lookup(_ module: String, _ name: String) -> ExternalValue? {
        if let value = definitions[Array(module.utf8)]?[Array(name.utf8)] { return value }
        return instances[Array(module.utf8)]?.export(name)
    }

    /// Whether anything is defined under `module`.
    public func hasModule(_ module: String) -> Bool {
        definitions[Array(module.utf8)] != nil || instances[Array(module.utf8)] != nil
    }
}
