// PinionRuntime: the in-place interpreter's entry point and dispatch. It executes a
// function's original code bytes; taken branches read the validator's side table.
//
// Dispatch is threaded: every opcode has its own handler function, and each handler ends
// by looking up the next code byte in a handler table and tail-calling that handler, so
// each opcode has its own indirect jump and the hot values (ip, sp, fp, two operand
// registers, cx) stay in the six argument registers. The tables sit in memory right
// before the `Machine` that `cx` points at, so a dispatch is one indexed load off a
// register. Swift does not promise tail calls; see `refuelAndRetry` for what happens
// without one.
//
// Stack layout of a frame: [parameters][locals][spare][operands...]. The top one or two
// operands travel in registers (see `OperandCache`); `sp` points at the home slot of the
// lower one. The spare slot is that home while the operand stack is empty, so a push can
// always spill to `sp[0]` without clobbering a local. The side-table position changes
// only at branches, so it lives in `Machine.stp` rather than in a register.
import PinionBinary
import PinionValidation

typealias CodePointer = UnsafePointer<UInt8>
typealias SideTablePointer = UnsafePointer<SideTableEntry>
typealias MachinePointer = UnsafeMutablePointer<Machine>

/// One instruction's implementation. `ip` points just past its opcode byte; what `a` and
/// `b` hold depends on the table the handler was dispatched from (`OperandCache`).
typealias Handler = @convention(thin) (
    _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer
) -> Void

/// Interpreter state that changes at calls, returns and memory growth, reached through
/// `cx`; the per-instruction state travels in handler arguments.
struct Machine {
    var memBase: UnsafeMutableRawPointer
    var memSize: UInt64
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    var functions: UnsafeMutablePointer<UnsafeMutablePointer<FunctionRecord>>
    var inst: UnsafeMutablePointer<InstanceContext>
    /// The running function and its final `end` (an `end` past it returns).
    var fn: UnsafeMutablePointer<FunctionRecord>
    var codeEnd: CodePointer
    /// The side-table entry of the next branch in the running function.
    var stp: SideTablePointer
    /// Calls and back-edges left in the current fuel slice.
    var ticks: Int
    var depth: Int
    let baseDepth: Int
    let frames: UnsafeMutablePointer<CallFrame>
    let maxFrames: Int
    let stackEnd: Slot
    let context: Unmanaged<ExecutionContext>
    /// The native stack position at entry (see `refuelAndRetry`).
    let nativeStack: UInt
    var trap: TrapKind?
    var trapIP: CodePointer?
    /// Set when execution must continue from `run` after unwinding native frames.
    var resume: ResumePoint?
    /// A host function being called and where to continue after it (see `callHost`).
    var hostCallee: UnsafeMutablePointer<FunctionRecord>?
    var hostReturnIP: CodePointer?
    /// Always 0. Locals are zeroed by storing this loaded value rather than a literal 0,
    /// which LLVM would turn into a call to `memset`.
    let zero: UInt64

    /// Points the cached instance state at `instance` (after a call into another instance,
    /// or when memory may have grown).
    @inline(__always)
    mutating func load(_ instance: UnsafeMutablePointer<InstanceContext>) {
        inst = instance
        globals = instance.pointee.globals
        functions = instance.pointee.functions
        if let m = instance.pointee.memory {
            memBase = m.pointee.base
            memSize = UInt64(m.pointee.byteCount)
        } else {
            memSize = 0
        }
    }
}

/// Executes the instruction at `ip` with the top operand in `tos` (`TopCached`).
/// `spare` is whatever the other register holds; passing it on costs nothing.
@inline(__always)
func next(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    let handlers = UnsafeRawPointer(cx).advanced(by: -handlerTableBytes).assumingMemoryBound(to: Handler.self)
    handlers[Int(ip.pointee)](ip + 1, sp, fp, tos, spare, cx)
}

/// Executes the instruction at `ip` with the top two operands in registers
/// (`TopTwoCached`): `second` homed at `sp[0]`, `top` at `sp[1]`.
@inline(__always)
func nextCached(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ second: UInt64, _ top: UInt64, _ cx: MachinePointer) {
    let handlers = UnsafeRawPointer(cx).advanced(by: -2 * handlerTableBytes).assumingMemoryBound(to: Handler.self)
    handlers[Int(ip.pointee)](ip + 1, sp, fp, second, top, cx)
}

/// Stops execution with `kind`; `ip` is just past the trapping instruction's opcode.
@inline(never)
func raise(_ kind: TrapKind, _ ip: CodePointer, _ cx: MachinePointer) {
    cx.pointee.trap = kind
    cx.pointee.trapIP = ip
}

/// Charges one call or back-edge against the fuel slice. False when the slice is empty:
/// the handler then tail-calls `refuelAndRetry` with its state unchanged. (Handlers make no
/// ordinary calls on any path: one would make them save and restore registers on every
/// execution.) The count goes to -1 on the empty slice, so the common case is one
/// decrement of memory and a jump on its sign; `refuel` overwrites the -1.
@inline(__always)
func takeTick(_ cx: MachinePointer) -> Bool {
    cx.pointee.ticks &-= 1
    return cx.pointee.ticks >= 0
}

