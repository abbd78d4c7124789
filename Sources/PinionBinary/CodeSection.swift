// PinionBinary: code section entries. A body's locals are decoded; its instructions are
// left in place for the validator to walk and the interpreter to execute.

extension SectionDecoder {
    /// One code entry: a u32 size, then the local declarations and the code bytes.
    func readFunctionBody(_ reader: inout ByteReader) throws(DecodeError) -> FunctionBody {
        let size = try readCount(&reader)
        let bodyEnd = reader.position + size
        var body = ByteReader(base: reader.base, position: reader.position, end: bodyEnd,
                              section: reader.section)
        defer { reader.position = bodyEnd }

        var localCount: UInt64 = 0
        let groupsOffset = body.position
        let locals = try readVector(&body) { (r: inout ByteReader) throws(DecodeError) in
            let count = try r.readU32()
            return LocalGroup(count: count, type: try ModuleDecoder.readValueType(&r))
        }
        for group in locals {
            localCount += UInt64(group.count)  // at most 2^32 groups of < 2^32: no overflow
        }
        guard localCount <= UInt64(UInt32.max) else {
            throw body.error("too many locals", at: groupsOffset)
        }

        let codeStart = body.position
        guard codeStart < bodyEnd,
              reader.base.load(fromByteOffset: bodyEnd - 1, as: UInt8.self) == 0x0B else {
            throw body.error("END opcode expected", at: max(codeStart, bodyEnd - 1))
        }
        return FunctionBody(locals: locals, localCount: UInt32(localCount),
                            codeStart: codeStart, codeEnd: bodyEnd)
    }
}
