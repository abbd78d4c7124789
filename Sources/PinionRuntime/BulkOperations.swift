// PinionRuntime: the 0xFC bulk-memory and table instructions. They are rare and
// variable-length, so they run out of line from the interpreter loop. Each is charged
// fuel by size and polls the interrupt flag between chunks (BulkCharges.swift).

extension ExecutionContext {
    /// Executes 0xFC sub-opcode `sub` (8 and above), reading immediates at `ip`.
    /// Returns the new `ip` and `sp` (passed by value so the loop keeps them in registers).
    @inline(never)
    func bulkOperation(_ sub: UInt32, _ ipIn: UnsafePointer<UInt8>, _ spIn: UnsafeMutablePointer<UInt64>,
                       _ inst: UnsafeMutablePointer<InstanceContext>) throws(Trap) -> (UnsafePointer<UInt8>, UnsafeMutablePointer<UInt64>) {
        var ip = ipIn
        var sp = spIn
        let instance = inst.pointee.owner.takeUnretainedValue()
        switch sub {
        case 8:  // memory.init
            let segment = readU32(&ip)
            let memory = readU32(&ip)
            sp -= 3
            try charge(UInt64(u32(sp[2])))
            try instance.memoryInit(segment: segment, memory: memory, destination: u32(sp[0]), source: u32(sp[1]), count: u32(sp[2]))
        case 9:  // data.drop
            instance.dataSegments[Int(readU32(&ip))] = 0..<0
        case 10:  // memory.copy
            let to = inst.pointee.memories[Int(readU32(&ip))]
            let from = inst.pointee.memories[Int(readU32(&ip))]
            sp -= 3
            let (dst, src, n) = (UInt64(u32(sp[0])), UInt64(u32(sp[1])), UInt64(u32(sp[2])))
            guard src + n <= UInt64(from.pointee.byteCount), dst + n <= UInt64(to.pointee.byteCount) else {
                throw Trap(.outOfBoundsMemoryAccess)
            }
            try charge(n)
            let (target, source) = (to.pointee.base + Int(dst), from.pointee.base + Int(src))
            // Chunks in the direction that never overwrites a source byte before reading it.
            if let trap = inChunks(Int(n), backwards: target > source, { offset, count in
                memmove(target + offset, source + offset, count)
            }) { throw Trap(trap) }
        case 11:  // memory.fill
            let m = inst.pointee.memories[Int(readU32(&ip))]
            sp -= 3
            let (dst, value, n) = (UInt64(u32(sp[0])), Int32(truncatingIfNeeded: sp[1]), UInt64(u32(sp[2])))
            guard dst + n <= UInt64(m.pointee.byteCount) else { throw Trap(.outOfBoundsMemoryAccess) }
            try charge(n)
            let base = m.pointee.base
            if let trap = inChunks(Int(n), { offset, count in
                memset(base + Int(dst) + offset, value & 0xFF, count)
            }) { throw Trap(trap) }
        case 12:  // table.init
            let segment = readU32(&ip)
            let table = readU32(&ip)
            sp -= 3
            try charge(UInt64(u32(sp[2])) * 8)
            try instance.tableInit(table: table, segment: segment, destination: u32(sp[0]), source: u32(sp[1]), count: u32(sp[2]))
        case 13:  // elem.drop
            instance.elementSegments[Int(readU32(&ip))] = []
        case 14:  // table.copy
            let dst = inst.pointee.tables[Int(readU32(&ip))]
            let src = inst.pointee.tables[Int(readU32(&ip))]
            sp -= 3
            let (d, s, n) = (UInt64(u32(sp[0])), UInt64(u32(sp[1])), UInt64(u32(sp[2])))
            guard s + n <= UInt64(src.pointee.count), d + n <= UInt64(dst.pointee.count) else {
                throw Trap(.outOfBoundsTableAccess)
            }
            try charge(n * 8)
            let (to, from) = (dst.pointee.elements + Int(d), src.pointee.elements + Int(s))
            if let trap = inChunks(Int(n), unit: 8, backwards: to > from, { offset, count in
                (to + offset).update(from: from + offset, count: count)
            }) { throw Trap(trap) }
        case 15:  // table.grow
            let table = inst.pointee.tables[Int(readU32(&ip))]
            sp -= 1
            try charge(UInt64(u32(sp[0])) * 8)
            let old = Table.grow(table, by: u32(sp[0]), initial: sp[-1])
            sp[-1] = old.map { UInt64($0) } ?? UInt64(UInt32.max)
        case 16:  // table.size
            let table = inst.pointee.tables[Int(readU32(&ip))]
            sp[0] = UInt64(table.pointee.count)
            sp += 1
        case 17:  // table.fill
            let table = inst.pointee.tables[Int(readU32(&ip))]
            sp -= 3
            let (i, value, n) = (UInt64(u32(sp[0])), sp[1], UInt64(u32(sp[2])))
            guard i + n <= UInt64(table.pointee.count) else { throw Trap(.outOfBoundsTableAccess) }
            try charge(n * 8)
            let start = table.pointee.elements + Int(i)
            if let trap = inChunks(Int(n), unit: 8, { offset, count in
                (start + offset).update(repeating: value, count: count)
            }) { throw Trap(trap) }
        default:
            throw Trap(.unreachable)
        }
        return (ip, sp)
    }

    /// Charges fuel for `bytes` of bulk work, or throws the trap that stops it.
    private func charge(_ bytes: UInt64) throws(Trap) {
        if let trap = chargeBulk(bytes: bytes) { throw Trap(trap) }
    }
}
