// PinionValidation: module-level rules (index spaces, limits, constant expressions,
// exports, segments), then each function body through FunctionValidator.
import PinionBinary

/// The index spaces a module sees, imports first.
struct ModuleContext {
    let module: Module
    var functionTypes: [UInt32] = []   // type index per function
    var tables: [TableType] = []
    var memories: [MemoryType] = []
    var globals: [GlobalType] = []
    /// Type index per tag.
    var tags: [UInt32] = []
    var importedGlobalCount = 0
    /// Functions that may be named by `ref.func` inside code (the spec's C.refs).
    var declaredReferences: Set<UInt32> = []

    init(module: Module) {
        self.module = module
        for imp in module.imports {
            switch imp.kind {
            case .function(let t): functionTypes.append(t)
            case .table(let t): tables.append(t)
            case .memory(let m): memories.append(m)
            case .global(let g): globals.append(g)
            case .tag(let t): tags.append(t)
            }
        }
        importedGlobalCount = globals.count
        tags += module.tags
        functionTypes += module.functions
        tables += module.tables
        memories += module.memories
        globals += module.globals.map(\.type)
    }

    func functionType(_ index: UInt32) throws(ValidationError) -> FunctionType {
        guard Int(index) < functionTypes.count else { throw ValidationError("unknown function \(index)") }
        return try type(functionTypes[Int(index)])
    }

    func type(_ index: UInt32) throws(ValidationError) -> FunctionType {
        guard Int(index) < module.types.count else { throw ValidationError("unknown type \(index)") }
        return module.types[Int(index)]
    }
}

struct ModuleValidator {
    let module: Module
    /// Bytes of the state budget left after decoding (bounds block nesting).
    var stateBytesLeft: UInt64 = .max

    func run() throws(ValidationError) -> ValidatedModule {
        var context = ModuleContext(module: module)
        let m = module

        for imp in m.imports {
            switch imp.kind {
            case .function(let t): _ = try context.type(t)
            case .table(let t): try checkTable(t)
            case .memory(let mt): try checkMemory(mt)
            case .global: break
            case .tag(let t): try checkTag(t, context)
            }
        }
        for t in m.tags { try checkTag(t, context) }
        for t in m.functions { _ = try context.type(t) }
        for t in m.tables { try checkTable(t) }
        for mt in m.memories { try checkMemory(mt) }

        // C.refs: every function index named outside function bodies.
        for g in m.globals { context.declaredReferences.formUnion(referencedFunctions(g.initializer)) }
        for seg in m.elements { for item in seg.items { context.declaredReferences.formUnion(referencedFunctions(item)) } }
        for e in m.exports where e.kind == .function { context.declaredReferences.insert(e.index) }

        for (i, g) in m.globals.enumerated() {
            // An initialiser may read the globals before it, imported or defined.
            try checkConstant(g.initializer, type: g.type.valueType, context, visibleGlobals: context.importedGlobalCount + i)
        }

        var exportNames = Set<[UInt8]>()  // bytes: Unicode-equivalent names are distinct
        for e in m.exports {
            guard exportNames.insert(Array(e.name.utf8)).inserted else { throw ValidationError("duplicate export name \"\(e.name)\"") }
            let count: Int
            switch e.kind {
            case .function: count = context.functionTypes.count
            case .table: count = context.tables.count
            case .memory: count = context.memories.count
            case .global: count = context.globals.count
            case .tag: count = context.tags.count
            }
            guard Int(e.index) < count else { throw ValidationError("unknown \(e.kind) \(e.index) in export \"\(e.name)\"") }
        }

        if let start = m.start {
            let t = try context.functionType(start)
            guard t.parameters.isEmpty, t.results.isEmpty else { throw ValidationError("start function must have type [] -> []") }
        }

        for seg in m.elements {
            for item in seg.items { try checkConstant(item, type: seg.type, context) }
            if case .active(let table, let offset) = seg.mode {
                guard Int(table) < context.tables.count else { throw ValidationError("unknown table \(table)") }
                guard context.tables[Int(table)].elementType == seg.type else { throw ValidationError("type mismatch") }
                try checkConstant(offset, type: .i32, context)
            }
        }
        for seg in m.data {
            if case .active(let memory, let offset) = seg.mode {
                guard Int(memory) < context.memories.count else { throw ValidationError("unknown memory \(memory)") }
                try checkConstant(offset, type: .i32, context)
            }
        }

        var entries: [SideTableEntry] = []
        var ranges: [TryRange] = []
        var clauses: [CatchClause] = []
        var infos: [FunctionInfo] = []
        infos.reserveCapacity(m.bodies.count)
        let imported = m.importedFunctionCount
        for (i, body) in m.bodies.enumerated() {
            let typeIndex = m.functions[i]
            var fv = FunctionValidator(context: context, type: m.types[Int(typeIndex)], body: body,
                                       functionIndex: imported + i)
            fv.maxControlDepth = Int(min(stateBytesLeft / UInt64(StateMeter.Cost.controlFrame), UInt64(Int.max)))
            let start = entries.count
            let rangeStart = ranges.count
            let maxHeight = try fv.run(appendingTo: &entries, ranges: &ranges, catchClauses: &clauses)
            infos.append(FunctionInfo(typeIndex: typeIndex, sideTableStart: start,
                                      sideTableCount: entries.count - start,
                                      maxStackHeight: maxHeight, localCount: Int(body.localCount),
                                      tryRangeStart: rangeStart, tryRangeCount: ranges.count - rangeStart))
        }
        return ValidatedModule(module: m, functions: infos, entries: entries, tryRanges: ranges, catchClauses: clauses)
    }

