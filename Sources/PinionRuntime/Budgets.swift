// PinionRuntime: the fixed resource budgets every instance runs under, and their
// validation (checked arithmetic, so no budget can overflow into a tiny allocation).

/// Limits set by the embedder. Exceeding one is a clean trap or a failed grow,
/// never a crash of the host process.
///
/// What each bounds (host bytes):
/// - `memoryBytes`: everything a running instance can make grow, in one account: the
///   linear memories it defines (64 KiB per page) plus the tables it defines (8 bytes per
///   element). `memory.grow`/`table.grow` past it return -1; instantiation past it fails.
///   The CLI also bounds a module's decoded state (decoder, validator, side table and the
///   per-function/global/segment state made at instantiation) by this many bytes.
/// - `valueStackSlots`: 8 bytes each, allocated once per instance.
/// - `maxCallDepth`: one 32-byte frame record each, allocated once per instance.
/// - `fuel`: calls, loop back-edges, and bulk operations by size (see `fuelBytesPerUnit`).
public struct Budgets: Sendable, Hashable {
    /// Bytes of linear memory and table elements the instance may allocate, all together.
    public var memoryBytes: UInt64
    /// Value-stack size in 64-bit slots (locals and operands of all active frames).
    public var valueStackSlots: Int
    /// Deepest nesting of calls.
    public var maxCallDepth: Int
    /// Most elements any one table of the instance may have (the byte budget applies too);
    /// `table.grow` beyond it returns -1.
    public var maxTableElements: UInt32
    /// Fuel: one unit per call and loop back-edge, plus one per `fuelBytesPerUnit` bytes a
    /// bulk memory or table instruction (or a large host call) touches. nil means unlimited.
    public var fuel: UInt64?

    /// 64 MiB: a Raspberry Pi Zero 2 W has 512 MB for the system and every module on it,
    /// so an unconfigured module must not be able to take most of a board; C programs for
    /// sensors need a few hundred KiB. Raise it per module with `--max-memory` or the manifest.
    public static let defaultMemoryBytes: UInt64 = 64 << 20
    /// Largest memory budget accepted: 4 GiB of linear memory (the wasm32 limit) plus room
    /// for tables.
    public static let maxMemoryBytes: UInt64 = 8 << 30
    /// Largest value stack accepted: 2^28 slots (2 GiB), the manifest's upper bound.
    public static let maxValueStackSlots = 1 << 28
    /// Largest call depth accepted (32 bytes of frame record each: 1 GiB).
    public static let maxCallDepthLimit = 1 << 25
    /// Bulk operations cost one fuel unit per this many bytes (8 per table element), so
    /// fuel bounds them as it bounds loops: a 64 KiB memset takes a few microseconds, the
    /// time of some hundreds of interpreted back-edges, so bulk operations stay cheaper
    /// than the loops they replace.
    public static let fuelBytesPerUnit: UInt64 = 64 << 10

    public init(memoryBytes: UInt64 = Budgets.defaultMemoryBytes, valueStackSlots: Int = 256 * 1024,
                maxCallDepth: Int = 10_000, maxTableElements: UInt32 = 10_000_000, fuel: UInt64? = nil) {
        self.memoryBytes = memoryBytes
        self.valueStackSlots = valueStackSlots
        self.maxCallDepth = maxCallDepth
        self.maxTableElements = maxTableElements
        self.fuel = fuel
    }

    /// A budget given in linear-memory pages (64 KiB each).
    public init(maxMemoryPages: UInt32, valueStackSlots: Int = 256 * 1024, maxCallDepth: Int = 10_000,
                maxTableElements: UInt32 = 10_000_000, fuel: UInt64? = nil) {
        self.init(memoryBytes: UInt64(maxMemoryPages) * 65536, valueStackSlots: valueStackSlots,
                  maxCallDepth: maxCallDepth, maxTableElements: maxTableElements, fuel: fuel)
    }

    /// The memory budget in whole 64 KiB pages (at most 65536, the wasm32 limit).
    public var maxMemoryPages: UInt32 {
        get { UInt32(min(memoryBytes / 65536, 65536)) }
        set { memoryBytes = UInt64(newValue) * 65536 }
    }

    /// Checks every budget is within the range the engine can honour, without allocating.
    /// Instantiation calls it too; call it early (e.g. on a manifest) for a clear error.
    public func validate() throws(BudgetError) {
        guard memoryBytes <= Budgets.maxMemoryBytes else {
            throw BudgetError(budget: "memory", value: "\(memoryBytes) bytes", limit: "at most \(Budgets.maxMemoryBytes) bytes (8 GiB)")
        }
        guard valueStackSlots >= 1, valueStackSlots <= Budgets.maxValueStackSlots else {
            throw BudgetError(budget: "stack", value: "\(valueStackSlots) slots",
                              limit: "1 to \(Budgets.maxValueStackSlots) slots (2 GiB)")
        }
        guard maxCallDepth >= 1, maxCallDepth <= Budgets.maxCallDepthLimit else {
            throw BudgetError(budget: "call depth", value: "\(maxCallDepth)", limit: "1 to \(Budgets.maxCallDepthLimit)")
        }
    }
}

/// A budget out of the range the engine accepts, or one the host cannot allocate.
public struct BudgetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which budget: "memory", "stack", "call depth", "fuel".
    public var budget: String
    public var value: String
    /// What is accepted, or why it failed.
    public var limit: String

    public init(budget: String, value: String, limit: String) {
        self.budget = budget
        self.value = value
        self.limit = limit
    }

    public var description: String { "\(budget) budget of \(value) is out of range: \(limit)" }
}
