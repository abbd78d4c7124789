// PinionBinary: the error every malformed input turns into.

/// A module could not be decoded. Names what was wrong and where.
public struct DecodeError: Error, Sendable, CustomStringConvertible {
    /// What was wrong, in the spec's words where the spec has them (e.g. "unexpected end").
    public var message: String
    /// Byte offset in the module where the problem was found.
    public var offset: Int
    /// The section being decoded, if any (e.g. "code", "import").
    public var section: String?
    /// Set when the input is well-formed for a feature Pinion does not implement.
    public var unsupportedFeature: WasmFeature?

    public init(_ message: String, offset: Int, section: String? = nil) {
        self.message = message
        self.offset = offset
        self.section = section
    }

    public var description: String {
        if let section {
            return "\(message) (in \(section) section at offset 0x\(String(offset, radix: 16)))"
        }
        return "\(message) (at offset 0x\(String(offset, radix: 16)))"
    }
}
