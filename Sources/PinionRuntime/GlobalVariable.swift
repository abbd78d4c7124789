// PinionRuntime: global variables, each in its own heap cell so importers alias it.
import PinionBinary

/// A global variable. Shared by every instance that imports it.
public final class GlobalVariable: @unchecked Sendable {
    @usableFromInline let cell: UnsafeMutablePointer<UInt64>
    public let type: GlobalType
    unowned let store: Store

    init(type: GlobalType, slot: UInt64, store: Store) {
        cell = .allocate(capacity: 1)
        cell.initialize(to: slot)
        self.type = type
        self.store = store
    }

    deinit { cell.deallocate() }

    public var value: Value {
        get { store.value(fromSlot: cell.pointee, type: type.valueType) }
        set { cell.pointee = store.slot(from: newValue) }
    }
}
