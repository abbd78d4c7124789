// PinionRuntime: numeric handlers that are more than one operator: constants (their
// immediates) and the trapping integer divisions. The one-line operators are written
// in place in HandlerTable.swift.

/// i32 constants of one to three LEB bytes (-2^20...2^20-1: characters, masks, offsets
/// and the data addresses C code is full of) inline.
@inline(__always)
func i32Const<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                               _: S.Type = TopCached.self) {
    if ip[0] < 0x80 { return S.push(ip + 1, sp, fp, a, b, cx, UInt64(u32(oneByteConstant(ip[0], cx)))) }
    let low = UInt32(ip[0])
    let high = UInt32(ip[1])
    if high < 0x80 { return S.push(ip + 2, sp, fp, a, b, cx, signExtended((low & 0x7F) | high &<< 7, from: 14)) }
    let top = UInt32(ip[2])
    guard top < 0x80 else { return i32ConstLong(ip, sp, fp, a, b, cx, S.self) }
    S.push(ip + 3, sp, fp, a, b, cx, signExtended((low & 0x7F) | (high & 0x7F) &<< 7 | top &<< 14, from: 21))
}

/// i32 constants of four or five LEB bytes (hash multipliers, large masks): the first
/// four bytes squeezed at once (see `squeezeLEBHalf`).
@inline(never)
func i32ConstLong<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                   _: S.Type) {
    let word = UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self).littleEndian
    let bits = squeezeLEBHalf(word)
    if word < 0x8000_0000 { return S.push(ip + 4, sp, fp, a, b, cx, signExtended(bits, from: 28)) }
    S.push(ip + 5, sp, fp, a, b, cx, UInt64(bits | UInt32(ip[4]) &<< 28))  // the fifth byte's upper bits are sign bits
}

/// The low `width` bits of `bits` as a sign-extended i32 slot.
@inline(__always)
func signExtended(_ bits: UInt32, from width: UInt32) -> UInt64 {
    UInt64(UInt32(bitPattern: Int32(bitPattern: bits &<< (32 - width)) &>> Int32(32 - width)))
}

@inline(__always)
func i64Const<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                               _: S.Type = TopCached.self) {
    guard ip[0] < 0x80 else { return i64ConstLong(ip, sp, fp, a, b, cx, S.self) }
    S.push(ip + 1, sp, fp, a, b, cx, oneByteConstant(ip[0], cx))
}

/// i64 constants of two or more LEB bytes; nine- and ten-byte ones (64-bit multipliers,
/// masks with high bits set) here, shorter ones in `i64ConstShort`, so that neither needs
/// more scratch registers than the handlers leave free.
@inline(never)
func i64ConstLong<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                   _: S.Type) {
    let word = UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self).littleEndian
    guard ~word & 0x8080_8080_8080_8080 == 0 else { return i64ConstShort(ip, sp, fp, a, b, cx, S.self) }
    let (value, after) = readS64Slow(ip)
    S.push(after, sp, fp, a, b, cx, slot(value))
}

/// i64 constants of two to eight LEB bytes.
@inline(never)
func i64ConstShort<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                    _: S.Type) {
    var ip = ip
    let value = slot(readS64Word(&ip))
    S.push(ip, sp, fp, a, b, cx, value)
}

@inline(__always)
func f32Const<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                               _: S.Type = TopCached.self) {
    S.push(ip + 4, sp, fp, a, b, cx, UInt64(UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self)))
}

@inline(__always)
func f64Const<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                               _: S.Type = TopCached.self) {
    S.push(ip + 8, sp, fp, a, b, cx, UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self))
}

/// Signed division or remainder: traps on a zero divisor; `overflowTraps` says whether
/// `min / -1` traps (division) or is 0 (remainder).
@inline(__always)
func signedDivision<I: FixedWidthInteger & SignedInteger>(
    _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ spare: UInt64, _ cx: MachinePointer,
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
    next(ip, sp - 1, fp, I.bitWidth == 32 ? bits & 0xFFFF_FFFF : bits, spare, cx)
}

/// Unsigned division or remainder: traps on a zero divisor.
@inline(__always)
func unsignedDivision<I: FixedWidthInteger & UnsignedInteger>(
    _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ spare: UInt64, _ cx: MachinePointer,
    _ a: I, _ b: I, _ f: (I, I) -> I
) {
    if b == 0 { return raise(.integerDivideByZero, ip, cx) }
    next(ip, sp - 1, fp, UInt64(f(a, b)), spare, cx)
}
