// PinionValidation: type checking of one function body, as the spec's validation
// algorithm does it, building the function's side table on the way.
import PinionBinary

/// One entry of the control stack.
private struct ControlFrame {
    enum Kind { case function, block, loop, `if`, `else` }
    var kind: Kind
    var parameters: [ValueType]
    var results: [ValueType]
    /// Operand stack height when the frame was entered (parameters excluded).
    var height: Int
    var unreachable = false
    /// Side-table entries that branch to this frame's end, patched at `end`.
    var pendingEntries: [Int] = []
    /// Loops: where a branch to this frame continues (code offset and entry index).
    var loopTargetPC = 0
    var loopTargetEntry = 0
    /// `if` frames: the entry taken when the condition is false.
    var ifEntry = -1
    /// `try_table` frames: their range in `tryRanges`, whose end is set at `end`.
    var tryRange = -1
    /// Length of the validator's `initializedLocals` log on entry: locals set inside the
    /// frame count as set only until its `end` (or `else`).
    var initializedHeight = 0

    /// The types a branch to this frame carries.
    var labelTypes: [ValueType] { kind == .loop ? parameters : results }
}

struct FunctionValidator {
    let context: ModuleContext
    let type: FunctionType
    let body: FunctionBody
    let functionIndex: Int

    private var reader: ByteReader
    private var locals: [ValueType] = []
    /// Per local, whether it holds a value on every path here: parameters and defaultable
    /// locals always do; a non-nullable reference local only once set in an enclosing block.
    private var isInitialized: [Bool] = []
    /// Locals set since they were last uninitialised, in order (undone at block ends).
    private var initializedLocals: [Int] = []
    /// Operand types; nil is the unknown type of unreachable code.
    private var operands: [ValueType?] = []
    private var maxHeight = 0
    private var controls: [ControlFrame] = []
    /// Side-table entries of this function (relative indices) and each one's branch opcode offset.
    private var entries: [SideTableEntry] = []
    private var entryPCs: [Int] = []
    /// This function's `try_table`s and the module's catch clauses (the clauses of functions
    /// validated before this one included: `TryRange.firstClause` counts from the module's first).
    private var tryRanges: [TryRange] = []
    private var clauses: [CatchClause] = []
    /// Offset of the instruction being validated, for errors and side-table deltas.
    private var instructionOffset = 0

    /// Locals (parameters included) beyond this are an implementation limit.
    static let maxLocals = 50_000

    /// Deepest block nesting allowed: what the state budget left after decoding pays for
    /// (`StateMeter.Cost.controlFrame` each), so nesting cannot allocate without bound.
    var maxControlDepth = Int.max

    init(context: ModuleContext, type: FunctionType, body: FunctionBody, functionIndex: Int) {
        self.context = context
        self.type = type
        self.body = body
        self.functionIndex = functionIndex
        reader = ByteReader(base: context.module.bytes.base, position: body.codeStart, end: body.codeEnd, section: "code")
    }

    /// Opens a block, loop, if or try_table frame: its parameters become its first operands,
    /// and locals set from here on count as set only until its `end` (or `else`).
    private mutating func enter(_ frame: ControlFrame) throws(ValidationError) {
        guard controls.count < maxControlDepth else {
            throw error("blocks nested deeper than the memory budget allows (\(maxControlDepth))")
        }
        var frame = frame
        frame.initializedHeight = initializedLocals.count
        controls.append(frame)
        push(frame.parameters)
    }

    private func error(_ message: String) -> ValidationError {
        ValidationError(message, functionIndex: functionIndex, offset: instructionOffset)
    }

    // MARK: Operand stack

    private mutating func push(_ t: ValueType?) {
        operands.append(t)
        if operands.count > maxHeight { maxHeight = operands.count }
    }

    private mutating func push(_ ts: [ValueType]) { for t in ts { push(t) } }

