// PinionValidation: module-level rules (index spaces, limits, constant expressions,
// exports, segments), then each function body through FunctionValidator.
import PinionBinary

/// The index spaces a module sees, imports first. Every type in it is canonical: a type
/// index names the first of the module's types equivalent to it (see `TypeEquivalence`),
/// so equal types compare equal and `ValueType.isSubtype` needs no context.
struct ModuleContext {
    let module: Module
    /// The module's types, canonical.
    var types: [FunctionType] = []
    /// Per type index, the first index of an equivalent type.
    var canonicalIndex: [UInt32] = []
    var functionTypes: [UInt32] = []   // type index per function
    var tables: [TableType] = []
    var memories: [MemoryType] = []
    var globals: [GlobalType] = []
    /// Type index per tag.
    var tags: [UInt32] = []
    var importedGlobalCount = 0
    /// Functions that may be named by `ref.func` inside code (the spec's C.refs).
    var declaredReferences: Set<UInt32> = []

    init(module: Module) throws(ValidationError) {
        self.module = module
        var firstWithKey: [FunctionType: UInt32] = [:]
        for i in module.types.indices {
            let known = canonicalIndex
            guard let key = FunctionType.canonicalKey(of: i, in: module.types, identity: { .index(known[Int($0)]) }) else {
                throw ValidationError("unknown type: type \(i) refers to a later or missing type")
            }
            if let first = firstWithKey[key] {
                canonicalIndex.append(first)
            } else {
                firstWithKey[key] = UInt32(i)
                canonicalIndex.append(UInt32(i))
            }
        }
        let canonicalIndex = canonicalIndex
        types = module.types.map { t in
            t.mapHeapTypes { (h: HeapType) -> HeapType in
                if case .index(let j) = h { .index(canonicalIndex[Int(j)]) } else { h }
            }
        }
        for imp in module.imports {
            switch imp.kind {
            case .function(let t): functionTypes.append(t)
            case .table(let t): tables.append(try canonical(t))
            case .memory(let m): memories.append(m)
            case .tag(let t): tags.append(t)
            case .global(let g): globals.append(GlobalType(valueType: try canonical(g.valueType), isMutable: g.isMutable))
            }
        }
        importedGlobalCount = globals.count
        tags += module.tags
        functionTypes += module.functions
        for t in module.tables { tables.append(try canonical(t)) }
        memories += module.memories
        for g in module.globals {
            globals.append(GlobalType(valueType: try canonical(g.type.valueType), isMutable: g.type.isMutable))
        }
    }

    /// `t` with its type index made canonical; "unknown type" if it names no type.
    func canonical(_ t: ValueType) throws(ValidationError) -> ValueType {
        try t.mapHeapType(canonical)
    }

    func canonical(_ h: HeapType) throws(ValidationError) -> HeapType {
        guard case .index(let j) = h else { return h }
        guard Int(j) < canonicalIndex.count else { throw ValidationError("unknown type \(j)") }
        return .index(canonicalIndex[Int(j)])
    }

    func canonical(_ t: TableType) throws(ValidationError) -> TableType {
        TableType(elementType: try canonical(t.elementType), limits: t.limits)
    }

    func functionType(_ index: UInt32) throws(ValidationError) -> FunctionType {
        guard Int(index) < functionTypes.count else { throw ValidationError("unknown function \(index)") }
        return try type(functionTypes[Int(index)])
    }

    /// The type of `ref.func index`: a non-null reference to the function's (canonical) type.
    func referenceType(ofFunction index: UInt32) throws(ValidationError) -> ValueType {
        _ = try functionType(index)
        return .ref(.index(canonicalIndex[Int(functionTypes[Int(index)])]), nullable: false)
    }

    func type(_ index: UInt32) throws(ValidationError) -> FunctionType {
        guard Int(index) < types.count else { throw ValidationError("unknown type \(index)") }
        return types[Int(index)]
    }
}

struct ModuleValidator {
    let module: Module
    /// Bytes of the state budget left after decoding (bounds block nesting).
    var stateBytesLeft: UInt64 = .max

    func run() throws(ValidationError) -> ValidatedModule {
        var context = try ModuleContext(module: module)
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
        let importedTables = context.tables.count - m.tables.count
        for (i, initializer) in m.tableInitializers.enumerated() {
            let elementType = context.tables[importedTables + i].elementType
            if let initializer {
                // Tables come before globals in the module: their initialisers see imported ones only.
                try checkConstant(initializer, type: elementType, context, visibleGlobals: context.importedGlobalCount)
            } else if !elementType.isDefaultable {
                throw ValidationError("type mismatch: table \(importedTables + i) of \(elementType) needs an initialiser")
            }
        }
        for mt in m.memories { try checkMemory(mt) }

        // C.refs: every function index named outside function bodies.
        for g in m.globals { context.declaredReferences.formUnion(referencedFunctions(g.initializer)) }
        for seg in m.elements { for item in seg.items { context.declaredReferences.formUnion(referencedFunctions(item)) } }
        for e in m.exports where e.kind == .function { context.declaredReferences.insert(e.index) }

        for (i, g) in m.globals.enumerated() {
            // An initialiser may read the globals before it, imported or defined.
            let index = context.importedGlobalCount + i
            try checkConstant(g.initializer, type: context.globals[index].valueType, context, visibleGlobals: index)
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
            let type = try context.canonical(seg.type)
            for item in seg.items { try checkConstant(item, type: type, context) }
            if case .active(let table, let offset) = seg.mode {
                guard Int(table) < context.tables.count else { throw ValidationError("unknown table \(table)") }
                guard type.isSubtype(of: context.tables[Int(table)].elementType) else { throw ValidationError("type mismatch") }
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
            var fv = FunctionValidator(context: context, type: context.types[Int(typeIndex)], body: body,
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
            case .refNull(let h): stack.append(.ref(try context.canonical(h), nullable: true))
            case .refFunc(let i):
                guard Int(i) < context.functionTypes.count else { throw ValidationError("unknown function \(i)", offset: e.offset) }
                stack.append(try context.referenceType(ofFunction: i))
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
        guard stack.count == 1, stack[0].isSubtype(of: type) else { throw ValidationError("type mismatch", offset: e.offset) }
    }
}
