// PinionManifest: SHA-256, SHA-512, lower-case hex and Ed25519 verification, through
// libsodium (CPinionSodium) rather than swift-crypto, which brings Foundation along.
import CPinionSodium

/// Message digests of whole byte arrays.
public enum Digest {
    /// The 32-byte SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// The 32-byte SHA-256 of the bytes in `buffer` (a module held outside an array).
    public static func sha256(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, initialized in
            pinion_sha256(out.baseAddress, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count)
            initialized = 32
        }
    }

    /// The 64-byte SHA-512 of `bytes`.
    public static func sha512(_ bytes: [UInt8]) -> [UInt8] {
        hash(bytes, count: 64, pinion_sha512)
    }

    /// `bytes` as lower-case hex, two digits a byte (as sha256sum prints a digest).
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, byte) in bytes.enumerated() {
                out[2 * i] = digits[Int(byte >> 4)]
                out[2 * i + 1] = digits[Int(byte & 0xF)]
            }
            return bytes.count * 2
        }
    }

    private static func hash(_ bytes: [UInt8], count: Int,
                             _ function: (UnsafeMutablePointer<UInt8>?, UnsafePointer<UInt8>?, Int) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBufferPointer { function(out.baseAddress, $0.baseAddress, $0.count) }
            initialized = count
        }
    }
}

/// Ed25519 (RFC 8032) signature verification.
enum Ed25519 {
    /// Whether `signature` (64 bytes) is `publicKey`'s (32 bytes) signature of `message`.
    /// Wrong lengths, a malformed key and a failed library initialisation are all false.
    static func isValidSignature(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == 64, publicKey.count == 32 else { return false }
        return signature.withUnsafeBufferPointer { s in
            message.withUnsafeBufferPointer { m in
                publicKey.withUnsafeBufferPointer { k in
                    pinion_ed25519_verify(s.baseAddress, m.baseAddress, m.count, k.baseAddress) == 1
                }
            }
        }
    }
}
