// PinionCLI: `pinion run --invoke FUNC ARGS...`: command-line words as typed wasm values,
// and results printed back, one per line.
import PinionBinary
import PinionRuntime

enum InvokeArguments {
    /// Parses `words` as arguments of `type`: integers in decimal (signed or not) or
    /// 0x hex, floats in decimal (also inf, nan). Nil with a message when they do not fit.
    static func parse(_ words: [String], for type: FunctionType) -> Result<[Value], InvokeError> {
        guard words.count == type.parameters.count else {
            return .failure(InvokeError("expects \(type.parameters.count) argument(s) \(type.parameters), got \(words.count)"))
        }
        var values: [Value] = []
        for (word, parameter) in zip(words, type.parameters) {
            guard let value = value(word, parameter) else {
                return .failure(InvokeError("'\(word)' is not a valid \(parameter)"))
            }
            values.append(value)
        }
        return .success(values)
    }

    /// A result as wasmtime prints it: integers signed, floats in decimal.
    static func format(_ value: Value) -> String {
        switch value {
        case .i32(let v): "\(Int32(bitPattern: v))"
        case .i64(let v): "\(Int64(bitPattern: v))"
        case .f32(let v): "\(Float(bitPattern: v))"
        case .f64(let v): "\(Double(bitPattern: v))"
        case .funcref(let r), .externref(let r), .exnref(let r): r.map { "ref \($0)" } ?? "null"
        }
    }

    private static func value(_ word: String, _ type: ValueType) -> Value? {
        switch type {
        case .i32:
            if let v = integer(word, bits: 32) { return .i32(UInt32(truncatingIfNeeded: v)) }
        case .i64:
            if let v = integer(word, bits: 64) { return .i64(v) }
        case .f32:
            if let v = Float(word) { return .f32(v.bitPattern) }
        case .f64:
            if let v = Double(word) { return .f64(v.bitPattern) }
        default:
            return nil
        }
        return nil
    }

    /// An integer that fits `bits` bits as signed or unsigned, as its bit pattern.
    private static func integer(_ word: String, bits: Int) -> UInt64? {
        var text = Substring(word)
        let negative = text.hasPrefix("-")
        if negative || text.hasPrefix("+") { text = text.dropFirst() }
        let radix = text.hasPrefix("0x") || text.hasPrefix("0X") ? 16 : 10
        if radix == 16 { text = text.dropFirst(2) }
        guard let magnitude = UInt64(text, radix: radix) else { return nil }
        let limit: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if negative {
            guard magnitude <= (1 << UInt64(bits - 1)) else { return nil }
            return (0 &- magnitude) & limit
        }
        return magnitude <= limit ? magnitude : nil
    }
}

/// Arguments for --invoke that do not match the function's parameters.
struct InvokeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