/// Polls the interrupt flag, takes the next slice of fuel and runs the instruction that
/// found the slice empty (opcode at `ip - 1`) again.
///
/// Handlers tail-call each other, so the native stack stays where `run` left it. Where
/// the optimizer made an ordinary call instead (always, in an unoptimized debug build),
/// every execution leaves a frame behind; once they add up, the state is handed back to
/// `run`, which returns through those frames and resumes. Correctness never depends on
/// tail calls, only speed does.
@inline(never)
func refuelAndRetry(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    if let trap = refuel(cx) { return raise(trap, ip, cx) }
    if cx.pointee.nativeStack &- nativeStackPosition() > 64 * 1024 {
        cx.pointee.resume = ResumePoint(ip: ip - 1, sp: sp, fp: fp, tos: tos)
        return
    }
    next(ip - 1, sp, fp, tos, spare, cx)
}

@inline(never)
private func refuel(_ cx: MachinePointer) -> TrapKind? {
    let context = cx.pointee.context.takeUnretainedValue()
    if let trap = context.refill() {
        cx.pointee.ticks = 0
        return trap
    }
    cx.pointee.ticks = context.takeSlice()
    return nil
}

/// Where to continue after unwinding native frames (see `refuelAndRetry`).
struct ResumePoint {
    var ip: CodePointer
    var sp: Slot
    var fp: Slot
    var tos: UInt64
}

/// An address on the caller's native stack.
@inline(never)
func nativeStackPosition() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}

// These three are computed, not stored: Swift 6.0 initialises such a global lazily, and
// every handler then called swift_once before each dispatch (6.3 folds it to a constant).
/// Bytes of one handler table; two (`TopTwoCached`'s, then `TopCached`'s) are in front of
/// each `Machine`.
var handlerTableBytes: Int { 256 * MemoryLayout<Handler>.stride }

/// Bytes of the one-byte constant table in front of the handler table (see `oneByteConstant`).
var oneByteConstantBytes: Int { 128 * MemoryLayout<UInt64>.stride }

/// Bytes in front of each `Machine` in its block.
var machinePrefixBytes: Int { oneByteConstantBytes + 2 * handlerTableBytes }

/// The value of the one-byte signed LEB `byte` (0...0x7F), sign-extended to 64 bits: one
/// load off `cx` where decoding would take two shifts. An i32 constant reads the low half.
@inline(__always)
func oneByteConstant(_ byte: UInt8, _ cx: MachinePointer) -> UInt64 {
    UnsafeRawPointer(cx).advanced(by: -machinePrefixBytes).assumingMemoryBound(to: UInt64.self)[Int(Int8(bitPattern: byte))]
}

/// Memory for the constant and handler tables followed by a `Machine`; the tables are
/// filled once.
func allocateMachineBlock() -> UnsafeMutableRawPointer {
    let block = UnsafeMutableRawPointer.allocate(byteCount: machinePrefixBytes + MemoryLayout<Machine>.stride, alignment: 64)
    let constants = block.bindMemory(to: UInt64.self, capacity: 128)
    for byte in 0..<128 { (constants + byte).initialize(to: UInt64(bitPattern: Int64(Int8(bitPattern: UInt8(byte) << 1) >> 1))) }
    (block + oneByteConstantBytes).bindMemory(to: Handler.self, capacity: 512).initialize(from: handlerTables, count: 512)
    return block
}

extension ExecutionContext {
    /// Runs wasm function `entry` whose arguments are at `base`; results end up at `base`.
    func run(_ entry: UnsafeMutablePointer<FunctionRecord>, base: Slot) throws(Trap) {
        let fn = entry.pointee
        let inst = fn.instance!
        // Entering the first frame: room for locals and operands, locals zeroed.
        let locals = base + Int(fn.parameterCount)
        if locals + Int(fn.frameSlots) > stackEnd {
            throw Trap(.valueStackExhausted, functionIndex: fn.moduleFunctionIndex)
        }
        locals.initialize(repeating: 0, count: Int(fn.localCount))

        // A host function called from wasm may call back in: the outer run's machine is
        // set aside until this one finishes.
        let cx = (machineBlock + machinePrefixBytes).assumingMemoryBound(to: Machine.self)
        let outer: Machine? = runNesting > 0 ? cx.move() : nil
        runNesting += 1
        cx.initialize(to: Machine(
            memBase: UnsafeMutableRawPointer(bitPattern: 0x10)!, memSize: 0,
            globals: inst.pointee.globals, functions: inst.pointee.functions, inst: inst,
            fn: entry, codeEnd: fn.codeEnd!, stp: fn.sideTable!, ticks: 0, depth: frameDepth, baseDepth: frameDepth,
            frames: frames, maxFrames: maxFrames, stackEnd: stackEnd, context: Unmanaged.passUnretained(self),
            nativeStack: nativeStackPosition(), trap: nil, trapIP: nil, resume: nil, hostCallee: nil, hostReturnIP: nil, zero: 0))
        cx.pointee.load(inst)
        next(fn.code!, locals + Int(fn.localCount), base, 0, 0, cx)
        while let r = cx.pointee.resume {
            cx.pointee.resume = nil
            nativeStackResumes += 1
            next(r.ip, r.sp, r.fp, r.tos, 0, cx)
        }
        let machine = cx.move()
        if let outer { cx.initialize(to: outer) }
        runNesting -= 1

        frameDepth = machine.baseDepth
        returnSlice(machine.ticks)
        if let trap = machine.trap {
            throw Trap(trap, functionIndex: machine.fn.pointee.moduleFunctionIndex,
                       offset: UnsafeRawPointer(machine.trapIP! - 1) - machine.inst.pointee.moduleBase)
        }
    }
}
