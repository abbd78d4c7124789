// PinionRuntime: the preallocated value stack, call frames, fuel and interrupt
// polling state that code runs on. One per instance; reused across calls.
import PinionValidation

/// A suspended caller, saved on a call and restored on return.
struct CallFrame {
    var returnIP: UnsafePointer<UInt8>
    var returnSTP: UnsafePointer<SideTableEntry>
    var fp: UnsafeMutablePointer<UInt64>
    var function: UnsafeMutablePointer<FunctionRecord>
}

final class ExecutionContext {
    let stackBase: UnsafeMutablePointer<UInt64>
    let stackEnd: UnsafeMutablePointer<UInt64>
    /// First free slot: where a call from the host (or a re-entrant one) starts.
    var stackTop: UnsafeMutablePointer<UInt64>
    let frames: UnsafeMutablePointer<CallFrame>
    let maxFrames: Int
    var frameDepth = 0
    /// Fuel not yet handed to a running slice; `.max` when unlimited.
    var fuel: UInt64
    var fuelLimited: Bool
    let interrupt: InterruptFlag?
    /// The interpreter's constant and handler tables and machine state (Interpreter.swift).
    let machineBlock = allocateMachineBlock()
    /// Interpreter runs in progress (a host function may call back into wasm).
    var runNesting = 0
    /// Times the interpreter unwound native frames left by handlers that were not
    /// tail-called (0 in an optimized build; tests check it).
    var nativeStackResumes = 0

    /// Calls and back-edges between two looks at the interrupt flag.
    #if DEBUG
    static let pollInterval = 16  // unoptimized handlers leave native frames; unwind often
    #else
    static let pollInterval = 1024
    #endif

    /// Allocates the value stack and frame records the budgets ask for. Fails with the
    /// budget named when it is out of range or the host cannot allocate it (malloc, not
    /// Swift's allocator, which would abort the process).
    init(budgets: Budgets, interrupt: InterruptFlag? = nil) throws(BudgetError) {
        try budgets.validate()
        let slots = max(budgets.valueStackSlots, 16)
        // One slot below the base: a function returning nothing reloads the cached top of
        // stack from just below its frame, which for the first frame is this slot.
        // validate() bounds both sizes far below Int.max, so the products cannot overflow.
        let stackBytes = (slots + 1) * MemoryLayout<UInt64>.stride
        guard let stack = malloc(stackBytes) else {
            throw BudgetError(budget: "stack", value: "\(budgets.valueStackSlots) slots",
                              limit: "cannot allocate \(stackBytes) bytes")
        }
        maxFrames = max(budgets.maxCallDepth, 1)
        let frameBytes = maxFrames * MemoryLayout<CallFrame>.stride
        guard let frameMemory = malloc(frameBytes) else {
            free(stack)
            throw BudgetError(budget: "call depth", value: "\(budgets.maxCallDepth)",
                              limit: "cannot allocate \(frameBytes) bytes")
        }
        stackBase = stack.bindMemory(to: UInt64.self, capacity: slots + 1) + 1
        stackEnd = stackBase + slots
        stackTop = stackBase
        frames = frameMemory.bindMemory(to: CallFrame.self, capacity: maxFrames)
        fuel = budgets.fuel ?? .max
        fuelLimited = budgets.fuel != nil
        self.interrupt = interrupt
    }

    deinit {
        free(stackBase - 1)
        free(frames)
        machineBlock.deallocate()
    }

    /// Calls `record` with argument slots and returns its result slots.
    func call(_ record: UnsafeMutablePointer<FunctionRecord>, arguments: [UInt64], store: Store) throws(Trap) -> [UInt64] {
        let base = stackTop
        let params = Int(record.pointee.parameterCount)
        let results = Int(record.pointee.resultCount)
        guard stackEnd - base >= max(params, results) + 1 else { throw Trap(.valueStackExhausted) }
        for (i, a) in arguments.enumerated() { base[i] = a }
        defer { stackTop = base }
        if record.pointee.isHost {
            stackTop = base + max(params, results)
            do {
                try HostBody.invoke(record.pointee.hostBody!, Caller(context: nil), base)
            } catch {
                throw error
            }
        } else {
            try run(record, base: base)
        }
        return Array(UnsafeBufferPointer(start: base, count: results))
    }

    /// Refills the running slice of fuel, or traps when fuel is gone or an interrupt is raised.
    /// Returns the new number of charges the slice allows.
    @inline(never)
    func refill() -> TrapKind? {
        if let interrupt {
            if interrupt.isRaised { return .interrupted }
            if let onPoll = interrupt.onPoll {
                onPoll()
                if interrupt.isRaised { return .interrupted }
            }
        }
        if fuelLimited {
            if fuel == 0 { return .outOfFuel }
        }
        return nil
    }

    /// Takes the next slice of fuel (fuel must be non-zero when limited).
    func takeSlice() -> Int {
        guard fuelLimited else { return ExecutionContext.pollInterval }
        let slice = min(UInt64(ExecutionContext.pollInterval), fuel)
        fuel -= slice
        return Int(slice)
    }

    /// Gives back the unused part of a slice when execution leaves the interpreter.
    func returnSlice(_ unused: Int) {
        if fuelLimited { fuel += UInt64(unused) }
    }
}
