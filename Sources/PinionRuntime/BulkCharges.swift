// PinionRuntime: fuel and interrupts for work one instruction or host call does in bulk
// (memory.fill/copy/init, table operations, large host calls): fuel is charged by size
// (`Budgets.fuelBytesPerUnit`) and the interrupt flag is polled between chunks, so neither
// a 4 GiB fill nor a 1 GiB random_get outlives its fuel or the deadline.

extension ExecutionContext {
    /// Bytes done between two looks at the interrupt flag: about 50 µs of memset.
    static let bulkChunkBytes = 1 << 20

    /// Charges the fuel for `bytes` of bulk work (nothing under one unit) and polls the
    /// interrupt flag. The fuel comes from what is left beyond the running slice first,
    /// then from the slice itself. Returns the trap to raise, if any; on `.outOfFuel`
    /// nothing is charged beyond emptying the fuel, and the work must not be done.
    @inline(never)
    func chargeBulk(bytes: UInt64) -> TrapKind? {
        let units = bytes / Budgets.fuelBytesPerUnit
        guard units > 0 else { return nil }
        if let interrupt, interrupt.isRaised { return .interrupted }
        guard fuelLimited else { return nil }
        if fuel >= units {
            fuel -= units
            return nil
        }
        let fromSlice = units - fuel
        fuel = 0
        guard runNesting > 0 else { return .outOfFuel }
        let machine = (machineBlock + machinePrefixBytes).assumingMemoryBound(to: Machine.self)
        let ticks = UInt64(max(machine.pointee.ticks, 0))
        guard ticks >= fromSlice else {
            machine.pointee.ticks = 0
            return .outOfFuel
        }
        machine.pointee.ticks -= Int(fromSlice)
        return nil
    }

    /// Runs `body(offset, count)` over `0..<total` in chunks of `bulkChunkBytes / unit`
    /// items, last chunk first when `backwards` (an overlapping move to higher addresses),
    /// polling the interrupt flag between chunks.
    func inChunks(_ total: Int, unit: Int = 1, backwards: Bool = false,
                  _ body: (_ offset: Int, _ count: Int) -> Void) -> TrapKind? {
        let chunk = ExecutionContext.bulkChunkBytes / unit
        var done = 0
        while done < total {
            if done > 0, let interrupt, interrupt.isRaised { return .interrupted }
            let count = min(chunk, total - done)
            body(backwards ? total - done - count : done, count)
            done += count
        }
        return nil
    }
}

extension Caller {
    /// For host functions that do work in proportion to a guest buffer: charges the
    /// calling instance's fuel for `bytes` (one unit per `Budgets.fuelBytesPerUnit`) and
    /// polls its interrupt flag. Throws `.outOfFuel` or `.interrupted`; call it before the
    /// work, and `isInterrupted` between chunks of it.
    public func chargeFuel(forBytes bytes: Int) throws(Trap) {
        guard let instance else { return }
        if let trap = instance.execution.chargeBulk(bytes: UInt64(max(bytes, 0))) { throw Trap(trap) }
    }

    /// Whether the calling instance has been asked to stop.
    public var isInterrupted: Bool { instance?.interrupt.isRaised ?? false }
}
