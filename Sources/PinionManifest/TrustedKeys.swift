// PinionManifest: the keys whose SSHSIG signatures are accepted, read from an OpenSSH
// authorized_keys or allowed_signers file, and verifying a signature against them.
import PinionFiles

/// The ed25519 keys a signature must come from (`pinion daemon --trusted-keys FILE`).
///
/// The file is an OpenSSH public-key list: authorized_keys style lines
/// (`ssh-ed25519 AAAA... comment`, e.g. a concatenation of `id_ed25519.pub` files) or
/// allowed_signers style (`principal[,...] [options] ssh-ed25519 AAAA...`, as for
/// `ssh-keygen -Y verify`). Principals are not checked: any listed key may sign any module.
/// An allowed_signers `namespaces="..."` option restricts the key to those namespaces;
/// `cert-authority`, `valid-after` and `valid-before` are refused rather than ignored.
public struct TrustedKeys: Sendable {
    struct Entry: Sendable {
        var key: SSHEd25519Key
        /// Where the key was listed ("file:line"), for messages.
        var origin: String
        /// The namespaces the key may sign in; nil: any.
        var namespaces: [String]?
    }

    /// The trusted keys by wire blob.
    private var entries: [[UInt8]: Entry] = [:]
    /// The file (or label) the keys came from.
    public let source: String

    /// Reads an OpenSSH public-key file: authorized_keys style lines ("ssh-ed25519 AAAA... comment")
    /// or allowed_signers style ("principal[,..] [options] ssh-ed25519 AAAA..."); '#' comments and
    /// blank lines ignored; other key types rejected with file:line. Throws SignatureError.
    public init(contentsOf path: String) throws {
        try self.init(lines: try Self.readText(path), source: path)
    }