    /// A tag's type must exist and have no results.
    private func checkTag(_ typeIndex: UInt32, _ context: ModuleContext) throws(ValidationError) {
        guard try context.type(typeIndex).results.isEmpty else { throw ValidationError("non-empty tag result type") }
    }

    private func checkTable(_ t: TableType) throws(ValidationError) {
        if let max = t.limits.max, t.limits.min > max {
            throw ValidationError("size minimum must not be greater than maximum")
        }
    }

    private func checkMemory(_ mt: MemoryType) throws(ValidationError) {
        guard mt.pageSizeLog2 == 0 || mt.pageSizeLog2 == 16 else {
            throw ValidationError("invalid custom page size \(mt.pageSizeLog2 < 32 ? "\(1 << mt.pageSizeLog2)" : "2^\(mt.pageSizeLog2)")")
        }
        // 4 GiB in pages (with one-byte pages, every u32 is below it).
        let limit = UInt64(1) << (32 - UInt64(mt.pageSizeLog2))
        if UInt64(mt.limits.min) > limit || UInt64(mt.limits.max ?? 0) > limit {
            throw ValidationError("memory size must be at most \(limit) pages (4GiB)")
        }
        if let max = mt.limits.max, mt.limits.min > max {
            throw ValidationError("size minimum must not be greater than maximum")
        }
    }

    private func referencedFunctions(_ e: ConstExpression) -> [UInt32] {
        e.instructions.compactMap { if case .refFunc(let i) = $0 { i } else { nil } }
    }

    /// A constant expression must leave exactly one value of `type`. It may read the first
    /// `visibleGlobals` globals (all by default) if they are immutable.
    private func checkConstant(_ e: ConstExpression, type: ValueType, _ context: ModuleContext,
                               visibleGlobals: Int? = nil) throws(ValidationError) {
        var stack: [ValueType] = []
        for instruction in e.instructions {
            switch instruction {
            case .i32Const: stack.append(.i32)
            case .i64Const: stack.append(.i64)
            case .f32Const: stack.append(.f32)
            case .f64Const: stack.append(.f64)
            case .refNull(let t): stack.append(t)
            case .refFunc(let i):
                guard Int(i) < context.functionTypes.count else { throw ValidationError("unknown function \(i)", offset: e.offset) }
                stack.append(.funcref)
            case .globalGet(let i):
                guard Int(i) < visibleGlobals ?? context.globals.count else {
                    throw ValidationError("unknown global \(i)", offset: e.offset)
                }
                guard !context.globals[Int(i)].isMutable else {
                    throw ValidationError("constant expression required", offset: e.offset)
                }
                stack.append(context.globals[Int(i)].valueType)
            case .binary(let op):
                guard stack.count >= 2, stack.removeLast() == op.type, stack.removeLast() == op.type else {
                    throw ValidationError("type mismatch", offset: e.offset)
                }
                stack.append(op.type)
            case .nonConstant:
                throw ValidationError("constant expression required", offset: e.offset)
            }
        }
        guard stack == [type] else { throw ValidationError("type mismatch", offset: e.offset) }
    }
}
