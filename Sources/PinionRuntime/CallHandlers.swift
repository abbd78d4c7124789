// PinionRuntime: `call` and `call_indirect`. A wasm callee gets a new frame on the value
// stack and a saved `CallFrame`; no native recursion. A host callee runs out of line.
import PinionValidation

@inline(__always)
func call(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard takeTick(cx) else { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    var after = ip
    let callee = cx.pointee.functions[Int(readU32(&after))]
    enter(callee, ip, after, sp, fp, tos, spare, cx)
}

@inline(__always)
func callIndirect(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard takeTick(cx) else { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    var after = ip
    guard let callee = indirectCallee(&after, tos, cx) else { return }
    enter(callee, ip, after, sp - 1, fp, sp[-1], spare, cx)
}

/// The function that the type and table immediates at `ip` (advanced past them) and the
/// element index `tos` select, or nil once its trap is raised.
@inline(__always)
func indirectCallee(_ ip: inout CodePointer, _ tos: UInt64, _ cx: MachinePointer) -> UnsafeMutablePointer<FunctionRecord>? {
    let at = ip
    let typeIndex = readU32(&ip)
    let inst = cx.pointee.inst
    let table = inst.pointee.tables[Int(readU32(&ip))]
    let i = u32(tos)
    guard i < table.pointee.count else { raise(.undefinedElement, at, cx); return nil }
    guard let callee = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(table.pointee.elements[Int(i)])) else {
        raise(.uninitializedElement, at, cx)
        return nil
    }
    guard callee.pointee.typeID == inst.pointee.typeIDs[Int(typeIndex)] else {
        raise(.indirectCallTypeMismatch, at, cx)
        return nil
    }
    return callee
}

/// Calls `callee` with its arguments on top of the stack; execution continues at `after`.
@inline(__always)
func enter(_ callee: UnsafeMutablePointer<FunctionRecord>, _ ip: CodePointer, _ after: CodePointer,
           _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    sp[0] = tos  // arguments must be contiguous in memory
    if callee.pointee.hostBody != nil {
        cx.pointee.hostCallee = callee
        cx.pointee.hostReturnIP = after
        return callHost(ip, sp, fp, tos, spare, cx)
    }
    let depth = cx.pointee.depth
    guard depth < cx.pointee.maxFrames else { return raise(.callStackExhausted, ip, cx) }
    let args = sp + 1 - Int(callee.pointee.parameterCount)
    let locals = sp + 1
    guard locals + Int(callee.pointee.frameSlots) <= cx.pointee.stackEnd else {
        return raise(.valueStackExhausted, ip, cx)
    }
    cx.pointee.frames[depth] = CallFrame(returnIP: after, returnSTP: cx.pointee.stp, fp: fp, function: cx.pointee.fn)
    cx.pointee.depth = depth + 1
    let top = locals + Int(callee.pointee.localCount)
    let zero = cx.pointee.zero
    var local = locals
    while local < top {
        local.pointee = zero
        local += 1
    }
    cx.pointee.fn = callee
    cx.pointee.codeEnd = callee.pointee.codeEnd!
    if callee.pointee.instance != cx.pointee.inst { cx.pointee.load(callee.pointee.instance!) }
    cx.pointee.stp = callee.pointee.sideTable!
    next(callee.pointee.code!, top, args, 0, spare, cx)
}

/// Runs the host function in `cx.hostCallee` on the argument slots ending at `sp` (the
/// results replace them) and continues at `cx.hostReturnIP`.
@inline(never)
func callHost(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let callee = cx.pointee.hostCallee!
    let args = sp + 1 - Int(callee.pointee.parameterCount)
    if let trap = invokeHost(callee, args, cx) {
        if case .exception(let e) = trap { return throwFromHost(e, ip, fp, cx, tailCall: false) }
        return raise(trap, ip, cx)
    }
    let top = args + Int(callee.pointee.resultCount) - 1
    next(cx.pointee.hostReturnIP!, top, fp, top[0], spare, cx)
}

/// The host call itself, apart from `callHost` so that no cleanup of it (the retained
/// context, the error) comes after `callHost`'s tail call.
@inline(never)
func invokeHost(_ callee: UnsafeMutablePointer<FunctionRecord>, _ args: Slot, _ cx: MachinePointer) -> TrapKind? {
    let need = max(Int(callee.pointee.parameterCount), Int(callee.pointee.resultCount))
    guard args + need <= cx.pointee.stackEnd else { return .valueStackExhausted }
    let context = cx.pointee.context.takeUnretainedValue()
    context.stackTop = args + need  // where a re-entrant call from the host starts
    context.frameDepth = cx.pointee.depth
    do {
        try HostBody.invoke(callee.pointee.hostBody!, Caller(context: cx.pointee.inst), args)
    } catch {
        return error.kind
    }
    cx.pointee.load(cx.pointee.inst)  // the host may have grown memory
    return nil
}