    @discardableResult
    private mutating func pop() throws(ValidationError) -> ValueType? {
        let frame = controls[controls.count - 1]
        if operands.count == frame.height {
            if frame.unreachable { return nil }
            throw error("type mismatch")
        }
        return operands.removeLast()
    }

    @discardableResult
    private mutating func pop(_ expected: ValueType?) throws(ValidationError) -> ValueType? {
        let actual = try pop()
        if let actual, let expected, !actual.isSubtype(of: expected) { throw error("type mismatch") }
        return actual ?? expected
    }

    private mutating func pop(_ expected: [ValueType]) throws(ValidationError) {
        for t in expected.reversed() { try pop(t) }
    }

    /// Checks the top of the stack against `types` without popping (for `br_table` labels).
    private func checkTop(_ types: [ValueType]) throws(ValidationError) {
        let frame = controls[controls.count - 1]
        for (k, t) in types.reversed().enumerated() {
            let position = operands.count - 1 - k
            if position < frame.height {
                if frame.unreachable { return }
                throw error("type mismatch")
            }
            if let actual = operands[position], !actual.isSubtype(of: t) { throw error("type mismatch") }
        }
    }

    /// Pops a reference of any type; its heap type (`bottom` for the unknown type).
    private mutating func popReference() throws(ValidationError) -> HeapType {
        guard let t = try pop() else { return .bottom }
        guard case .ref(let h, _) = t else { throw error("type mismatch") }
        return h
    }

    /// Checks that the callee's results can be returned as the caller's (tail calls).
    private func checkTailCallResults(_ callee: FunctionType) throws(ValidationError) {
        guard callee.results.isSubtype(of: type.results) else { throw error("type mismatch") }
    }

    private mutating func setUnreachable() {
        operands.removeSubrange(controls[controls.count - 1].height...)
        controls[controls.count - 1].unreachable = true
    }

    // MARK: Side table

    /// Adds an entry for a branch to `label`; backward targets are known now, forward ones
    /// are patched at the target's `end`. `carried` is the arity, measured after popping the
    /// branch's own operands.
    private mutating func addBranchEntry(label: Int) throws(ValidationError) {
        try addBranchEntry(toFrame: controls.count - 1 - label)
    }

    /// An entry for a branch to `controls[frameIndex]`; a catch clause's (`dropsOperands`
    /// false) records no drop, which depends on where the throw came from.
    private mutating func addBranchEntry(toFrame frameIndex: Int, dropsOperands: Bool = true) throws(ValidationError) {
        // Read fields, not a copy of the frame: a live copy would make the append below
        // copy `pendingEntries` each time, quadratic in a big br_table.
        let isLoop = controls[frameIndex].kind == .loop
        let carried = controls[frameIndex].labelTypes.count
        var dropped = operands.count - carried - controls[frameIndex].height
        if !dropsOperands || controls[controls.count - 1].unreachable || dropped < 0 { dropped = 0 }
        guard carried <= 255, dropped <= 255 else {
            throw error("implementation limit: branch carries \(carried) values over \(dropped)")
        }
        let index = entries.count
        entries.append(SideTableEntry(pcDelta: 0, stpDelta: 0, valueCount: UInt8(carried), popCount: UInt8(dropped)))
        entryPCs.append(instructionOffset)
        if isLoop {
            try patch(index, pc: controls[frameIndex].loopTargetPC, entry: controls[frameIndex].loopTargetEntry)
        } else {
            controls[frameIndex].pendingEntries.append(index)
        }
    }

    /// An entry that moves no values (`if` false-branch, `else`).
    private mutating func addJumpEntry() -> Int {
        entries.append(SideTableEntry(pcDelta: 0, stpDelta: 0, valueCount: 0, popCount: 0))
        entryPCs.append(instructionOffset)
        return entries.count - 1
    }

    private mutating func patch(_ index: Int, pc: Int, entry: Int) throws(ValidationError) {
        let stpDelta = entry - index
        guard stpDelta >= Int(Int16.min), stpDelta <= Int(Int16.max) else {
            throw error("implementation limit: function has too many branches")
        }
        entries[index].pcDelta = Int32(pc - entryPCs[index])
        entries[index].stpDelta = Int16(stpDelta)
    }

