// PinionBinary: bounded reads of bytes, LEB128 integers and names.
// Every read checks the end; the spec's LEB128 limits (length and unused bits) are enforced.

/// A cursor over a range of the module's bytes.
public struct ByteReader {
    public let base: UnsafeRawPointer
    /// Current position, as an offset from `base`.
    public var position: Int
    /// One past the last readable offset.
    public var end: Int
    /// Section name used in errors.
    public var section: String?

    public init(base: UnsafeRawPointer, position: Int, end: Int, section: String? = nil) {
        self.base = base
        self.position = position
        self.end = end
        self.section = section
    }

    @inlinable public var isAtEnd: Bool { position >= end }
    @inlinable public var remaining: Int { end - position }

    public func error(_ message: String, at offset: Int? = nil) -> DecodeError {
        DecodeError(message, offset: offset ?? position, section: section)
    }

    @inlinable public mutating func readByte() throws(DecodeError) -> UInt8 {
        guard position < end else { throw error("unexpected end") }
        let b = base.load(fromByteOffset: position, as: UInt8.self)
        position += 1
        return b
    }

    public func peekByte() throws(DecodeError) -> UInt8 {
        guard position < end else { throw error("unexpected end") }
        return base.load(fromByteOffset: position, as: UInt8.self)
    }

    /// Reads an unsigned LEB128 of at most `bits` bits.
    @inlinable public mutating func readUnsigned(bits: Int) throws(DecodeError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift = 0
        while true {
            let b = try readByte()
            if shift + 7 > bits {
                // The last byte the encoding may have: bits above `bits` must be zero.
                let used = bits - shift
                if b & 0x80 != 0 { throw error("integer representation too long", at: start) }
                if (b & 0x7F) >> UInt8(used) != 0 { throw error("integer too large", at: start) }
            }
            result |= UInt64(b & 0x7F) << UInt64(shift)
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Reads a signed LEB128 of at most `bits` bits.
    @inlinable public mutating func readSigned(bits: Int) throws(DecodeError) -> Int64 {
        let start = position
        var result: Int64 = 0
        var shift = 0
        while true {
            let b = try readByte()
            if shift + 7 > bits {
                // The last byte the encoding may have: bits above the sign bit must copy it.
                let used = bits - shift
                if b & 0x80 != 0 { throw error("integer representation too long", at: start) }
                let high = Int8(bitPattern: (b & 0x7F) << 1) >> Int8(used)  // sign bit and above
                if high != 0 && high != -1 { throw error("integer too large", at: start) }
            }
            result |= Int64(b & 0x7F) << Int64(shift)
            shift += 7
            if b & 0x80 == 0 {
                if shift < 64 && b & 0x40 != 0 { result |= -1 << Int64(shift) }
                return result
            }
        }
    }

    @inlinable public mutating func readU32() throws(DecodeError) -> UInt32 {
        UInt32(truncatingIfNeeded: try readUnsigned(bits: 32))
    }

    @inlinable public mutating func readS32() throws(DecodeError) -> Int32 {
        Int32(truncatingIfNeeded: try readSigned(bits: 32))
    }

    @inlinable public mutating func readS33() throws(DecodeError) -> Int64 {
        try readSigned(bits: 33)
    }

    @inlinable public mutating func readS64() throws(DecodeError) -> Int64 {
        try readSigned(bits: 64)
    }

    public mutating func readFixed32() throws(DecodeError) -> UInt32 {
        guard remaining >= 4 else { position = end; throw error("unexpected end") }
        let v = base.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return UInt32(littleEndian: v)
    }

    public mutating func readFixed64() throws(DecodeError) -> UInt64 {
        guard remaining >= 8 else { position = end; throw error("unexpected end") }
        let v = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return UInt64(littleEndian: v)
    }

    /// Skips `count` bytes, returning their range.
    public mutating func readRange(count: Int) throws(DecodeError) -> Range<Int> {
        guard count >= 0, count <= remaining else { throw error("unexpected end") }
        let r = position..<(position + count)
        position += count
        return r
    }

    /// Reads a length-prefixed UTF-8 name, rejecting invalid UTF-8.
    public mutating func readName() throws(DecodeError) -> String {
        let length = Int(try readU32())
        let start = position
        let range = try readRange(count: length)
        let bytes = UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
        guard let name = String(validating: bytes, as: UTF8.self) else {
            throw error("malformed UTF-8 encoding", at: start)
        }
        return name
    }
}
