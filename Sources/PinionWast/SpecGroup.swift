// PinionWast: which part of the spec suite a script belongs to, by its file name, as the
// suite's README groups core-3.0: GC, memory64 and SIMD (out of scope for Pinion), and
// everything else. Directory runs leave the out-of-scope groups out.

/// A group of spec scripts.
public enum SpecGroup: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Garbage collection: structs, arrays, i31, casts, recursive and sub types.
    case gc
    /// 64-bit memories and tables.
    case memory64
    /// SIMD and relaxed SIMD.
    case simd
    /// Everything else: the core language Pinion implements.
    case core

    /// Whether Pinion implements the group's features (GC, memory64 and SIMD it does not).
    public var isInScope: Bool { self == .core }

    public var description: String { rawValue }

    /// The group of a script, from its file name (e.g. `array_copy.wast` is `.gc`).
    public static func of(script name: String) -> SpecGroup {
        let base = name.hasSuffix(".wast") ? String(name.dropLast(5)) : name
        if base.hasPrefix("simd_") || base.utf8.indices.contains(where: { base.utf8[$0...].starts(with: "relaxed".utf8) }) { return .simd }
        if gcNames.contains(base) || base.hasPrefix("array") || base.hasPrefix("br_on_cast") { return .gc }
        if base.hasPrefix("memory64") || base == "binary_leb128_64"
            || (base.hasSuffix("64") && !base.hasSuffix("i64") && !base.hasSuffix("f64")) {
            return .memory64
        }
        return .core
    }

    /// GC scripts not caught by the `array*` and `br_on_cast*` prefixes.
    private static let gcNames: Set<String> = [
        "struct", "i31", "ref_cast", "ref_test", "ref_eq", "extern", "binary-gc",
        "type-canon", "type-equivalence", "type-rec", "type-subtyping",
    ]
}
