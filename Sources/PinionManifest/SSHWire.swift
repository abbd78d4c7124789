// PinionManifest: the SSH wire encoding (RFC 4251 section 5: uint32 and length-prefixed
// string) that OpenSSH keys and SSHSIG blobs are made of.

/// Reads SSH wire fields from a byte array; errors name the field and its offset.
struct SSHWireReader {
    let bytes: [UInt8]
    /// What is being read, for errors ("signature blob", "public key").
    let what: String
    private(set) var offset = 0

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func fixed(_ count: Int, _ field: String) throws(SignatureError) -> [UInt8] {
        guard count <= bytes.count - offset else {
            throw SignatureError("\(what) is truncated: \(field) at offset \(offset) needs \(count) bytes, \(bytes.count - offset) left")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint32(_ field: String) throws(SignatureError) -> UInt32 {
        try fixed(4, field).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string(_ field: String) throws(SignatureError) -> [UInt8] {
        let start = offset
        let length = try uint32(field)
        guard Int(length) <= bytes.count - offset else {
            throw SignatureError("\(what) is truncated: \(field) at offset \(start) claims \(length) bytes, \(bytes.count - offset) left")
        }
        return try fixed(Int(length), field)
    }

    mutating func text(_ field: String) throws(SignatureError) -> String {
        String(decoding: try string(field), as: UTF8.self)
    }

    func expectEnd() throws(SignatureError) {
        guard isAtEnd else { throw SignatureError("\(what) has \(bytes.count - offset) unexpected bytes at offset \(offset)") }
    }
}

/// Builds SSH wire fields.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ data: [UInt8]) { bytes += data }

    mutating func uint32(_ value: UInt32) {
        bytes += [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    mutating func string(_ data: [UInt8]) {
        uint32(UInt32(data.count))
        bytes += data
    }

    mutating func string(_ text: String) { string(Array(text.utf8)) }
}
