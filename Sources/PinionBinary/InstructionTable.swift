// PinionBinary: the one description of every instruction.
// Opcode, name, immediate shape and stack effect live here once; the validator checks
// types from it, the inspector prints names from it, and the interpreter's dispatch
// covers exactly the opcodes listed here.

/// The shape of an instruction's immediate operands in the code bytes.
public enum ImmediateKind: UInt8, Sendable {
    case none
    case blockType          // s33 block type
    case label              // u32 label depth
    case labelTable         // vec(u32) + default u32
    case function           // u32 function index
    case callIndirect       // u32 type index, u32 table index
    case local              // u32 local index
    case global             // u32 global index
    case table              // u32 table index
    case memarg             // u32 align, u32 offset
    case memoryIndex        // u32 memory index
    case i32                // s32
    case i64                // s64
    case f32                // 4 bytes
    case f64                // 8 bytes
    case heapType           // a heap type: one byte, or a type index as an s33
    case type               // u32 type index
    case valueTypes         // vec(valtype) (typed select)
    case dataAndMemory      // u32 data index, u32 memory index
    case data               // u32 data index
    case memoryPair         // u32 destination memory, u32 source memory
    case elementAndTable    // u32 element index, u32 table index
    case element            // u32 element index
    case tablePair          // u32 destination table, u32 source table
    case tag                // u32 tag index
    case tryTable           // block type, vec(catch clause: kind byte, [u32 tag], u32 label)
}

/// How an instruction changes the operand stack. `.fixed` ones the validator checks
/// straight from this table; `.special` ones (control, locals, references, ...) it
/// handles itself.
public enum StackEffect: Sendable {
    case fixed(pops: [ValueType], push: ValueType?)
    case special
}

/// One row of the instruction table.
public struct InstructionInfo: Sendable {
    /// For prefixed instructions, the prefix byte (0xFC); otherwise nil.
    public let prefix: UInt8?
    public let opcode: UInt32
    public let name: String
    public let immediate: ImmediateKind
    public let effect: StackEffect
    /// For memory accesses: the natural alignment as a power of two (the validator
    /// rejects larger `align` immediates).
    public let naturalAlignment: UInt8

    init(_ prefix: UInt8?, _ opcode: UInt32, _ name: String, _ immediate: ImmediateKind,
         _ effect: StackEffect, naturalAlignment: UInt8 = 0) {
        self.prefix = prefix
        self.opcode = opcode
        self.name = name
        self.immediate = immediate
        self.effect = effect
        self.naturalAlignment = naturalAlignment
    }
}

/// The instruction set Pinion implements: WebAssembly 2.0 without SIMD, with multiple
/// memories, extended constant expressions, tail calls, typed function references and
/// exception handling.
/// Opcodes of features Pinion does not implement are listed by `unsupportedFeature`.
public enum InstructionTable {
    /// Single-byte opcodes, indexed by opcode; nil for opcodes Pinion does not know.
    public static let primary: [InstructionInfo?] = {
        var table = [InstructionInfo?](repeating: nil, count: 256)
        for info in primaryRows { table[Int(info.opcode)] = info }
        return table
    }()

    /// 0xFC-prefixed opcodes, indexed by their u32 sub-opcode.
    public static let prefixedFC: [InstructionInfo?] = {
        var table = [InstructionInfo?](repeating: nil, count: 18)
        for info in fcRows { table[Int(info.opcode)] = info }
        return table
    }()

    /// Looks an instruction up; nil when unknown.
    public static func info(prefix: UInt8?, opcode: UInt32) -> InstructionInfo? {
        switch prefix {
        case nil: return opcode < 256 ? primary[Int(opcode)] : nil
        case 0xFC: return opcode < UInt32(prefixedFC.count) ? prefixedFC[Int(opcode)] : nil
        default: return nil
        }
    }

    public static let prefixFC: UInt8 = 0xFC

    /// The feature an opcode byte (or prefix) belongs to when Pinion recognises it but does
    /// not implement it; nil for implemented and unknown opcodes.
    public static func unsupportedFeature(_ opcode: UInt8) -> WasmFeature? {
        switch opcode {
        case 0x06, 0x07, 0x09, 0x18, 0x19: .legacyExceptions  // try, catch, rethrow, delegate, catch_all
        case 0xD3, 0xFB: .gc                            // ref.eq, the GC prefix
        case 0xFD: .simd
        case 0xFE: .threads
        default: nil
        }
    }
}

// MARK: - The rows

private let i32 = ValueType.i32, i64 = ValueType.i64, f32 = ValueType.f32, f64 = ValueType.f64

