// PinionWast: the "spectest" host module that spec scripts import from.
import PinionBinary
import PinionRuntime

enum SpecTestHost {
    /// Defines the `spectest` module in `store`: the print functions (which do nothing),
    /// four immutable globals, a funcref table (10..20) and a memory (1..2 pages).
    static func define(in store: Store, into imports: inout Imports) {
        let prints: [(String, [ValueType])] = [
            ("print", []), ("print_i32", [.i32]), ("print_i64", [.i64]),
            ("print_f32", [.f32]), ("print_f64", [.f64]),
            ("print_i32_f32", [.i32, .f32]), ("print_f64_f64", [.f64, .f64]),
        ]
        for (name, parameters) in prints {
            let f = store.makeHostFunction(type: FunctionType(parameters: parameters, results: [])) { _, _ in }
            imports.define("spectest", name, .function(f))
        }

        let globals: [(String, ValueType, Value)] = [
            ("global_i32", .i32, .i32(666)),
            ("global_i64", .i64, .i64(666)),
            ("global_f32", .f32, .f32(Float(666.6).bitPattern)),
            ("global_f64", .f64, .f64(Double(666.6).bitPattern)),
        ]
        for (name, type, value) in globals {
            let g = store.makeGlobal(GlobalType(valueType: type, isMutable: false), value)
            imports.define("spectest", name, .global(g))
        }

        if let table = store.makeTable(TableType(elementType: .funcref, limits: Limits(min: 10, max: 20))) {
            imports.define("spectest", "table", .table(table))
        }
        if let memory = store.makeMemory(MemoryType(limits: Limits(min: 1, max: 2))) {
            imports.define("spectest", "memory", .memory(memory))
        }
    }
}
