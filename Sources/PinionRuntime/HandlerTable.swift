// PinionRuntime: the two handler tables (see `OperandCache`). The first has a handler for
// every opcode byte, gathered from one exhaustive switch over `Opcode` (so a new opcode in
// the instruction table does not compile until it has a handler). The second, for the top
// two operands in registers, lists the instructions that have a cached form; the rest
// spill and run from the first. Its rows repeat the first table's with `TopTwoCached`
// added: each entry must be a closure literal outside any generic context, because Swift
// cannot form a thin function pointer from a generic instantiation. Operators that are one
// expression are written here; the rest live in the *Handlers.swift files by area.
import PinionBinary

/// The two handler tables, indexed by code byte: `TopTwoCached`'s (entries 0-255), then
/// `TopCached`'s (256-511).
nonisolated(unsafe) let handlerTables: UnsafePointer<Handler> = {  // written once, then only read
    let table = UnsafeMutablePointer<Handler>.allocate(capacity: 512)
    for byte in 0...255 {
        let opcode = Opcode(byte: UInt8(byte))
        (table + byte).initialize(to: cachedHandler(for: opcode) ?? { spillAndRedispatch($0, $1, $2, $3, $4, $5) })
        (table + 256 + byte).initialize(to: handler(for: opcode))
    }
    return UnsafePointer(table)
}()

/// The second table's entry for an instruction without a `TopTwoCached` form: spills the
/// lower cached operand and runs the instruction from the first table.
@inline(never)
private func spillAndRedispatch(_ ip: CodePointer, _ sp: Slot, _ fp: Slot, _ a: UInt64, _ b: UInt64, _ cx: MachinePointer) {
    TopTwoCached.spilling(ip - 1, sp, fp, a, b, cx, next)
}

