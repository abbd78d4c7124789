// PinionRuntime: the per-function record the interpreter reads on every call.
import PinionValidation

/// Everything a call needs, in one place that never moves: the interpreter and tables
/// hold raw pointers to records, so calls and `call_indirect` touch no ARC.
@usableFromInline
struct FunctionRecord {
    /// The store-wide id of the function's signature (equal ids mean equal types).
    var typeID: UInt32
    var parameterCount: UInt32
    var resultCount: UInt32
    /// The function's address in its store (what `Value.funcref` carries).
    var address: UInt32
    /// Index in the defining module's function space (for trap reports); host: UInt32.max.
    var moduleFunctionIndex: UInt32
    /// Wasm functions: first instruction, the final `end`, and the side table.
    var code: UnsafePointer<UInt8>?
    var codeEnd: UnsafePointer<UInt8>?
    var sideTable: UnsafePointer<SideTableEntry>?
    /// Declared locals (not parameters), zeroed on entry.
    var localCount: UInt32
    /// Slots the frame may use beyond its parameters: locals, the spare slot that homes the
    /// lowest cached operand, the deepest operand stack, and room for results.
    var frameSlots: UInt32
    /// The defining instance's context; nil for host functions.
    var instance: UnsafeMutablePointer<InstanceContext>?
    /// Host functions: their `HostBody`, unretained (the store owns it); nil for wasm functions.
    var hostBody: UnsafeRawPointer?

    var isHost: Bool { hostBody != nil }
}

/// The parts of an instance the interpreter reads directly.
@usableFromInline
struct InstanceContext {
    /// Memory 0, which the interpreter caches (the fast path of every load and store).
    var memory: UnsafeMutablePointer<MemoryStorage>?
    /// Every memory, in the module's memory index space (memory 0 first).
    var memories: UnsafeMutablePointer<UnsafeMutablePointer<MemoryStorage>>
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    var functions: UnsafeMutablePointer<UnsafeMutablePointer<FunctionRecord>>
    var tables: UnsafeMutablePointer<UnsafeMutablePointer<TableStorage>>
    /// Module type index -> store type id.
    var typeIDs: UnsafeMutablePointer<UInt32>
    /// Module tag index -> store tag address (what a thrown exception's identity is).
    var tags: UnsafeMutablePointer<UInt32>
    /// Module bytes base, for trap offsets.
    var moduleBase: UnsafeRawPointer
    /// The owning instance, for slow paths (segments, host calls).
    var owner: Unmanaged<Instance>
}
