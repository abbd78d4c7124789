// PinionCLI command line: a command's name, help texts and parameters, and the protocol
// every `pinion` subcommand implements.

/// What a command is called, what its help says, and what it accepts.
struct CommandDefinition: Sendable {
    /// The word that selects the command: "run".
    let name: String
    /// One sentence, shown after OVERVIEW: and in the list of subcommands.
    let abstract: String
    /// Paragraphs after the abstract; lines that start with spaces (examples) keep them.
    let discussion: String
    /// Options and arguments, in declaration order.
    let parameters: [Parameter]

    init(_ name: String, abstract: String, discussion: String = "", parameters: [any ParameterDeclaration] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.parameters = parameters.map(\.parameter)
    }

    var options: [OptionSpec] {
        parameters.compactMap { if case .option(let o) = $0 { o } else { nil } }
    }

    var arguments: [ArgumentSpec] {
        parameters.compactMap { if case .argument(let a) = $0 { a } else { nil } }
    }

    /// `-h, --help`, which every command accepts and the parser handles itself.
    static let help = Flag("help", short: "h", help: "Show help information.")
}

/// A `pinion` subcommand: declares its parameters, reads their values, runs.
protocol PinionCommand {
    static var definition: CommandDefinition { get }
    /// Takes the parsed values; throws when they do not make sense together (exit 64).
    init(_ arguments: ParsedArguments) throws(UsageError)
    /// Does the work. Returning means success (exit 0); an error thrown ends pinion with
    /// status 1 and the error's description.
    func run() throws
}

/// A command line that cannot be used: an unknown option, a missing or malformed value.
/// Ends pinion with status 64 (`PinionExit.usage`).
struct UsageError: Error, CustomStringConvertible {
    /// One line that names the option or argument: "--fuel: 'abc' is not a whole number".
    let description: String
    init(_ description: String) { self.description = description }
}
