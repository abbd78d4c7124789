// PinionBinary: entries of the import, tag, global and export sections. (Type, function,
// table, memory, start and data count entries are single type reads; see
// `SectionDecoder.decodeSection`.)

extension SectionDecoder {
    /// An import: module name, field name, and a kind byte 0...4 with its description.
    func readImport(_ reader: inout ByteReader) throws(DecodeError) -> Import {
        let moduleName = try readName(&reader)
        let name = try readName(&reader)
        let kindOffset = reader.position
        let kind: ImportKind
        switch try reader.readByte() {
        case 0x00: kind = .function(typeIndex: try reader.readU32())
        case 0x01: kind = .table(try ModuleDecoder.readTableType(&reader))
        case 0x02: kind = .memory(try ModuleDecoder.readMemoryType(&reader))
        case 0x03: kind = .global(try ModuleDecoder.readGlobalType(&reader))
        case 0x04: kind = .tag(typeIndex: try readTagType(&reader))
        default: throw reader.error("malformed import kind", at: kindOffset)
        }
        return Import(module: moduleName, name: name, kind: kind)
    }

    /// A global: its type, then its initialiser expression.
    func readGlobal(_ reader: inout ByteReader) throws(DecodeError) -> Global {
        let type = try ModuleDecoder.readGlobalType(&reader)
        return Global(type: type, initializer: try ModuleDecoder.readConstExpression(&reader))
    }

    /// A tag type (tag section entries and tag imports): attribute 0 (an exception), then
    /// the index of the function type whose parameters are the payload.
    func readTagType(_ reader: inout ByteReader) throws(DecodeError) -> UInt32 {
        let offset = reader.position
        guard try reader.readByte() == 0x00 else { throw reader.error("malformed tag attribute", at: offset) }
        return try reader.readU32()
    }

    /// An export: name, kind byte 0...4 and index. Indices and duplicate names are
    /// checked by the validator.
    func readExport(_ reader: inout ByteReader) throws(DecodeError) -> Export {
        let name = try readName(&reader)
        let kindOffset = reader.position
        let byte = try reader.readByte()
        guard let kind = ExternalKind(rawValue: byte) else {
            throw reader.error("malformed export kind", at: kindOffset)
        }
        return Export(name: name, kind: kind, index: try reader.readU32())
    }
}