// Closure arguments: $0 ip, $1 sp, $2 fp, $3 a, $4 b, $5 cx (see `Handler`); inside an
// operator's own closure, $0 and $1 are its operands.
private func handler(for opcode: Opcode) -> Handler {
    switch opcode {
    case .unreachable: { unreachable($0, $1, $2, $3, $4, $5) }
    case .nop: { nop($0, $1, $2, $3, $4, $5) }
    case .block, .loop: { blockOrLoop($0, $1, $2, $3, $4, $5) }
    case .`if`: { ifThen($0, $1, $2, $3, $4, $5) }
    case .`else`: { elseJump($0, $1, $2, $3, $4, $5) }
    case .end: { end($0, $1, $2, $3, $4, $5) }
    case .br: { br($0, $1, $2, $3, $4, $5) }
    case .brIf: { brIf($0, $1, $2, $3, $4, $5) }
    case .brTable: { brTable($0, $1, $2, $3, $4, $5) }
    case .`return`: { functionReturn($0, $1, $2, $3, $4, $5) }
    case .call: { call($0, $1, $2, $3, $4, $5) }
    case .callIndirect: { callIndirect($0, $1, $2, $3, $4, $5) }
    case .returnCall: { returnCall($0, $1, $2, $3, $4, $5) }
    case .returnCallIndirect: { returnCallIndirect($0, $1, $2, $3, $4, $5) }
    case .`throw`: { throwTag($0, $1, $2, $3, $4, $5) }
    case .throwRef: { throwRef($0, $1, $2, $3, $4, $5) }
    case .tryTable: { elseJump($0, $1, $2, $3, $4, $5) }  // a jump past its immediates and clause entries
    case .callRef: { callRef($0, $1, $2, $3, $4, $5) }
    case .returnCallRef: { returnCallRef($0, $1, $2, $3, $4, $5) }
    case .drop: { drop($0, $1, $2, $3, $4, $5) }
    case .select: { select($0, $1, $2, $3, $4, $5) }
    case .selectTyped: { selectTyped($0, $1, $2, $3, $4, $5) }
    case .localGet: { withIndex($0, $1, $2, $3, $4, $5, LocalGet.self) }
    case .localSet: { withIndex($0, $1, $2, $3, $4, $5, LocalSet.self) }
    case .localTee: { withIndex($0, $1, $2, $3, $4, $5, LocalTee.self) }
    case .globalGet: { withIndex($0, $1, $2, $3, $4, $5, GlobalGet.self) }
    case .globalSet: { withIndex($0, $1, $2, $3, $4, $5, GlobalSet.self) }
    case .tableGet: { tableGet($0, $1, $2, $3, $4, $5) }
    case .tableSet: { tableSet($0, $1, $2, $3, $4, $5) }
    case .i32Load, .f32Load: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt32>>.self) }
    case .i64Load, .f64Load: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt64>>.self) }
    case .i32Load8S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI32<Int8>>.self) }
    case .i32Load8U, .i64Load8U: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt8>>.self) }
    case .i32Load16S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI32<Int16>>.self) }
    case .i32Load16U, .i64Load16U: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt16>>.self) }
    case .i64Load8S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI64<Int8>>.self) }
    case .i64Load16S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI64<Int16>>.self) }
    case .i64Load32S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI64<Int32>>.self) }
    case .i64Load32U: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt32>>.self) }
    case .i32Store, .f32Store, .i64Store32: { withMemarg($0, $1, $2, $3, $4, $5, MemoryStore<Unsigned<UInt32>>.self) }
    case .i64Store, .f64Store: { withMemarg($0, $1, $2, $3, $4, $5, MemoryStore<Unsigned<UInt64>>.self) }
    case .i32Store8, .i64Store8: { withMemarg($0, $1, $2, $3, $4, $5, MemoryStore<Unsigned<UInt8>>.self) }
    case .i32Store16, .i64Store16: { withMemarg($0, $1, $2, $3, $4, $5, MemoryStore<Unsigned<UInt16>>.self) }
    case .memorySize: { memorySize($0, $1, $2, $3, $4, $5) }
    case .memoryGrow: { memoryGrow($0, $1, $2, $3, $4, $5) }
    case .i32Const: { i32Const($0, $1, $2, $3, $4, $5) }
    case .i64Const: { i64Const($0, $1, $2, $3, $4, $5) }
    case .f32Const: { f32Const($0, $1, $2, $3, $4, $5) }
    case .f64Const: { f64Const($0, $1, $2, $3, $4, $5) }
    case .i32Eqz: { unary($0, $1, $2, $3, $4, $5) { $0 & 0xFFFF_FFFF == 0 ? 1 : 0 } }
    case .i32Eq: { compare($0, $1, $2, $3, $4, $5, u32) { $0 == $1 } }
    case .i32Ne: { compare($0, $1, $2, $3, $4, $5, u32) { $0 != $1 } }
    case .i32LtS: { compare($0, $1, $2, $3, $4, $5, s32) { $0 < $1 } }
    case .i32LtU: { compare($0, $1, $2, $3, $4, $5, u32) { $0 < $1 } }
    case .i32GtS: { compare($0, $1, $2, $3, $4, $5, s32) { $0 > $1 } }
    case .i32GtU: { compare($0, $1, $2, $3, $4, $5, u32) { $0 > $1 } }
    case .i32LeS: { compare($0, $1, $2, $3, $4, $5, s32) { $0 <= $1 } }
    case .i32LeU: { compare($0, $1, $2, $3, $4, $5, u32) { $0 <= $1 } }
    case .i32GeS: { compare($0, $1, $2, $3, $4, $5, s32) { $0 >= $1 } }
    case .i32GeU: { compare($0, $1, $2, $3, $4, $5, u32) { $0 >= $1 } }
    case .i64Eqz: { unary($0, $1, $2, $3, $4, $5) { $0 == 0 ? 1 : 0 } }
    case .i64Eq: { compare($0, $1, $2, $3, $4, $5, u64) { $0 == $1 } }
    case .i64Ne: { compare($0, $1, $2, $3, $4, $5, u64) { $0 != $1 } }
    case .i64LtS: { compare($0, $1, $2, $3, $4, $5, s64) { $0 < $1 } }
    case .i64LtU: { compare($0, $1, $2, $3, $4, $5, u64) { $0 < $1 } }
    case .i64GtS: { compare($0, $1, $2, $3, $4, $5, s64) { $0 > $1 } }
    case .i64GtU: { compare($0, $1, $2, $3, $4, $5, u64) { $0 > $1 } }
    case .i64LeS: { compare($0, $1, $2, $3, $4, $5, s64) { $0 <= $1 } }
    case .i64LeU: { compare($0, $1, $2, $3, $4, $5, u64) { $0 <= $1 } }
    case .i64GeS: { compare($0, $1, $2, $3, $4, $5, s64) { $0 >= $1 } }
    case .i64GeU: { compare($0, $1, $2, $3, $4, $5, u64) { $0 >= $1 } }
    case .f32Eq: { compare($0, $1, $2, $3, $4, $5, f32) { $0 == $1 } }
    case .f32Ne: { compare($0, $1, $2, $3, $4, $5, f32) { $0 != $1 } }
    case .f32Lt: { compare($0, $1, $2, $3, $4, $5, f32) { $0 < $1 } }
    case .f32Gt: { compare($0, $1, $2, $3, $4, $5, f32) { $0 > $1 } }
    case .f32Le: { compare($0, $1, $2, $3, $4, $5, f32) { $0 <= $1 } }
    case .f32Ge: { compare($0, $1, $2, $3, $4, $5, f32) { $0 >= $1 } }
    case .f64Eq: { compare($0, $1, $2, $3, $4, $5, f64) { $0 == $1 } }
    case .f64Ne: { compare($0, $1, $2, $3, $4, $5, f64) { $0 != $1 } }
    case .f64Lt: { compare($0, $1, $2, $3, $4, $5, f64) { $0 < $1 } }
    case .f64Gt: { compare($0, $1, $2, $3, $4, $5, f64) { $0 > $1 } }
    case .f64Le: { compare($0, $1, $2, $3, $4, $5, f64) { $0 <= $1 } }
    case .f64Ge: { compare($0, $1, $2, $3, $4, $5, f64) { $0 >= $1 } }
    case .i32Clz: { unary($0, $1, $2, $3, $4, $5) { UInt64(u32($0).leadingZeroBitCount) } }
    case .i32Ctz: { unary($0, $1, $2, $3, $4, $5) { UInt64(u32($0).trailingZeroBitCount) } }
    case .i32Popcnt: { unary($0, $1, $2, $3, $4, $5) { UInt64(u32($0).nonzeroBitCount) } }
    case .i32Add: { binaryI32($0, $1, $2, $3, $4, $5) { $0 &+ $1 } }
    case .i32Sub: { binaryI32($0, $1, $2, $3, $4, $5) { $0 &- $1 } }
    case .i32Mul: { binaryI32($0, $1, $2, $3, $4, $5) { $0 &* $1 } }
    case .i32DivS: { signedDivision($0, $1, $2, $4, $5, s32($1[-1]), s32($3), overflowTraps: true) { $0 / $1 } }
    case .i32DivU: { unsignedDivision($0, $1, $2, $4, $5, u32($1[-1]), u32($3)) { $0 / $1 } }
    case .i32RemS: { signedDivision($0, $1, $2, $4, $5, s32($1[-1]), s32($3), overflowTraps: false) { $0 % $1 } }
    case .i32RemU: { unsignedDivision($0, $1, $2, $4, $5, u32($1[-1]), u32($3)) { $0 % $1 } }
    case .i32And: { binaryI32($0, $1, $2, $3, $4, $5) { $0 & $1 } }
    case .i32Or: { binaryI32($0, $1, $2, $3, $4, $5) { $0 | $1 } }
    case .i32Xor: { binaryI32($0, $1, $2, $3, $4, $5) { $0 ^ $1 } }
    case .i32Shl: { binaryI32($0, $1, $2, $3, $4, $5) { $0 &<< $1 } }
    case .i32ShrS: { binaryI32($0, $1, $2, $3, $4, $5) { UInt32(bitPattern: Int32(bitPattern: $0) &>> Int32(bitPattern: $1)) } }
    case .i32ShrU: { binaryI32($0, $1, $2, $3, $4, $5) { $0 &>> $1 } }
    case .i32Rotl: { binaryI32($0, $1, $2, $3, $4, $5) { ($0 &<< $1) | ($0 &>> (32 &- ($1 & 31))) } }
    case .i32Rotr: { binaryI32($0, $1, $2, $3, $4, $5) { ($0 &>> $1) | ($0 &<< (32 &- ($1 & 31))) } }
    case .i64Clz: { unary($0, $1, $2, $3, $4, $5) { UInt64($0.leadingZeroBitCount) } }
    case .i64Ctz: { unary($0, $1, $2, $3, $4, $5) { UInt64($0.trailingZeroBitCount) } }
    case .i64Popcnt: { unary($0, $1, $2, $3, $4, $5) { UInt64($0.nonzeroBitCount) } }
    case .i64Add: { binary($0, $1, $2, $3, $4, $5) { $0 &+ $1 } }
    case .i64Sub: { binary($0, $1, $2, $3, $4, $5) { $0 &- $1 } }
    case .i64Mul: { binary($0, $1, $2, $3, $4, $5) { $0 &* $1 } }
    case .i64DivS: { signedDivision($0, $1, $2, $4, $5, s64($1[-1]), s64($3), overflowTraps: true) { $0 / $1 } }
    case .i64DivU: { unsignedDivision($0, $1, $2, $4, $5, $1[-1], $3) { $0 / $1 } }
    case .i64RemS: { signedDivision($0, $1, $2, $4, $5, s64($1[-1]), s64($3), overflowTraps: false) { $0 % $1 } }
    case .i64RemU: { unsignedDivision($0, $1, $2, $4, $5, $1[-1], $3) { $0 % $1 } }
    case .i64And: { binary($0, $1, $2, $3, $4, $5) { $0 & $1 } }
    case .i64Or: { binary($0, $1, $2, $3, $4, $5) { $0 | $1 } }
    case .i64Xor: { binary($0, $1, $2, $3, $4, $5) { $0 ^ $1 } }
    case .i64Shl: { binary($0, $1, $2, $3, $4, $5) { $0 &<< $1 } }
    case .i64ShrS: { binary($0, $1, $2, $3, $4, $5) { UInt64(bitPattern: Int64(bitPattern: $0) &>> Int64(bitPattern: $1)) } }
    case .i64ShrU: { binary($0, $1, $2, $3, $4, $5) { $0 &>> $1 } }
    case .i64Rotl: { binary($0, $1, $2, $3, $4, $5) { ($0 &<< $1) | ($0 &>> (64 &- ($1 & 63))) } }
    case .i64Rotr: { binary($0, $1, $2, $3, $4, $5) { ($0 &>> $1) | ($0 &<< (64 &- ($1 & 63))) } }
    case .f32Abs: { unary($0, $1, $2, $3, $4, $5) { $0 & 0x7FFF_FFFF } }
    case .f32Neg: { unary($0, $1, $2, $3, $4, $5) { ($0 ^ 0x8000_0000) & 0xFFFF_FFFF } }
    case .f32Ceil: { unaryF32($0, $1, $2, $3, $4, $5) { $0.rounded(.up) } }
    case .f32Floor: { unaryF32($0, $1, $2, $3, $4, $5) { $0.rounded(.down) } }
    case .f32Trunc: { unaryF32($0, $1, $2, $3, $4, $5) { $0.rounded(.towardZero) } }
    case .f32Nearest: { unaryF32($0, $1, $2, $3, $4, $5) { $0.rounded(.toNearestOrEven) } }
    case .f32Sqrt: { unaryF32($0, $1, $2, $3, $4, $5) { $0.squareRoot() } }
    case .f32Add: { binaryF32($0, $1, $2, $3, $4, $5) { $0 + $1 } }
    case .f32Sub: { binaryF32($0, $1, $2, $3, $4, $5) { $0 - $1 } }
    case .f32Mul: { binaryF32($0, $1, $2, $3, $4, $5) { $0 * $1 } }
    case .f32Div: { binaryF32($0, $1, $2, $3, $4, $5) { $0 / $1 } }
    case .f32Min: { binaryF32($0, $1, $2, $3, $4, $5) { wasmMin($0, $1) } }
    case .f32Max: { binaryF32($0, $1, $2, $3, $4, $5) { wasmMax($0, $1) } }
    case .f32Copysign: { binary($0, $1, $2, $3, $4, $5) { ($0 & 0x7FFF_FFFF) | ($1 & 0x8000_0000) } }
    case .f64Abs: { unary($0, $1, $2, $3, $4, $5) { $0 & 0x7FFF_FFFF_FFFF_FFFF } }
    case .f64Neg: { unary($0, $1, $2, $3, $4, $5) { $0 ^ 0x8000_0000_0000_0000 } }
    case .f64Ceil: { unaryF64($0, $1, $2, $3, $4, $5) { $0.rounded(.up) } }
    case .f64Floor: { unaryF64($0, $1, $2, $3, $4, $5) { $0.rounded(.down) } }
    case .f64Trunc: { unaryF64($0, $1, $2, $3, $4, $5) { $0.rounded(.towardZero) } }
    case .f64Nearest: { unaryF64($0, $1, $2, $3, $4, $5) { $0.rounded(.toNearestOrEven) } }
    case .f64Sqrt: { unaryF64($0, $1, $2, $3, $4, $5) { $0.squareRoot() } }
    case .f64Add: { binaryF64($0, $1, $2, $3, $4, $5) { $0 + $1 } }
    case .f64Sub: { binaryF64($0, $1, $2, $3, $4, $5) { $0 - $1 } }
    case .f64Mul: { binaryF64($0, $1, $2, $3, $4, $5) { $0 * $1 } }
    case .f64Div: { binaryF64($0, $1, $2, $3, $4, $5) { $0 / $1 } }
    case .f64Min: { binaryF64($0, $1, $2, $3, $4, $5) { wasmMin($0, $1) } }
    case .f64Max: { binaryF64($0, $1, $2, $3, $4, $5) { wasmMax($0, $1) } }
    case .f64Copysign: { binary($0, $1, $2, $3, $4, $5) { ($0 & 0x7FFF_FFFF_FFFF_FFFF) | ($1 & 0x8000_0000_0000_0000) } }
    case .i32WrapI64: { unary($0, $1, $2, $3, $4, $5) { $0 & 0xFFFF_FFFF } }
    case .i32TruncF32S: { truncation($0, $1, $2, $3, $4, $5, f32($3), to: Int32.self, i32FromF32Bounds) }
    case .i32TruncF32U: { truncation($0, $1, $2, $3, $4, $5, f32($3), to: UInt32.self, u32FromF32Bounds) }
    case .i32TruncF64S: { truncation($0, $1, $2, $3, $4, $5, f64($3), to: Int32.self, i32FromF64Bounds) }
    case .i32TruncF64U: { truncation($0, $1, $2, $3, $4, $5, f64($3), to: UInt32.self, u32FromF64Bounds) }
    case .i64ExtendI32S: { unary($0, $1, $2, $3, $4, $5) { slot(Int64(s32($0))) } }
    case .i64ExtendI32U: { unary($0, $1, $2, $3, $4, $5) { $0 & 0xFFFF_FFFF } }
    case .i64TruncF32S: { truncation($0, $1, $2, $3, $4, $5, f32($3), to: Int64.self, i64FromF32Bounds) }
    case .i64TruncF32U: { truncation($0, $1, $2, $3, $4, $5, f32($3), to: UInt64.self, u64FromF32Bounds) }
    case .i64TruncF64S: { truncation($0, $1, $2, $3, $4, $5, f64($3), to: Int64.self, i64FromF64Bounds) }
    case .i64TruncF64U: { truncation($0, $1, $2, $3, $4, $5, f64($3), to: UInt64.self, u64FromF64Bounds) }
    case .f32ConvertI32S: { unary($0, $1, $2, $3, $4, $5) { slot(Float(s32($0))) } }
    case .f32ConvertI32U: { unary($0, $1, $2, $3, $4, $5) { slot(Float(u32($0))) } }
    case .f32ConvertI64S: { unary($0, $1, $2, $3, $4, $5) { slot(Float(Int64(bitPattern: $0))) } }
    case .f32ConvertI64U: { unary($0, $1, $2, $3, $4, $5) { slot(Float($0)) } }
    case .f32DemoteF64: { unary($0, $1, $2, $3, $4, $5) { slot(Float(f64($0))) } }
    case .f64ConvertI32S: { unary($0, $1, $2, $3, $4, $5) { slot(Double(s32($0))) } }
    case .f64ConvertI32U: { unary($0, $1, $2, $3, $4, $5) { slot(Double(u32($0))) } }
    case .f64ConvertI64S: { unary($0, $1, $2, $3, $4, $5) { slot(Double(Int64(bitPattern: $0))) } }
    case .f64ConvertI64U: { unary($0, $1, $2, $3, $4, $5) { slot(Double($0)) } }
    case .f64PromoteF32: { unary($0, $1, $2, $3, $4, $5) { slot(Double(f32($0))) } }
    case .i32ReinterpretF32, .i64ReinterpretF64, .f32ReinterpretI32, .f64ReinterpretI64: { nop($0, $1, $2, $3, $4, $5) }
    case .i32Extend8S: { unary($0, $1, $2, $3, $4, $5) { slot(Int32(Int8(truncatingIfNeeded: $0))) } }
    case .i32Extend16S: { unary($0, $1, $2, $3, $4, $5) { slot(Int32(Int16(truncatingIfNeeded: $0))) } }
    case .i64Extend8S: { unary($0, $1, $2, $3, $4, $5) { slot(Int64(Int8(truncatingIfNeeded: $0))) } }
    case .i64Extend16S: { unary($0, $1, $2, $3, $4, $5) { slot(Int64(Int16(truncatingIfNeeded: $0))) } }
    case .i64Extend32S: { unary($0, $1, $2, $3, $4, $5) { slot(Int64(Int32(truncatingIfNeeded: $0))) } }
    case .refNull: { refNull($0, $1, $2, $3, $4, $5) }
    case .refIsNull: { unary($0, $1, $2, $3, $4, $5) { $0 == 0 ? 1 : 0 } }
    case .refFunc: { withIndex($0, $1, $2, $3, $4, $5, RefFunc.self) }
    case .refAsNonNull: { refAsNonNull($0, $1, $2, $3, $4, $5) }
    case .brOnNull: { brOnNull($0, $1, $2, $3, $4, $5) }
    case .brOnNonNull: { brOnNonNull($0, $1, $2, $3, $4, $5) }
    case .prefixFC: { prefixFC($0, $1, $2, $3, $4, $5) }
    // Validation admits only the opcodes above; 0xFD (SIMD) will get its own table here.
    case .reserved06, .reserved07, .reserved09, .reserved16, .reserved17, .reserved18, .reserved19, .reserved1D, .reserved1E, .reserved27, .reservedC5, .reservedC6, .reservedC7, .reservedC8, .reservedC9, .reservedCA, .reservedCB, .reservedCC, .reservedCD, .reservedCE, .reservedCF, .reservedD3, .reservedD7, .reservedD8, .reservedD9, .reservedDA, .reservedDB, .reservedDC, .reservedDD, .reservedDE, .reservedDF, .reservedE0, .reservedE1, .reservedE2, .reservedE3, .reservedE4, .reservedE5, .reservedE6, .reservedE7, .reservedE8, .reservedE9, .reservedEA, .reservedEB, .reservedEC, .reservedED, .reservedEE, .reservedEF, .reservedF0, .reservedF1, .reservedF2, .reservedF3, .reservedF4, .reservedF5, .reservedF6, .reservedF7, .reservedF8, .reservedF9, .reservedFA, .reservedFB, .prefixFD, .reservedFE, .reservedFF:
        { unreachable($0, $1, $2, $3, $4, $5) }
    }
}