    // MARK: Immediates

    private mutating func readIndex() throws(ValidationError) -> UInt32 {
        do { return try reader.readU32() } catch { throw ValidationError(error.message, functionIndex: functionIndex, offset: error.offset) }
    }

    private mutating func readByte() throws(ValidationError) -> UInt8 {
        do { return try reader.readByte() } catch { throw ValidationError(error.message, functionIndex: functionIndex, offset: error.offset) }
    }

    /// A value type immediate, canonical.
    private mutating func readValueType() throws(ValidationError) -> ValueType {
        try canonical(try decoding { r throws(DecodeError) in try ModuleDecoder.readValueType(&r) })
    }

    // The context's lookups, with their errors placed at this instruction.

    private func canonical(_ t: ValueType) throws(ValidationError) -> ValueType {
        do { return try context.canonical(t) } catch { throw self.error(error.message) }
    }

    private func canonical(_ h: HeapType) throws(ValidationError) -> HeapType {
        do { return try context.canonical(h) } catch { throw self.error(error.message) }
    }

    private func definedType(_ index: UInt32) throws(ValidationError) -> FunctionType {
        do { return try context.type(index) } catch { throw self.error(error.message) }
    }

    private mutating func decoding<T>(_ body: (inout ByteReader) throws(DecodeError) -> T) throws(ValidationError) -> T {
        do { return try body(&reader) } catch {
            var e = ValidationError(error.message, functionIndex: functionIndex, offset: error.offset)
            e.unsupportedFeature = error.unsupportedFeature
            throw e
        }
    }

    private mutating func readBlockType() throws(ValidationError) -> FunctionType {
        let bt = try decoding { r throws(DecodeError) in try ModuleDecoder.readBlockType(&r) }
        switch bt {
        case .empty: return FunctionType(parameters: [], results: [])
        case .value(let t): return FunctionType(parameters: [], results: [try canonical(t)])
        case .typeIndex(let i): return try context.type(i)
        }
    }

    /// A memarg: alignment (with 0x40 set, a memory index follows; multiple memories),
    /// then the offset.
    private mutating func readMemarg(naturalAlignment: UInt8) throws(ValidationError) {
        var align = try readIndex()
        var memory: UInt32 = 0
        if align & 0x40 != 0 {
            guard align < 0x80 else { throw error("malformed memop flags") }
            align &= ~0x40
            memory = try readIndex()
        }
        _ = try readIndex()  // offset
        try requireMemory(memory)
        guard align <= UInt32(naturalAlignment) else { throw error("alignment must not be larger than natural") }
    }

    /// A memory index immediate, which must name a memory.
    private mutating func readMemoryIndex() throws(ValidationError) {
        try requireMemory(try readIndex())
    }

    private func requireMemory(_ index: UInt32) throws(ValidationError) {
        guard Int(index) < context.memories.count else { throw error("unknown memory \(index)") }
    }

    private func local(_ index: UInt32) throws(ValidationError) -> ValueType {
        guard Int(index) < locals.count else { throw error("unknown local \(index)") }
        return locals[Int(index)]
    }

    /// Records that local `index` holds a value from here to the end of the current block.
    private mutating func initialize(_ index: UInt32) {
        guard !isInitialized[Int(index)] else { return }
        isInitialized[Int(index)] = true
        initializedLocals.append(Int(index))
    }

    /// Forgets the locals set inside the innermost frame (at its `end` or `else`).
    private mutating func resetInitializedLocals() {
        let height = controls[controls.count - 1].initializedHeight
        for i in initializedLocals[height...] { isInitialized[i] = false }
        initializedLocals.removeSubrange(height...)
    }

    private func global(_ index: UInt32) throws(ValidationError) -> GlobalType {
        guard Int(index) < context.globals.count else { throw error("unknown global \(index)") }
        return context.globals[Int(index)]
    }

