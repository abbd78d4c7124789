// PinionCLI command line: the values a command line gave, read back through the same
// declarations that defined them, with their types.

/// The words the parser assigned to each option and argument, already checked against
/// their types (so converting them again cannot fail).
struct ParsedArguments {
    /// By long option name, in command-line order.
    var optionWords: [String: [String]] = [:]
    var flags: Set<String> = []
    /// By argument value name, in command-line order.
    var argumentWords: [String: [String]] = [:]

    /// The option's value (the last one given), else its default, else nil.
    subscript<Value>(_ option: Option<Value>) -> Value? {
        optionWords[option.spec.name]?.last.map { Self.convert($0) } ?? option.defaultValue
    }

    /// The value of an option that is required (the parser refuses a command line
    /// without it) or has a default.
    func value<Value>(_ option: Option<Value>) -> Value {
        guard let value = self[option] else { preconditionFailure("--\(option.spec.name) has no value") }
        return value
    }

    /// Every value of a repeatable option, in command-line order.
    func all<Value>(_ option: Option<Value>) -> [Value] {
        (optionWords[option.spec.name] ?? []).map { Self.convert($0) }
    }

    /// Whether the flag was given.
    subscript(_ flag: Flag) -> Bool { flags.contains(flag.spec.name) }

    /// The argument's value, or nil if an optional argument was not given.
    subscript<Value>(_ argument: Argument<Value>) -> Value? {
        argumentWords[argument.spec.valueName]?.first.map { Self.convert($0) }
    }

    /// A required argument's value (the parser refuses a command line without it).
    func value<Value>(_ argument: Argument<Value>) -> Value {
        guard let value = self[argument] else { preconditionFailure("<\(argument.spec.valueName)> has no value") }
        return value
    }

    /// Every word of a one-or-more or passthrough argument.
    func all<Value>(_ argument: Argument<Value>) -> [Value] {
        (argumentWords[argument.spec.valueName] ?? []).map { Self.convert($0) }
    }

    private static func convert<Value: ArgumentValue>(_ word: String) -> Value {
        guard let value = Value(argument: word) else { preconditionFailure("'\(word)' was accepted but does not convert") }
        return value
    }
}