/// The instructions that consume or push operands, with the top two in registers.
private func cachedHandler(for opcode: Opcode) -> Handler? {
    switch opcode {
    case .block, .loop: { TopTwoCached.spilling($0, $1, $2, $3, $4, $5, blockOrLoop) }
    case .end: { TopTwoCached.spilling($0, $1, $2, $3, $4, $5, end) }
    case .br: { TopTwoCached.spilling($0, $1, $2, $3, $4, $5, br) }
    case .brTable: { TopTwoCached.spilling($0, $1, $2, $3, $4, $5, brTable) }
    case .`return`: { TopTwoCached.spilling($0, $1, $2, $3, $4, $5, functionReturn) }
    case .call: { TopTwoCached.spilling($0, $1, $2, $3, $4, $5, call) }
    case .callIndirect: { TopTwoCached.spilling($0, $1, $2, $3, $4, $5, callIndirect) }
    case .`if`: { ifThen($0, $1, $2, $3, $4, $5, TopTwoCached.self) }
    case .brIf: { brIf($0, $1, $2, $3, $4, $5, TopTwoCached.self) }
    case .drop: { drop($0, $1, $2, $3, $4, $5, TopTwoCached.self) }
    case .select: { select($0, $1, $2, $3, $4, $5, TopTwoCached.self) }
    case .localGet: { withIndex($0, $1, $2, $3, $4, $5, LocalGet.self, TopTwoCached.self) }
    case .localSet: { withIndex($0, $1, $2, $3, $4, $5, LocalSet.self, TopTwoCached.self) }
    case .localTee: { withIndex($0, $1, $2, $3, $4, $5, LocalTee.self, TopTwoCached.self) }
    case .globalGet: { withIndex($0, $1, $2, $3, $4, $5, GlobalGet.self, TopTwoCached.self) }
    case .globalSet: { withIndex($0, $1, $2, $3, $4, $5, GlobalSet.self, TopTwoCached.self) }
    case .i32Load, .f32Load: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt32>>.self, TopTwoCached.self) }
    case .i64Load, .f64Load: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt64>>.self, TopTwoCached.self) }
    case .i32Load8S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI32<Int8>>.self, TopTwoCached.self) }
    case .i32Load8U, .i64Load8U: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt8>>.self, TopTwoCached.self) }
    case .i32Load16S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI32<Int16>>.self, TopTwoCached.self) }
    case .i32Load16U, .i64Load16U: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt16>>.self, TopTwoCached.self) }
    case .i64Load8S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI64<Int8>>.self, TopTwoCached.self) }
    case .i64Load16S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI64<Int16>>.self, TopTwoCached.self) }
    case .i64Load32S: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<SignedToI64<Int32>>.self, TopTwoCached.self) }
    case .i64Load32U: { withMemarg($0, $1, $2, $3, $4, $5, MemoryLoad<Unsigned<UInt32>>.self, TopTwoCached.self) }
    case .i32Store, .f32Store, .i64Store32: { withMemarg($0, $1, $2, $3, $4, $5, MemoryStore<Unsigned<UInt32>>.self, TopTwoCached.self) }
    case .i64Store, .f64Store: { withMemarg($0, $1, $2, $3, $4, $5, MemoryStore<Unsigned<UInt64>>.self, TopTwoCached.self) }
    case .i32Store8, .i64Store8: { withMemarg($0, $1, $2, $3, $4, $5, MemoryStore<Unsigned<UInt8>>.self, TopTwoCached.self) }
    case .i32Store16, .i64Store16: { withMemarg($0, $1, $2, $3, $4, $5, MemoryStore<Unsigned<UInt16>>.self, TopTwoCached.self) }
    case .i32Const: { i32Const($0, $1, $2, $3, $4, $5, TopTwoCached.self) }
    case .i64Const: { i64Const($0, $1, $2, $3, $4, $5, TopTwoCached.self) }
    case .f32Const: { f32Const($0, $1, $2, $3, $4, $5, TopTwoCached.self) }
    case .f64Const: { f64Const($0, $1, $2, $3, $4, $5, TopTwoCached.self) }
    case .i32Eqz: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 & 0xFFFF_FFFF == 0 ? 1 : 0 } }
    case .i32Eq: { compare($0, $1, $2, $3, $4, $5, u32, TopTwoCached.self) { $0 == $1 } }
    case .i32Ne: { compare($0, $1, $2, $3, $4, $5, u32, TopTwoCached.self) { $0 != $1 } }
    case .i32LtS: { compare($0, $1, $2, $3, $4, $5, s32, TopTwoCached.self) { $0 < $1 } }
    case .i32LtU: { compare($0, $1, $2, $3, $4, $5, u32, TopTwoCached.self) { $0 < $1 } }
    case .i32GtS: { compare($0, $1, $2, $3, $4, $5, s32, TopTwoCached.self) { $0 > $1 } }
    case .i32GtU: { compare($0, $1, $2, $3, $4, $5, u32, TopTwoCached.self) { $0 > $1 } }
    case .i32LeS: { compare($0, $1, $2, $3, $4, $5, s32, TopTwoCached.self) { $0 <= $1 } }
    case .i32LeU: { compare($0, $1, $2, $3, $4, $5, u32, TopTwoCached.self) { $0 <= $1 } }
    case .i32GeS: { compare($0, $1, $2, $3, $4, $5, s32, TopTwoCached.self) { $0 >= $1 } }
    case .i32GeU: { compare($0, $1, $2, $3, $4, $5, u32, TopTwoCached.self) { $0 >= $1 } }
    case .i64Eqz: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 == 0 ? 1 : 0 } }
    case .i64Eq: { compare($0, $1, $2, $3, $4, $5, u64, TopTwoCached.self) { $0 == $1 } }
    case .i64Ne: { compare($0, $1, $2, $3, $4, $5, u64, TopTwoCached.self) { $0 != $1 } }
    case .i64LtS: { compare($0, $1, $2, $3, $4, $5, s64, TopTwoCached.self) { $0 < $1 } }
    case .i64LtU: { compare($0, $1, $2, $3, $4, $5, u64, TopTwoCached.self) { $0 < $1 } }
    case .i64GtS: { compare($0, $1, $2, $3, $4, $5, s64, TopTwoCached.self) { $0 > $1 } }
    case .i64GtU: { compare($0, $1, $2, $3, $4, $5, u64, TopTwoCached.self) { $0 > $1 } }
    case .i64LeS: { compare($0, $1, $2, $3, $4, $5, s64, TopTwoCached.self) { $0 <= $1 } }
    case .i64LeU: { compare($0, $1, $2, $3, $4, $5, u64, TopTwoCached.self) { $0 <= $1 } }
    case .i64GeS: { compare($0, $1, $2, $3, $4, $5, s64, TopTwoCached.self) { $0 >= $1 } }
    case .i64GeU: { compare($0, $1, $2, $3, $4, $5, u64, TopTwoCached.self) { $0 >= $1 } }
    case .f32Eq: { compare($0, $1, $2, $3, $4, $5, f32, TopTwoCached.self) { $0 == $1 } }
    case .f32Ne: { compare($0, $1, $2, $3, $4, $5, f32, TopTwoCached.self) { $0 != $1 } }
    case .f32Lt: { compare($0, $1, $2, $3, $4, $5, f32, TopTwoCached.self) { $0 < $1 } }
    case .f32Gt: { compare($0, $1, $2, $3, $4, $5, f32, TopTwoCached.self) { $0 > $1 } }
    case .f32Le: { compare($0, $1, $2, $3, $4, $5, f32, TopTwoCached.self) { $0 <= $1 } }
    case .f32Ge: { compare($0, $1, $2, $3, $4, $5, f32, TopTwoCached.self) { $0 >= $1 } }
    case .f64Eq: { compare($0, $1, $2, $3, $4, $5, f64, TopTwoCached.self) { $0 == $1 } }
    case .f64Ne: { compare($0, $1, $2, $3, $4, $5, f64, TopTwoCached.self) { $0 != $1 } }
    case .f64Lt: { compare($0, $1, $2, $3, $4, $5, f64, TopTwoCached.self) { $0 < $1 } }
    case .f64Gt: { compare($0, $1, $2, $3, $4, $5, f64, TopTwoCached.self) { $0 > $1 } }
    case .f64Le: { compare($0, $1, $2, $3, $4, $5, f64, TopTwoCached.self) { $0 <= $1 } }
    case .f64Ge: { compare($0, $1, $2, $3, $4, $5, f64, TopTwoCached.self) { $0 >= $1 } }
    case .i32Clz: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { UInt64(u32($0).leadingZeroBitCount) } }
    case .i32Ctz: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { UInt64(u32($0).trailingZeroBitCount) } }
    case .i32Popcnt: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { UInt64(u32($0).nonzeroBitCount) } }
    case .i32Add: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &+ $1 } }
    case .i32Sub: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &- $1 } }
    case .i32Mul: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &* $1 } }
    case .i32And: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 & $1 } }
    case .i32Or: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 | $1 } }
    case .i32Xor: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 ^ $1 } }
    case .i32Shl: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &<< $1 } }
    case .i32ShrS: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { UInt32(bitPattern: Int32(bitPattern: $0) &>> Int32(bitPattern: $1)) } }
    case .i32ShrU: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &>> $1 } }
    case .i32Rotl: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { ($0 &<< $1) | ($0 &>> (32 &- ($1 & 31))) } }
    case .i32Rotr: { binaryI32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { ($0 &>> $1) | ($0 &<< (32 &- ($1 & 31))) } }
    case .i64Clz: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { UInt64($0.leadingZeroBitCount) } }
    case .i64Ctz: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { UInt64($0.trailingZeroBitCount) } }
    case .i64Popcnt: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { UInt64($0.nonzeroBitCount) } }
    case .i64Add: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &+ $1 } }
    case .i64Sub: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &- $1 } }
    case .i64Mul: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &* $1 } }
    case .i64And: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 & $1 } }
    case .i64Or: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 | $1 } }
    case .i64Xor: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 ^ $1 } }
    case .i64Shl: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &<< $1 } }
    case .i64ShrS: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { UInt64(bitPattern: Int64(bitPattern: $0) &>> Int64(bitPattern: $1)) } }
    case .i64ShrU: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 &>> $1 } }
    case .i64Rotl: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { ($0 &<< $1) | ($0 &>> (64 &- ($1 & 63))) } }
    case .i64Rotr: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { ($0 &>> $1) | ($0 &<< (64 &- ($1 & 63))) } }
    case .f32Abs: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 & 0x7FFF_FFFF } }
    case .f32Neg: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { ($0 ^ 0x8000_0000) & 0xFFFF_FFFF } }
    case .f32Ceil: { unaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.rounded(.up) } }
    case .f32Floor: { unaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.rounded(.down) } }
    case .f32Trunc: { unaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.rounded(.towardZero) } }
    case .f32Nearest: { unaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.rounded(.toNearestOrEven) } }
    case .f32Sqrt: { unaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.squareRoot() } }
    case .f32Add: { binaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 + $1 } }
    case .f32Sub: { binaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 - $1 } }
    case .f32Mul: { binaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 * $1 } }
    case .f32Div: { binaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 / $1 } }
    case .f32Min: { binaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { wasmMin($0, $1) } }
    case .f32Max: { binaryF32($0, $1, $2, $3, $4, $5, TopTwoCached.self) { wasmMax($0, $1) } }
    case .f32Copysign: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { ($0 & 0x7FFF_FFFF) | ($1 & 0x8000_0000) } }
    case .f64Abs: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 & 0x7FFF_FFFF_FFFF_FFFF } }
    case .f64Neg: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 ^ 0x8000_0000_0000_0000 } }
    case .f64Ceil: { unaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.rounded(.up) } }
    case .f64Floor: { unaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.rounded(.down) } }
    case .f64Trunc: { unaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.rounded(.towardZero) } }
    case .f64Nearest: { unaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.rounded(.toNearestOrEven) } }
    case .f64Sqrt: { unaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0.squareRoot() } }
    case .f64Add: { binaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 + $1 } }
    case .f64Sub: { binaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 - $1 } }
    case .f64Mul: { binaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 * $1 } }
    case .f64Div: { binaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 / $1 } }
    case .f64Min: { binaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { wasmMin($0, $1) } }
    case .f64Max: { binaryF64($0, $1, $2, $3, $4, $5, TopTwoCached.self) { wasmMax($0, $1) } }
    case .f64Copysign: { binary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { ($0 & 0x7FFF_FFFF_FFFF_FFFF) | ($1 & 0x8000_0000_0000_0000) } }
    case .i32WrapI64: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 & 0xFFFF_FFFF } }
    case .i64ExtendI32S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Int64(s32($0))) } }
    case .i64ExtendI32U: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 & 0xFFFF_FFFF } }
    case .f32ConvertI32S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Float(s32($0))) } }
    case .f32ConvertI32U: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Float(u32($0))) } }
    case .f32ConvertI64S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Float(Int64(bitPattern: $0))) } }
    case .f32ConvertI64U: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Float($0)) } }
    case .f32DemoteF64: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Float(f64($0))) } }
    case .f64ConvertI32S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Double(s32($0))) } }
    case .f64ConvertI32U: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Double(u32($0))) } }
    case .f64ConvertI64S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Double(Int64(bitPattern: $0))) } }
    case .f64ConvertI64U: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Double($0)) } }
    case .f64PromoteF32: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Double(f32($0))) } }
    case .i32Extend8S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Int32(Int8(truncatingIfNeeded: $0))) } }
    case .i32Extend16S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Int32(Int16(truncatingIfNeeded: $0))) } }
    case .i64Extend8S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Int64(Int8(truncatingIfNeeded: $0))) } }
    case .i64Extend16S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Int64(Int16(truncatingIfNeeded: $0))) } }
    case .i64Extend32S: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { slot(Int64(Int32(truncatingIfNeeded: $0))) } }
    case .refIsNull: { unary($0, $1, $2, $3, $4, $5, TopTwoCached.self) { $0 == 0 ? 1 : 0 } }
    case .refFunc: { withIndex($0, $1, $2, $3, $4, $5, RefFunc.self, TopTwoCached.self) }
    default: nil
    }
}
