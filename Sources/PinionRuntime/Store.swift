// PinionRuntime: the store, which owns every function, memory, table, global and
// instance made in it, and outlives them all. Raw pointers between them stay valid
// for the store's lifetime.
import PinionBinary
import PinionValidation

/// Owns runtime objects and runs code. Not thread-safe: use one store per thread,
/// except for `Instance.interrupt`, which any thread may raise.
public final class Store: @unchecked Sendable {
    private var types: [FunctionType] = []
    private var typeIDs: [FunctionType: UInt32] = [:]
    /// Function records live in fixed-size chunks that never move.
    private var recordChunks: [UnsafeMutablePointer<FunctionRecord>] = []
    private var recordCount = 0
    private static let chunkSize = 256
    /// Store-wide type id of the payload signature, per tag address.
    var tagTypeIDs: [UInt32] = []
    /// Thrown and caught exceptions (see `ExceptionHeap`).
    let exceptions = ExceptionHeap()
    /// Keeps host function bodies alive; records point at them unretained.
    var hostBodies: [HostBody] = []
    var instances: [Instance] = []
    /// Keeps imported-by-value objects alive as long as the store.
    var retained: [AnyObject] = []
    /// Stack used when the embedder calls a host function or a function without an instance budget.
    lazy var defaultExecution = try! ExecutionContext(budgets: Budgets())  // 2.3 MB: small enough to be certain

    public init() {}

    /// Lets go of the store's instances and of the objects it keeps for imports, so that
    /// they, their memories and the store itself are freed once the embedder drops its own
    /// references. Every function holds its store and the store holds the instances that
    /// hold the functions, so without this nothing made in a store is ever freed: an
    /// embedder that runs many instances over time (`pinion daemon`) closes each store when
    /// its run ends. Nothing made in the store may be used afterwards.
    public func close() {
        instances.removeAll()
        retained.removeAll()
    }

    deinit {
        for chunk in recordChunks { chunk.deallocate() }
    }

    /// The store-wide id of a signature, given as its canonical key (see `TypeEquivalence`):
    /// equivalent types from any module get the same id.
    func typeID(of type: FunctionType) -> UInt32 {
        if let id = typeIDs[type] { return id }
        let id = UInt32(types.count)
        types.append(type)
        typeIDs[type] = id
        return id
    }

    func type(ofID id: UInt32) -> FunctionType { types[Int(id)] }

    /// Allocates a function record that stays at the same address for the store's lifetime.
    func makeRecord(_ record: FunctionRecord) -> UnsafeMutablePointer<FunctionRecord> {
        if recordCount % Store.chunkSize == 0 {
            recordChunks.append(.allocate(capacity: Store.chunkSize))
        }
        let pointer = recordChunks[recordCount / Store.chunkSize] + recordCount % Store.chunkSize
        var record = record
        record.address = UInt32(recordCount)
        pointer.initialize(to: record)
        recordCount += 1
        return pointer
    }

    func record(atAddress address: UInt32) -> UnsafeMutablePointer<FunctionRecord>? {
        guard Int(address) < recordCount else { return nil }
        return recordChunks[Int(address) / Store.chunkSize] + Int(address) % Store.chunkSize
    }

    /// Creates a host function that modules can import.
    public func makeHostFunction(type: FunctionType, _ body: @escaping HostFunctionBody) -> Function {
        let host = HostBody(body)
        hostBodies.append(host)
        let record = makeRecord(FunctionRecord(
            typeID: typeID(of: type), parameterCount: UInt32(type.parameters.count),
            resultCount: UInt32(type.results.count), address: 0, moduleFunctionIndex: UInt32.max,
            code: nil, codeEnd: nil, sideTable: nil, localCount: 0, frameSlots: 0,
            instance: nil, hostBody: UnsafeRawPointer(Unmanaged.passUnretained(host).toOpaque())))
        return Function(record: record, store: self)
    }

    /// Creates a memory that modules can import.
    public func makeMemory(_ type: MemoryType, budgetPages: UInt32 = 65536) -> Memory? {
        guard let m = Memory(type: type, budgetBytes: UInt64(budgetPages) << 16) else { return nil }
        retained.append(m)
        return m
    }

    /// Creates a table that modules can import.
    public func makeTable(_ type: TableType, initial: Value? = nil) -> Table? {
        guard let t = Table(type: type, budgetElements: UInt32.max, initial: initial.map(slot(from:)) ?? 0, store: self) else { return nil }
        retained.append(t)
        return t
    }

    /// Creates a global that modules can import.
    public func makeGlobal(_ type: GlobalType, _ value: Value) -> GlobalVariable {
        let g = GlobalVariable(type: type, slot: slot(from: value), store: self)
        retained.append(g)
        return g
    }

    // MARK: Reference encoding

    /// The slot encoding of a value (funcref addresses become record pointers).
    func slot(from value: Value) -> UInt64 {
        if case .funcref(let address?) = value {
            guard let r = record(atAddress: address) else { return 0 }
            return UInt64(UInt(bitPattern: r))
        }
        return value.slot
    }

    func value(fromSlot slot: UInt64, type: ValueType) -> Value {
        if type.heapType?.top == .func {
            guard slot != 0, let r = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(slot)) else {
                return .funcref(nil)
            }
            return .funcref(r.pointee.address)
        }
        return Value(slot: slot, type: type)
    }

    /// Whether an embedder's value may be passed as `type` (canonical: defined types by id).
    func value(_ value: Value, matches type: ValueType) -> Bool {
        guard case .ref(let heapType, let nullable) = type else { return value.type == type }
        switch value {
        case .funcref(nil), .externref(nil):
            return nullable && value.type.heapType == heapType.top
        case .funcref(let address?):
            guard heapType.top == .func, heapType != .noFunc else { return false }
            if case .canonical(let id) = heapType { return record(atAddress: address)?.pointee.typeID == id }
            return true
        case .externref:
            return heapType == .extern
        default:
            return false
        }
    }

    // MARK: Invocation

    func invoke(_ record: UnsafeMutablePointer<FunctionRecord>, _ arguments: [Value]) throws(Trap) -> [Value] {
        let type = self.type(ofID: record.pointee.typeID)
        guard arguments.count == type.parameters.count,
              zip(arguments, type.parameters).allSatisfy({ value($0, matches: $1) }) else {
            throw Trap(.host("argument types \(arguments.map(\.type)) do not match \(type)"))
        }
        let execution = record.pointee.instance?.pointee.owner.takeUnretainedValue().execution ?? defaultExecution
        let slots = arguments.map(slot(from:))
        let results = try execution.call(record, arguments: slots, store: self)
        return zip(results, type.results).map { value(fromSlot: $0, type: $1) }
    }
}
