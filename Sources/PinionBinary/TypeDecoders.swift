// PinionBinary: decoding of the type encodings shared by several sections and by the
// code: value types, reference types, block types, limits, table/memory/global types
// and function types.

extension ModuleDecoder {
    /// Reads a one-byte value type: `i32`, `i64`, `f32`, `f64`, `funcref` or `externref`.
    ///
    /// Anything else, including `v128` (SIMD is not supported), is rejected with
    /// "malformed value type".
    public static func readValueType(_ reader: inout ByteReader) throws(DecodeError) -> ValueType {
        let offset = reader.position
        let byte = try reader.readByte()
        switch byte {
        case 0x7F: return .i32
        case 0x7E: return .i64
        case 0x7D: return .f32
        case 0x7C: return .f64
        case 0x70: return .funcref
        case 0x6F: return .externref
        default: throw reader.error("malformed value type", at: offset)
        }
    }

    /// Reads a block type: `0x40` is `.empty`, a single byte of the form `0b01xxxxxx` is a
    /// value type, and anything else is a non-negative s33 type index.
    public static func readBlockType(_ reader: inout ByteReader) throws(DecodeError) -> BlockType {
        let offset = reader.position
        let first = try reader.peekByte()
        if first == 0x40 {
            reader.position += 1
            return .empty
        }
        if first & 0xC0 == 0x40 {
            return .value(try readValueType(&reader))
        }
        let index = try reader.readS33()
        guard index >= 0 else { throw reader.error("malformed block type", at: offset) }
        // A non-negative s33 is at most 2^32 - 1.
        return .typeIndex(UInt32(index))
    }

    /// Reads a reference type byte (`funcref` 0x70 or `externref` 0x6F).
    static func readReferenceType(_ reader: inout ByteReader) throws(DecodeError) -> ValueType {
        let offset = reader.position
        switch try reader.readByte() {
        case 0x70: return .funcref
        case 0x6F: return .externref
        default: throw reader.error("malformed reference type", at: offset)
        }
    }

    /// Reads limits: a flags byte (0: min only, 1: min and max) and u32 bounds.
    /// Ranges are the validator's business.
    static func readLimits(_ reader: inout ByteReader) throws(DecodeError) -> Limits {
        let offset = reader.position
        let flags = try reader.readByte()
        switch flags {
        case 0x00:
            return Limits(min: try reader.readU32(), max: nil)
        case 0x01:
            let min = try reader.readU32()
            return Limits(min: min, max: try reader.readU32())
        default:
            // The 2.0 reference decoder reads the flag as a 1-bit LEB128.
            let message = flags & 0x80 != 0 ? "integer representation too long" : "integer too large"
            throw reader.error(message, at: offset)
        }
    }

    static func readTableType(_ reader: inout ByteReader) throws(DecodeError) -> TableType {
        let elementType = try readReferenceType(&reader)
        return TableType(elementType: elementType, limits: try readLimits(&reader))
    }

    static func readMemoryType(_ reader: inout ByteReader) throws(DecodeError) -> MemoryType {
        MemoryType(limits: try readLimits(&reader))
    }

    static func readGlobalType(_ reader: inout ByteReader) throws(DecodeError) -> GlobalType {
        let valueType = try readValueType(&reader)
        let offset = reader.position
        switch try reader.readByte() {
        case 0x00: return GlobalType(valueType: valueType, isMutable: false)
        case 0x01: return GlobalType(valueType: valueType, isMutable: true)
        default: throw reader.error("malformed mutability", at: offset)
        }
    }
}

extension SectionDecoder {
    /// Reads a function type: `0x60`, then the parameter and result vectors.
    func readFunctionType(_ reader: inout ByteReader) throws(DecodeError) -> FunctionType {
        let offset = reader.position
        let form = try reader.readByte()
        guard form == 0x60 else {
            // The form is an s7 in the reference decoder: a continuation bit makes it too long.
            let message = form & 0x80 != 0 ? "integer representation too long" : "malformed function type"
            throw reader.error(message, at: offset)
        }
        let parameters = try readVector(&reader) { (r: inout ByteReader) throws(DecodeError) in
            try ModuleDecoder.readValueType(&r)
        }
        let results = try readVector(&reader) { (r: inout ByteReader) throws(DecodeError) in
            try ModuleDecoder.readValueType(&r)
        }
        return FunctionType(parameters: parameters, results: results)
    }
}