private func op(_ code: UInt32, _ name: String, _ imm: ImmediateKind = .none) -> InstructionInfo {
    InstructionInfo(nil, code, name, imm, .special)
}
private func unary(_ code: UInt32, _ name: String, _ a: ValueType, _ r: ValueType) -> InstructionInfo {
    InstructionInfo(nil, code, name, .none, .fixed(pops: [a], push: r))
}
private func binary(_ code: UInt32, _ name: String, _ a: ValueType, _ r: ValueType) -> InstructionInfo {
    InstructionInfo(nil, code, name, .none, .fixed(pops: [a, a], push: r))
}
private func load(_ code: UInt32, _ name: String, _ t: ValueType, align: UInt8) -> InstructionInfo {
    InstructionInfo(nil, code, name, .memarg, .fixed(pops: [i32], push: t), naturalAlignment: align)
}
private func store(_ code: UInt32, _ name: String, _ t: ValueType, align: UInt8) -> InstructionInfo {
    InstructionInfo(nil, code, name, .memarg, .fixed(pops: [i32, t], push: nil), naturalAlignment: align)
}
private func const(_ code: UInt32, _ name: String, _ imm: ImmediateKind, _ t: ValueType) -> InstructionInfo {
    InstructionInfo(nil, code, name, imm, .fixed(pops: [], push: t))
}
private func fc(_ code: UInt32, _ name: String, _ imm: ImmediateKind, _ effect: StackEffect) -> InstructionInfo {
    InstructionInfo(0xFC, code, name, imm, effect)
}

