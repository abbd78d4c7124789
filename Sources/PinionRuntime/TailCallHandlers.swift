// PinionRuntime: tail calls (`return_call`, `return_call_indirect`). The callee takes over
// the caller's frame: its arguments move down to the frame's base and no `CallFrame` is
// pushed, so a chain of tail calls of any length runs in the value-stack and native-stack
// space of one call.

@inline(__always)
func returnCall(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard takeTick(cx) else { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    var after = ip
    let callee = cx.pointee.functions[Int(readU32(&after))]
    replaceFrame(callee, ip, sp, fp, tos, spare, cx)
}

@inline(__always)
func returnCallIndirect(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard takeTick(cx) else { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    var after = ip
    guard let callee = indirectCallee(&after, tos, cx) else { return }
    replaceFrame(callee, ip, sp - 1, fp, sp[-1], spare, cx)
}

/// Moves the arguments on top of the stack (the top in `tos`) to the current frame's base
/// and runs `callee` there; it returns to the current function's caller. Inlined into the
/// handlers: as a function of seven arguments it would take one on the native stack, and
/// the handlers' jump to it could not be a tail call.
@inline(__always)
func replaceFrame(_ callee: UnsafeMutablePointer<FunctionRecord>, _ ip: CodePointer,
                  _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    sp[0] = tos
    let count = Int(callee.pointee.parameterCount)
    let args = sp + 1 - count
    for i in 0..<count { fp[i] = args[i] }  // downwards: fp <= args, so no argument is overwritten early
    if callee.pointee.hostBody != nil { return tailCallHost(callee, ip, fp, spare, cx) }
    let locals = fp + count
    guard locals + Int(callee.pointee.frameSlots) <= cx.pointee.stackEnd else {
        return raise(.valueStackExhausted, ip, cx)
    }
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
    next(callee.pointee.code!, top, fp, 0, spare, cx)
}

/// A host function in tail position: runs on the arguments at `fp`, then its results
/// there are the current function's, returned to its caller.
@inline(never)
func tailCallHost(_ callee: UnsafeMutablePointer<FunctionRecord>, _ ip: CodePointer, _ fp: Slot, _ spare: UInt64,
                  _ cx: MachinePointer) {
    if let trap = invokeHost(callee, fp, cx) {
        if case .exception(let e) = trap { return throwFromHost(e, ip, fp, cx, tailCall: true) }
        return raise(trap, ip, cx)
    }
    resumeCaller(fp + Int(callee.pointee.resultCount) - 1, cx)
}
