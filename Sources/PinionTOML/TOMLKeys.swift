// PinionTOML: keys: bare, quoted and dotted, and how a key path is shown in messages.

/// One part of a dotted key and where it starts (for errors).
struct TOMLKeyPart {
    var name: String
    var offset: Int
}

extension TOMLScanner {
    /// A key at the cursor: simple keys joined by dots, with optional whitespace
    /// around the dots. At most `maxParts` parts.
    mutating func readKey(maxParts: Int) throws(TOMLParseError) -> [TOMLKeyPart] {
        var parts: [TOMLKeyPart] = []
        while true {
            skipWhitespace()
            let start = index
            let name: String
            switch peek() {
            case .quote?, .apostrophe?:
                name = try readString(allowMultiLine: false)
            case let b? where b.isBareKey:
                while let c = peek(), c.isBareKey { index += 1 }
                name = String(decoding: bytes[start..<index], as: UTF8.self)
            default:
                let what = parts.isEmpty ? "a key" : "a key after '.'"
                throw error("expected \(what) (letters, digits, '_', '-', or a quoted string), found \(describe(index))")
            }
            parts.append(TOMLKeyPart(name: name, offset: start))
            guard parts.count <= maxParts else {
                throw error("a key with more than \(maxParts) parts (nesting is limited)", at: start)
            }
            skipWhitespace()
            guard consume(.dot) else { return parts }
        }
    }
}

enum TOMLKeyPath {
    /// `a.b."c d"`: the key as it would be written, for messages.
    static func display<S: Sequence>(_ names: S) -> String where S.Element == String {
        names.map { name in
            if !name.isEmpty && name.utf8.allSatisfy(\.isBareKey) { return name }
            var quoted = "\""
            for scalar in name.unicodeScalars {
                switch scalar {
                case "\"": quoted += "\\\""
                case "\\": quoted += "\\\\"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                    quoted += "\\u" + TOMLScanner.hex(scalar.value, width: 4)
                default: quoted.unicodeScalars.append(scalar)
                }
            }
            return quoted + "\""
        }.joined(separator: ".")
    }
}
