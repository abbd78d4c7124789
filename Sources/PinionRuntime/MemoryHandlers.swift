// PinionRuntime: handlers for linear memory: loads, stores (software bounds checks
// against the current size, so no address-space reservation is needed), `memory.size`,
// `memory.grow`, and the 0xFC prefix (saturating truncations inline, bulk memory and
// table instructions out of line).

/// A load: its width and how the bytes become a slot value.
protocol LoadAccess {
    static var size: UInt64 { get }
    static func read(_ base: UnsafeMutableRawPointer, _ offset: Int) -> UInt64
}

/// A store: its width and how the low bytes of a slot value are written.
protocol StoreAccess {
    static var size: UInt64 { get }
    static func write(_ base: UnsafeMutableRawPointer, _ offset: Int, _ value: UInt64)
}

/// The memarg's offset when its alignment is one byte without the memory-index flag
/// (0x40) and its offset one byte (alignment hints always are, small offsets usually):
/// an access to memory 0. Else nil. One 16-bit load and mask, as the check of both bytes'
/// top bits was.
@inline(__always)
private func shortOffset(_ ip: CodePointer) -> UInt64? {
    let bytes = UInt16(littleEndian: UnsafeRawPointer(ip).loadUnaligned(as: UInt16.self))
    return bytes & 0x80C0 == 0 ? UInt64(bytes >> 8) : nil
}

/// Any memarg: its memory index (when the alignment has the 0x40 flag; else 0), offset,
/// and the code after it.
@inline(__always)
private func memarg(_ ip: CodePointer) -> (memory: UInt32, offset: UInt64, after: CodePointer) {
    var after = ip
    let align = readU32(&after)
    let memory = align & 0x40 != 0 ? readU32(&after) : 0
    return (memory, UInt64(readU32(&after)), after)
}

/// A load or store, given its memarg's offset, the code after the memarg, and the memory's
/// base and size.
protocol MemoryInstruction {
    static func execute<S: OperandCache>(_ offset: UInt64, after: CodePointer, _ ip: CodePointer, _ sp: Slot, _ fp: Slot,
                                         _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _: S.Type,
                                         _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64)
}

@inline(__always)
func withMemarg<M: MemoryInstruction, S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                                       _ cx: MachinePointer, _: M.Type, _: S.Type = TopCached.self) {
    guard let offset = shortOffset(ip) else { return withLongMemarg(ip, sp, fp, a, b, cx, M.self, S.self) }
    M.execute(offset, after: ip + 2, ip, sp, fp, a, b, cx, S.self, cx.pointee.memBase, cx.pointee.memSize)
}

/// Memargs with long LEBs or a memory index. Memory 0 is the cached one; any other is
/// read from the instance (its size may have changed since the last access).
@inline(never)
func withLongMemarg<M: MemoryInstruction, S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                                           _ cx: MachinePointer, _: M.Type, _: S.Type) {
    let (memory, offset, after) = memarg(ip)
    if memory == 0 {
        return M.execute(offset, after: after, ip, sp, fp, a, b, cx, S.self, cx.pointee.memBase, cx.pointee.memSize)
    }
    let m = cx.pointee.inst.pointee.memories[Int(memory)]
    M.execute(offset, after: after, ip, sp, fp, a, b, cx, S.self, m.pointee.base, UInt64(m.pointee.byteCount))
}

/// A load replaces the address on top with the value read.
enum MemoryLoad<A: LoadAccess>: MemoryInstruction {
    @inline(__always)
    static func execute<S: OperandCache>(_ offset: UInt64, after: CodePointer, _ ip: CodePointer, _ sp: Slot, _ fp: Slot,
                                         _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _: S.Type,
                                         _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64) {
        guard let address = effectiveAddress(S.top(a, b), offset, A.size, memSize) else { return raise(.outOfBoundsMemoryAccess, ip, cx) }
        S.replaceTop(after, sp, fp, a, b, cx, A.read(memBase, address))
    }
}

/// A store pops the value (on top) and the address below it.
enum MemoryStore<A: StoreAccess>: MemoryInstruction {
    @inline(__always)
    static func execute<S: OperandCache>(_ offset: UInt64, after: CodePointer, _ ip: CodePointer, _ sp: Slot, _ fp: Slot,
                                         _ a: UInt64, _ b: UInt64, _ cx: MachinePointer, _: S.Type,
                                         _ memBase: UnsafeMutableRawPointer, _ memSize: UInt64) {
        guard let address = effectiveAddress(S.second(sp, a), offset, A.size, memSize) else { return raise(.outOfBoundsMemoryAccess, ip, cx) }
        A.write(memBase, address, S.top(a, b))
        let (rest, tos) = S.poppedTwo(sp)
        next(after, rest, fp, tos, b, cx)
    }
}

