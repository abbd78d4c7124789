// PinionRuntime: handlers for typed function references: `call_ref`, `return_call_ref`,
// `ref.as_non_null`, `br_on_null`, `br_on_non_null`. A function reference slot holds its
// `FunctionRecord`'s address (0 is null), so a call through one is a call through the
// pointer: validation proved the type, and nothing is looked up.

/// The function a reference slot names, or nil for null.
@inline(__always)
private func referencedFunction(_ slot: UInt64) -> UnsafeMutablePointer<FunctionRecord>? {
    UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(slot))
}

@inline(__always)
func callRef(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard takeTick(cx) else { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    guard let callee = referencedFunction(tos) else { return raise(.nullFunctionReference, ip, cx) }
    var after = ip
    skipLEB(&after)  // the type index
    enter(callee, ip, after, sp - 1, fp, sp[-1], spare, cx)
}

/// `call_ref` in tail position: the callee takes over the frame (see TailCallHandlers.swift).
@inline(__always)
func returnCallRef(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard takeTick(cx) else { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    guard let callee = referencedFunction(tos) else { return raise(.nullFunctionReference, ip, cx) }
    replaceFrame(callee, ip, sp - 1, fp, sp[-1], spare, cx)
}

@inline(__always)
func refAsNonNull(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard tos != 0 else { return raise(.nullReference, ip, cx) }
    next(ip, sp, fp, tos, spare, cx)
}

/// A null reference is dropped and branches like `br`; any other stays and execution goes on
/// past the label (and past this instruction's side-table entry).
@inline(__always)
func brOnNull(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let stp = cx.pointee.stp
    if tos == 0 {
        if stp.pointee.pcDelta <= 0 && !takeTick(cx) { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
        branch(ip - 1, stp, sp - 1, fp, sp[-1], spare, cx)
    } else {
        var ip = ip
        skipLEB(&ip)
        cx.pointee.stp = stp + 1
        next(ip, sp, fp, tos, spare, cx)
    }
}

/// A non-null reference branches, carried as the label's last value; a null is dropped.
@inline(__always)
func brOnNonNull(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let stp = cx.pointee.stp
    if tos != 0 {
        if stp.pointee.pcDelta <= 0 && !takeTick(cx) { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
        branch(ip - 1, stp, sp, fp, tos, spare, cx)
    } else {
        var ip = ip
        skipLEB(&ip)
        cx.pointee.stp = stp + 1
        next(ip, sp - 1, fp, sp[-1], spare, cx)
    }
}