private let primaryRows: [InstructionInfo] = [
    // Control
    op(0x00, "unreachable"), op(0x01, "nop"),
    op(0x02, "block", .blockType), op(0x03, "loop", .blockType), op(0x04, "if", .blockType),
    op(0x05, "else"), op(0x0B, "end"),
    op(0x0C, "br", .label), op(0x0D, "br_if", .label), op(0x0E, "br_table", .labelTable),
    op(0x0F, "return"), op(0x10, "call", .function), op(0x11, "call_indirect", .callIndirect),
    op(0x12, "return_call", .function), op(0x13, "return_call_indirect", .callIndirect),
    op(0x08, "throw", .tag), op(0x0A, "throw_ref"), op(0x1F, "try_table", .tryTable),
    op(0x14, "call_ref", .type), op(0x15, "return_call_ref", .type),
    // Parametric
    op(0x1A, "drop"), op(0x1B, "select"), op(0x1C, "select", .valueTypes),
    // Variables and tables
    op(0x20, "local.get", .local), op(0x21, "local.set", .local), op(0x22, "local.tee", .local),
    op(0x23, "global.get", .global), op(0x24, "global.set", .global),
    op(0x25, "table.get", .table), op(0x26, "table.set", .table),
    // Memory
    load(0x28, "i32.load", i32, align: 2), load(0x29, "i64.load", i64, align: 3),
    load(0x2A, "f32.load", f32, align: 2), load(0x2B, "f64.load", f64, align: 3),
    load(0x2C, "i32.load8_s", i32, align: 0), load(0x2D, "i32.load8_u", i32, align: 0),
    load(0x2E, "i32.load16_s", i32, align: 1), load(0x2F, "i32.load16_u", i32, align: 1),
    load(0x30, "i64.load8_s", i64, align: 0), load(0x31, "i64.load8_u", i64, align: 0),
    load(0x32, "i64.load16_s", i64, align: 1), load(0x33, "i64.load16_u", i64, align: 1),
    load(0x34, "i64.load32_s", i64, align: 2), load(0x35, "i64.load32_u", i64, align: 2),
    store(0x36, "i32.store", i32, align: 2), store(0x37, "i64.store", i64, align: 3),
    store(0x38, "f32.store", f32, align: 2), store(0x39, "f64.store", f64, align: 3),
    store(0x3A, "i32.store8", i32, align: 0), store(0x3B, "i32.store16", i32, align: 1),
    store(0x3C, "i64.store8", i64, align: 0), store(0x3D, "i64.store16", i64, align: 1),
    store(0x3E, "i64.store32", i64, align: 2),
    InstructionInfo(nil, 0x3F, "memory.size", .memoryIndex, .fixed(pops: [], push: i32)),
    InstructionInfo(nil, 0x40, "memory.grow", .memoryIndex, .fixed(pops: [i32], push: i32)),
    // Constants
    const(0x41, "i32.const", .i32, i32), const(0x42, "i64.const", .i64, i64),
    const(0x43, "f32.const", .f32, f32), const(0x44, "f64.const", .f64, f64),
    // i32 comparisons
    unary(0x45, "i32.eqz", i32, i32),
    binary(0x46, "i32.eq", i32, i32), binary(0x47, "i32.ne", i32, i32),
    binary(0x48, "i32.lt_s", i32, i32), binary(0x49, "i32.lt_u", i32, i32),
    binary(0x4A, "i32.gt_s", i32, i32), binary(0x4B, "i32.gt_u", i32, i32),
    binary(0x4C, "i32.le_s", i32, i32), binary(0x4D, "i32.le_u", i32, i32),
    binary(0x4E, "i32.ge_s", i32, i32), binary(0x4F, "i32.ge_u", i32, i32),
    // i64 comparisons
    unary(0x50, "i64.eqz", i64, i32),
    binary(0x51, "i64.eq", i64, i32), binary(0x52, "i64.ne", i64, i32),
    binary(0x53, "i64.lt_s", i64, i32), binary(0x54, "i64.lt_u", i64, i32),
    binary(0x55, "i64.gt_s", i64, i32), binary(0x56, "i64.gt_u", i64, i32),
    binary(0x57, "i64.le_s", i64, i32), binary(0x58, "i64.le_u", i64, i32),
    binary(0x59, "i64.ge_s", i64, i32), binary(0x5A, "i64.ge_u", i64, i32),
    // Float comparisons
    binary(0x5B, "f32.eq", f32, i32), binary(0x5C, "f32.ne", f32, i32),
    binary(0x5D, "f32.lt", f32, i32), binary(0x5E, "f32.gt", f32, i32),
    binary(0x5F, "f32.le", f32, i32), binary(0x60, "f32.ge", f32, i32),
    binary(0x61, "f64.eq", f64, i32), binary(0x62, "f64.ne", f64, i32),
    binary(0x63, "f64.lt", f64, i32), binary(0x64, "f64.gt", f64, i32),
    binary(0x65, "f64.le", f64, i32), binary(0x66, "f64.ge", f64, i32),
    // i32 arithmetic
    unary(0x67, "i32.clz", i32, i32), unary(0x68, "i32.ctz", i32, i32), unary(0x69, "i32.popcnt", i32, i32),
    binary(0x6A, "i32.add", i32, i32), binary(0x6B, "i32.sub", i32, i32), binary(0x6C, "i32.mul", i32, i32),
    binary(0x6D, "i32.div_s", i32, i32), binary(0x6E, "i32.div_u", i32, i32),
    binary(0x6F, "i32.rem_s", i32, i32), binary(0x70, "i32.rem_u", i32, i32),
    binary(0x71, "i32.and", i32, i32), binary(0x72, "i32.or", i32, i32), binary(0x73, "i32.xor", i32, i32),
    binary(0x74, "i32.shl", i32, i32), binary(0x75, "i32.shr_s", i32, i32), binary(0x76, "i32.shr_u", i32, i32),
    binary(0x77, "i32.rotl", i32, i32), binary(0x78, "i32.rotr", i32, i32),
    // i64 arithmetic
    unary(0x79, "i64.clz", i64, i64), unary(0x7A, "i64.ctz", i64, i64), unary(0x7B, "i64.popcnt", i64, i64),
    binary(0x7C, "i64.add", i64, i64), binary(0x7D, "i64.sub", i64, i64), binary(0x7E, "i64.mul", i64, i64),
    binary(0x7F, "i64.div_s", i64, i64), binary(0x80, "i64.div_u", i64, i64),
    binary(0x81, "i64.rem_s", i64, i64), binary(0x82, "i64.rem_u", i64, i64),
    binary(0x83, "i64.and", i64, i64), binary(0x84, "i64.or", i64, i64), binary(0x85, "i64.xor", i64, i64),
    binary(0x86, "i64.shl", i64, i64), binary(0x87, "i64.shr_s", i64, i64), binary(0x88, "i64.shr_u", i64, i64),
    binary(0x89, "i64.rotl", i64, i64), binary(0x8A, "i64.rotr", i64, i64),
    // f32 arithmetic
    unary(0x8B, "f32.abs", f32, f32), unary(0x8C, "f32.neg", f32, f32), unary(0x8D, "f32.ceil", f32, f32),
    unary(0x8E, "f32.floor", f32, f32), unary(0x8F, "f32.trunc", f32, f32),
    unary(0x90, "f32.nearest", f32, f32), unary(0x91, "f32.sqrt", f32, f32),
    binary(0x92, "f32.add", f32, f32), binary(0x93, "f32.sub", f32, f32), binary(0x94, "f32.mul", f32, f32),
    binary(0x95, "f32.div", f32, f32), binary(0x96, "f32.min", f32, f32), binary(0x97, "f32.max", f32, f32),
    binary(0x98, "f32.copysign", f32, f32),
    // f64 arithmetic
    unary(0x99, "f64.abs", f64, f64), unary(0x9A, "f64.neg", f64, f64), unary(0x9B, "f64.ceil", f64, f64),
    unary(0x9C, "f64.floor", f64, f64), unary(0x9D, "f64.trunc", f64, f64),
    unary(0x9E, "f64.nearest", f64, f64), unary(0x9F, "f64.sqrt", f64, f64),
    binary(0xA0, "f64.add", f64, f64), binary(0xA1, "f64.sub", f64, f64), binary(0xA2, "f64.mul", f64, f64),
    binary(0xA3, "f64.div", f64, f64), binary(0xA4, "f64.min", f64, f64), binary(0xA5, "f64.max", f64, f64),
    binary(0xA6, "f64.copysign", f64, f64),
    // Conversions
    unary(0xA7, "i32.wrap_i64", i64, i32),
    unary(0xA8, "i32.trunc_f32_s", f32, i32), unary(0xA9, "i32.trunc_f32_u", f32, i32),
    unary(0xAA, "i32.trunc_f64_s", f64, i32), unary(0xAB, "i32.trunc_f64_u", f64, i32),
    unary(0xAC, "i64.extend_i32_s", i32, i64), unary(0xAD, "i64.extend_i32_u", i32, i64),
    unary(0xAE, "i64.trunc_f32_s", f32, i64), unary(0xAF, "i64.trunc_f32_u", f32, i64),
    unary(0xB0, "i64.trunc_f64_s", f64, i64), unary(0xB1, "i64.trunc_f64_u", f64, i64),
    unary(0xB2, "f32.convert_i32_s", i32, f32), unary(0xB3, "f32.convert_i32_u", i32, f32),
    unary(0xB4, "f32.convert_i64_s", i64, f32), unary(0xB5, "f32.convert_i64_u", i64, f32),
    unary(0xB6, "f32.demote_f64", f64, f32),
    unary(0xB7, "f64.convert_i32_s", i32, f64), unary(0xB8, "f64.convert_i32_u", i32, f64),
    unary(0xB9, "f64.convert_i64_s", i64, f64), unary(0xBA, "f64.convert_i64_u", i64, f64),
    unary(0xBB, "f64.promote_f32", f32, f64),
    unary(0xBC, "i32.reinterpret_f32", f32, i32), unary(0xBD, "i64.reinterpret_f64", f64, i64),
    unary(0xBE, "f32.reinterpret_i32", i32, f32), unary(0xBF, "f64.reinterpret_i64", i64, f64),
    // Sign extension
    unary(0xC0, "i32.extend8_s", i32, i32), unary(0xC1, "i32.extend16_s", i32, i32),
    unary(0xC2, "i64.extend8_s", i64, i64), unary(0xC3, "i64.extend16_s", i64, i64),
    unary(0xC4, "i64.extend32_s", i64, i64),
    // References
    op(0xD0, "ref.null", .heapType), op(0xD1, "ref.is_null"), op(0xD2, "ref.func", .function),
    op(0xD4, "ref.as_non_null"), op(0xD5, "br_on_null", .label), op(0xD6, "br_on_non_null", .label),
]

