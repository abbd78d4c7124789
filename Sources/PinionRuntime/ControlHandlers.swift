// PinionRuntime: handlers for structured control: blocks, branches through the side
// table, `end`, `return`. Calls are in CallHandlers.swift.
import PinionBinary
import PinionValidation

/// The block type byte of a block without parameters or results.
private let emptyBlockType: UInt8 = 0x40

/// Eight code bytes that open four empty blocks (`block` 0x02, then 0x40, four times),
/// read as one little-endian word. The module's padding makes the load safe at the end
/// of the code.
private let fourEmptyBlocks: UInt64 = 0x4002_4002_4002_4002

/// Nothing to do in place but skip the block type. A C `switch` compiles to a run of
/// nested `block`s without results; the whole run is skipped in one dispatch.
@inline(__always)
func blockOrLoop(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var ip = ip
    skipBlockType(&ip)
    if ip[0] == Opcode.block.rawValue && ip[1] == emptyBlockType {  // a run: four at a time, then the rest
        ip += 2
        while UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self).littleEndian == fourEmptyBlocks { ip += 8 }
        while ip[0] == Opcode.block.rawValue && ip[1] == emptyBlockType { ip += 2 }
    }
    next(ip, sp, fp, tos, spare, cx)
}

@inline(__always)
func ifThen<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                             _: S.Type = TopCached.self) {
    if u32(S.top(a, b)) != 0 {
        var ip = ip
        skipBlockType(&ip)
        cx.pointee.stp += 1
        let (rest, tos) = S.popped(sp, a)
        next(ip, rest, fp, tos, b, cx)
    } else {
        let stp = cx.pointee.stp
        cx.pointee.stp = stp + Int(stp.pointee.stpDelta)
        let (rest, tos) = S.popped(sp, a)
        next(ip - 1 + Int(stp.pointee.pcDelta), rest, fp, tos, b, cx)
    }
}

/// The then-branch is done: jump past `end`. Also `try_table`, which jumps past its
/// immediates and its catch clauses' side-table entries into its body.
@inline(__always)
func elseJump(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let stp = cx.pointee.stp
    cx.pointee.stp = stp + Int(stp.pointee.stpDelta)
    next(ip - 1 + Int(stp.pointee.pcDelta), sp, fp, tos, spare, cx)
}

@inline(__always)
func end(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    if ip <= cx.pointee.codeEnd {
        next(ip, sp, fp, tos, spare, cx)
    } else {
        functionReturn(ip, sp, fp, tos, spare, cx)
    }
}

/// Results go to the start of the frame; the caller's top is then the last one (or, with
/// no results, whatever was below the arguments).
@inline(never)
func functionReturn(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let results = Int(cx.pointee.fn.pointee.resultCount)
    switch results {
    case 0: resumeCaller(fp - 1, cx)
    case 1:
        fp[0] = tos
        resumeCaller(fp, cx)
    default: returnMany(ip, sp, fp, tos, spare, cx)
    }
}

@inline(never)
func returnMany(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let results = Int(cx.pointee.fn.pointee.resultCount)
    sp[0] = tos
    let source = sp - results + 1
    for i in 0..<results { fp[i] = source[i] }
    resumeCaller(fp + results - 1, cx)
}

/// Pops the current frame and continues in the caller with its top at `callerSP`, or
/// returns to `run` from the entry frame.
@inline(__always)
func resumeCaller(_ callerSP: Slot, _ cx: MachinePointer) {
    let depth = cx.pointee.depth
    if depth == cx.pointee.baseDepth { return }
    cx.pointee.depth = depth - 1
    let frame = cx.pointee.frames[depth - 1]
    let caller = frame.function
    if caller.pointee.instance != cx.pointee.inst { cx.pointee.load(caller.pointee.instance!) }
    cx.pointee.fn = caller
    cx.pointee.codeEnd = caller.pointee.codeEnd!
    cx.pointee.stp = frame.returnSTP
    next(frame.returnIP, callerSP, frame.fp, callerSP[0], 0, cx)
}

