// PinionBinary: element and data segments, in all their 2.0 encodings.

extension SectionDecoder {
    /// An element segment. The flags (a u32, 0...7) select:
    /// bit 0: passive or declarative instead of active; bit 1: an explicit table index
    /// (active) or declarative (with bit 0); bit 2: items are expressions, not function
    /// indices. Function-index items become `ref.func` expressions.
    func readElementSegment(_ reader: inout ByteReader) throws(DecodeError) -> ElementSegment {
        let flagsOffset = reader.position
        let flags = try reader.readU32()
        guard flags <= 7 else {
            throw reader.error("malformed elements segment kind", at: flagsOffset)
        }
        let usesExpressions = flags & 0b100 != 0

        let mode: ElementMode
        switch flags & 0b11 {
        case 0b00:
            mode = .active(table: 0, offset: try ModuleDecoder.readConstExpression(&reader))
        case 0b10:
            let table = try reader.readU32()
            mode = .active(table: table, offset: try ModuleDecoder.readConstExpression(&reader))
        case 0b01:
            mode = .passive
        default:
            mode = .declarative
        }

        // Function indices make `(ref func)` items (flag 0, or element kind 0x00); flag 4
        // implies `funcref`; the others spell out their type.
        let type: ValueType
        if flags & 0b11 == 0 {
            type = usesExpressions ? .funcref : .ref(.func, nullable: false)
        } else if usesExpressions {
            type = try ModuleDecoder.readReferenceType(&reader)
        } else {
            let kindOffset = reader.position
            guard try reader.readByte() == 0x00 else {
                throw reader.error("malformed element kind", at: kindOffset)
            }
            type = .ref(.func, nullable: false)
        }

        let items: [ConstExpression]
        if usesExpressions {
            items = try readVector(&reader, extraCost: StateMeter.Cost.elementItem, what: "element items") { (r: inout ByteReader) throws(DecodeError) in
                try ModuleDecoder.readConstExpression(&r)
            }
        } else {
            items = try readVector(&reader, extraCost: StateMeter.Cost.elementItem, what: "element items") { (r: inout ByteReader) throws(DecodeError) in
                let offset = r.position
                return ConstExpression(instructions: [.refFunc(try r.readU32())], offset: offset)
            }
        }
        return ElementSegment(type: type, items: items, mode: mode)
    }

    /// A data segment. Flags (a u32): 0 active in memory 0, 1 passive, 2 active with an
    /// explicit memory index. The bytes stay in place, as a range into `Module.bytes`.
    func readDataSegment(_ reader: inout ByteReader) throws(DecodeError) -> DataSegment {
        let flagsOffset = reader.position
        let mode: DataMode
        switch try reader.readU32() {
        case 0:
            mode = .active(memory: 0, offset: try ModuleDecoder.readConstExpression(&reader))
        case 1:
            mode = .passive
        case 2:
            let memory = try reader.readU32()
            mode = .active(memory: memory, offset: try ModuleDecoder.readConstExpression(&reader))
        default:
            throw reader.error("malformed data segment kind", at: flagsOffset)
        }
        let length = try readCount(&reader)
        return DataSegment(mode: mode, bytes: try reader.readRange(count: length))
    }
}
