// PinionSupervisorTests: SSHSIG verification (TrustedKeys) against keys and signatures
// made by the real `ssh-keygen` at test time, cross-checked with `ssh-keygen -Y verify`.
import Foundation
import PinionManifest
import PinionTestSupport
import XCTest

final class SignatureTests: XCTestCase {
    var dir = ""
    let message = "name = \"weather\"\nversion = \"1.2.0\"\n"

    override func setUpWithError() throws {
        guard Tools.find("ssh-keygen") != nil else { throw Tools.missing("ssh-keygen (Debian: openssh-client)") }
        dir = try Command.temporaryDirectory("sig")
        try makeKey("key")
        try message.write(toFile: dir + "/manifest.toml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        if !dir.isEmpty { try? FileManager.default.removeItem(atPath: dir) }
    }

    // MARK: helpers

    func makeKey(_ name: String, type: [String] = ["-t", "ed25519"]) throws {
        let r = try Command.run("ssh-keygen", ["-q"] + type + ["-N", "", "-C", "\(name)@test", "-f", "\(dir)/\(name)"])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// Signs `file` (in the temp dir) with `key`; returns the armored signature.
    func sign(_ file: String = "manifest.toml", key: String = "key", namespace: String = "pinion",
              options: [String] = []) throws -> String {
        try? FileManager.default.removeItem(atPath: "\(dir)/\(file).sig")
        let r = try Command.run("ssh-keygen", ["-Y", "sign", "-f", "\(dir)/\(key)", "-n", namespace] + options + ["\(dir)/\(file)"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try String(contentsOfFile: "\(dir)/\(file).sig", encoding: .utf8)
    }

    /// The fingerprint `ssh-keygen -lf` prints for a public key file.
    func fingerprint(_ key: String) throws -> String {
        let r = try Command.run("ssh-keygen", ["-lf", "\(dir)/\(key).pub"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return String(r.stdout.split(separator: " ")[1])
    }

    func publicKey(_ key: String) throws -> String {
        try String(contentsOfFile: "\(dir)/\(key).pub", encoding: .utf8)
    }

    /// Whether `ssh-keygen -Y verify` accepts `signature` over `message` by a principal
    /// listed with `key`.
    func sshKeygenAccepts(_ signature: String, message: String, key: String = "key", namespace: String = "pinion") throws -> Bool {
        try "signer@test \(try publicKey(key))".write(toFile: dir + "/allowed_signers", atomically: true, encoding: .utf8)
        try signature.write(toFile: dir + "/check.sig", atomically: true, encoding: .utf8)
        let r = try Command.run("ssh-keygen", ["-Y", "verify", "-f", dir + "/allowed_signers", "-I", "signer@test",
                                               "-n", namespace, "-s", dir + "/check.sig"], stdin: message)
        return r.status == 0
    }

    func trusted(_ keys: String...) throws -> TrustedKeys {
        let text = try keys.map { try publicKey($0) }.joined()
        try text.write(toFile: dir + "/trusted", atomically: true, encoding: .utf8)
        return try TrustedKeys(contentsOf: dir + "/trusted")
    }

    func assertRejected(_ keys: TrustedKeys, _ signature: String, message: String? = nil, namespace: String = "pinion",
                        saying expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try keys.verify(armoredSignature: signature, message: Array((message ?? self.message).utf8),
                                             namespace: namespace), file: file, line: line) { error in
            XCTAssert(error is SignatureError, "\(type(of: error))", file: file, line: line)
            XCTAssert("\(error)".contains(expected), "'\(error)' does not say '\(expected)'", file: file, line: line)
        }
    }

    // MARK: tests

    func testAGoodSignatureIsAcceptedWithTheFingerprintSSHKeygenPrints() throws {
        let signature = try sign()
        let keys = try trusted("key")
        XCTAssertEqual(keys.count, 1)
        let fp = try keys.verify(armoredSignature: signature, message: Array(message.utf8), namespace: "pinion")
        XCTAssertEqual(fp, try fingerprint("key"))
        XCTAssert(try sshKeygenAccepts(signature, message: message), "ssh-keygen -Y verify disagrees")
    }

    func testSHA256AndSHA512HashAlgorithmsAreBothAccepted() throws {
        let keys = try trusted("key")
        for algorithm in ["sha256", "sha512"] {
            let signature = try sign(options: ["-O", "hashalg=\(algorithm)"])
            // The blob names its hash algorithm: make sure each one is really exercised.
            let blob = try XCTUnwrap(Data(base64Encoded: signature.split(separator: "\n").dropFirst().dropLast().joined()))
            XCTAssertNotNil(blob.range(of: Data(algorithm.utf8)), "\(algorithm) not in the blob")
            XCTAssertEqual(try keys.verify(armoredSignature: signature, message: Array(message.utf8), namespace: "pinion"),
                           try fingerprint("key"), algorithm)
            XCTAssert(try sshKeygenAccepts(signature, message: message), algorithm)
        }
    }

    func testATamperedMessageIsRejected() throws {
        let signature = try sign()
        let tampered = message.replacingOccurrences(of: "1.2.0", with: "1.2.1")
        assertRejected(try trusted("key"), signature, message: tampered, saying: "bad signature")
        XCTAssertFalse(try sshKeygenAccepts(signature, message: tampered))
    }

    func testAnotherNamespaceIsRejected() throws {
        let signature = try sign(namespace: "file")
        assertRejected(try trusted("key"), signature, saying: "namespace 'file', expected 'pinion'")
        XCTAssertFalse(try sshKeygenAccepts(signature, message: message))
    }

    func testAnUntrustedKeyIsRejectedEvenWhenItsSignatureIsGood() throws {
        try makeKey("other")
        let signature = try sign(key: "other")
        assertRejected(try trusted("key"), signature, saying: "signing key \(try fingerprint("other")) is not trusted")
        // Trusting both keys accepts it, with the other key's fingerprint.
        XCTAssertEqual(try trusted("key", "other").verify(armoredSignature: signature, message: Array(message.utf8), namespace: "pinion"),
                       try fingerprint("other"))
    }

    func testTruncatedOrGarbledArmorIsRejected() throws {
        let signature = try sign()
        let keys = try trusted("key")
        var lines = signature.split(separator: "\n").map(String.init)
        assertRejected(keys, lines.dropLast().joined(separator: "\n"), saying: "no '-----END SSH SIGNATURE-----'")
        assertRejected(keys, lines.dropFirst().joined(separator: "\n"), saying: "does not start with '-----BEGIN SSH SIGNATURE-----'")
        assertRejected(keys, "", saying: "does not start with")
        // The last data line dropped: the blob ends inside the signature field.
        var short = lines
        short.remove(at: short.count - 2)
        assertRejected(keys, short.joined(separator: "\n"), saying: "truncated")
        // A character outside base64 in the data.
        lines[2] = "!" + lines[2].dropFirst()
        assertRejected(keys, lines.joined(separator: "\n"), saying: "base64 invalid character")
        // Valid base64, wrong content.
        assertRejected(keys, "-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAg==\n-----END SSH SIGNATURE-----\n",
                       saying: "unsupported SSHSIG version 2")
        assertRejected(keys, "-----BEGIN SSH SIGNATURE-----\naGVsbG8gd29ybGQ=\n-----END SSH SIGNATURE-----\n",
                       saying: "does not start with 'SSHSIG'")
    }

    func testAFlippedSignatureByteIsABadSignature() throws {
        let signature = try sign()
        let lines = signature.split(separator: "\n").map(String.init)
        var blob = [UInt8](try XCTUnwrap(Data(base64Encoded: lines.dropFirst().dropLast().joined())))
        blob[blob.count - 1] ^= 0x01  // the last byte of the ed25519 signature
        let armored = "-----BEGIN SSH SIGNATURE-----\n\(Data(blob).base64EncodedString())\n-----END SSH SIGNATURE-----\n"
        assertRejected(try trusted("key"), armored, saying: "bad signature")
        XCTAssertFalse(try sshKeygenAccepts(armored, message: message))
    }

    func testAnRSAKeyInTheTrustedFileIsRejectedWithFileAndLine() throws {
        try makeKey("rsa", type: ["-t", "rsa", "-b", "1024"])
        let text = "# fleet signers\n\n" + (try publicKey("key")) + (try publicKey("rsa"))
        XCTAssertThrowsError(try TrustedKeys(lines: text, source: "keys.pub")) { error in
            XCTAssertEqual("\(error)", "keys.pub:4: key type 'ssh-rsa' is not supported (only ssh-ed25519 keys)")
        }
        // A signature made by an RSA key names its type too.
        let signature = try sign(key: "rsa")
        assertRejected(try trusted("key"), signature, saying: "unsupported key type 'ssh-rsa'")
    }

    func testAllowedSignersLinesWithPrincipalsAndOptions() throws {
        let key = try publicKey("key").trimmingCharacters(in: .whitespacesAndNewlines)
        try makeKey("other")
        let other = try publicKey("other").trimmingCharacters(in: .whitespacesAndNewlines)
        let keys = try TrustedKeys(lines: """
            # allowed_signers
            alice@example.com,ci@example.com namespaces="pinion,file" \(key)
            bob@example.com namespaces="git" \(other)\r
            """, source: "allowed_signers")
        XCTAssertEqual(keys.count, 2)
        XCTAssertEqual(try keys.verify(armoredSignature: try sign(), message: Array(message.utf8), namespace: "pinion"),
                       try fingerprint("key"))
        assertRejected(keys, try sign(key: "other"), saying: "may not sign in namespace 'pinion' (allowed_signers:3")
        XCTAssertThrowsError(try TrustedKeys(lines: "ca@example.com cert-authority \(key)", source: "f")) { error in
            XCTAssertEqual("\(error)", "f:1: option 'cert-authority' is not supported")
        }
        XCTAssertThrowsError(try TrustedKeys(lines: "just words here", source: "f")) { error in
            XCTAssert("\(error)".hasPrefix("f:1: no public key"), "\(error)")
        }
        XCTAssertThrowsError(try TrustedKeys(lines: "ssh-ed25519 AAAA!", source: "f")) { error in
            XCTAssert("\(error)".hasPrefix("f:1: key data: base64"), "\(error)")
        }
        XCTAssertThrowsError(try TrustedKeys(contentsOf: dir + "/missing")) { error in
            XCTAssertEqual("\(error)", "\(dir)/missing: No such file or directory")
        }
    }
}
