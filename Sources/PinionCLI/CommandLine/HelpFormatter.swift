// PinionCLI command line: help and usage text, wrapped at 80 columns, laid out as
// swift-argument-parser laid it out (OVERVIEW, USAGE, ARGUMENTS, OPTIONS, SUBCOMMANDS),
// so scripts and users see the same text as before.

enum HelpFormatter {
    /// Lines are at most this wide, unless one word is wider.
    static let width = 80
    /// Where an option's or argument's help starts.
    static let helpColumn = 26
    /// More options than this are shown as "[<options>]" in the usage line.
    static let maxListedOptions = 8

    /// `pinion COMMAND --help`.
    static func help(for command: CommandDefinition, program: String) -> String {
        var out = wrap("OVERVIEW: " + command.abstract, width: width).joined(separator: "\n") + "\n"
        if !command.discussion.isEmpty { out += "\n" + discussion(command.discussion) + "\n" }
        out += "\nUSAGE: " + usage(for: command, program: program) + "\n"
        let arguments = command.arguments
        if !arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for a in arguments { out += entry(a.label, a.help) }
        }
        out += "\nOPTIONS:\n"
        for o in command.options + [CommandDefinition.help.spec] {
            out += entry(o.label, o.defaultDescription.map { "\(o.help) (default: \($0))" } ?? o.help)
        }
        return out + "\n"
    }

    /// `pinion --help`: the program's overview and its subcommands.
    static func help(for program: CommandDefinition, subcommands: [CommandDefinition]) -> String {
        var out = wrap("OVERVIEW: " + program.abstract, width: width).joined(separator: "\n") + "\n"
        if !program.discussion.isEmpty { out += "\n" + discussion(program.discussion) + "\n" }
        out += "\nUSAGE: \(program.name) <subcommand>\n"
        out += "\nOPTIONS:\n" + entry(CommandDefinition.help.spec.label, CommandDefinition.help.spec.help)
        out += "\nSUBCOMMANDS:\n"
        for command in subcommands { out += entry(command.name, command.abstract) }
        out += "\n  See '\(program.name) help <subcommand>' for detailed help.\n"
        return out
    }

    /// The usage line without "USAGE: ": "pinion run [<options>] <MODULE.wasm> [<ARGS> ...]".
    static func usage(for command: CommandDefinition, program: String) -> String {
        let collapse = command.options.count > maxListedOptions
        var parts = ["\(program) \(command.name)"]
        var collapsed = false
        for parameter in command.parameters {
            switch parameter {
            case .option(let o):
                if collapse && !o.isRequired {
                    if !collapsed { parts.append("[<options>]") }
                    collapsed = true
                    continue
                }
                var text = o.shortName.map { "-\($0)" } ?? "--\(o.name)"
                if o.kind != .flag { text += " <\(o.valueName)>" }
                if o.kind == .repeating { text += " ..." }
                parts.append(o.isRequired ? text : "[\(text)]")
            case .argument(let a):
                switch a.kind {
                case .required: parts.append(a.label)
                case .optional: parts.append("[\(a.label)]")
                case .oneOrMore: parts.append("\(a.label) ...")
                case .passthrough: parts.append("[\(a.label) ...]")
                }
            }
        }
        return parts.joined(separator: " ")
    }

    /// One "  LABEL   help" entry: the help starts at `helpColumn`, on the label's line
    /// if the label leaves room, else on the next.
    static func entry(_ label: String, _ help: String) -> String {
        let indent = String(repeating: " ", count: helpColumn)
        let lines = wrap(help, width: width - helpColumn)
        var out = "  " + label
        if out.count + 2 <= helpColumn {
            out += String(repeating: " ", count: helpColumn - out.count) + (lines.first ?? "") + "\n"
            for line in lines.dropFirst() { out += indent + line + "\n" }
        } else {
            out += "\n"
            for line in lines { out += indent + line + "\n" }
        }
        return out
    }

    /// A discussion: each line wrapped on its own; a line that starts with spaces (an
    /// example) continues indented further, so it still reads as one example.
    static func discussion(_ text: String) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            guard indent > 0 else {
                out += wrap(String(line), width: width)
                continue
            }
            if line.count <= width {
                out.append(String(line))
                continue
            }
            let wrapped = wrap(String(line.dropFirst(indent)), width: width - indent, continuationWidth: width - indent - 4)
            out.append(String(repeating: " ", count: indent) + wrapped[0])
            out += wrapped.dropFirst().map { String(repeating: " ", count: indent + 4) + $0 }
        }
        return out.joined(separator: "\n")
    }

    /// Words of `text` in lines: the whole text if it fits in `width`, else lines shorter
    /// than `width` (as swift-argument-parser wrapped), or than `continuationWidth` after
    /// the first. A word wider than that gets a line of its own.
    static func wrap(_ text: String, width: Int, continuationWidth: Int? = nil) -> [String] {
        if text.count <= width { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let limit = lines.isEmpty ? width : continuationWidth ?? width
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count < limit {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