    private func table(_ index: UInt32) throws(ValidationError) -> TableType {
        guard Int(index) < context.tables.count else { throw error("unknown table \(index)") }
        return context.tables[Int(index)]
    }

    private func element(_ index: UInt32) throws(ValidationError) -> ElementSegment {
        guard Int(index) < context.module.elements.count else { throw error("unknown elem segment \(index)") }
        return context.module.elements[Int(index)]
    }

    private func checkData(_ index: UInt32) throws(ValidationError) {
        guard let count = context.module.dataCount else { throw error("data count section required") }
        guard index < count else { throw error("unknown data segment \(index)") }
    }

    /// The payload types of tag `index`.
    private func tag(_ index: UInt32) throws(ValidationError) -> [ValueType] {
        guard Int(index) < context.tags.count else { throw error("unknown tag \(index)") }
        return try context.type(context.tags[Int(index)]).parameters
    }

    private func label(_ depth: UInt32) throws(ValidationError) -> Int {
        guard Int(depth) < controls.count else { throw error("unknown label \(depth)") }
        return Int(depth)
    }

    // MARK: Driver

    /// Validates the body, appends its side table to `output` and its handler table to
    /// `ranges` and `catchClauses`, and returns the deepest operand stack.
    mutating func run(appendingTo output: inout [SideTableEntry], ranges: inout [TryRange],
                      catchClauses: inout [CatchClause]) throws(ValidationError) -> Int {
        swap(&clauses, &catchClauses)
        defer { swap(&clauses, &catchClauses) }
        let total = type.parameters.count + Int(body.localCount)
        guard total <= FunctionValidator.maxLocals else {
            throw ValidationError("too many locals (implementation limit \(FunctionValidator.maxLocals))", functionIndex: functionIndex, offset: body.codeStart)
        }
        locals = type.parameters
        for group in body.locals {
            let t: ValueType
            do { t = try context.canonical(group.type) } catch {  // before any instruction: at the body's start
                throw ValidationError(error.message, functionIndex: functionIndex, offset: body.codeStart)
            }
            locals += repeatElement(t, count: Int(group.count))
        }
        isInitialized = locals.indices.map { $0 < type.parameters.count || locals[$0].isDefaultable }
        controls.append(ControlFrame(kind: .function, parameters: [], results: type.results, height: 0))

        while !controls.isEmpty {
            guard !reader.isAtEnd else {
                instructionOffset = reader.position
                throw error("unexpected end of section or function")
            }
            instructionOffset = reader.position
            try step()
        }
        guard reader.isAtEnd else {
            instructionOffset = reader.position
            throw error("operators remaining after end of function")
        }
        output += entries
        ranges += tryRanges
        return maxHeight
    }

    private mutating func step() throws(ValidationError) {
        let opcode = try readByte()
        if opcode == InstructionTable.prefixFC {
            let sub = try readIndex()
            guard let info = InstructionTable.info(prefix: opcode, opcode: sub) else {
                throw error("illegal opcode 0xfc \(sub)")
            }
            return try prefixed(info)
        }
        guard let info = InstructionTable.primary[Int(opcode)] else {
            if let feature = InstructionTable.unsupportedFeature(opcode) {
                throw ValidationError.unsupported(feature, functionIndex: functionIndex, offset: instructionOffset)
            }
            throw error("illegal opcode 0x\(String(opcode, radix: 16))")
        }
        if case .fixed(let pops, let pushed) = info.effect {
            switch info.immediate {
            case .memarg: try readMemarg(naturalAlignment: info.naturalAlignment)
            case .memoryIndex: try readMemoryIndex()
            case .i32: _ = try decoding { r throws(DecodeError) in try r.readS32() }
            case .i64: _ = try decoding { r throws(DecodeError) in try r.readS64() }
            case .f32: _ = try decoding { r throws(DecodeError) in try r.readFixed32() }
            case .f64: _ = try decoding { r throws(DecodeError) in try r.readFixed64() }
            default: break
            }
            try pop(pops)
            if let pushed { push(pushed) }
            return
        }
        try control(opcode)
    }

