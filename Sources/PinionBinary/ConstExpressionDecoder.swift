// PinionBinary: decoding of constant expressions (global initialisers, segment
// offsets, element items). Only the decoding; whether the expression is constant and
// well typed is the validator's decision.

extension ModuleDecoder {
    /// Decodes a constant expression starting at `reader.position`, up to and including
    /// its `end` (0x0B).
    ///
    /// `i32.const`, `i64.const`, `f32.const`, `f64.const`, `ref.null`, `ref.func` and
    /// `global.get` are decoded with their immediates, and the extended-constant
    /// `i32`/`i64` `add`, `sub` and `mul`. Any other known instruction without
    /// immediates is recorded as `.nonConstant(opcode:)` (the validator rejects it); an
    /// instruction with immediates throws "constant expression required" (its length is
    /// not worked out here), and an unknown opcode throws "illegal opcode".
    public static func readConstExpression(_ reader: inout ByteReader) throws(DecodeError) -> ConstExpression {
        let start = reader.position
        var instructions: [ConstInstruction] = []
        while true {
            let opcodeOffset = reader.position
            let opcode = try reader.readByte()
            switch opcode {
            case 0x0B:
                return ConstExpression(instructions: instructions, offset: start)
            case 0x41:
                instructions.append(.i32Const(try reader.readS32()))
            case 0x42:
                instructions.append(.i64Const(try reader.readS64()))
            case 0x43:
                instructions.append(.f32Const(try reader.readFixed32()))
            case 0x44:
                instructions.append(.f64Const(try reader.readFixed64()))
            case 0xD0:
                instructions.append(.refNull(try readHeapType(&reader)))
            case 0xD2:
                instructions.append(.refFunc(try reader.readU32()))
            case 0x23:
                instructions.append(.globalGet(try reader.readU32()))
            case let byte where ConstOperator(rawValue: byte) != nil:
                instructions.append(.binary(ConstOperator(rawValue: byte)!))
            default:
                if let feature = InstructionTable.unsupportedFeature(opcode) {
                    throw reader.unsupported(feature, at: opcodeOffset)
                }
                if InstructionTable.primary[Int(opcode)] == nil && opcode != InstructionTable.prefixFC {
                    throw reader.error("illegal opcode 0x\(String(opcode, radix: 16))", at: opcodeOffset)
                }
                guard let info = InstructionTable.primary[Int(opcode)], info.immediate == .none else {
                    throw reader.error("constant expression required", at: opcodeOffset)
                }
                instructions.append(.nonConstant(opcode: opcode))
            }
        }
    }
}
