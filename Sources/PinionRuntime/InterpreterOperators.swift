// PinionRuntime: the helpers instruction handlers are written with (operators on the
// cached top of stack, immediates), and the numeric semantics the spec defines beyond
// plain machine ops (float min/max, trapping and saturating conversions). Everything
// here inlines into the handlers.

typealias Slot = UnsafeMutablePointer<UInt64>

@inline(__always) func u32(_ slot: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: slot) }
@inline(__always) func s32(_ slot: UInt64) -> Int32 { Int32(truncatingIfNeeded: slot) }
@inline(__always) func u64(_ slot: UInt64) -> UInt64 { slot }
@inline(__always) func s64(_ slot: UInt64) -> Int64 { Int64(bitPattern: slot) }
@inline(__always) func f32(_ slot: UInt64) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: slot)) }
@inline(__always) func f64(_ slot: UInt64) -> Double { Double(bitPattern: slot) }
@inline(__always) func slot(_ v: UInt32) -> UInt64 { UInt64(v) }
@inline(__always) func slot(_ v: Int32) -> UInt64 { UInt64(UInt32(bitPattern: v)) }
@inline(__always) func slot(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) }
@inline(__always) func slot(_ v: Float) -> UInt64 { UInt64(v.bitPattern) }
@inline(__always) func slot(_ v: Double) -> UInt64 { v.bitPattern }
@inline(__always) func slot(_ v: Bool) -> UInt64 { v ? 1 : 0 }

// Operators are written once against `OperandCache` and instantiated for both handler
// tables; `S` defaults to `TopCached`, the first table's.

@inline(__always) func unary<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                              _: S.Type = TopCached.self, _ f: (UInt64) -> UInt64) {
    S.replaceTop(ip, sp, fp, a, b, cx, f(S.top(a, b)))
}

@inline(__always) func binary<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                               _: S.Type = TopCached.self, _ f: (UInt64, UInt64) -> UInt64) {
    S.replaceTopTwo(ip, sp, fp, a, b, cx, f(S.second(sp, a), S.top(a, b)))
}

@inline(__always) func binaryI32<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                                  _: S.Type = TopCached.self, _ f: (UInt32, UInt32) -> UInt32) {
    S.replaceTopTwo(ip, sp, fp, a, b, cx, UInt64(f(u32(S.second(sp, a)), u32(S.top(a, b)))))
}

/// A comparison: both operands read as `T` (`u32`, `s32`, `u64`, `s64`, `f32`, `f64`).
@inline(__always) func compare<S: OperandCache, T>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                                   _ operand: (UInt64) -> T, _: S.Type = TopCached.self, _ f: (T, T) -> Bool) {
    S.replaceTopTwo(ip, sp, fp, a, b, cx, slot(f(operand(S.second(sp, a)), operand(S.top(a, b)))))
}

@inline(__always) func binaryF32<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                                  _: S.Type = TopCached.self, _ f: (Float, Float) -> Float) {
    S.replaceTopTwo(ip, sp, fp, a, b, cx, slot(f(f32(S.second(sp, a)), f32(S.top(a, b)))))
}

@inline(__always) func binaryF64<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                                  _: S.Type = TopCached.self, _ f: (Double, Double) -> Double) {
    S.replaceTopTwo(ip, sp, fp, a, b, cx, slot(f(f64(S.second(sp, a)), f64(S.top(a, b)))))
}

@inline(__always) func unaryF32<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                                 _: S.Type = TopCached.self, _ f: (Float) -> Float) {
    S.replaceTop(ip, sp, fp, a, b, cx, slot(f(f32(S.top(a, b)))))
}

@inline(__always) func unaryF64<S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer,
                                                 _: S.Type = TopCached.self, _ f: (Double) -> Double) {
    S.replaceTop(ip, sp, fp, a, b, cx, slot(f(f64(S.top(a, b)))))
}

