// PinionBinary: the WebAssembly features Pinion recognises but does not implement. A module
// using one is rejected with "unsupported feature: NAME" at the offset of the first byte
// that needs it, never with a generic "malformed" or "illegal opcode".

/// A feature a module may use that Pinion does not implement.
public enum WasmFeature: String, Sendable, Hashable, CustomStringConvertible {
    /// Garbage collection: struct/array/sub/rec types, the GC heap types, 0xFB instructions.
    case gc
    /// 64-bit memories and tables (limits flag 0x04).
    case memory64
    /// 128-bit SIMD: the v128 type and 0xFD instructions.
    case simd
    /// Shared memories and atomics (limits flag 0x02, 0xFE instructions).
    case threads
    /// The legacy exception-handling proposal (`try`, `catch`, `catch_all`, `rethrow`,
    /// `delegate`), which Wasm 3.0 replaced with `try_table` and `exnref`.
    case legacyExceptions = "legacy exceptions"

    public var description: String { rawValue }
}

extension DecodeError {
    /// "unsupported feature: NAME" at `offset`.
    public static func unsupported(_ feature: WasmFeature, at offset: Int, section: String? = nil) -> DecodeError {
        var e = DecodeError("unsupported feature: \(feature)", offset: offset, section: section)
        e.unsupportedFeature = feature
        return e
    }
}

extension ByteReader {
    /// "unsupported feature: NAME" at `offset` (the current position by default) in this section.
    public func unsupported(_ feature: WasmFeature, at offset: Int? = nil) -> DecodeError {
        DecodeError.unsupported(feature, at: offset ?? position, section: section)
    }
}
