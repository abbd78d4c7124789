// PinionBinary: the type annotation of a structured control instruction
// (`block`, `loop`, `if`), as it appears in the code bytes.

/// A block type: no results, a single value type, or an index into the type section
/// (for blocks with parameters or several results). Read with `ModuleDecoder.readBlockType`.
public enum BlockType: Sendable, Hashable {
    /// `0x40`: no parameters, no results.
    case empty
    /// A single value type: no parameters, one result.
    case value(ValueType)
    /// A non-negative s33: the function type at this index in the type section.
    case typeIndex(UInt32)
}