/// A trapping float-to-integer truncation on the top of the stack.
@inline(__always) func truncation<F: BinaryFloatingPoint, I: FixedWidthInteger>(
    _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ tos: UInt64, _ spare: UInt64, _ cx: MachinePointer,
    _ x: F, to: I.Type, _ bounds: (F, F)
) {
    if x.isNaN { return raise(.invalidConversionToInteger, ip, cx) }
    guard x > bounds.0, x < bounds.1 else { return raise(.integerOverflow, ip, cx) }
    let bits = UInt64(truncatingIfNeeded: I(x.rounded(.towardZero)))
    next(ip, sp, fp, I.bitWidth == 32 ? bits & 0xFFFF_FFFF : bits, spare, cx)  // i32 slots are zero-extended
}

// MARK: Float semantics

/// Wasm `min`: NaN if either is NaN; -0 is less than +0.
@inline(__always) func wasmMin<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
    if a.isNaN || b.isNaN { return a + b }
    if a == b { return a.sign == .minus ? a : b }
    return a < b ? a : b
}

/// Wasm `max`: NaN if either is NaN; +0 is greater than -0.
@inline(__always) func wasmMax<F: BinaryFloatingPoint>(_ a: F, _ b: F) -> F {
    if a.isNaN || b.isNaN { return a + b }
    if a == b { return a.sign == .minus ? b : a }
    return a > b ? a : b
}

// MARK: Conversions

/// Saturating float-to-integer truncation (NaN becomes 0).
@inline(__always) func saturate<F: BinaryFloatingPoint, I: FixedWidthInteger>(_ x: F, to: I.Type) -> I {
    if x.isNaN { return 0 }
    if x <= F(I.min) { return I.min }
    if x >= F(I.max) { return I.max }  // F(I.max) rounds up to 2^n, which is out of range
    return I(x.rounded(.towardZero))
}

// Range bounds (exclusive) for trapping truncations, exact in each float type.
let i32FromF32Bounds: (Float, Float) = (-2147483904.0, 2147483648.0)
let u32FromF32Bounds: (Float, Float) = (-1.0, 4294967296.0)
let i32FromF64Bounds: (Double, Double) = (-2147483649.0, 2147483648.0)
let u32FromF64Bounds: (Double, Double) = (-1.0, 4294967296.0)
let i64FromF32Bounds: (Float, Float) = (-9223373136366403584.0, 9223372036854775808.0)
let u64FromF32Bounds: (Float, Float) = (-1.0, 18446744073709551616.0)
let i64FromF64Bounds: (Double, Double) = (-9223372036854777856.0, 9223372036854775808.0)
let u64FromF64Bounds: (Double, Double) = (-1.0, 18446744073709551616.0)

// MARK: Immediates

// A handler's fast path handles one-byte immediates, the common case, and tail-calls a
// slow variant for longer ones. Decoding a long LEB inline would need more scratch
// registers than the six handler arguments leave free, and a handler that saves
// callee-saved registers pays for it on every execution.

/// An instruction with one u32 index immediate (local, global, function).
protocol IndexedInstruction {
    static func execute<S: OperandCache>(_ index: Int, _ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                         _ cx: MachinePointer, _: S.Type)
}

@inline(__always)
func withIndex<I: IndexedInstruction, S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                                       _ cx: MachinePointer, _: I.Type, _: S.Type = TopCached.self) {
    let byte = ip.pointee
    if byte < 0x80 { return I.execute(Int(byte), ip + 1, sp, fp, a, b, cx, S.self) }
    withLongIndex(ip, sp, fp, a, b, cx, I.self, S.self)
}

@inline(never)
func withLongIndex<I: IndexedInstruction, S: OperandCache>(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64,
                                                           _ cx: MachinePointer, _: I.Type, _: S.Type) {
    var after = ip
    let index = readU32(&after)
    I.execute(Int(index), after, sp, fp, a, b, cx, S.self)
}

/// Reads an unsigned LEB128 (u32) immediate. One byte (indices, small offsets) is the
/// fast path; then five bytes, which wasm-ld's padding of relocated function, type and
/// table indices makes the next most common. Longer values are squeezed from one word
/// with 32-bit masks, which need no spare registers; every path is inline, since a call
/// anywhere in a handler makes it save registers on every execution.
@inline(__always) func readU32(_ ip: inout UnsafePointer<UInt8>) -> UInt32 {
    let b = ip.pointee
    if b < 0x80 {
        ip += 1
        return UInt32(b)
    }
    let word = UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self).littleEndian
    if word & 0x8080_8080 == 0x8080_8080 {  // a validated u32 has at most five bytes
        let value = squeezeLEBHalf(word) | UInt32(ip[4]) &<< 28
        ip += 5
        return value
    }
    let length = word & 0x8000 == 0 ? 2 : word & 0x80_0000 == 0 ? 3 : 4
    ip += length
    return squeezeLEBHalf(word & (UInt32.max &>> UInt32(32 - 8 * length)))
}

