// PinionRuntime: functions the embedder provides to modules.
import PinionBinary

/// What a host function sees of its caller.
public struct Caller {
    @usableFromInline let context: UnsafeMutablePointer<InstanceContext>?

    /// The calling instance, or nil when the host function was invoked directly by the embedder.
    public var instance: Instance? { context?.pointee.owner.takeUnretainedValue() }

    /// The calling instance's first memory, bounds-checked.
    public var memory: MemoryView? {
        guard let m = context?.pointee.memory else { return nil }
        return MemoryView(storage: m)
    }
}

/// The body of a host function. Arguments are read from `slots[0..<parameterCount]`;
/// results are written to `slots[0..<resultCount]` (the space is always large enough).
/// Slots use the engine's encoding: i32/f32 in the low 32 bits, floats as bit patterns.
/// Throw a `Trap` to stop the module (e.g. `.exit(code)` for `proc_exit`).
public typealias HostFunctionBody = (_ caller: Caller, _ slots: UnsafeMutablePointer<UInt64>) throws(Trap) -> Void

/// A host function's body, owned by its store. Function records point at it unretained,
/// so a call from wasm costs no reference counting.
final class HostBody {
    let call: HostFunctionBody
    init(_ call: @escaping HostFunctionBody) { self.call = call }

    /// Calls the body behind `pointer` (from `FunctionRecord.hostBody`) without retaining it.
    /// Out of line, to keep the interpreter loop small.
    @inline(never)
    static func invoke(_ pointer: UnsafeRawPointer, _ caller: Caller, _ slots: UnsafeMutablePointer<UInt64>) throws(Trap) {
        do {
            try Unmanaged<HostBody>.fromOpaque(pointer)._withUnsafeGuaranteedRef { try $0.call(caller, slots) }
        } catch {
            throw error as! Trap  // `call` throws only Trap; the wrapper's signature is untyped
        }
    }
}

/// A function in a store: wasm or host. Cheap to copy.
public struct Function: @unchecked Sendable {
    @usableFromInline let record: UnsafeMutablePointer<FunctionRecord>
    public let store: Store

    /// The function's signature.
    public var type: FunctionType { store.type(ofID: record.pointee.typeID) }
    /// The function's address in its store.
    public var address: UInt32 { record.pointee.address }

    /// Calls the function with typed arguments and returns its results.
    public func invoke(_ arguments: [Value]) throws(Trap) -> [Value] {
        try store.invoke(record, arguments)
    }
}
