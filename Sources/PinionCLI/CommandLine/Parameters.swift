// PinionCLI command line: what a command accepts, declared once per option or argument
// (name, value name, help, default) and typed by its value, so the parser, the help and
// the command's own code all read the same declaration.

/// An option as the parser and the help see it, whatever its value's type.
struct OptionSpec: Sendable {
    enum Kind: Sendable {
        /// Present or not (`--json`); takes no value.
        case flag
        /// Takes one value; given again, the last one counts.
        case single
        /// Takes one value each time it is given; every value counts, in order (`--dir`).
        case repeating
    }

    /// The long name, without the dashes: "max-memory".
    let name: String
    let shortName: Character?
    let kind: Kind
    /// Shown as `<VALUE>` in the help; empty for flags.
    let valueName: String
    let help: String
    let isRequired: Bool
    /// Added to the help as "(default: ...)".
    let defaultDescription: String?
    /// What a valid value looks like, for errors.
    let expectation: String
    /// Whether a word is a valid value.
    let accepts: @Sendable (String) -> Bool

    /// How the option is shown in the help: "-h, --help", "--fuel <N>".
    var label: String {
        let long = kind == .flag ? "--\(name)" : "--\(name) <\(valueName)>"
        return shortName.map { "-\($0), \(long)" } ?? long
    }
}

/// A positional argument as the parser and the help see it.
struct ArgumentSpec: Sendable {
    enum Kind: Sendable {
        case required
        case optional
        /// At least one word, and every further positional word.
        case oneOrMore
        /// Every word from here on, untouched, even words that look like options
        /// (`pinion run m.wasm --board sim` gives `--board sim` to the module).
        case passthrough
    }

    /// Shown as `<MODULE.wasm>`.
    let valueName: String
    let help: String
    let kind: Kind
    let expectation: String
    let accepts: @Sendable (String) -> Bool

    var label: String { "<\(valueName)>" }
}

/// One thing a command accepts, in the order the command declares them (the usage line
/// keeps that order).
enum Parameter: Sendable {
    case option(OptionSpec)
    case argument(ArgumentSpec)
}

/// A declaration a command lists in its `CommandDefinition`.
protocol ParameterDeclaration: Sendable {
    var parameter: Parameter { get }
}

/// An option with a value of type `Value`: `--fuel N`, `--fuel=N`.
struct Option<Value: ArgumentValue>: ParameterDeclaration {
    let spec: OptionSpec
    /// The value when the option is not given (also shown in the help).
    let defaultValue: Value?

    /// - Parameters:
    ///   - repeating: every occurrence counts (read them with `ParsedArguments.all`).
    ///   - required: the command line is refused without it.
    ///   - defaultValue: the value when the option is not given; the help says "(default: ...)".
    init(_ name: String, short: Character? = nil, valueName: String, help: String,
         repeating: Bool = false, required: Bool = false, default defaultValue: Value? = nil) {
        spec = OptionSpec(name: name, shortName: short, kind: repeating ? .repeating : .single, valueName: valueName,
                          help: help, isRequired: required, defaultDescription: defaultValue.map { "\($0)" },
                          expectation: Value.expectation, accepts: { Value(argument: $0) != nil })
        self.defaultValue = defaultValue
    }

    var parameter: Parameter { .option(spec) }
}

/// An option without a value: `--json`.
struct Flag: ParameterDeclaration {
    let spec: OptionSpec

    init(_ name: String, short: Character? = nil, help: String) {
        spec = OptionSpec(name: name, shortName: short, kind: .flag, valueName: "", help: help, isRequired: false,
                          defaultDescription: nil, expectation: "", accepts: { _ in true })
    }

    var parameter: Parameter { .option(spec) }
}

/// A positional argument with a value of type `Value`.
struct Argument<Value: ArgumentValue>: ParameterDeclaration {
    let spec: ArgumentSpec

    init(valueName: String, help: String, _ kind: ArgumentSpec.Kind = .required) {
        spec = ArgumentSpec(valueName: valueName, help: help, kind: kind, expectation: Value.expectation,
                            accepts: { Value(argument: $0) != nil })
    }

    var parameter: Parameter { .argument(spec) }
}
