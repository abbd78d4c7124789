// PinionBinary: what every section decoder shares: declared counts and lengths checked
// against the bytes that actually exist, vectors read one element at a time, names.

/// Decodes the contents of sections. Each section is read through a `ByteReader`
/// bounded by the section's end, so no read can run past it.
struct SectionDecoder {
    /// Length of the whole module, for the spec's "length out of bounds" check.
    let fileLength: Int
    /// The bound on decoded state, charged per declared item before its array is made.
    var meter = StateMeter()

    /// Reads a u32 count or length that must be followed by at least that many bytes.
    ///
    /// Every vector element takes at least one byte, so a count larger than what is left
    /// fails here, before anything proportional to it is allocated. As in the reference
    /// decoder, a length beyond the end of the module is "length out of bounds"; one that
    /// only runs past the section's end is an unexpected end.
    func readCount(_ reader: inout ByteReader) throws(DecodeError) -> Int {
        let start = reader.position
        let count = Int(try reader.readU32())
        guard count <= fileLength - start else {
            throw reader.error("length out of bounds", at: start)
        }
        guard count <= reader.remaining else {
            throw reader.error("unexpected end of section or function", at: reader.end)
        }
        return count
    }

    /// Reads a vector: a u32 count, then the elements one at a time.
    func readVector<T>(
        _ reader: inout ByteReader, extraCost: Int = 0, what: String = "items",
        _ element: (inout ByteReader) throws(DecodeError) -> T
    ) throws(DecodeError) -> [T] {
        let start = reader.position
        let count = try readCount(&reader)
        try meter.charge(count, MemoryLayout<T>.stride + extraCost, what: what, at: start)
        var items: [T] = []
        items.reserveCapacity(count)  // bounded by the bytes left in the section
        for _ in 0..<count {
            items.append(try element(&reader))
        }
        return items
    }

    /// Reads a length-prefixed name, which must be valid UTF-8.
    func readName(_ reader: inout ByteReader) throws(DecodeError) -> String {
        let start = reader.position
        _ = try readCount(&reader)
        reader.position = start
        return try reader.readName()
    }
}
