// PinionHardwareTests: the libsodium-backed digests and Ed25519 verification against the
// standards' own known answers (FIPS 180-4 examples, RFC 8032 section 7.1).
@testable import PinionManifest
import XCTest

final class DigestTests: XCTestCase {
    /// Bytes from hex digits (test vectors are written that way).
    func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        precondition(digits.count % 2 == 0, "odd hex length")
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    func testSHA256OfTheEmptyStringAndABC() {
        XCTAssertEqual(Digest.hex(Digest.sha256([])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(Digest.hex(Digest.sha256(Array("abc".utf8))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testSHA512OfTheEmptyStringAndABC() {
        XCTAssertEqual(Digest.hex(Digest.sha512([])),
                       "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        XCTAssertEqual(Digest.hex(Digest.sha512(Array("abc".utf8))),
                       "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
    }

    /// A message longer than one block, hashed from a non-empty array (FIPS 180-4's
    /// two-block example, 448 bits).
    func testSHA256OfTheTwoBlockExample() {
        XCTAssertEqual(Digest.hex(Digest.sha256(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testHexIsTwoLowerCaseDigitsPerByte() {
        XCTAssertEqual(Digest.hex([0x00, 0x0f, 0xa0, 0xff]), "000fa0ff")
        XCTAssertEqual(Digest.hex([]), "")
    }

    /// RFC 8032 section 7.1: (public key, message, signature).
    static let rfc8032: [(key: String, message: String, signature: String)] = [
        ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",  // TEST 1
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",  // TEST 2
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        ("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",  // TEST 3
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ]

    func testRFC8032VectorsVerify() {
        for (i, v) in Self.rfc8032.enumerated() {
            XCTAssert(Ed25519.isValidSignature(bytes(v.signature), of: bytes(v.message), publicKey: bytes(v.key)), "TEST \(i + 1)")
        }
    }

    func testAFlippedBitInSignatureMessageOrKeyFailsVerification() {
        for (i, v) in Self.rfc8032.enumerated() {
            let key = bytes(v.key), message = bytes(v.message), signature = bytes(v.signature)
            for bit in [0, 7, 255, 256, 511] {
                var s = signature
                s[bit / 8] ^= 1 << (bit % 8)
                XCTAssertFalse(Ed25519.isValidSignature(s, of: message, publicKey: key), "TEST \(i + 1), signature bit \(bit)")
            }
            var k = key
            k[0] ^= 1
            XCTAssertFalse(Ed25519.isValidSignature(signature, of: message, publicKey: k), "TEST \(i + 1), key bit 0")
            // Another message: one bit flipped, or a byte appended to the empty one.
            let m = message.isEmpty ? [0] : [message[0] ^ 1] + message.dropFirst()
            XCTAssertFalse(Ed25519.isValidSignature(signature, of: m, publicKey: key), "TEST \(i + 1), message changed")
        }
    }

    func testWrongLengthsAreInvalidNotACrash() {
        let v = Self.rfc8032[1]
        XCTAssertFalse(Ed25519.isValidSignature(Array(bytes(v.signature).dropLast()), of: bytes(v.message), publicKey: bytes(v.key)))
        XCTAssertFalse(Ed25519.isValidSignature(bytes(v.signature), of: bytes(v.message), publicKey: Array(bytes(v.key).dropLast())))
        XCTAssertFalse(Ed25519.isValidSignature([], of: [], publicKey: []))
    }
}
