// PinionCLI command line: from `pinion`'s words to one subcommand's run: help, usage
// errors (status 64) and the status of a finished command.

/// Runs the program `program` made of `commands` on `words` (the command line without
/// the program's own name), and exits.
enum CommandDispatch {
    static func main(program: CommandDefinition, commands: [any PinionCommand.Type], words: [String]) -> Never {
        // Only the help lists every command: a run builds no other command's definition.
        var definitions: [CommandDefinition] { commands.map { $0.definition } }
        func command(named name: String) -> (any PinionCommand.Type)? {
            commands.first { $0.definition.name == name }
        }
        guard let first = words.first, first != "-h", first != "--help" else {
            printHelp(HelpFormatter.help(for: program, subcommands: definitions))
        }
        if first == "help" {
            guard words.count > 1 else { printHelp(HelpFormatter.help(for: program, subcommands: definitions)) }
            guard let selected = command(named: words[1]) else {
                usageError(program.name, "unknown command '\(words[1])'", help: "\(program.name) --help")
            }
            printHelp(HelpFormatter.help(for: selected.definition, program: program.name))
        }
        guard let selected = command(named: first) else {
            let what = first.hasPrefix("-") ? "unknown option" : "unknown command"
            usageError(program.name, "\(what) '\(first)'", help: "\(program.name) --help")
        }
        run(selected, words: Array(words.dropFirst()), program: program.name)
    }

    private static func run(_ type: any PinionCommand.Type, words: [String], program: String) -> Never {
        let definition = type.definition
        let name = "\(program) \(definition.name)"
        let command: any PinionCommand
        do {
            switch try CommandLineParser(definition: definition).parse(words) {
            case .help: printHelp(HelpFormatter.help(for: definition, program: program))
            case .parsed(let arguments): command = try type.init(arguments)
            }
        } catch {
            usageError(name, "\(error)", help: "\(name) --help")
        }
        do { try command.run() } catch {
            printError("\(program): \(error)")
            terminate(1)
        }
        terminate(0)
    }

    private static func printHelp(_ text: String) -> Never {
        print(text, terminator: "")
        terminate(0)
    }

    /// "pinion run: --fuel: 'abc' is not a whole number", a hint, and status 64.
    private static func usageError(_ name: String, _ message: String, help: String) -> Never {
        printError("\(name): \(message)")
        printError("See '\(help)'.")
        terminate(PinionExit.usage)
    }
}
