// PinionWast: turning the script's typed JSON values into runtime Values, and matching
// results against expected values (including the NaN patterns).
import PinionRuntime

/// A value an assertion expects.
enum ExpectedValue: CustomStringConvertible {
    case exact(Value)
    case canonicalNaN32, arithmeticNaN32
    case canonicalNaN64, arithmeticNaN64
    /// A non-null function reference (its identity is not checked).
    case nonNullFuncref
    /// A non-null host reference (its identity is not checked).
    case nonNullExternref
    /// A non-null exception reference (its identity is not checked).
    case nonNullExnref
    /// A null reference of any type (`ref.null`, written without a type).
    case nullReference

    func matches(_ actual: Value) -> Bool {
        switch (self, actual) {
        case (.exact(let e), _): e == actual
        // Canonical NaN: exponent all ones, only the top mantissa bit set, either sign.
        case (.canonicalNaN32, .f32(let bits)): bits & 0x7FFF_FFFF == 0x7FC0_0000
        case (.canonicalNaN64, .f64(let bits)): bits & 0x7FFF_FFFF_FFFF_FFFF == 0x7FF8_0000_0000_0000
        // Arithmetic NaN: exponent all ones and the top mantissa bit set.
        case (.arithmeticNaN32, .f32(let bits)): bits & 0x7FC0_0000 == 0x7FC0_0000
        case (.arithmeticNaN64, .f64(let bits)): bits & 0x7FF8_0000_0000_0000 == 0x7FF8_0000_0000_0000
        case (.nonNullFuncref, .funcref(let r)): r != nil
        case (.nonNullExternref, .externref(let r)): r != nil
        case (.nonNullExnref, .exnref(let r)): r != nil
        case (.nullReference, .funcref(nil)), (.nullReference, .externref(nil)), (.nullReference, .exnref(nil)): true
        default: false
        }
    }

    var description: String {
        switch self {
        case .exact(let v): describe(v)
        case .canonicalNaN32: "f32:nan:canonical"
        case .arithmeticNaN32: "f32:nan:arithmetic"
        case .canonicalNaN64: "f64:nan:canonical"
        case .arithmeticNaN64: "f64:nan:arithmetic"
        case .nonNullFuncref: "funcref:non-null"
        case .nonNullExternref: "externref:non-null"
        case .nonNullExnref: "exnref:non-null"
        case .nullReference: "ref.null"
        }
    }
}

/// A value in failure messages: floats also show their bit pattern, so NaN payloads are visible.
func describe(_ value: Value) -> String {
    switch value {
    case .f32(let bits): "\(value) (0x\(String(bits, radix: 16)))"
    case .f64(let bits): "\(value) (0x\(String(bits, radix: 16)))"
    default: value.description
    }
}

/// Why a JSON value could not be used.
struct ValueParseError: Error {
    var message: String
}

enum ValueParsing {
    /// An invocation argument. Integers may be written signed or unsigned; floats are
    /// bit patterns; references are "null" or a number.
    static func argument(_ v: WastValue) throws(ValueParseError) -> Value {
        guard let text = v.value else { throw ValueParseError(message: "unsupported value \(v)") }
        switch v.type {
        case "i32": return .i32(try integer(text, bits: 32, v))
        case "i64": return .i64(try integer(text, bits: 64, v))
        case "f32": return .f32(try integer(text, bits: 32, v))
        case "f64": return .f64(try integer(text, bits: 64, v))
        case "externref": return .externref(try reference(text, v))
        case "exnref":
            guard text == "null" else { throw ValueParseError(message: "cannot pass a non-null exnref argument (\(v))") }
            return .exnref(nil)
        case "funcref":
            guard text == "null" else { throw ValueParseError(message: "cannot pass a non-null funcref argument (\(v))") }
            return .funcref(nil)
        default:
            throw ValueParseError(message: "unsupported value type \(v)")
        }
    }

    /// An expected result. Without a value: any non-null reference of the type, or any null
    /// one (`refnull`, `nullfuncref`, `nullexternref`, `nullexnref`).
    static func expected(_ v: WastValue) throws(ValueParseError) -> ExpectedValue {
        guard let text = v.value else {
            switch v.type {
            case "funcref": return .nonNullFuncref
            case "externref": return .nonNullExternref
            case "refnull": return .nullReference
            case "nullfuncref": return .exact(.funcref(nil))
            case "nullexternref": return .exact(.externref(nil))
            case "exnref": return .nonNullExnref
            case "nullexnref": return .exact(.exnref(nil))
            default: throw ValueParseError(message: "unsupported expected value \(v)")
            }
        }
        switch (v.type, text) {
        case ("f32", "nan:canonical"): return .canonicalNaN32
        case ("f32", "nan:arithmetic"): return .arithmeticNaN32
        case ("f64", "nan:canonical"): return .canonicalNaN64
        case ("f64", "nan:arithmetic"): return .arithmeticNaN64
        case ("funcref", let t) where t != "null": return .nonNullFuncref
        case ("exnref", let t) where t != "null": return .nonNullExnref
        default: return .exact(try argument(v))
        }
    }

    /// A decimal integer in `-2^(bits-1) ..< 2^bits`, as its two's-complement bit pattern.
    private static func integer<T: FixedWidthInteger & UnsignedInteger>(
        _ text: String, bits: Int, _ v: WastValue
    ) throws(ValueParseError) -> T {
        let minimum: Int64 = bits >= 64 ? .min : -(Int64(1) << (bits - 1))
        if text.hasPrefix("-"), let signed = Int64(text), signed >= minimum {
            return T(truncatingIfNeeded: signed)
        }
        if let unsigned = UInt64(text), let exact = T(exactly: unsigned) {
            return exact
        }
        throw ValueParseError(message: "bad \(v.type) literal '\(text)'")
    }

    private static func reference(_ text: String, _ v: WastValue) throws(ValueParseError) -> UInt32? {
        if text == "null" { return nil }
        guard let n = UInt32(text) else { throw ValueParseError(message: "bad reference literal \(v)") }
        return n
    }
}
