// PinionRuntime: a module instance: its exports, segments, budgets and interrupt flag.
import PinionBinary
import PinionValidation
import Synchronization

/// A flag another thread raises to stop a running instance. The interpreter polls it
/// at calls and loop back-edges (every `ExecutionContext.pollInterval` of them).
public final class InterruptFlag: Sendable {
    let raised = Atomic<Bool>(false)

    public init() {}

    /// Asks the instance to stop; it traps with `.interrupted` promptly.
    public func raise() { raised.store(true, ordering: .relaxed) }
    /// Clears the flag so the instance can run again.
    public func clear() { raised.store(false, ordering: .relaxed) }
    public var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Called on the running thread each time the interpreter polls the flag (every
    /// `ExecutionContext.pollInterval` calls and back-edges): an embedder may pause there,
    /// e.g. to hold a module to a share of a CPU. Set it before the instance runs; it may
    /// raise the flag. Off the hot path: polls happen once per slice of fuel.
    nonisolated(unsafe) public var onPoll: (() -> Void)?
}

/// An instantiated module.
public final class Instance: @unchecked Sendable {
    public let module: ValidatedModule
    public unowned let store: Store
    public let budgets: Budgets
    /// Raise it from any thread to stop this instance's running code (its start function
    /// included: pass the flag to `Store.instantiate` to raise it before this exists).
    public let interrupt: InterruptFlag
    /// The budget its memories and tables are charged to.
    let account: MemoryAccount

    var functions: [Function] = []
    var tables: [Table] = []
    var memories: [Memory] = []
    var globals: [GlobalVariable] = []
    var tags: [Tag] = []
    /// Functions imported: a defined function's index in `module.functions` is its index
    /// in the function index space less this.
    var importedFunctionCount = 0
    /// Keyed by UTF-8 bytes: names that Unicode calls equivalent are still distinct exports.
    var exports: [[UInt8]: ExternalValue] = [:]
    /// Evaluated element segments (slots); emptied by `elem.drop`.
    var elementSegments: [[UInt64]] = []
    /// Data segment ranges in the module bytes; emptied by `data.drop`.
    var dataSegments: [Range<Int>] = []
    let context: UnsafeMutablePointer<InstanceContext>
    let execution: ExecutionContext

    init(module: ValidatedModule, store: Store, budgets: Budgets, execution: ExecutionContext, interrupt: InterruptFlag) {
        self.module = module
        self.store = store
        self.budgets = budgets
        self.execution = execution
        self.interrupt = interrupt
        account = MemoryAccount(limit: budgets.memoryBytes)
        context = .allocate(capacity: 1)
        context.initialize(to: InstanceContext(
            memory: nil, memories: .allocate(capacity: 1), globals: .allocate(capacity: 1), functions: .allocate(capacity: 1),
            tables: .allocate(capacity: 1), typeIDs: .allocate(capacity: 1), tags: .allocate(capacity: 1),
            moduleBase: module.module.bytes.base, owner: Unmanaged.passUnretained(self)))
    }

    deinit {
        context.pointee.memories.deallocate()
        context.pointee.globals.deallocate()
        context.pointee.functions.deallocate()
        context.pointee.tables.deallocate()
        context.pointee.typeIDs.deallocate()
        context.pointee.tags.deallocate()
        context.deallocate()
    }

    /// The export called `name`, if any.
    public func export(_ name: String) -> ExternalValue? { exports[Array(name.utf8)] }

    /// The names of all exports, in module order.
    public var exportNames: [String] { module.module.exports.map(\.name) }

    /// The exported function `name`, if any.
    public func function(_ name: String) -> Function? {
        if case .function(let f) = export(name) { return f }
        return nil
    }

    /// The memory exported as "memory", or else the instance's first memory.
    public var memory: Memory? {
        if case .memory(let m) = export("memory") { return m }
        return memories.first
    }

    /// Calls the exported function `name`.
    public func invoke(_ name: String, _ arguments: [Value] = []) throws(Trap) -> [Value] {
        guard let f = function(name) else { throw Trap(.host("no exported function named '\(name)'")) }
        return try f.invoke(arguments)
    }

    /// Bytes of the memory budget its memories and tables use now.
    public var memoryBudgetUsed: UInt64 { account.used }

    /// Fuel left for this instance (nil when unlimited).
    public var remainingFuel: UInt64? {
        get { execution.fuelLimited ? execution.fuel : nil }
        set {
            execution.fuelLimited = newValue != nil
            execution.fuel = newValue ?? .max
        }
    }
}
