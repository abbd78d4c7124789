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

/// A signed LEB128 decoded with a byte loop, which needs only three scratch registers
/// (constants like hash multipliers are common in loops, so this path is warm too).
@inline(__always)
func readS64Compact(_ ip: inout CodePointer) -> Int64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    var byte: UInt8
    repeat {
        byte = ip.pointee
        ip += 1
        result |= UInt64(byte & 0x7F) &<< shift
        shift &+= 7
    } while byte >= 0x80
    if shift >= 64 { return Int64(bitPattern: result) }
    let unused = 64 &- shift  // sign-extend from the last group's top bit
    return Int64(bitPattern: result &<< unused) &>> Int64(unused)
}

func i32Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    guard let value = shortConstant(ip) else { return i32ConstLong(ip, sp, fp, tos, stp, cx) }
    sp[0] = tos
    next(ip + 1, sp + 1, fp, UInt64(UInt32(truncatingIfNeeded: value)), stp, cx)
}

@inline(never)
func i32ConstLong(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    var ip = ip
    sp[0] = tos
    let value = UInt64(UInt32(truncatingIfNeeded: readS64Compact(&ip)))
    next(ip, sp + 1, fp, value, stp, cx)
}

func i64Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    guard let value = shortConstant(ip) else { return i64ConstLong(ip, sp, fp, tos, stp, cx) }
    sp[0] = tos
    next(ip + 1, sp + 1, fp, slot(value), stp, cx)
}

@inline(never)
func i64ConstLong(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    var ip = ip
    sp[0] = tos
    let value = slot(readS64Compact(&ip))
    next(ip, sp + 1, fp, value, stp, cx)
}

func f32Const(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ stp: SideTablePointer, _ cx: MachinePointer) {
    sp[0] = tos
    next(ip + 4, sp + 1, fp, UInt64(UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self)), stp, cx)
}

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