/// The checked effective address `base + offset` of an access of `size` bytes, or nil
/// when out of bounds.
@inline(__always)
private func effectiveAddress(_ base: UInt64, _ offset: UInt64, _ size: UInt64, _ memSize: UInt64) -> Int? {
    let ea = (base & 0xFFFF_FFFF) &+ offset
    guard ea &+ size <= memSize else { return nil }
    return Int(truncatingIfNeeded: ea)
}

/// Loads and stores of `Memory` bytes, zero-extended into a slot: `i32.load8_u`,
/// `i64.load`, `i32.store16`, ...
enum Unsigned<Memory: FixedWidthInteger & UnsignedInteger>: LoadAccess, StoreAccess {
    static var size: UInt64 { UInt64(MemoryLayout<Memory>.size) }
    @inline(__always) static func read(_ base: UnsafeMutableRawPointer, _ a: Int) -> UInt64 {
        UInt64(base.loadUnaligned(fromByteOffset: a, as: Memory.self))
    }
    @inline(__always) static func write(_ base: UnsafeMutableRawPointer, _ a: Int, _ v: UInt64) {
        base.storeBytes(of: Memory(truncatingIfNeeded: v), toByteOffset: a, as: Memory.self)
    }
}

/// Sign-extending loads of `Memory` bytes into an i32 slot (`i32.load8_s`, `i32.load16_s`).
enum SignedToI32<Memory: FixedWidthInteger & SignedInteger>: LoadAccess {
    static var size: UInt64 { UInt64(MemoryLayout<Memory>.size) }
    @inline(__always) static func read(_ base: UnsafeMutableRawPointer, _ a: Int) -> UInt64 {
        slot(Int32(base.loadUnaligned(fromByteOffset: a, as: Memory.self)))
    }
}

/// Sign-extending loads of `Memory` bytes into an i64 slot (`i64.load8_s` ... `i64.load32_s`).
enum SignedToI64<Memory: FixedWidthInteger & SignedInteger>: LoadAccess {
    static var size: UInt64 { UInt64(MemoryLayout<Memory>.size) }
    @inline(__always) static func read(_ base: UnsafeMutableRawPointer, _ a: Int) -> UInt64 {
        slot(Int64(base.loadUnaligned(fromByteOffset: a, as: Memory.self)))
    }
}

/// In pages of the memory's own size (rare: read from the memory, not the cache).
@inline(__always)
func memorySize(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var after = ip
    let m = cx.pointee.inst.pointee.memories[Int(readU32(&after))]
    sp[0] = tos
    next(after, sp + 1, fp, UInt64(m.pointee.pageCount), spare, cx)
}

@inline(__always)
func memoryGrow(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var after = ip
    let m = cx.pointee.inst.pointee.memories[Int(readU32(&after))]
    let old = Memory.grow(m, by: u32(tos))
    cx.pointee.load(cx.pointee.inst)  // memory 0 may be this one, or the same memory imported twice
    next(after, sp, fp, old.map { UInt64($0) } ?? UInt64(UInt32.max), spare, cx)
}

@inline(__always)
func prefixFC(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer) {
    var after = ip
    let sub = readU32(&after)
    if sub < 8 { return next(after, sp, fp, saturatingTruncation(sub, tos), spare, cx) }
    sp[0] = tos  // the bulk operations see the whole stack in memory, `sp` one past the top
    guard let top = bulk(sub, ip, after, sp + 1, cx) else { return }
    next(top.0, top.1 - 1, fp, top.1[-1], spare, cx)
}

/// Runs 0xFC sub-opcode `sub` (8 and above). Returns the new `ip` and `sp` (one past the
/// top), or nil when it trapped.
@inline(never)
private func bulk(_ sub: UInt32, _ ip: CodePointer, _ after: CodePointer, _ sp: Slot,
                  _ cx: MachinePointer) -> (CodePointer, Slot)? {
    let context = cx.pointee.context.takeUnretainedValue()
    context.frameDepth = cx.pointee.depth
    context.stackTop = sp
    do {
        let result = try context.bulkOperation(sub, after, sp, cx.pointee.inst)
        cx.pointee.load(cx.pointee.inst)
        return result
    } catch {
        raise(error.kind, ip, cx)
        return nil
    }
}

/// The eight `trunc_sat` conversions (0xFC 0-7).
@inline(never)
private func saturatingTruncation(_ sub: UInt32, _ v: UInt64) -> UInt64 {
    switch sub {
    case 0: slot(saturate(f32(v), to: Int32.self))
    case 1: slot(saturate(f32(v), to: UInt32.self))
    case 2: slot(saturate(f64(v), to: Int32.self))
    case 3: slot(saturate(f64(v), to: UInt32.self))
    case 4: slot(saturate(f32(v), to: Int64.self))
    case 5: saturate(f32(v), to: UInt64.self)
    case 6: slot(saturate(f64(v), to: Int64.self))
    default: saturate(f64(v), to: UInt64.self)
    }
}