    /// Parses key lines as from a file named `source` (used in messages).
    public init(lines text: String, source: String) throws {
        self.source = source
        var number = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let line = rawLine.trimmingSpaces()
            if line.isEmpty || line.first == "#" { continue }
            let entry = try Self.parse(line, origin: "\(source):\(number)")
            if var existing = entries[entry.key.blob] {
                // Listed twice: the union of what the lines allow.
                existing.namespaces = existing.namespaces.flatMap { old in entry.namespaces.map { old + $0 } }
                entries[entry.key.blob] = existing
            } else {
                entries[entry.key.blob] = entry
            }
        }
    }

    /// The number of distinct trusted keys.
    public var count: Int { entries.count }

    /// Verifies an armored SSHSIG (text of a .sig file) over `message` in `namespace`; returns the
    /// signing key's fingerprint "SHA256:<base64 without padding>" as ssh-keygen -l prints it.
    /// Throws SignatureError saying what is wrong (malformed armor, wrong namespace, key not
    /// trusted, bad signature, unsupported algorithm).
    public func verify(armoredSignature: String, message: [UInt8], namespace: String) throws -> String {
        let (signature, key) = try Self.parse(armoredSignature, namespace: namespace)
        guard let entry = entries[key.blob] else {
            throw SignatureError("signing key \(key.fingerprint) is not trusted (not among the \(count) keys in \(source))")
        }
        if let allowed = entry.namespaces, !allowed.contains(namespace) {
            throw SignatureError("signing key \(key.fingerprint) may not sign in namespace '\(namespace)' (\(entry.origin): namespaces=\"\(allowed.joined(separator: ","))\")")
        }
        try signature.verify(message: message, key: key)
        return key.fingerprint
    }

    /// The fingerprint of the key that made `armoredSignature`, after checking the signature
    /// over `message` in `namespace` against that key itself. This proves no trust, only that
    /// the signature is well formed and belongs to this message (`pinion push` uses it to
    /// catch a stale .sig before sending it). Throws SignatureError.
    public static func signer(ofArmoredSignature armoredSignature: String, message: [UInt8], namespace: String) throws -> String {
        let (signature, key) = try parse(armoredSignature, namespace: namespace)
        try signature.verify(message: message, key: key)
        return key.fingerprint
    }

    /// The signature and its (ed25519) key, once the namespace is the expected one.
    private static func parse(_ armored: String, namespace: String) throws(SignatureError) -> (SSHSignature, SSHEd25519Key) {
        let signature = try SSHSignature(armored: armored)
        guard signature.namespace == namespace else {
            throw SignatureError("signature is for namespace '\(signature.namespace)', expected '\(namespace)'")
        }
        return (signature, try SSHEd25519Key(blob: signature.publicKey))
    }

    /// Key types OpenSSH knows: recognised so that they are refused by name, not skipped.
    private static func isKeyType(_ token: Substring) -> Bool {
        token.hasPrefix("ssh-") || token.hasPrefix("ecdsa-sha2-") || token.hasPrefix("sk-ssh-")
            || token.hasPrefix("sk-ecdsa-") || token.hasSuffix("@openssh.com")
    }

    /// One non-comment line: optional principals and options, then key type and base64 blob.
    private static func parse(_ line: Substring, origin: String) throws(SignatureError) -> Entry {
        let tokens = try splitOutsideQuotes(line, origin: origin, isSeparator: { $0 == " " || $0 == "\t" })
        guard let typeIndex = tokens.firstIndex(where: isKeyType) else {
            throw SignatureError("\(origin): no public key (expected 'ssh-ed25519 AAAA...')")
        }
        let type = tokens[typeIndex]
        guard type == SSHEd25519Key.algorithm else {
            throw SignatureError("\(origin): key type '\(type)' is not supported (only \(SSHEd25519Key.algorithm) keys)")
        }
        guard typeIndex + 1 < tokens.count else { throw SignatureError("\(origin): \(type) without its base64 key") }
        let blob: [UInt8]
        do { blob = try Base64.decode(tokens[typeIndex + 1]) } catch {
            throw SignatureError("\(origin): key data: base64 \(error.reason) at character \(error.offset)")
        }
        let key: SSHEd25519Key
        do { key = try SSHEd25519Key(blob: blob) } catch { throw SignatureError("\(origin): \(error.description)") }

        var namespaces: [String]?
        for token in tokens[..<typeIndex] {
            for option in try splitOutsideQuotes(token, origin: origin, isSeparator: { $0 == "," }) {
                let name = option.prefix(while: { $0 != "=" }).lowercased()
                let value = option.drop(while: { $0 != "=" }).dropFirst()
                switch name {
                case "namespaces":
                    let list = value.filter { $0 != "\"" }.split(separator: ",").map(String.init)
                    namespaces = (namespaces ?? []) + list
                case "cert-authority", "valid-after", "valid-before":
                    throw SignatureError("\(origin): option '\(name)' is not supported")
                default:
                    continue  // a principal, or an authorized_keys login option
                }
            }
        }
        return Entry(key: key, origin: origin, namespaces: namespaces)
    }

    /// Splits at separators that are not inside double quotes (allowed_signers and
    /// authorized_keys options may quote spaces and commas).
    private static func splitOutsideQuotes(_ text: Substring, origin: String,
                                           isSeparator: (Character) -> Bool) throws(SignatureError) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var quoted = false
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "\"" {
                quoted.toggle()
            } else if !quoted && isSeparator(c) {
                if start < index { parts.append(text[start..<index]) }
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        guard !quoted else { throw SignatureError("\(origin): unterminated quote") }
        if start < text.endIndex { parts.append(text[start...]) }
        return parts
    }

    /// A key list is small: a huge file is a wrong path, not keys.
    private static func readText(_ path: String) throws(SignatureError) -> String {
        do { return String(decoding: try RegularFile.contents(path, limit: 1 << 20), as: UTF8.self) } catch {
            throw SignatureError("\(path): \(error)")
        }
    }
}
