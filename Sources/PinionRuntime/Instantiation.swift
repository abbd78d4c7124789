// PinionRuntime: instantiation: linking imports, allocating state under budgets,
// running segment initialisers and the start function, in the spec's order.
import PinionBinary
import PinionValidation

/// Why instantiation failed.
public enum InstantiationError: Error, CustomStringConvertible {
    /// An import is missing or has the wrong type (the spec's "unlinkable").
    case unlinkable(String)
    /// A segment initialiser or the start function trapped (the spec's "uninstantiable").
    case trap(Trap)
    /// The module asks for more than the instance's budgets allow.
    case budgetExceeded(String)

    public var description: String {
        switch self {
        case .unlinkable(let s): "unlinkable: \(s)"
        case .trap(let t): "instantiation \(t)"
        case .budgetExceeded(let s): "budget exceeded: \(s)"
        }
    }
}

extension Store {
    /// Instantiates a validated module, resolving its imports from `imports`. Raising
    /// `interrupt` (the new instance's `interrupt`) stops its start function too.
    public func instantiate(_ module: ValidatedModule, imports: Imports = Imports(),
                            budgets: Budgets = Budgets(),
                            interrupt: InterruptFlag = InterruptFlag()) throws(InstantiationError) -> Instance {
        let m = module.module
        let execution: ExecutionContext
        do { execution = try ExecutionContext(budgets: budgets, interrupt: interrupt) } catch {
            throw .budgetExceeded(error.description)
        }
        let instance = Instance(module: module, store: self, budgets: budgets, execution: execution, interrupt: interrupt)
        let context = instance.context

        // Store-wide type ids, so that types compare across modules (see `TypeEquivalence`).
        let typeIDs = UnsafeMutablePointer<UInt32>.allocate(capacity: max(m.types.count, 1))
        for i in m.types.indices {
            let key = FunctionType.canonicalKey(of: i, in: m.types) { .canonical(typeIDs[Int($0)]) }!  // validated
            typeIDs[i] = typeID(of: key)
        }
        context.pointee.typeIDs.deallocate()
        context.pointee.typeIDs = typeIDs
        /// A type of the module as runtime objects carry it: defined types by store-wide id.
        func canonical(_ t: ValueType) -> ValueType {
            t.mapHeapType { h in if case .index(let j) = h { .canonical(typeIDs[Int(j)]) } else { h } }
        }

        // Imports.
        for imp in m.imports {
            guard let value = imports.lookup(imp.module, imp.name) else {
                throw .unlinkable("unknown import \(imp.module).\(imp.name)")
            }
            switch (imp.kind, value) {
            case (.function(let typeIndex), .function(let f)):
                guard f.record.pointee.typeID == typeIDs[Int(typeIndex)] else {
                    throw .unlinkable("incompatible import type for \(imp.module).\(imp.name): expected \(m.types[Int(typeIndex)]), got \(f.type)")
                }
                instance.functions.append(f)
            case (.table(let want), .table(let t)):
                guard t.type.elementType == canonical(want.elementType), limitsMatch(t.type.limits, want.limits) else {
                    throw .unlinkable("incompatible import type for table \(imp.module).\(imp.name)")
                }
                instance.tables.append(t)
            case (.memory(let want), .memory(let mem)):
                guard limitsMatch(mem.type.limits, want.limits), mem.type.pageSizeLog2 == want.pageSizeLog2 else {
                    throw .unlinkable("incompatible import type for memory \(imp.module).\(imp.name)")
                }
                instance.memories.append(mem)
            case (.global(let want), .global(let g)):
                let wantType = canonical(want.valueType)
                guard g.type.isMutable == want.isMutable,
                      want.isMutable ? g.type.valueType == wantType : g.type.valueType.isSubtype(of: wantType) else {
                    throw .unlinkable("incompatible import type for global \(imp.module).\(imp.name)")
                }
                instance.globals.append(g)
            case (.tag(let typeIndex), .tag(let t)):
                guard t.store === self, tagTypeIDs[Int(t.address)] == typeIDs[Int(typeIndex)] else {
                    throw .unlinkable("incompatible import type for tag \(imp.module).\(imp.name)")
                }
                instance.tags.append(t)
            default:
                throw .unlinkable("incompatible import type: \(imp.module).\(imp.name) is a different kind")
            }
        }

        // Context arrays (sized once: the module fixes every index space).
        let functionCount = instance.functions.count + m.functions.count
        let functionPointers = UnsafeMutablePointer<UnsafeMutablePointer<FunctionRecord>>.allocate(capacity: max(functionCount, 1))
        let globalCount = instance.globals.count + m.globals.count
        let tableCount = instance.tables.count + m.tables.count
        context.pointee.globals.deallocate()
        context.pointee.globals = .allocate(capacity: max(globalCount, 1))
        context.pointee.functions.deallocate()
        context.pointee.functions = functionPointers
        context.pointee.tables.deallocate()
        context.pointee.tables = .allocate(capacity: max(tableCount, 1))
        for t in m.tags { instance.tags.append(makeTag(typeID: typeIDs[Int(t)])) }
        context.pointee.tags.deallocate()
        context.pointee.tags = .allocate(capacity: max(instance.tags.count, 1))
        for (i, t) in instance.tags.enumerated() { context.pointee.tags[i] = t.address }
        instances.append(instance)

        // Defined functions.
        for (i, f) in instance.functions.enumerated() { functionPointers[i] = f.record }
        let importedFunctions = instance.functions.count
        instance.importedFunctionCount = importedFunctions
        for (i, info) in module.functions.enumerated() {
            let type = m.types[Int(info.typeIndex)]
            let body = m.bodies[i]
            let record = makeRecord(FunctionRecord(
                typeID: typeIDs[Int(info.typeIndex)],
                parameterCount: UInt32(type.parameters.count), resultCount: UInt32(type.results.count),
                address: 0, moduleFunctionIndex: UInt32(importedFunctions + i),
                code: (m.bytes.base + body.codeStart).assumingMemoryBound(to: UInt8.self),
                codeEnd: (m.bytes.base + body.codeEnd - 1).assumingMemoryBound(to: UInt8.self),
                sideTable: UnsafePointer(module.sideTable + info.sideTableStart),
                localCount: UInt32(info.localCount),
                frameSlots: UInt32(info.localCount + info.maxStackHeight + max(type.results.count, 1) + 1),
                instance: context, hostBody: nil))
            functionPointers[importedFunctions + i] = record
            instance.functions.append(Function(record: record, store: self))
        }

        // Globals, in order (initialisers may read imported and earlier globals), before the
        // tables, whose initialisers may read imported ones.
        for (i, g) in instance.globals.enumerated() { context.pointee.globals[i] = g.cell }
        for g in m.globals {
            let slot = evaluate(g.initializer, context)
            let type = GlobalType(valueType: canonical(g.type.valueType), isMutable: g.type.isMutable)
            let global = GlobalVariable(type: type, slot: slot, store: self)
            context.pointee.globals[instance.globals.count] = global.cell
            instance.globals.append(global)
        }

        // Tables and memories.
        // Memories and tables the module defines are charged to the instance's one
        // memory account (imported ones to whoever defined them).
        let account = instance.account
        for (t, initializer) in zip(m.tables, m.tableInitializers) {
            guard t.limits.min <= budgets.maxTableElements else {
                throw .budgetExceeded("table of \(t.limits.min) elements exceeds the budget of \(budgets.maxTableElements) elements per table")
            }
            let type = TableType(elementType: canonical(t.elementType), limits: t.limits)
            let initial = initializer.map { evaluate($0, context) } ?? 0
            guard let table = Table(type: type, budgetElements: budgets.maxTableElements, initial: initial,
                                    account: account, store: self) else {
                throw .budgetExceeded("table of \(t.limits.min) elements (\(UInt64(t.limits.min) * 8) bytes) does not fit the memory budget: \(account.used) of \(account.limit) bytes already used")
            }
            instance.tables.append(table)
        }
        for (i, t) in instance.tables.enumerated() { context.pointee.tables[i] = t.storage }
        for mt in m.memories {
            guard UInt64(mt.limits.min) << UInt64(mt.pageSizeLog2) <= budgets.memoryBytes else {
                throw .budgetExceeded("memory of \(mt.limits.min) pages of \(mt.pageSize) bytes exceeds the budget of \(budgets.memoryBytes) bytes")
            }
            guard let memory = Memory(type: mt, budgetBytes: budgets.memoryBytes, account: account) else {
                throw .budgetExceeded("memory of \(mt.limits.min) pages does not fit the memory budget (\(account.used) of \(account.limit) bytes already used) or cannot be allocated")
            }
            instance.memories.append(memory)
        }
        context.pointee.memory = instance.memories.first?.storage
        context.pointee.memories.deallocate()
        context.pointee.memories = .allocate(capacity: max(instance.memories.count, 1))
        for (i, memory) in instance.memories.enumerated() { context.pointee.memories[i] = memory.storage }

        // Exports.
        for e in m.exports {
            let i = Int(e.index)
            let name = Array(e.name.utf8)
            switch e.kind {
            case .function: instance.exports[name] = .function(instance.functions[i])
            case .table: instance.exports[name] = .table(instance.tables[i])
            case .memory: instance.exports[name] = .memory(instance.memories[i])
            case .global: instance.exports[name] = .global(instance.globals[i])
            case .tag: instance.exports[name] = .tag(instance.tags[i])
            }
        }

        // Segments: evaluate, then apply active ones in order; a trap keeps earlier writes.
        instance.elementSegments = m.elements.map { seg in seg.items.map { evaluate($0, context) } }
        instance.dataSegments = m.data.map(\.bytes)
        do {
            for (i, seg) in m.elements.enumerated() {
                switch seg.mode {
                case .active(let table, let offset):
                    let dst = UInt32(truncatingIfNeeded: evaluate(offset, context))
                    try instance.tableInit(table: table, segment: UInt32(i), destination: dst, source: 0,
                                           count: UInt32(instance.elementSegments[i].count))
                    instance.elementSegments[i] = []
                case .declarative:
                    instance.elementSegments[i] = []
                case .passive:
                    break
                }
            }
            for (i, seg) in m.data.enumerated() {
                if case .active(let memory, let offset) = seg.mode {
                    let dst = UInt32(truncatingIfNeeded: evaluate(offset, context))
                    try instance.memoryInit(segment: UInt32(i), memory: memory, destination: dst, source: 0,
                                            count: UInt32(seg.bytes.count))
                    instance.dataSegments[i] = 0..<0
                }
            }
        } catch {
            throw .trap(error)
        }

        if let start = m.start {
            do { _ = try instance.functions[Int(start)].invoke([]) } catch { throw .trap(error) }
        }
        return instance
    }