    /// Instructions whose stack effect depends on immediates or context.
    private mutating func control(_ opcode: UInt8) throws(ValidationError) {
        switch opcode {
        case 0x00: setUnreachable()
        case 0x01: break
        case 0x02, 0x03:  // block, loop
            let bt = try readBlockType()
            try pop(bt.parameters)
            var frame = ControlFrame(kind: opcode == 0x02 ? .block : .loop, parameters: bt.parameters,
                                     results: bt.results, height: operands.count)
            frame.loopTargetPC = reader.position
            frame.loopTargetEntry = entries.count
            try enter(frame)
        case 0x04:  // if
            let bt = try readBlockType()
            try pop(.i32)
            try pop(bt.parameters)
            var frame = ControlFrame(kind: .if, parameters: bt.parameters, results: bt.results, height: operands.count)
            frame.ifEntry = addJumpEntry()
            try enter(frame)
        case 0x05:  // else
            let frame = controls[controls.count - 1]
            guard frame.kind == .if else { throw error("else without matching if") }
            try pop(frame.results)
            guard operands.count == frame.height else { throw error("type mismatch") }
            resetInitializedLocals()
            let elseEntry = addJumpEntry()
            // A false condition continues just after `else`, past the else entry.
            try patch(frame.ifEntry, pc: reader.position, entry: elseEntry + 1)
            controls[controls.count - 1].kind = .else
            controls[controls.count - 1].unreachable = false
            controls[controls.count - 1].pendingEntries.append(elseEntry)
            controls[controls.count - 1].ifEntry = -1
            push(frame.parameters)
        case 0x0B:  // end
            let frame = controls[controls.count - 1]
            try pop(frame.results)
            guard operands.count == frame.height else { throw error("type mismatch") }
            if frame.kind == .if {
                guard frame.parameters.isSubtype(of: frame.results) else { throw error("type mismatch") }
            }
            resetInitializedLocals()
            controls.removeLast()
            // Branches to the function's own block land on its final `end`, which returns.
            let targetPC = frame.kind == .function ? instructionOffset : reader.position
            for e in frame.pendingEntries { try patch(e, pc: targetPC, entry: entries.count) }
            if frame.ifEntry >= 0 { try patch(frame.ifEntry, pc: targetPC, entry: entries.count) }
            if frame.tryRange >= 0 { tryRanges[frame.tryRange].end = UInt32(instructionOffset) }
            push(frame.results)
        case 0x0C:  // br
            let l = try label(try readIndex())
            try pop(controls[controls.count - 1 - l].labelTypes)
            push(controls[controls.count - 1 - l].labelTypes)
            try addBranchEntry(label: l)
            setUnreachable()
        case 0x0D:  // br_if
            let l = try label(try readIndex())
            try pop(.i32)
            let types = controls[controls.count - 1 - l].labelTypes
            try pop(types)
            push(types)
            try addBranchEntry(label: l)
        case 0x0E:  // br_table
            let count = try readIndex()
            try pop(.i32)
            var arity: Int?
            var labels: [Int] = []
            for _ in 0...count {  // `count` labels, then the default
                if reader.isAtEnd { break }
                labels.append(try label(try readIndex()))
            }
            guard labels.count == Int(count) + 1 else { throw error("unexpected end") }
            let defaultTypes = controls[controls.count - 1 - labels.last!].labelTypes
            for l in labels {
                let types = controls[controls.count - 1 - l].labelTypes
                if let arity, arity != types.count { throw error("type mismatch") }
                arity = types.count
                try checkTop(types)
                try addBranchEntry(label: l)
            }
            try pop(defaultTypes)
            setUnreachable()
        case 0x0F:  // return
            try pop(type.results)
            setUnreachable()
        case 0x10:  // call
            let f = try context.functionType(try readIndex())
            try pop(f.parameters)
            push(f.results)
        case 0x11:  // call_indirect
            let typeIndex = try readIndex()
            let tableIndex = try readIndex()
            guard try table(tableIndex).elementType.isSubtype(of: .funcref) else { throw error("type mismatch") }
            let f = try definedType(typeIndex)
            try pop(.i32)
            try pop(f.parameters)
            push(f.results)
        case 0x12:  // return_call: the callee's results are the caller's
            let f = try context.functionType(try readIndex())
            try checkTailCallResults(f)
            try pop(f.parameters)
            setUnreachable()
        case 0x13:  // return_call_indirect
            let typeIndex = try readIndex()
            let tableIndex = try readIndex()
            guard try table(tableIndex).elementType.isSubtype(of: .funcref) else { throw error("type mismatch") }
            let f = try definedType(typeIndex)
            try checkTailCallResults(f)
            try pop(.i32)
            try pop(f.parameters)
            setUnreachable()
        case 0x08:  // throw
            try pop(try tag(try readIndex()))
            setUnreachable()
        case 0x0A:  // throw_ref
            try pop(.exnref)
            setUnreachable()
        case 0x1F: try tryTable()
        case 0x14, 0x15:  // call_ref, return_call_ref: the reference's type is the immediate
            let typeIndex = try readIndex()
            let f = try definedType(typeIndex)
            try pop(.ref(try canonical(HeapType.index(typeIndex)), nullable: true))
            if opcode == 0x15 { try checkTailCallResults(f) }
            try pop(f.parameters)
            if opcode == 0x15 { setUnreachable() } else { push(f.results) }
        case 0x1A: try pop()
        case 0x1B:  // select
            try pop(.i32)
            let a = try pop()
            let b = try pop()
            if let a, a.isReference { throw error("type mismatch") }
            if let b, b.isReference { throw error("type mismatch") }
            if let a, let b, a != b { throw error("type mismatch") }
            push(a ?? b)
        case 0x1C:  // select t
            let n = try readIndex()
            guard n == 1 else { throw error("invalid result arity") }
            let t = try readValueType()
            try pop(.i32)
            try pop(t)
            try pop(t)
            push(t)
        case 0x20:
            let index = try readIndex()
            let t = try local(index)
            guard isInitialized[Int(index)] else { throw error("uninitialized local \(index)") }
            push(t)
        case 0x21:
            let index = try readIndex()
            try pop(try local(index))
            initialize(index)
        case 0x22:
            let index = try readIndex()
            let t = try local(index)
            try pop(t)
            push(t)
            initialize(index)
        case 0x23: push(try global(try readIndex()).valueType)
        case 0x24:
            let g = try global(try readIndex())
            guard g.isMutable else { throw error("global is immutable") }
            try pop(g.valueType)
        case 0x25:
            let t = try table(try readIndex())
            try pop(.i32)
            push(t.elementType)
        case 0x26:
            let t = try table(try readIndex())
            try pop(t.elementType)
            try pop(.i32)
        case 0xD0:
            let h = try decoding { r throws(DecodeError) in try ModuleDecoder.readHeapType(&r) }
            push(.ref(try canonical(h), nullable: true))
        case 0xD1:
            _ = try popReference()
            push(.i32)
        case 0xD2:
            let index = try readIndex()
            let t: ValueType
            do { t = try context.referenceType(ofFunction: index) } catch { throw self.error(error.message) }
            guard context.declaredReferences.contains(index) else { throw error("undeclared function reference") }
            push(t)
        case 0xD4:  // ref.as_non_null
            push(.ref(try popReference(), nullable: false))
        case 0xD5:  // br_on_null: a null branches (and is dropped), anything else stays, non-null
            let l = try label(try readIndex())
            let h = try popReference()
            let types = controls[controls.count - 1 - l].labelTypes
            try pop(types)
            push(types)
            try addBranchEntry(label: l)
            push(.ref(h, nullable: false))
        case 0xD6:  // br_on_non_null: a non-null branches with the reference as its last value
            let l = try label(try readIndex())
            let h = try popReference()
            let types = controls[controls.count - 1 - l].labelTypes
            guard let last = types.last, ValueType.ref(h, nullable: false).isSubtype(of: last) else {
                throw error("type mismatch")
            }
            try pop(Array(types.dropLast()))
            push(Array(types.dropLast()))
            push(.ref(h, nullable: false))
            try addBranchEntry(label: l)
            try pop()
        default:
            throw error("illegal opcode 0x\(String(opcode, radix: 16))")
        }
    }

