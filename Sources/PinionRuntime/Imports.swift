// PinionRuntime: what a module's imports resolve to.
import PinionBinary

/// Something an instance exports or a module imports.
public enum ExternalValue {
    case function(Function)
    case table(Table)
    case memory(Memory)
    case global(GlobalVariable)
}

/// A set of definitions, by module name and field name, to satisfy imports from.
public struct Imports {
    var definitions: [String: [String: ExternalValue]] = [:]
    var instances: [String: Instance] = [:]

    public init() {}

    /// Defines `module.name`.
    public mutating func define(_ module: String, _ name: String, _ value: ExternalValue) {
        definitions[module, default: [:]][name] = value
    }

    /// Makes every export of `instance` importable under `module`.
    public mutating func register(_ instance: Instance, as module: String) {
        instances[module] = instance
        definitions[module] = nil
    }

    /// Looks up `module.name`.
    public func lookup(_ module: String, _ name: String) -> ExternalValue? {
        if let value = definitions[module]?[name] { return value }
        return instances[module]?.export(name)
    }

    /// Whether anything is defined under `module`.
    public func hasModule(_ module: String) -> Bool {
        definitions[module] != nil || instances[module] != nil
    }
}