private let fcRows: [InstructionInfo] = [
    fc(0, "i32.trunc_sat_f32_s", .none, .fixed(pops: [f32], push: i32)),
    fc(1, "i32.trunc_sat_f32_u", .none, .fixed(pops: [f32], push: i32)),
    fc(2, "i32.trunc_sat_f64_s", .none, .fixed(pops: [f64], push: i32)),
    fc(3, "i32.trunc_sat_f64_u", .none, .fixed(pops: [f64], push: i32)),
    fc(4, "i64.trunc_sat_f32_s", .none, .fixed(pops: [f32], push: i64)),
    fc(5, "i64.trunc_sat_f32_u", .none, .fixed(pops: [f32], push: i64)),
    fc(6, "i64.trunc_sat_f64_s", .none, .fixed(pops: [f64], push: i64)),
    fc(7, "i64.trunc_sat_f64_u", .none, .fixed(pops: [f64], push: i64)),
    fc(8, "memory.init", .dataAndMemory, .fixed(pops: [i32, i32, i32], push: nil)),
    fc(9, "data.drop", .data, .fixed(pops: [], push: nil)),
    fc(10, "memory.copy", .memoryPair, .fixed(pops: [i32, i32, i32], push: nil)),
    fc(11, "memory.fill", .memoryIndex, .fixed(pops: [i32, i32, i32], push: nil)),
    fc(12, "table.init", .elementAndTable, .special),
    fc(13, "elem.drop", .element, .special),
    fc(14, "table.copy", .tablePair, .special),
    fc(15, "table.grow", .table, .special),
    fc(16, "table.size", .table, .special),
    fc(17, "table.fill", .table, .special),
]
