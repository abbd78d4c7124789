// fuzz: libFuzzer target (b): instantiate arbitrary bytes that validate and call every
// exported function with zero arguments, under small budgets (1 MiB of memory and
// tables, 100,000 fuel per call, a 4,096-slot stack, 256 frames). Imports are stubs:
// functions trap, memories, tables and globals are small and zeroed. Traps, failed
// instantiations and exhausted budgets are fine; crashes, sanitizer reports, hangs and
// growth past the budgets are not.
import PinionBinary
import PinionRuntime
import PinionValidation

private let budgets = Budgets(memoryBytes: 1 << 20, valueStackSlots: 4096, maxCallDepth: 256,
                              maxTableElements: 16_384, fuel: 100_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExecute(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // Decoded state is bounded by the memory budget, as `pinion run` bounds it.
    guard let module = try? ValidatedModule.load(bytes, maxStateBytes: budgets.memoryBytes) else { return 0 }
    let store = Store()
    defer { store.close() }  // otherwise every input's instance stays (see Store.close)
    guard let imports = stubImports(for: module.module, in: store),
          let instance = try? store.instantiate(module, imports: imports, budgets: budgets) else { return 0 }
    for export in module.module.exports where export.kind == .function {
        guard let function = instance.function(export.name) else { continue }
        instance.remainingFuel = budgets.fuel
        _ = try? function.invoke(function.type.parameters.map { Value.zero($0) })
    }
    precondition(instance.memoryBudgetUsed <= budgets.memoryBytes, "memory budget exceeded: \(instance.memoryBudgetUsed)")
    return 0
}

/// An import of each kind the module asks for, or nil when one would be too large to make
/// (the module is then as good as unlinkable).
private func stubImports(for module: Module, in store: Store) -> Imports? {
    var imports = Imports()
    for imp in module.imports {
        switch imp.kind {
        case .function(let typeIndex):
            guard Int(typeIndex) < module.types.count else { return nil }
            imports.define(imp.module, imp.name, .function(store.makeHostFunction(type: module.types[Int(typeIndex)]) {
                (_: Caller, _: UnsafeMutablePointer<UInt64>) throws(Trap) in throw Trap(.host("fuzz: imported function called"))
            }))
        case .memory(let type):
            guard type.limits.min <= 16, let memory = store.makeMemory(type, budgetPages: 16) else { return nil }
            imports.define(imp.module, imp.name, .memory(memory))
        case .table(let type):
            guard type.limits.min <= 1024, let table = store.makeTable(type) else { return nil }
            imports.define(imp.module, imp.name, .table(table))
        case .global(let type):
            imports.define(imp.module, imp.name, .global(store.makeGlobal(type, .zero(type.valueType))))
        case .tag(let typeIndex):
            guard Int(typeIndex) < module.types.count else { return nil }
            imports.define(imp.module, imp.name, .tag(store.makeTag(type: module.types[Int(typeIndex)])))
        }
    }
    return imports
}