    /// `try_table`: a block whose catch clauses branch to labels outside it. At run time it
    /// only jumps past its immediates and its clauses' side-table entries.
    private mutating func tryTable() throws(ValidationError) {
        let bt = try readBlockType()
        let count = try readIndex()
        let jump = addJumpEntry()
        let firstClause = clauses.count
        for _ in 0..<count {
            let kind = try readByte()
            guard kind <= 3 else { throw error("malformed catch clause") }
            let tagIndex = kind < 2 ? try readIndex() : 0
            var carried = kind < 2 ? try tag(tagIndex) : []
            if kind == 1 || kind == 3 { carried.append(.ref(.exn, nullable: false)) }  // never null
            let frameIndex = controls.count - 1 - (try label(try readIndex()))
            let label = controls[frameIndex].labelTypes
            guard carried.isSubtype(of: label) else { throw error("type mismatch") }
            let entry = entries.count
            try addBranchEntry(toFrame: frameIndex, dropsOperands: false)
            clauses.append(CatchClause(kind: kind, tag: tagIndex, entry: UInt32(entry),
                                       targetHeight: UInt32(controls[frameIndex].height)))
        }
        try pop(bt.parameters)
        var frame = ControlFrame(kind: .block, parameters: bt.parameters, results: bt.results, height: operands.count)
        frame.tryRange = tryRanges.count
        tryRanges.append(TryRange(tryOffset: UInt32(instructionOffset), bodyStart: UInt32(reader.position), end: 0,
                                  firstClause: UInt32(firstClause), clauseCount: UInt32(clauses.count - firstClause)))
        try patch(jump, pc: reader.position, entry: entries.count)
        try enter(frame)
    }