/// Reads a signed LEB128 of two to eight bytes (`decodeLEBWord`), sign-extended from its
/// last group's top bit. (One byte and nine or ten bytes have their own paths.)
@inline(__always) func readS64Word(_ ip: inout UnsafePointer<UInt8>) -> Int64 {
    let (bits, count) = decodeLEBWord(&ip)
    let shift = 64 - 7 * count
    return Int64(bitPattern: bits << UInt64(shift)) >> Int64(shift)
}

/// Decodes a LEB128 of at most eight bytes from one unaligned word load (the module's
/// padding makes the load safe at the end of the code): finds the last byte, then
/// squeezes out the continuation bits in three mask-and-shift steps. Returns the value
/// bits (zero-extended) and the byte count.
@inline(__always) func decodeLEBWord(_ ip: inout UnsafePointer<UInt8>) -> (UInt64, Int) {
    let word = UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self).littleEndian
    let lastBit = (~word & 0x8080_8080_8080_8080).trailingZeroBitCount  // 8 * (count - 1) + 7
    let count = lastBit / 8 + 1
    ip += count
    return (squeezeLEBGroups(word & ((UInt64(2) &<< UInt64(lastBit)) &- 1)), count)
}

/// The 7-bit groups of up to eight LEB bytes in `word`, packed into 56 bits, in three
/// steps that each halve the number of lanes. In the first, a 16-bit lane `low + high << 8`
/// becomes `low + high << 7` by subtracting `high << 7`; the wider steps move the high
/// half of each lane down with a shift.
@inline(__always) func squeezeLEBGroups(_ word: UInt64) -> UInt64 {
    var x = word & 0x7F7F_7F7F_7F7F_7F7F
    x &-= (x & 0xFF00_FF00_FF00_FF00) &>> 1
    let low = x & 0x0000_3FFF_0000_3FFF
    x = low | (x ^ low) &>> 2
    return x & 0xFFFF_FFFF | (x &>> 32) &<< 28
}

/// The 28 value bits of four LEB bytes (continuation bits dropped), with 32-bit masks.
@inline(__always) func squeezeLEBHalf(_ word: UInt32) -> UInt32 {
    var x = word & 0x7F7F_7F7F
    x = (x & 0x007F_007F) | ((x >> 1) & 0x3F80_3F80)
    return (x & 0x0000_3FFF) | ((x >> 2) & 0x0FFF_C000)
}

/// Nine- and ten-byte signed LEBs (large i64 constants): the first eight bytes as one
/// word, then the one or two bytes left.
@inline(__always) func readS64Slow(_ start: UnsafePointer<UInt8>) -> (Int64, UnsafePointer<UInt8>) {
    let word = UnsafeRawPointer(start).loadUnaligned(as: UInt64.self).littleEndian
    let low = squeezeLEBGroups(word) | UInt64(start[8] & 0x7F) << 56
    if start[8] < 0x80 {  // nine bytes: 63 bits, sign-extend from bit 62
        return (Int64(bitPattern: low << 1) >> 1, start + 9)
    }
    return (Int64(bitPattern: low | UInt64(start[9]) << 63), start + 10)
}

/// Skips one LEB128 immediate.
/// Skips a block type or a value type: one byte, a type index (an s33), or `0x63`/`0x64`
/// (`ref null`/`ref`) and its heap type, which may itself be a multi-byte type index.
@inline(__always) func skipBlockType(_ ip: inout UnsafePointer<UInt8>) {
    ip += ip.pointee &- 0x63 < 2 ? 1 : 0
    skipLEB(&ip)
}

@inline(__always) func skipLEB(_ ip: inout UnsafePointer<UInt8>) {
    if ip.pointee < 0x80 {  // label depths, block types: almost always one byte
        ip += 1
        return
    }
    while ip.pointee & 0x80 != 0 { ip += 1 }
    ip += 1
}
