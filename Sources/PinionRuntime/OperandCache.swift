// PinionRuntime: where the top operands are while a handler runs. Handlers dispatched from
// the first table have the top operand in a register (`TopCached`); a push leaves the old
// top in its register and the new one in the other, and dispatches from the second table
// (`TopTwoCached`), so the common push-push-operator sequence touches no stack memory. The
// instructions that consume operands are written once against `OperandCache` and appear
// in both tables; every other instruction's second-table entry spills first.

/// The operand registers `a` and `b` of a handler, and what a push, pop or operator does
/// to them and to `sp`.
protocol OperandCache {
    /// The top operand.
    static func top(_ a: UInt64, _ b: UInt64) -> UInt64
    /// The operand below the top.
    static func second(_ sp: Slot, _ a: UInt64) -> UInt64
    /// `sp` and the top (in the one-register form) once the top is popped.
    static func popped(_ sp: Slot, _ a: UInt64) -> (Slot, UInt64)
    /// `sp` and the top once the top two are popped.
    static func poppedTwo(_ sp: Slot) -> (Slot, UInt64)
    /// Pushes `value` and executes the next instruction.
    static func push(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _ value: UInt64)
    /// Replaces the top with `value` and executes the next instruction.
    static func replaceTop(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _ value: UInt64)
}

extension OperandCache {
    /// Replaces the top two with `value` and executes the next instruction.
    @inline(__always)
    static func replaceTopTwo(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _ value: UInt64) {
        next(ip, popped(sp, a).0, fp, value, b, cx)
    }

    /// Pops the top and executes the next instruction.
    @inline(__always)
    static func pop(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer) {
        let (sp, tos) = popped(sp, a)
        next(ip, sp, fp, tos, b, cx)
    }
}

/// The top operand in `a`, the rest in memory below `sp` (`sp[0]` is the top's home).
enum TopCached: OperandCache {
    @inline(__always) static func top(_ a: UInt64, _ b: UInt64) -> UInt64 { a }
    @inline(__always) static func second(_ sp: Slot, _ a: UInt64) -> UInt64 { sp[-1] }
    @inline(__always) static func popped(_ sp: Slot, _ a: UInt64) -> (Slot, UInt64) { (sp - 1, sp[-1]) }
    @inline(__always) static func poppedTwo(_ sp: Slot) -> (Slot, UInt64) { (sp - 2, sp[-2]) }

    @inline(__always)
    static func push(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _ value: UInt64) {
        nextCached(ip, sp, fp, a, value, cx)
    }

    @inline(__always)
    static func replaceTop(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _ value: UInt64) {
        next(ip, sp, fp, value, b, cx)
    }
}

/// The top operand in `b` and the one below it in `a` (homes `sp[1]` and `sp[0]`).
enum TopTwoCached: OperandCache {
    @inline(__always) static func top(_ a: UInt64, _ b: UInt64) -> UInt64 { b }
    @inline(__always) static func second(_ sp: Slot, _ a: UInt64) -> UInt64 { a }
    @inline(__always) static func popped(_ sp: Slot, _ a: UInt64) -> (Slot, UInt64) { (sp, a) }
    @inline(__always) static func poppedTwo(_ sp: Slot) -> (Slot, UInt64) { (sp - 1, sp[-1]) }

    @inline(__always)
    static func push(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _ value: UInt64) {
        sp[0] = a
        nextCached(ip, sp + 1, fp, b, value, cx)
    }

    @inline(__always)
    static func replaceTop(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _ value: UInt64) {
        nextCached(ip, sp, fp, a, value, cx)
    }

    /// Spills `a` and runs `body`, an instruction written for `TopCached`.
    @inline(__always)
    static func spilling(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                         _ body: (CodePointer, Slot, Slot, UInt64, UInt64, MachinePointer) -> Void) {
        sp[0] = a
        body(ip, sp + 1, fp, b, b, cx)
    }
}