    private func limitsMatch(_ have: Limits, _ want: Limits) -> Bool {
        guard have.min >= want.min else { return false }
        guard let wantMax = want.max else { return true }
        guard let haveMax = have.max else { return false }
        return haveMax <= wantMax
    }

    /// Evaluates a validated constant expression to a slot.
    func evaluate(_ expression: ConstExpression, _ context: UnsafeMutablePointer<InstanceContext>) -> UInt64 {
        var stack: [UInt64] = []
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const(let v): stack.append(UInt64(UInt32(bitPattern: v)))
            case .i64Const(let v): stack.append(UInt64(bitPattern: v))
            case .f32Const(let v): stack.append(UInt64(v))
            case .f64Const(let v): stack.append(v)
            case .refNull: stack.append(0)
            case .refFunc(let i): stack.append(UInt64(UInt(bitPattern: context.pointee.functions[Int(i)])))
            case .globalGet(let i): stack.append(context.pointee.globals[Int(i)].pointee)
            case .binary(let op):
                let b = stack.removeLast()
                stack[stack.count - 1] = op.apply(stack[stack.count - 1], b)
            case .nonConstant: break  // rejected by validation
            }
        }
        return stack.last ?? 0
    }
}

extension Instance {
    /// `table.init`: copies from an element segment into a table, trapping when out of bounds.
    func tableInit(table: UInt32, segment: UInt32, destination: UInt32, source: UInt32, count: UInt32) throws(Trap) {
        let t = context.pointee.tables[Int(table)]
        let items = elementSegments[Int(segment)]
        guard UInt64(source) + UInt64(count) <= UInt64(items.count),
              UInt64(destination) + UInt64(count) <= UInt64(t.pointee.count) else {
            throw Trap(.outOfBoundsTableAccess)
        }
        for k in 0..<Int(count) {
            t.pointee.elements[Int(destination) + k] = items[Int(source) + k]
        }
    }

    /// `memory.init`: copies from a data segment into a memory, trapping when out of bounds.
    func memoryInit(segment: UInt32, memory: UInt32, destination: UInt32, source: UInt32, count: UInt32) throws(Trap) {
        let range = dataSegments[Int(segment)]
        let mem = context.pointee.memories[Int(memory)]
        guard UInt64(source) + UInt64(count) <= UInt64(range.count),
              UInt64(destination) + UInt64(count) <= UInt64(mem.pointee.byteCount) else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        if count > 0 {
            (mem.pointee.base + Int(destination)).copyMemory(
                from: module.module.bytes.base + range.lowerBound + Int(source), byteCount: Int(count))
        }
    }
}
