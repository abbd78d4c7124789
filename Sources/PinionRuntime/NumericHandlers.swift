// PinionRuntime: numeric handlers that are more than one operator: constants (their
// immediates) and the trapping integer divisions. The one-line operators are written
// in place in HandlerTable.swift.

/// i32 constants of one to three LEB bytes (-2^20...2^20-1: characters, masks, offsets
/// and the data addresses C code is full of) inline. `tos` is spilled first, which frees
/// its register for the immediate on every path.
@inline(__always)
func i32Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    sp[0] = tos
    if ip[0] < 0x80 { return next(ip + 1, sp + 1, fp, UInt64(u32(oneByteConstant(ip[0], cx))), stp, cx) }
    let low = UInt32(ip[0])
    let high = UInt32(ip[1])
    if high < 0x80 { return next(ip + 2, sp + 1, fp, signExtended((low & 0x7F) | high &<< 7, from: 14), stp, cx) }
    let top = UInt32(ip[2])
    guard top < 0x80 else { return i32ConstLong(ip, sp + 1, fp, UInt64(low), stp, cx) }
    next(ip + 3, sp + 1, fp, signExtended((low & 0x7F) | (high & 0x7F) &<< 7 | top &<< 14, from: 21), stp, cx)
}

/// i32 constants of four or five LEB bytes (hash multipliers, large masks), pushed at
/// `sp`: the first four bytes squeezed at once (see `squeezeLEBHalf`). The caller has
/// spilled the old top; `unused` only keeps the arguments in the handlers' registers.
@inline(never)
func i32ConstLong(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ unused: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    let word = UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self).littleEndian
    let bits = squeezeLEBHalf(word)
    if word < 0x8000_0000 { return next(ip + 4, sp, fp, signExtended(bits, from: 28), stp, cx) }
    next(ip + 5, sp, fp, UInt64(bits | UInt32(ip[4]) &<< 28), stp, cx)  // the fifth byte's upper bits are sign bits
}

/// The low `width` bits of `bits` as a sign-extended i32 slot.
@inline(__always)
func signExtended(_ bits: UInt32, from width: UInt32) -> UInt64 {
    UInt64(UInt32(bitPattern: Int32(bitPattern: bits &<< (32 - width)) &>> Int32(32 - width)))
}

@inline(__always)
func i64Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    guard ip[0] < 0x80 else { return i64ConstLong(ip, sp, fp, tos, stp, cx) }
    sp[0] = tos
    next(ip + 1, sp + 1, fp, oneByteConstant(ip[0], cx), stp, cx)
}

/// i64 constants of two or more LEB bytes; nine- and ten-byte ones (64-bit multipliers,
/// masks with high bits set) here, shorter ones in `i64ConstShort`, so that neither needs
/// more scratch registers than the handlers leave free.
@inline(never)
func i64ConstLong(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    let word = UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self).littleEndian
    guard ~word & 0x8080_8080_8080_8080 == 0 else { return i64ConstShort(ip, sp, fp, tos, stp, cx) }
    sp[0] = tos
    let (value, after) = readS64Slow(ip)
    next(after, sp + 1, fp, slot(value), stp, cx)
}

/// i64 constants of two to eight LEB bytes.
@inline(never)
func i64ConstShort(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    var ip = ip
    sp[0] = tos
    let value = slot(readS64(&ip))
    next(ip, sp + 1, fp, value, stp, cx)
}

@inline(__always)
func f32Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    sp[0] = tos
    next(ip + 4, sp + 1, fp, UInt64(UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self)), stp, cx)
}

@inline(__always)
func f64Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    sp[0] = tos
    next(ip + 8, sp + 1, fp, UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self), stp, cx)
}

/// Signed division or remainder: traps on a zero divisor; `overflowTraps` says whether
/// `min / -1` traps (division) or is 0 (remainder).
@inline(__always)
func signedDivision<I: FixedWidthInteger & SignedInteger>(
    _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ stp: SideTablePointer, _ cx: MachinePointer,
    _ a: I, _ b: I, overflowTraps: Bool, _ f: (I, I) -> I
) {
    if b == 0 { return raise(.integerDivideByZero, ip, cx) }
    let result: I
    if b == -1 {
        if overflowTraps && a == I.min { return raise(.integerOverflow, ip, cx) }
        result = overflowTraps ? 0 &- a : 0
    } else {
        result = f(a, b)
    }
    let bits = UInt64(truncatingIfNeeded: result)
    next(ip, sp - 1, fp, I.bitWidth == 32 ? bits & 0xFFFF_FFFF : bits, stp, cx)
}

/// Unsigned division or remainder: traps on a zero divisor.
@inline(__always)
func unsignedDivision<I: FixedWidthInteger & UnsignedInteger>(
    _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ stp: SideTablePointer, _ cx: MachinePointer,
    _ a: I, _ b: I, _ f: (I, I) -> I
) {
    if b == 0 { return raise(.integerDivideByZero, ip, cx) }
    next(ip, sp - 1, fp, UInt64(f(a, b)), stp, cx)
}
