// PinionWast: the Decodable shapes of the JSON that `wasm-tools json-from-wast` writes.
// Only the fields the runner reads are modelled; unknown fields are ignored.

/// A converted script: its commands in source order.
struct WastScript: Decodable {
    var sourceFilename: String?
    var commands: [WastCommand]

    enum CodingKeys: String, CodingKey {
        case sourceFilename = "source_filename"
        case commands
    }
}

/// One script command (`module`, `register`, `action`, `assert_*`).
struct WastCommand: Decodable {
    /// The command kind, e.g. "module", "assert_return".
    var type: String
    /// Line of the command in the .wast script.
    var line: Int
    /// The module file (`.wasm`, or `.wat` for text modules), relative to the wasm dir.
    var filename: String?
    /// `module`: the module's name (without `$`); `register`: the instance to register.
    var name: String?
    /// "binary" or "text".
    var moduleType: String?
    var action: WastAction?
    var expected: [WastValue]?
    /// The expected trap or error message.
    var text: String?
    /// `register`: the import module name to register under.
    var registerAs: String?
    /// `module_instance`: the name of the instance to make, and of the module definition.
    var instance: String?
    var module: String?

    enum CodingKeys: String, CodingKey {
        case type, line, filename, name, action, expected, text, instance, module
        case moduleType = "module_type"
        case registerAs = "as"
    }
}

/// An `invoke` or `get` action.
struct WastAction: Decodable {
    /// "invoke" or "get".
    var type: String
    /// The named module to act on; nil means the current module.
    var module: String?
    /// The export's name.
    var field: String
    var args: [WastValue]?

    /// E.g. `invoke "add"(i32:1, i32:2)` or `get $M "g"`, names escaped to stay on one line.
    var summary: String {
        let target = (module.map { "$\($0) " } ?? "") + field.debugDescription
        if type == "get" { return "get \(target)" }
        return "\(type) \(target)(\((args ?? []).map(\.description).joined(separator: ", ")))"
    }
}

/// A typed value as wasm-tools writes it: `{"type": "i32", "value": "42"}`.
/// `value` is a string for scalars and references, a list of lane strings for v128.
struct WastValue: Decodable, CustomStringConvertible {
    var type: String
    var value: String?
    var lanes: [String]?

    enum CodingKeys: String, CodingKey {
        case type, value
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        if let s = try? c.decodeIfPresent(String.self, forKey: .value) {
            value = s
        } else if let l = try? c.decodeIfPresent([String].self, forKey: .value) {
            lanes = l
        }
    }

    var description: String {
        if let value { return "\(type):\(value)" }
        if let lanes { return "\(type):[\(lanes.joined(separator: " "))]" }
        return type
    }
}
