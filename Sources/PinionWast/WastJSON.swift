// PinionWast: the shapes of the JSON that `wasm-tools json-from-wast` writes, read from
// a `JSONValue`. Only the fields the runner reads are modelled; unknown fields are ignored.
import PinionJSON

/// A member that is missing or has the wrong type.
struct WastJSONError: Error, CustomStringConvertible {
    var description: String
}

extension JSONValue {
    /// The string member `key`, which must be there.
    func required(_ key: String) throws(WastJSONError) -> String {
        guard let s = self[key]?.string else { throw WastJSONError(description: "missing string member \"\(key)\" in \(self)") }
        return s
    }
}

/// A converted script: its commands in source order.
struct WastScript {
    var sourceFilename: String?
    var commands: [WastCommand]

    init(json: JSONValue) throws(WastJSONError) {
        sourceFilename = json["source_filename"]?.string
        guard let list = json["commands"]?.array else { throw WastJSONError(description: "no \"commands\" array") }
        commands = []
        for c in list { commands.append(try WastCommand(json: c)) }
    }
}

/// One script command (`module`, `register`, `action`, `assert_*`).
struct WastCommand {
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

    init(json: JSONValue) throws(WastJSONError) {
        type = try json.required("type")
        guard let line = json["line"]?.int else { throw WastJSONError(description: "command without a line: \(json)") }
        self.line = line
        filename = json["filename"]?.string
        name = json["name"]?.string
        moduleType = json["module_type"]?.string
        if let a = json["action"] { action = try WastAction(json: a) }
        expected = try WastValue.list(json["expected"])
        text = json["text"]?.string
        registerAs = json["as"]?.string
        instance = json["instance"]?.string
        module = json["module"]?.string
    }
}

/// An `invoke` or `get` action.
struct WastAction {
    /// "invoke" or "get".
    var type: String
    /// The named module to act on; nil means the current module.
    var module: String?
    /// The export's name.
    var field: String
    var args: [WastValue]?

    init(json: JSONValue) throws(WastJSONError) {
        type = try json.required("type")
        module = json["module"]?.string
        field = try json.required("field")
        args = try WastValue.list(json["args"])
    }

    /// E.g. `invoke "add"(i32:1, i32:2)` or `get $M "g"`, names escaped to stay on one line.
    var summary: String {
        let target = (module.map { "$\($0) " } ?? "") + field.debugDescription
        if type == "get" { return "get \(target)" }
        return "\(type) \(target)(\((args ?? []).map(\.description).joined(separator: ", ")))"
    }
}

/// A typed value as wasm-tools writes it: `{"type": "i32", "value": "42"}`.
/// `value` is a string for scalars and references, a list of lane strings for v128.
struct WastValue: CustomStringConvertible {
    var type: String
    var value: String?
    var lanes: [String]?

    init(json: JSONValue) throws(WastJSONError) {
        type = try json.required("type")
        value = json["value"]?.string
        lanes = json["value"]?.array?.compactMap(\.string)
    }

    /// The values of a JSON array, or nil when there is none.
    static func list(_ json: JSONValue?) throws(WastJSONError) -> [WastValue]? {
        guard let elements = json?.array else { return nil }
        var values: [WastValue] = []
        for e in elements { values.append(try WastValue(json: e)) }
        return values
    }

    var description: String {
        if let value { return "\(type):\(value)" }
        if let lanes { return "\(type):[\(lanes.joined(separator: " "))]" }
        return type
    }
}
