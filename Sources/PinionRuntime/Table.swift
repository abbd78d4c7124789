// PinionRuntime: tables of references.
import PinionBinary

/// Raw table state. Elements are reference slots: 0 is null; a funcref holds the
/// address of its FunctionRecord, an externref holds its host number + 1.
@usableFromInline
struct TableStorage {
    var elements: UnsafeMutablePointer<UInt64>
    var count: UInt32
    var maxCount: UInt32
    var declaredMax: UInt32?
    var elementType: ValueType
    /// The defining instance's budget account (kept alive by `Table.account`); nil for
    /// tables an embedder makes.
    var account: Unmanaged<MemoryAccount>?
}

/// A table. Shared by every instance that imports it.
public final class Table: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutablePointer<TableStorage>
    unowned let store: Store
    /// The budget this table's elements are charged to, if any.
    let account: MemoryAccount?

    /// Creates a table of `type.limits.min` elements set to `initial`, growable to the
    /// smaller of the type's maximum and `budgetElements`, its elements (8 bytes each)
    /// charged to `account`. Returns nil when the budgets or the host cannot provide them.
    init?(type: TableType, budgetElements: UInt32, initial: UInt64 = 0, account: MemoryAccount? = nil, store: Store) {
        guard type.limits.min <= budgetElements else { return nil }
        let count = Int(type.limits.min)
        let bytes = UInt64(count) * UInt64(MemoryLayout<UInt64>.size)
        if let account, !account.charge(bytes) { return nil }
        guard let raw = calloc(max(count, 1), MemoryLayout<UInt64>.size) else {
            account?.refund(bytes)
            return nil
        }
        let elements = raw.bindMemory(to: UInt64.self, capacity: max(count, 1))
        if initial != 0 { elements.update(repeating: initial, count: count) }
        storage = .allocate(capacity: 1)
        storage.initialize(to: TableStorage(
            elements: elements, count: type.limits.min,
            maxCount: min(type.limits.max ?? UInt32.max, budgetElements),
            declaredMax: type.limits.max, elementType: type.elementType, account: account?.unmanaged))
        self.store = store
        self.account = account
    }

    deinit {
        free(storage.pointee.elements)
        storage.deallocate()
    }

    public var count: UInt32 { storage.pointee.count }
    public var type: TableType {
        TableType(elementType: storage.pointee.elementType,
                  limits: Limits(min: storage.pointee.count, max: storage.pointee.declaredMax))
    }

    /// Grows by `delta` elements set to `initial` (a slot). Returns the old size or nil.
    @usableFromInline
    static func grow(_ storage: UnsafeMutablePointer<TableStorage>, by delta: UInt32, initial: UInt64) -> UInt32? {
        let old = storage.pointee.count
        let (new, overflow) = old.addingReportingOverflow(delta)
        guard !overflow, new <= storage.pointee.maxCount else { return nil }
        if delta == 0 { return old }
        let added = UInt64(delta) * UInt64(MemoryLayout<UInt64>.size)
        if let account = storage.pointee.account, !account.takeUnretainedValue().charge(added) { return nil }
        guard let raw = realloc(storage.pointee.elements, Int(new) * MemoryLayout<UInt64>.size) else {
            storage.pointee.account?.takeUnretainedValue().refund(added)
            return nil
        }
        let elements = raw.bindMemory(to: UInt64.self, capacity: Int(new))
        (elements + Int(old)).initialize(repeating: initial, count: Int(delta))
        storage.pointee.elements = elements
        storage.pointee.count = new
        return old
    }

    /// Reads element `index` as a value.
    public func get(_ index: UInt32) throws(Trap) -> Value {
        guard index < storage.pointee.count else { throw Trap(.outOfBoundsTableAccess) }
        return store.value(fromSlot: storage.pointee.elements[Int(index)], type: storage.pointee.elementType)
    }

    /// Writes element `index`.
    public func set(_ index: UInt32, _ value: Value) throws(Trap) {
        guard index < storage.pointee.count else { throw Trap(.outOfBoundsTableAccess) }
        storage.pointee.elements[Int(index)] = store.slot(from: value)
    }
}