/// Takes the branch described by `entry`, whose instruction starts at `origin`: drops the
/// slots between the carried values and the rest, and continues at the target. (Slow paths
/// take their arguments in the handlers' register order, so reaching them moves nothing.)
@inline(__always)
func branch(_ origin: CodePointer, _ entry: SideTablePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let e = entry.pointee
    if e.popCount != 0 {
        cx.pointee.stp = entry
        return branchDropping(origin, sp, fp, tos, spare, cx)
    }
    cx.pointee.stp = entry + Int(e.stpDelta)
    next(origin + Int(e.pcDelta), sp, fp, tos, spare, cx)
}

/// A branch that drops operands, described by the entry at `cx.stp` (out of line: it
/// needs more registers than the common branch that leaves the stack as it is).
@inline(never)
func branchDropping(_ origin: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let entry = cx.pointee.stp
    let e = entry.pointee
    let drop = Int(e.popCount)
    switch e.valueCount {
    case 0:
        cx.pointee.stp = entry + Int(e.stpDelta)
        next(origin + Int(e.pcDelta), sp - drop, fp, sp[-drop], spare, cx)
    case 1:
        cx.pointee.stp = entry + Int(e.stpDelta)
        next(origin + Int(e.pcDelta), sp - drop, fp, tos, spare, cx)  // the top stays the top
    default: branchCarryingMany(origin, sp, fp, tos, spare, cx)
    }
}

@inline(never)
func branchCarryingMany(_ origin: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let entry = cx.pointee.stp
    let e = entry.pointee
    let drop = Int(e.popCount)
    let count = Int(e.valueCount)
    sp[0] = tos
    let source = sp + 1 - count
    for i in 0..<count { source[i - drop] = source[i] }
    cx.pointee.stp = entry + Int(e.stpDelta)
    next(origin + Int(e.pcDelta), sp - drop, fp, sp[-drop], spare, cx)
}

/// Back-edges (`pcDelta <= 0`; 0: the branch opens its own loop) are charged against fuel.
@inline(__always)
func br(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let stp = cx.pointee.stp
    if stp.pointee.pcDelta <= 0 && !takeTick(cx) { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    branch(ip - 1, stp, sp, fp, tos, spare, cx)
}

@inline(__always)
func brIf<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                           _: S.Type = TopCached.self) {
    if u32(S.top(a, b)) != 0 {
        let stp = cx.pointee.stp
        if stp.pointee.pcDelta <= 0 && !takeTick(cx) { return refuel(ip, sp, fp, a, b, cx, S.self) }
        let (rest, tos) = S.popped(sp, a)
        branch(ip - 1, stp, rest, fp, tos, b, cx)
    } else {
        var ip = ip
        skipLEB(&ip)
        cx.pointee.stp += 1
        let (rest, tos) = S.popped(sp, a)
        next(ip, rest, fp, tos, b, cx)
    }
}

/// `refuelAndRetry` from either table: the retry runs from the first.
@inline(__always)
private func refuel<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                     _: S.Type) {
    if S.self == TopTwoCached.self { return TopTwoCached.spilling(ip, sp, fp, a, b, cx, refuelAndRetry) }
    refuelAndRetry(ip, sp, fp, a, b, cx)
}

@inline(__always)
func brTable(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var immediates = ip
    let count = readU32(&immediates)
    let entry = cx.pointee.stp + Int(min(u32(tos), count))  // past the end: the default label
    if entry.pointee.pcDelta <= 0 && !takeTick(cx) { return refuelAndRetry(ip, sp, fp, tos, spare, cx) }
    branch(ip - 1, entry, sp - 1, fp, sp[-1], spare, cx)
}

@inline(__always)
func unreachable(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    raise(.unreachable, ip, cx)
}

@inline(__always)
func nop(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    next(ip, sp, fp, tos, spare, cx)
}
