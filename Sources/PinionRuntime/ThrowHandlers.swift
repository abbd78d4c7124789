// PinionRuntime: `throw`, `throw_ref` and unwinding. (`try_table` itself runs as a jump;
// see HandlerTable.swift.) A throw searches the validator's handler table for the innermost
// `try_table` around the throwing instruction, then around each caller's call instruction,
// popping frames (of any instance: the frames of a store's modules share one stack) until
// a clause matches; the match continues at the clause's label like a branch, with the
// operand stack cut back to the label's height and the payload pushed. An exception no
// handler catches leaves `run` as `TrapKind.exception`. Traps never come this way.
import PinionBinary
import PinionValidation

/// `throw x`: the payload is on top of the stack. A throw is charged against fuel like a
/// call: a catch can branch back to a loop, and such a loop must run out of fuel and poll
/// the interrupt flag like any other.
@inline(__always)
func throwTag(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard takeTick(cx) else { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    throwNew(ip, sp, fp, tos, spare, cx)
}

@inline(never)
func throwNew(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    sp[0] = tos
    let id = allocateException(ip, sp, cx)
    throwException(id, ip - 1, fp, cx, skippingCurrentFrame: false)
}

/// Creates the exception `throw` at `ip` raises from the payload ending at `sp`.
@inline(never)
private func allocateException(_ ip: CodePointer, _ sp: Slot, _ cx: MachinePointer) -> UInt32 {
    var immediate = ip
    let address = cx.pointee.inst.pointee.tags[Int(readU32(&immediate))]
    let store = cx.pointee.inst.pointee.owner.takeUnretainedValue().store
    let count = store.type(ofID: store.tagTypeIDs[Int(address)]).parameters.count
    return store.exceptions.allocate(tag: address, payload: UnsafeBufferPointer(start: sp + 1 - count, count: count))
}

/// `throw_ref`: rethrows the exception the `exnref` on top names (charged like `throw`).
@inline(__always)
func throwRef(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    guard takeTick(cx) else { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    if tos == 0 { return raise(.nullExceptionReference, ip, cx) }
    rethrow(ip, sp, fp, tos, spare, cx)
}

@inline(never)
func rethrow(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let id = liveException(tos, cx)
    if id < 0 { return raise(.host("invalid exception reference \(tos - 1)"), ip, cx) }
    throwException(UInt32(id), ip - 1, fp, cx, skippingCurrentFrame: false)
}

// The store lookups below are functions of their own: a store reference held in the
// caller would be released after its call to `throwException`, which then could not be a
// tail call, and every throw would leave a native frame behind.

/// The exception the `exnref` slot names, or -1 when it names none.
@inline(never)
private func liveException(_ slot: UInt64, _ cx: MachinePointer) -> Int64 {
    cx.pointee.inst.pointee.owner.takeUnretainedValue().store.exceptions.id(forSlot: slot).map { Int64($0) } ?? -1
}

/// A new exception object for `exception` from the host, or -1 when its tag is another store's.
@inline(never)
private func hostException(_ exception: WasmException, _ cx: MachinePointer) -> Int64 {
    cx.pointee.inst.pointee.owner.takeUnretainedValue().store.exceptionObject(exception).map { Int64($0) } ?? -1
}

/// A host function called at `ip` (just past the call opcode) let `exception` out: it
/// continues in the calling module. After a tail call the current function is gone, so
/// its handlers are skipped.
@inline(never)
func throwFromHost(_ exception: WasmException, _ ip: CodePointer, _ fp: Slot, _ cx: MachinePointer, tailCall: Bool) {
    let id = hostException(exception, cx)
    if id < 0 { return raise(.host("exception of a tag from another store"), ip, cx) }
    throwException(UInt32(id), ip - 1, fp, cx, skippingCurrentFrame: tailCall)
}

/// Unwinds to the handler of exception `id` thrown at `position` in the current frame
/// (`fp`) and continues there; or, with none, leaves `run` with the exception. Only a
/// tail call follows the search, which does the rest out of line.
@inline(never)
func throwException(_ id: UInt32, _ position: CodePointer, _ fp: Slot, _ cx: MachinePointer, skippingCurrentFrame: Bool) {
    guard let landing = findHandler(id, position, fp, cx, skippingCurrentFrame) else { return }
    next(landing.ip, landing.sp, landing.fp, landing.sp[0], 0, cx)
}

/// Where a caught exception continues.
private struct Landing {
    var ip: CodePointer
    var sp: Slot
    var fp: Slot
}

/// Searches the frames from the current one outwards for a clause that catches `id`,
/// pops the frames it passes, and prepares the catching frame: machine state, operand
/// stack cut to the label's height, payload (and `exnref`) pushed. Nil when execution
/// stops instead: the exception left the entry frame, or a trap was raised.
@inline(never)
private func findHandler(_ id: UInt32, _ position: CodePointer, _ fp: Slot, _ cx: MachinePointer,
                         _ skippingCurrentFrame: Bool) -> Landing? {
    let store = cx.pointee.inst.pointee.owner.takeUnretainedValue().store
    var function = cx.pointee.fn
    var fp = fp
    var position = position
    var skip = skippingCurrentFrame
    while true {
        if !skip, let instance = function.pointee.instance {
            let owner = instance.pointee.owner.takeUnretainedValue()
            if let (range, clause) = matchingClause(id, position, function, owner, store) {
                return land(id, function, fp, owner, range, clause, store, cx)
            }
        }
        skip = false
        let depth = cx.pointee.depth
        if depth == cx.pointee.baseDepth {
            // Uncaught here: `run` reports it, as the current frame's.
            cx.pointee.fn = function
            cx.pointee.load(function.pointee.instance ?? cx.pointee.inst)
            let exception = store.wasmException(id)
            store.exceptions.release(id)
            raise(.exception(exception), position + 1, cx)
            return nil
        }
        cx.pointee.depth = depth - 1
        let frame = cx.pointee.frames[depth - 1]
        function = frame.function
        fp = frame.fp
        position = frame.returnIP - 1  // inside the call instruction
    }
}

/// The innermost `try_table` of `function` around `position` with a clause matching
/// exception `id`, and that clause.
private func matchingClause(_ id: UInt32, _ position: CodePointer, _ function: UnsafeMutablePointer<FunctionRecord>,
                            _ instance: Instance, _ store: Store) -> (TryRange, CatchClause)? {
    let module = instance.module
    let info = module.functions[Int(function.pointee.moduleFunctionIndex) - instance.importedFunctionCount]
    guard info.tryRangeCount > 0 else { return nil }
    let offset = UInt32(UnsafeRawPointer(position) - instance.context.pointee.moduleBase)
    let tag = store.exceptions.objects[Int(id)].tag
    // Ranges are in code order and nest, so walking backwards meets the innermost first.
    for r in (info.tryRangeStart..<info.tryRangeStart + info.tryRangeCount).reversed() {
        let range = module.tryRanges[r]
        guard range.bodyStart <= offset, offset < range.end else { continue }
        for c in 0..<Int(range.clauseCount) {
            let clause = module.catchClauses[Int(range.firstClause) + c]
            if clause.catchesAll || instance.context.pointee.tags[Int(clause.tag)] == tag { return (range, clause) }
        }
    }
    return nil
}

/// Makes `function`'s frame at `fp` current and takes `clause`'s branch with exception `id`.
private func land(_ id: UInt32, _ function: UnsafeMutablePointer<FunctionRecord>, _ fp: Slot, _ instance: Instance,
                  _ range: TryRange, _ clause: CatchClause, _ store: Store, _ cx: MachinePointer) -> Landing? {
    cx.pointee.fn = function
    cx.pointee.codeEnd = function.pointee.codeEnd!
    cx.pointee.load(instance.context)
    let origin = (instance.context.pointee.moduleBase + Int(range.tryOffset)).assumingMemoryBound(to: UInt8.self)
    // The frame's first operand slot is just above the spare slot past the locals.
    var top = fp + Int(function.pointee.parameterCount) + Int(function.pointee.localCount) + Int(clause.targetHeight)
    if clause.kind < 2 {
        for value in store.exceptions.objects[Int(id)].payload {
            top += 1
            top[0] = value
        }
    }
    if clause.pushesReference {
        guard store.exceptions.reference(id) else {
            raise(.exceptionReferencesExhausted, origin + 1, cx)
            return nil
        }
        top += 1
        top[0] = UInt64(id) + 1
    } else {
        store.exceptions.release(id)
    }
    let entry = function.pointee.sideTable! + Int(clause.entry)
    cx.pointee.stp = entry + Int(entry.pointee.stpDelta)
    return Landing(ip: origin + Int(entry.pointee.pcDelta), sp: top, fp: fp)
}
