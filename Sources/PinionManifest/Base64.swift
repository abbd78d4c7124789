// PinionManifest: standard base64 (RFC 4648, '+' and '/'), as OpenSSH keys, signatures
// and fingerprints use it; written out because the module avoids Foundation.

enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each alphabet character, 0xFF for the others.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }()

    /// Encodes `bytes`; with `padding` false the trailing '=' are left off (as in
    /// OpenSSH's "SHA256:" fingerprints).
    static func encode(_ bytes: [UInt8], padding: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            let present = min(bytes.count - i, 3) + 1
            for k in 0..<4 {
                if k < present {
                    out.append(alphabet[Int(group >> UInt32(18 - 6 * k) & 0x3F)])
                } else if padding {
                    out.append(UInt8(ascii: "="))
                }
            }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What is wrong with a base64 text: the offending character's offset.
    struct DecodeError: Error {
        var offset: Int
        var reason: String
    }

    /// Decodes `text`; padding is optional, anything else outside the alphabet (whitespace
    /// included: callers strip line breaks first) is an error at its offset.
    static func decode(_ text: some StringProtocol) throws(DecodeError) -> [UInt8] {
        var out: [UInt8] = []
        var group: UInt32 = 0
        var count = 0
        var padding = 0
        for (offset, char) in text.utf8.enumerated() {
            if char == UInt8(ascii: "=") {
                padding += 1
                guard padding <= 2 else { throw DecodeError(offset: offset, reason: "too much padding") }
                continue
            }
            let value = values[Int(char)]
            guard value != 0xFF else { throw DecodeError(offset: offset, reason: "invalid character") }
            guard padding == 0 else { throw DecodeError(offset: offset, reason: "data after padding") }
            group = group << 6 | UInt32(value)
            count += 1
            if count == 4 {
                out.append(UInt8(group >> 16 & 0xFF))
                out.append(UInt8(group >> 8 & 0xFF))
                out.append(UInt8(group & 0xFF))
                group = 0
                count = 0
            }
        }
        switch count {
        case 0: break
        case 2: out.append(UInt8(group >> 4 & 0xFF))
        case 3:
            out.append(UInt8(group >> 10 & 0xFF))
            out.append(UInt8(group >> 2 & 0xFF))
        default: throw DecodeError(offset: text.utf8.count, reason: "truncated (a lone final character)")
        }
        if padding > 0, (count + padding) % 4 != 0 {
            throw DecodeError(offset: text.utf8.count, reason: "wrong padding")
        }
        return out
    }
}
