// PinionRuntime: handlers for locals, globals, tables, references and the parametric
// instructions (`drop`, `select`).

enum LocalGet: IndexedInstruction {
    @inline(__always)
    static func execute(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
        sp[0] = tos
        next(ip, sp + 1, fp, fp[index], stp, cx)
    }
}

enum LocalSet: IndexedInstruction {
    @inline(__always)
    static func execute(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
        fp[index] = tos
        next(ip, sp - 1, fp, sp[-1], stp, cx)
    }
}

enum LocalTee: IndexedInstruction {
    @inline(__always)
    static func execute(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
        fp[index] = tos
        next(ip, sp, fp, tos, stp, cx)
    }
}

enum GlobalGet: IndexedInstruction {
    @inline(__always)
    static func execute(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
        sp[0] = tos
        next(ip, sp + 1, fp, cx.pointee.globals[index].pointee, stp, cx)
    }
}

enum GlobalSet: IndexedInstruction {
    @inline(__always)
    static func execute(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
        cx.pointee.globals[index].pointee = tos
        next(ip, sp - 1, fp, sp[-1], stp, cx)
    }
}

enum RefFunc: IndexedInstruction {
    @inline(__always)
    static func execute(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
        sp[0] = tos
        next(ip, sp + 1, fp, UInt64(UInt(bitPattern: cx.pointee.functions[index])), stp, cx)
    }
}

@inline(__always)
func drop(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    next(ip, sp - 1, fp, sp[-1], stp, cx)
}

@inline(__always)
func select(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    let first = sp[-2], second = sp[-1]  // written this way, LLVM needs one conditional move and no flag arithmetic
    next(ip, sp - 2, fp, u32(tos) != 0 ? first : second, stp, cx)
}

/// `select` with its one result type spelled out (a vector of length 1).
@inline(__always)
func selectTyped(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    var ip = ip
    skipLEB(&ip)
    select(ip + 1, sp, fp, tos, stp, cx)
}

@inline(__always)
func tableGet(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    var after = ip
    let table = cx.pointee.inst.pointee.tables[Int(readU32(&after))]
    let i = u32(tos)
    guard i < table.pointee.count else { return raise(.outOfBoundsTableAccess, ip, cx) }
    next(after, sp, fp, table.pointee.elements[Int(i)], stp, cx)
}

@inline(__always)
func tableSet(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    var after = ip
    let table = cx.pointee.inst.pointee.tables[Int(readU32(&after))]
    let i = u32(sp[-1])
    guard i < table.pointee.count else { return raise(.outOfBoundsTableAccess, ip, cx) }
    table.pointee.elements[Int(i)] = tos
    next(after, sp - 2, fp, sp[-2], stp, cx)
}

@inline(__always)
func refNull(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    sp[0] = tos
    next(ip + 1, sp + 1, fp, 0, stp, cx)
}
