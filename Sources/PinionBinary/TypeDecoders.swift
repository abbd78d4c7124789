// PinionBinary: decoding of the type encodings shared by several sections and by the
// code: value types, reference types, block types, limits, table/memory/global types
// and function types.

extension ModuleDecoder {
    /// Reads a value type: a number type, or a reference type, either `0x63`/`0x64`
    /// (`ref null` / `ref`) and a heap type, or a one-byte shorthand (`funcref`,
    /// `externref`, `exnref`, `nullfuncref`, `nullexternref`, `nullexnref`).
    ///
    /// `v128` and the GC types are "unsupported feature" errors naming the feature; any
    /// other byte is "malformed value type".
    public static func readValueType(_ reader: inout ByteReader) throws(DecodeError) -> ValueType {
        let offset = reader.position
        let byte = try reader.readByte()
        switch byte {
        case 0x7F: return .i32
        case 0x7E: return .i64
        case 0x7D: return .f32
        case 0x7C: return .f64
        case 0x7B: throw reader.unsupported(.simd, at: offset)
        case 0x63: return .ref(try readHeapType(&reader), nullable: true)
        case 0x64: return .ref(try readHeapType(&reader), nullable: false)
        default:
            if let shorthand = abstractHeapType(byte) { return .ref(shorthand, nullable: true) }
            if let feature = unsupportedHeapType(byte) { throw reader.unsupported(feature, at: offset) }
            throw reader.error("malformed value type", at: offset)
        }
    }

    /// Reads a heap type: an abstract one (one byte) or a type index (a non-negative s33).
    /// GC's abstract types are "unsupported feature".
    public static func readHeapType(_ reader: inout ByteReader) throws(DecodeError) -> HeapType {
        let offset = reader.position
        let byte = try reader.peekByte()
        if let h = abstractHeapType(byte) {
            reader.position += 1
            return h
        }
        if let feature = unsupportedHeapType(byte) { throw reader.unsupported(feature, at: offset) }
        // A non-negative s33: a type index.
        if byte & 0xC0 != 0x40, let index = try? reader.readS33(), index >= 0, index <= Int64(UInt32.max) {
            return .index(UInt32(index))
        }
        throw reader.error("malformed heap type", at: offset)
    }

    /// The abstract heap type Pinion implements that `byte` encodes (as a value type: the
    /// nullable shorthand), if any.
    private static func abstractHeapType(_ byte: UInt8) -> HeapType? {
        switch byte {
        case 0x70: .func
        case 0x6F: .extern
        case 0x73: .noFunc
        case 0x72: .noExtern
        case 0x69: .exn
        case 0x74: .noExn
        default: nil
        }
    }

    /// The feature an abstract heap type byte belongs to, if Pinion does not implement it.
    private static func unsupportedHeapType(_ byte: UInt8) -> WasmFeature? {
        switch byte {
        case 0x6A...0x6E, 0x71: .gc                  // array struct i31 eq any, none
        default: nil
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

    /// Reads a reference type (see `readValueType` for the encodings and what is unsupported).
    static func readReferenceType(_ reader: inout ByteReader) throws(DecodeError) -> ValueType {
        let offset = reader.position
        let byte = try reader.peekByte()
        if byte == 0x63 || byte == 0x64 || abstractHeapType(byte) != nil || unsupportedHeapType(byte) != nil {
            let t = try readValueType(&reader)
            if t.isReference { return t }
        }
        throw reader.error("malformed reference type", at: offset)
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
        case 0x02...0x0F where flags & 0x06 != 0:
            // Flag bits of features Pinion does not implement: 0x02 shared, 0x04 64-bit.
            throw reader.unsupported(flags & 0x04 != 0 ? .memory64 : .threads, at: offset)
        case 0x08, 0x09:
            // A page size, which only memories have (see `readMemoryType`).
            throw reader.error("malformed limits flags", at: offset)
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

    /// A table section entry: a table type, or 0x40 0x00, a table type and the expression
    /// that initialises its elements.
    static func readTableDefinition(_ reader: inout ByteReader) throws(DecodeError) -> (type: TableType, initializer: ConstExpression?) {
        guard try reader.peekByte() == 0x40 else { return (try readTableType(&reader), nil) }
        reader.position += 1
        let offset = reader.position
        guard try reader.readByte() == 0x00 else { throw reader.error("malformed table", at: offset) }
        let type = try readTableType(&reader)
        return (type, try readConstExpression(&reader))
    }

    /// Limits, where flag 0x08 adds a u32 log2 page size after them (custom page sizes).
    static func readMemoryType(_ reader: inout ByteReader) throws(DecodeError) -> MemoryType {
        let flags = try reader.peekByte()
        guard flags == 0x08 || flags == 0x09 else { return MemoryType(limits: try readLimits(&reader)) }
        reader.position += 1
        let min = try reader.readU32()
        let max = flags == 0x09 ? try reader.readU32() : nil
        return MemoryType(limits: Limits(min: min, max: max), pageSizeLog2: try reader.readU32())
    }

    static func readGlobalType(_ reader: inout ByteReader) throws(DecodeError) -> GlobalType {
        let valueType = try readValueType(&reader)
        let offset = reader.position
        switch try reader.readByte() {
        case 0x00: return GlobalType(valueType: valueType, isMutable: false)
        case 0x01: return GlobalType(valueType: valueType, isMutable: true)
        case 0x02, 0x03: throw reader.unsupported(.threads, at: offset)  // shared
        default: throw reader.error("malformed mutability", at: offset)
        }
    }
}

extension SectionDecoder {
    /// Reads a function type: `0x60`, then the parameter and result vectors.
    func readFunctionType(_ reader: inout ByteReader) throws(DecodeError) -> FunctionType {
        let offset = reader.position
        let form = try reader.readByte()
        switch form {
        case 0x4E, 0x4F, 0x50, 0x5E, 0x5F: throw reader.unsupported(.gc, at: offset)  // rec, sub, array, struct
        default: break
        }
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
