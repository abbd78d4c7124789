// PinionManifest: OpenSSH signatures (SSHSIG, PROTOCOL.sshsig, as `ssh-keygen -Y sign`
// makes them): the armor, the blob, the signed data, and ed25519 verification (Digest.swift).

/// Why a signature or a trusted-keys file was not accepted.
public struct SignatureError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// An ed25519 public key in OpenSSH's wire encoding (string "ssh-ed25519", string key).
struct SSHEd25519Key: Hashable, Sendable {
    static let algorithm = "ssh-ed25519"

    /// The whole wire blob: what the fingerprint hashes and what SSHSIG carries.
    let blob: [UInt8]
    /// The 32-byte raw key.
    let raw: [UInt8]

    /// Parses a wire blob; other key types are rejected by name.
    init(blob: [UInt8]) throws(SignatureError) {
        var reader = SSHWireReader(blob, what: "public key")
        let type = try reader.text("key type")
        guard type == Self.algorithm else {
            throw SignatureError("unsupported key type '\(type)' (only \(Self.algorithm) keys are supported)")
        }
        let raw = try reader.string("ed25519 key")
        guard raw.count == 32 else { throw SignatureError("public key: ed25519 key is \(raw.count) bytes, expected 32") }
        try reader.expectEnd()
        self.blob = blob
        self.raw = raw
    }

    /// "SHA256:<base64 without padding>", as `ssh-keygen -l` prints it.
    var fingerprint: String {
        "SHA256:" + Base64.encode(Digest.sha256(blob), padding: false)
    }
}

/// A parsed SSHSIG blob (PROTOCOL.sshsig section 2).
struct SSHSignature {
    static let magic = Array("SSHSIG".utf8)
    static let supportedVersion: UInt32 = 1
    static let armorBegin = "-----BEGIN SSH SIGNATURE-----"
    static let armorEnd = "-----END SSH SIGNATURE-----"

    var publicKey: [UInt8]
    var namespace: String
    var reserved: [UInt8]
    var hashAlgorithm: String
    /// The key type's signature encoding (for ed25519: string "ssh-ed25519", string sig).
    var signature: [UInt8]

    /// Parses the armored text of a .sig file.
    init(armored text: String) throws(SignatureError) {
        try self.init(blob: Self.dearmor(text))
    }

    /// The base64 blob between the armor lines, decoded.
    static func dearmor(_ text: String) throws(SignatureError) -> [UInt8] {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard let first = lines.first, first == armorBegin else {
            throw SignatureError("malformed signature armor: does not start with '\(armorBegin)'")
        }
        guard let endIndex = lines.firstIndex(of: Substring(armorEnd)) else {
            throw SignatureError("malformed signature armor: no '\(armorEnd)' line (truncated?)")
        }
        guard endIndex == lines.count - 1 else {
            throw SignatureError("malformed signature armor: text after '\(armorEnd)'")
        }
        let body = lines[1..<endIndex].joined()
        guard !body.isEmpty else { throw SignatureError("malformed signature armor: no data between the armor lines") }
        do { return try Base64.decode(body) } catch {
            throw SignatureError("malformed signature armor: base64 \(error.reason) at character \(error.offset) of the data")
        }
    }

    init(blob: [UInt8]) throws(SignatureError) {
        var reader = SSHWireReader(blob, what: "signature blob")
        guard try reader.fixed(6, "magic") == Self.magic else {
            throw SignatureError("signature blob: does not start with 'SSHSIG'")
        }
        let version = try reader.uint32("version")
        guard version == Self.supportedVersion else {
            throw SignatureError("signature blob: unsupported SSHSIG version \(version) (supported: \(Self.supportedVersion))")
        }
        publicKey = try reader.string("publickey")
        namespace = try reader.text("namespace")
        reserved = try reader.string("reserved")
        hashAlgorithm = try reader.text("hash_algorithm")
        signature = try reader.string("signature")
        try reader.expectEnd()
    }

    /// H(message) for the blob's hash algorithm; other algorithms are rejected by name.
    func messageHash(_ message: [UInt8]) throws(SignatureError) -> [UInt8] {
        switch hashAlgorithm {
        case "sha256": Digest.sha256(message)
        case "sha512": Digest.sha512(message)
        default: throw SignatureError("unsupported hash algorithm '\(hashAlgorithm)' (supported: sha256, sha512)")
        }
    }

    /// What the key signed (PROTOCOL.sshsig section 3): the magic, then namespace,
    /// reserved, hash_algorithm and H(message) as strings.
    func signedData(messageHash: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.raw(Self.magic)
        writer.string(namespace)
        writer.string(reserved)
        writer.string(hashAlgorithm)
        writer.string(messageHash)
        return writer.bytes
    }

    /// Checks the ed25519 signature over `message` with `key` (the caller has checked
    /// that `key` is the blob's key and trusted).
    func verify(message: [UInt8], key: SSHEd25519Key) throws(SignatureError) {
        var reader = SSHWireReader(signature, what: "signature")
        let algorithm = try reader.text("signature algorithm")
        guard algorithm == SSHEd25519Key.algorithm else {
            throw SignatureError("unsupported signature algorithm '\(algorithm)' for an \(SSHEd25519Key.algorithm) key")
        }
        let raw = try reader.string("ed25519 signature")
        try reader.expectEnd()
        guard raw.count == 64 else { throw SignatureError("signature: ed25519 signature is \(raw.count) bytes, expected 64") }
        let data = signedData(messageHash: try messageHash(message))
        guard Ed25519.isValidSignature(raw, of: data, publicKey: key.raw) else {
            throw SignatureError("bad signature: the signed data does not match (signed by \(key.fingerprint); the file was changed after signing, or the signature belongs to another file)")
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
