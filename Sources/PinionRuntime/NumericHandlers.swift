// PinionRuntime: numeric handlers that are more than one operator: constants (their
// immediates) and the trapping integer divisions. The one-line operators are written
// in place in HandlerTable.swift.

/// Constants: a one-byte LEB (-64...63) inline, longer ones in `i32ConstLong` /
/// `i64ConstLong`.
@inline(__always)
func shortConstant(_ ip: CodePointer) -> Int64? {
    let b = ip.pointee
    return b < 0x80 ? Int64(Int8(bitPattern: b << 1) >> 1) : nil
}

/// i32 constants of one or two LEB bytes (-8192...8191: characters, masks, small
/// offsets) inline.
@inline(__always)
func i32Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    let low = UInt32(ip[0])
    if low < 0x80 {
        sp[0] = tos
        return next(ip + 1, sp + 1, fp, signExtended(low, from: 7), stp, cx)
    }
    let high = UInt32(ip[1])
    guard high < 0x80 else { return i32ConstLong(ip, sp, fp, tos, stp, cx) }
    sp[0] = tos
    next(ip + 2, sp + 1, fp, signExtended((low & 0x7F) | high &<< 7, from: 14), stp, cx)
}

/// i32 constants of three to five LEB bytes (data addresses, hash multipliers), unrolled
/// with constant shifts: a shift by a variable count would need `cl` and one more register.
@inline(never)
func i32ConstLong(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    sp[0] = tos
    var bits = UInt32(ip[0] & 0x7F) | UInt32(ip[1] & 0x7F) &<< 7
    let b2 = ip[2]
    bits |= UInt32(b2 & 0x7F) &<< 14
    if b2 < 0x80 { return next(ip + 3, sp + 1, fp, signExtended(bits, from: 21), stp, cx) }
    let b3 = ip[3]
    bits |= UInt32(b3 & 0x7F) &<< 21
    if b3 < 0x80 { return next(ip + 4, sp + 1, fp, signExtended(bits, from: 28), stp, cx) }
    bits |= UInt32(ip[4]) &<< 28  // the fifth byte's upper bits are sign bits
    next(ip + 5, sp + 1, fp, UInt64(bits), stp, cx)
}

/// The low `width` bits of `bits` as a sign-extended i32 slot.
@inline(__always)
func signExtended(_ bits: UInt32, from width: UInt32) -> UInt64 {
    UInt64(UInt32(bitPattern: Int32(bitPattern: bits &<< (32 - width)) &>> Int32(32 - width)))
}

@inline(__always)
func i64Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    guard let value = shortConstant(ip) else { return i64ConstLong(ip, sp, fp, tos, stp, cx) }
    sp[0] = tos
    next(ip + 1, sp + 1, fp, slot(value), stp, cx)
}

@inline(never)
func i64ConstLong(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    var ip = ip
    sp[0] = tos
    let value = slot(readS64(&ip))  // word-at-a-time decoding: fewest instructions for long constants
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
