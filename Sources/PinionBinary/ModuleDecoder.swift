// PinionBinary: the module decoder's entry point. Owns the header, the section loop,
// section ordering and size checks, custom sections, and the checks that span sections
// (function/code and data count/data lengths).

/// Decodes the WebAssembly 3.0 binary format (without GC, SIMD, memory64 or threads).
///
/// Decoding only rejects *malformed* modules; index ranges, types and limits are checked
/// by the validator. Function bodies are not decoded instruction by instruction.
public enum ModuleDecoder {
    /// Decodes a whole module.
    ///
    /// Never crashes on any input, and never allocates in proportion to a declared count
    /// before the bytes it describes exist.
    ///
    /// `meter` bounds the decoded state (see `StateMeter`); the validator goes on charging it.
    public static func decode(_ bytes: some Collection<UInt8>, meter: StateMeter = StateMeter()) throws(DecodeError) -> Module {
        try decode(ModuleBytes(bytes), meter: meter)
    }

    /// Decodes a module whose bytes are already held as `ModuleBytes`, without a copy.
    public static func decode(_ moduleBytes: ModuleBytes, meter: StateMeter = StateMeter()) throws(DecodeError) -> Module {
        var module = Module(bytes: moduleBytes)
        try withExtendedLifetime(moduleBytes) { () throws(DecodeError) in
            try decodeSections(into: &module, base: moduleBytes.base, count: moduleBytes.count, meter: meter)
        }
        return module
    }

    private static let magic: UInt32 = 0x6D73_6100  // "\0asm"
    private static let version: UInt32 = 1

    private static func decodeSections(into module: inout Module, base: UnsafeRawPointer,
                                       count: Int, meter: StateMeter) throws(DecodeError) {
        var reader = ByteReader(base: base, position: 0, end: count)
        guard try reader.readFixed32() == magic else {
            throw DecodeError("magic header not detected", offset: 0)
        }
        guard try reader.readFixed32() == version else {
            throw DecodeError("unknown binary version", offset: 4)
        }

        let decoder = SectionDecoder(fileLength: count, meter: meter)
        var lastRank = 0
        var codeSectionOffset: Int?
        var dataSectionOffset: Int?
        while !reader.isAtEnd {
            let idOffset = reader.position
            let id = try reader.readByte()
            guard let kind = SectionKind(rawValue: id) else {
                throw DecodeError("malformed section id", offset: idOffset)
            }
            reader.section = kind.name
            if kind != .custom {
                guard kind.rank > lastRank else {
                    throw reader.error("unexpected content after last section", at: idOffset)
                }
                lastRank = kind.rank
            }
            let sizeOffset = reader.position
            let size = Int(try reader.readU32())
            guard size <= count - sizeOffset else {
                throw reader.error("length out of bounds", at: sizeOffset)
            }
            guard size <= reader.remaining else {
                throw reader.error("unexpected end of section or function", at: count)
            }
            let contentEnd = reader.position + size
            var content = ByteReader(base: base, position: reader.position, end: contentEnd,
                                     section: kind.name)
            do {
                try decoder.decodeSection(kind, &content, into: &module)
            } catch {
                throw error.inSection()
            }
            guard content.position == contentEnd else {
                throw content.error("section size mismatch")
            }
            if kind == .code { codeSectionOffset = idOffset }
            if kind == .data { dataSectionOffset = idOffset }
            reader.position = contentEnd
            reader.section = nil
        }

        if module.functions.count != module.bodies.count {
            throw DecodeError("function and code section have inconsistent lengths",
                              offset: codeSectionOffset ?? count,
                              section: codeSectionOffset == nil ? nil : SectionKind.code.name)
        }
        if let dataCount = module.dataCount, Int(dataCount) != module.data.count {
            throw DecodeError("data count and data section have inconsistent lengths",
                              offset: dataSectionOffset ?? count,
                              section: dataSectionOffset == nil ? nil : SectionKind.data.name)
        }
    }
}

/// Section ids, in the binary format's numbering.
enum SectionKind: UInt8 {
    case custom = 0, type, `import`, function, table, memory, global, export, start,
         element, code, data, dataCount, tag

    /// Position in the required order; `tag` sits between `memory` and `global`,
    /// `dataCount` between `element` and `code`.
    var rank: Int {
        switch self {
        case .custom: 0
        case .type, .import, .function, .table, .memory: Int(rawValue)
        case .tag: 6
        case .global, .export, .start, .element: Int(rawValue) + 1
        case .dataCount: 11
        case .code: 12
        case .data: 13
        }
    }

    var name: String {
        switch self {
        case .custom: "custom"
        case .type: "type"
        case .import: "import"
        case .function: "function"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        case .export: "export"
        case .start: "start"
        case .element: "element"
        case .code: "code"
        case .data: "data"
        case .dataCount: "data count"
        case .tag: "tag"
        }
    }
}

extension DecodeError {
    /// Running out of bytes inside a section is the spec's
    /// "unexpected end of section or function".
    fileprivate func inSection() -> DecodeError {
        guard message == "unexpected end" else { return self }
        var error = self
        error.message = "unexpected end of section or function"
        return error
    }
}

extension SectionDecoder {
    /// Decodes one section's contents into `module`.
    func decodeSection(_ kind: SectionKind, _ reader: inout ByteReader,
                       into module: inout Module) throws(DecodeError) {
        switch kind {
        case .custom: module.customSections.append(try readCustomSection(&reader))
        case .type: module.types = try readVector(&reader, extraCost: StateMeter.Cost.type, what: "types", readFunctionType)
        case .import: module.imports = try readVector(&reader, extraCost: StateMeter.Cost.name + StateMeter.Cost.function, what: "imports", readImport)
        case .function:
            module.functions = try readVector(&reader, extraCost: StateMeter.Cost.function, what: "functions") { (r: inout ByteReader) throws(DecodeError) in
                try r.readU32()
            }
        case .table:
            let tables = try readVector(&reader) { (r: inout ByteReader) throws(DecodeError) in
                try ModuleDecoder.readTableDefinition(&r)
            }
            module.tables = tables.map(\.type)
            module.tableInitializers = tables.map(\.initializer)
        case .memory:
            module.memories = try readVector(&reader) { (r: inout ByteReader) throws(DecodeError) in
                try ModuleDecoder.readMemoryType(&r)
            }
        case .tag: module.tags = try readVector(&reader, extraCost: StateMeter.Cost.function, what: "tags", readTagType)
        case .global: module.globals = try readVector(&reader, extraCost: StateMeter.Cost.global, what: "globals", readGlobal)
        case .export: module.exports = try readVector(&reader, extraCost: StateMeter.Cost.name, what: "exports", readExport)
        case .start: module.start = try reader.readU32()
        case .element: module.elements = try readVector(&reader, extraCost: 64, what: "element segments", readElementSegment)
        case .dataCount: module.dataCount = try reader.readU32()
        case .code: module.bodies = try readVector(&reader, extraCost: StateMeter.Cost.body, what: "function bodies", readFunctionBody)
        case .data: module.data = try readVector(&reader, extraCost: StateMeter.Cost.constExpression + 16, what: "data segments", readDataSegment)
        }
    }

    /// A custom section: a UTF-8 name, then an uninterpreted payload up to the section end.
    func readCustomSection(_ reader: inout ByteReader) throws(DecodeError) -> CustomSection {
        let name = try readName(&reader)
        let payload = try reader.readRange(count: reader.remaining)
        return CustomSection(name: name, payload: payload)
    }
}
