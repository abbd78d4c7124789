// PinionRuntime: the one account that every memory and table an instance defines is
// charged to, against `Budgets.memoryBytes`. Memories and tables keep it alive; their raw
// storage points at it unretained, so `memory.grow`/`table.grow` cost no reference counting.

/// Host bytes charged to one instance's memory budget.
final class MemoryAccount {
    let limit: UInt64
    private(set) var used: UInt64 = 0

    init(limit: UInt64) { self.limit = limit }

    /// Charges `bytes`; false (and nothing charged) when the budget would be exceeded.
    func charge(_ bytes: UInt64) -> Bool {
        let (total, overflow) = used.addingReportingOverflow(bytes)
        guard !overflow, total <= limit else { return false }
        used = total
        return true
    }

    /// Gives back bytes charged for an allocation that then failed.
    func refund(_ bytes: UInt64) { used -= min(bytes, used) }

    /// The unretained pointer storages keep.
    var unmanaged: Unmanaged<MemoryAccount> { Unmanaged.passUnretained(self) }
}
