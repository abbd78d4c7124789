// PinionRuntime: the fixed resource budgets every instance runs under.

/// Limits set by the embedder. Exceeding one is a clean trap or a failed grow,
/// never a crash of the host process.
public struct Budgets: Sendable, Hashable {
    /// Most linear-memory pages (64 KiB) any memory of the instance may have;
    /// `memory.grow` beyond it returns -1. Instantiation fails if a memory's minimum exceeds it.
    public var maxMemoryPages: UInt32
    /// Value-stack size in 64-bit slots (locals and operands of all active frames).
    public var valueStackSlots: Int
    /// Deepest nesting of calls.
    public var maxCallDepth: Int
    /// Most elements any table of the instance may have; `table.grow` beyond it returns -1.
    public var maxTableElements: UInt32
    /// Fuel: one unit is charged per call and per loop back-edge. nil means unlimited.
    public var fuel: UInt64?

    public init(maxMemoryPages: UInt32 = 65536, valueStackSlots: Int = 256 * 1024,
                maxCallDepth: Int = 10_000, maxTableElements: UInt32 = 10_000_000, fuel: UInt64? = nil) {
        self.maxMemoryPages = maxMemoryPages
        self.valueStackSlots = valueStackSlots
        self.maxCallDepth = maxCallDepth
        self.maxTableElements = maxTableElements
        self.fuel = fuel
    }
}