    /// 0xFC-prefixed instructions.
    private mutating func prefixed(_ info: InstructionInfo) throws(ValidationError) {
        switch info.opcode {
        case 0...7:
            break
        case 8:  // memory.init
            try checkData(try readIndex())
            try readMemoryIndex()
        case 9:  // data.drop
            try checkData(try readIndex())
        case 10:  // memory.copy: destination, then source
            try readMemoryIndex()
            try readMemoryIndex()
        case 11:  // memory.fill
            try readMemoryIndex()
        case 12:  // table.init
            let e = try element(try readIndex())
            let t = try table(try readIndex())
            guard try canonical(e.type).isSubtype(of: t.elementType) else { throw error("type mismatch") }
            try pop([.i32, .i32, .i32])
            return
        case 13:  // elem.drop
            _ = try element(try readIndex())
            return
        case 14:  // table.copy
            let dst = try table(try readIndex())
            let src = try table(try readIndex())
            guard src.elementType.isSubtype(of: dst.elementType) else { throw error("type mismatch") }
            try pop([.i32, .i32, .i32])
            return
        case 15:  // table.grow
            let t = try table(try readIndex())
            try pop(.i32)
            try pop(t.elementType)
            push(.i32)
            return
        case 16:  // table.size
            _ = try table(try readIndex())
            push(.i32)
            return
        case 17:  // table.fill
            let t = try table(try readIndex())
            try pop(.i32)
            try pop(t.elementType)
            try pop(.i32)
            return
        default:
            throw error("illegal opcode 0xfc \(info.opcode)")
        }
        if case .fixed(let pops, let pushed) = info.effect {
            try pop(pops)
            if let pushed { push(pushed) }
        }
    }
}
