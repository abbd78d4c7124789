// PinionRuntime: values as the embedder sees them, and their 64-bit slot encoding.
import PinionBinary

/// A WebAssembly value. Floats are kept as bit patterns so NaN payloads survive.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case i32(UInt32)
    case i64(UInt64)
    case f32(UInt32)
    case f64(UInt64)
    /// A function reference (of any function type): the function's address in its store, or
    /// nil for null.
    case funcref(UInt32?)
    /// A host reference: an embedder-chosen number, or nil for `ref.null extern`.
    case externref(UInt32?)
    /// A caught exception: its id in the store, or nil for `ref.null exn`.
    case exnref(UInt32?)

    /// The value's type; for references, the nullable abstract type (`funcref`, `externref`).
    public var type: ValueType {
        switch self {
        case .i32: .i32
        case .i64: .i64
        case .f32: .f32
        case .f64: .f64
        case .funcref: .funcref
        case .externref: .externref
        case .exnref: .exnref
        }
    }

    /// The value as stored in a 64-bit stack slot (references: 0 is null, otherwise n + 1).
    public var slot: UInt64 {
        switch self {
        case .i32(let v), .f32(let v): UInt64(v)
        case .i64(let v), .f64(let v): v
        case .funcref(let r), .externref(let r), .exnref(let r): r.map { UInt64($0) + 1 } ?? 0
        }
    }

    /// Decodes a stack slot holding a value of `type`.
    public init(slot: UInt64, type: ValueType) {
        switch type {
        case .i32: self = .i32(UInt32(truncatingIfNeeded: slot))
        case .i64: self = .i64(slot)
        case .f32: self = .f32(UInt32(truncatingIfNeeded: slot))
        case .f64, .v128: self = .f64(slot)
        case .ref(let heapType, _):
            let reference = slot == 0 ? nil : UInt32(truncatingIfNeeded: slot - 1)
            switch heapType.top {
            case .extern: self = .externref(reference)
            case .exn: self = .exnref(reference)
            default: self = .funcref(reference)
            }
        }
    }

    /// The zero value of a type (null for references).
    public static func zero(_ type: ValueType) -> Value { Value(slot: 0, type: type) }

    public var description: String {
        switch self {
        case .i32(let v): "i32:\(Int32(bitPattern: v))"
        case .i64(let v): "i64:\(Int64(bitPattern: v))"
        case .f32(let v): "f32:\(Float(bitPattern: v))"
        case .f64(let v): "f64:\(Double(bitPattern: v))"
        case .funcref(let r): r.map { "funcref:\($0)" } ?? "funcref:null"
        case .externref(let r): r.map { "externref:\($0)" } ?? "externref:null"
        case .exnref(let r): r.map { "exnref:\($0)" } ?? "exnref:null"
        }
    }
}
