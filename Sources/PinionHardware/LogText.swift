// PinionHardware: making text a module controls safe to put in a log line: control
// characters escaped, invalid UTF-8 shown as bytes, and the length bounded. Denials use it
// for names in requests; the supervisor for modules' stdout/stderr lines.

/// Escaping and truncating module-controlled text for logs.
///
/// A module must not be able to forge log lines (a newline), drive the terminal that shows
/// the log (ESC sequences), or make the log arbitrarily long. `escaped` keeps printable
/// UTF-8 as it is and writes everything else as a visible escape:
///
/// - `\n`, `\r`, `\t` for those three, `\\` for a backslash;
/// - `\xNN` for every other byte of a control character (C0, DEL, the two bytes of a C1
///   control such as U+0085, ESC as `\x1b`), of a line/paragraph separator or bidi
///   override (U+2028/9, U+202A-E, U+2066-9), and for each byte that is not valid UTF-8.
///
/// So `\xNN` always stands for the byte NN of the input. At most `limit` input bytes are
/// shown (never cutting a character in two); the rest is replaced by `…(N more bytes)`.
/// The result is therefore at most `4 × limit` bytes plus the marker.
public enum LogText {
    /// The escaped, truncated text of `bytes` (usually UTF-8). `limit` counts input bytes.
    public static func escaped(_ bytes: some Collection<UInt8>, limit: Int) -> String {
        let total = bytes.count
        let limit = max(0, limit)
        // Up to three bytes past the limit, so a character crossing it is recognised
        // (and left out) rather than escaped as invalid.
        let window = ContiguousArray(bytes.prefix(limit >= total ? total : min(total, limit + 3)))
        var out: [UInt8] = []
        out.reserveCapacity(min(window.count, limit) + 16)
        var i = 0
        while i < window.count && i < limit {
            let b = window[i]
            let n = sequenceLength(window, at: i)
            if n == 0 {
                appendHex(b, to: &out)  // invalid UTF-8
                i += 1
                continue
            }
            if i + n > limit { break }  // a character crossing the limit is cut whole
            if n == 1 {
                switch b {
                case UInt8(ascii: "\n"): out += [0x5C, UInt8(ascii: "n")]
                case UInt8(ascii: "\r"): out += [0x5C, UInt8(ascii: "r")]
                case UInt8(ascii: "\t"): out += [0x5C, UInt8(ascii: "t")]
                case 0x5C: out += [0x5C, 0x5C]
                case 0..<0x20, 0x7F: appendHex(b, to: &out)
                default: out.append(b)
                }
            } else if isUnsafe(window, at: i, length: n) {
                for k in i..<(i + n) { appendHex(window[k], to: &out) }
            } else {
                out += window[i..<(i + n)]
            }
            i += n
        }
        var text = String(decoding: out, as: UTF8.self)
        if i < total { text += "…(\(total - i) more bytes)" }
        return text
    }

    /// The escaped, truncated text of `s`. `limit` counts UTF-8 bytes.
    public static func escaped(_ s: String, limit: Int) -> String {
        escaped(s.utf8, limit: limit)
    }

    /// Length of the valid UTF-8 sequence starting at `i`, or 0 if it is not one (bad
    /// lead byte, missing continuation, overlong form, surrogate, above U+10FFFF).
    private static func sequenceLength(_ b: ContiguousArray<UInt8>, at i: Int) -> Int {
        let lead = b[i]
        let n: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF  // range of the second byte
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: n = 2
        case 0xE0: n = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 3
        case 0xED: n = 3; upper = 0x9F
        case 0xF0: n = 4; lower = 0x90
        case 0xF1...0xF3: n = 4
        case 0xF4: n = 4; upper = 0x8F
        default: return 0
        }
        guard i + n <= b.count else { return 0 }
        guard (lower...upper).contains(b[i + 1]) else { return 0 }
        for k in 2..<max(2, n) where b[i + k] & 0xC0 != 0x80 { return 0 }
        return n
    }

    /// Whether the multi-byte character at `i` is a C1 control, a line or paragraph
    /// separator, or a bidi override: printed raw, each could disguise a log line.
    private static func isUnsafe(_ b: ContiguousArray<UInt8>, at i: Int, length n: Int) -> Bool {
        if n == 2 { return b[i] == 0xC2 && b[i + 1] < 0xA0 }  // U+0080-U+009F
        guard n == 3, b[i] == 0xE2 else { return false }
        switch (b[i + 1], b[i + 2]) {
        case (0x80, 0xA8...0xAE): return true  // U+2028-U+202E
        case (0x81, 0xA6...0xA9): return true  // U+2066-U+2069
        default: return false
        }
    }

    private static func appendHex(_ b: UInt8, to out: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        let d = digits.utf8Start
        out += [0x5C, UInt8(ascii: "x"), d[Int(b >> 4)], d[Int(b & 0xF)]]
    }
}
