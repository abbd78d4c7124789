// PinionRuntime: handlers for locals, globals, tables, references and the parametric
// instructions (`drop`, `select`).

enum LocalGet: IndexedInstruction {
    @inline(__always)
    static func execute<S: OperandCache>(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                         _ cx: MachinePointer, _: S.Type) {
        S.push(ip, sp, fp, a, b, cx, fp[index])
    }
}

enum LocalSet: IndexedInstruction {
    @inline(__always)
    static func execute<S: OperandCache>(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                         _ cx: MachinePointer, _: S.Type) {
        fp[index] = S.top(a, b)
        S.pop(ip, sp, fp, a, b, cx)
    }
}

enum LocalTee: IndexedInstruction {
    @inline(__always)
    static func execute<S: OperandCache>(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                         _ cx: MachinePointer, _: S.Type) {
        fp[index] = S.top(a, b)
        S.replaceTop(ip, sp, fp, a, b, cx, S.top(a, b))
    }
}

enum GlobalGet: IndexedInstruction {
    @inline(__always)
    static func execute<S: OperandCache>(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                         _ cx: MachinePointer, _: S.Type) {
        S.push(ip, sp, fp, a, b, cx, cx.pointee.globals[index].pointee)
    }
}

enum GlobalSet: IndexedInstruction {
    @inline(__always)
    static func execute<S: OperandCache>(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                         _ cx: MachinePointer, _: S.Type) {
        cx.pointee.globals[index].pointee = S.top(a, b)
        S.pop(ip, sp, fp, a, b, cx)
    }
}

enum RefFunc: IndexedInstruction {
    @inline(__always)
    static func execute<S: OperandCache>(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                         _ cx: MachinePointer, _: S.Type) {
        S.push(ip, sp, fp, a, b, cx, UInt64(UInt(bitPattern: cx.pointee.functions[index])))
    }
}

@inline(__always)
func drop<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                           _: S.Type = TopCached.self) {
    S.pop(ip, sp, fp, a, b, cx)
}

@inline(__always)
func select<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                             _: S.Type = TopCached.self) {
    let (rest, second) = S.popped(sp, a)  // the condition popped: `rest[-1]` and `second` are the choices
    let first = rest[-1]  // written this way, LLVM needs one conditional move and no flag arithmetic
    next(ip, rest - 1, fp, u32(S.top(a, b)) != 0 ? first : second, b, cx)
}

/// `select` with its one result type spelled out (a vector of length 1).
@inline(__always)
func selectTyped(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var ip = ip
    skipLEB(&ip)  // the vector's length, 1
    skipBlockType(&ip)
    select(ip, sp, fp, tos, spare, cx)
}

@inline(__always)
func tableGet(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var after = ip
    let table = cx.pointee.inst.pointee.tables[Int(readU32(&after))]
    let i = u32(tos)
    guard i < table.pointee.count else { return raise(.outOfBoundsTableAccess, ip, cx) }
    next(after, sp, fp, table.pointee.elements[Int(i)], spare, cx)
}

@inline(__always)
func tableSet(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var after = ip
    let table = cx.pointee.inst.pointee.tables[Int(readU32(&after))]
    let i = u32(sp[-1])
    guard i < table.pointee.count else { return raise(.outOfBoundsTableAccess, ip, cx) }
    table.pointee.elements[Int(i)] = tos
    next(after, sp - 2, fp, sp[-2], spare, cx)
}

@inline(__always)
func refNull(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var after = ip
    skipLEB(&after)  // the heap type: one byte, or a type index
    sp[0] = tos
    next(after, sp + 1, fp, 0, spare, cx)
}
