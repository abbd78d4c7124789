// PinionValidation: the side table, the only per-function data validation produces.
// The interpreter runs the original code bytes; a taken branch reads one entry here
// to learn where to go and how to reshape the operand stack.

/// One branch's precomputed effect. Entries appear in code order: one for each `if`,
/// `else`, `br`, `br_if`, `n + 1` for a `br_table` with `n` labels, and `1 + n` for a
/// `try_table` with `n` catch clauses (a jump past its immediates and clauses, then one
/// entry per clause, read only by a throw).
///
/// Taking a branch: move the top `valueCount` slots down by `popCount`, drop `popCount`
/// slots, continue at `branchOpcode + pcDelta` with the side-table position
/// `thisEntry + stpDelta`. A `pcDelta` of zero or less is a loop back-edge.
@frozen
public struct SideTableEntry: Sendable, Hashable {
    public var pcDelta: Int32
    public var stpDelta: Int16
    public var valueCount: UInt8
    public var popCount: UInt8

    @inlinable
    public init(pcDelta: Int32, stpDelta: Int16, valueCount: UInt8, popCount: UInt8) {
        self.pcDelta = pcDelta
        self.stpDelta = stpDelta
        self.valueCount = valueCount
        self.popCount = popCount
    }
}

/// What validation learned about one defined function.
public struct FunctionInfo: Sendable {
    public var typeIndex: UInt32
    /// Index of the function's first side-table entry in `ValidatedModule.sideTable`.
    public var sideTableStart: Int
    public var sideTableCount: Int
    /// The deepest the operand stack gets, in slots (locals not included).
    public var maxStackHeight: Int
    /// Declared locals, parameters not included.
    public var localCount: Int
    /// The function's `try_table`s in `ValidatedModule.tryRanges`, in code order.
    public var tryRangeStart: Int = 0
    public var tryRangeCount: Int = 0
}
