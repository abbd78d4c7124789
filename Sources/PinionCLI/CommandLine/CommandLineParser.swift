// PinionCLI command line: turning one command's words into `ParsedArguments`, or a
// `UsageError` that names the option or argument at fault.

/// What a command line asked for.
enum ParseOutcome {
    /// `-h` or `--help` (before any passthrough argument).
    case help
    case parsed(ParsedArguments)
}

/// Parses the words after the subcommand's name against its definition. Options may come
/// before, between and after positional arguments, as `--name value` or `--name=value`;
/// `--` ends the options; a passthrough argument takes every word from where it starts.
struct CommandLineParser {
    let definition: CommandDefinition

    func parse(_ words: [String]) throws(UsageError) -> ParseOutcome {
        let options = definition.options
        let arguments = definition.arguments
        var result = ParsedArguments()
        var argumentIndex = 0
        var optionsEnded = false
        var i = 0
        while i < words.count {
            let word = words[i]
            i += 1
            if !optionsEnded && word == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded && word.hasPrefix("-") && word != "-" {
                // The option's name, and its value if written in the same word.
                let spec: OptionSpec
                var inline: String?
                if word.hasPrefix("--") {
                    let body = word.dropFirst(2)
                    let name = body.prefix { $0 != "=" }
                    if name.count < body.count { inline = String(body.dropFirst(name.count + 1)) }
                    if name == "help" && inline == nil { return .help }
                    guard let match = options.first(where: { $0.name == name }) else {
                        throw UsageError("unknown option '--\(name)'\(suggestion(for: String(name), among: options))")
                    }
                    spec = match
                } else {
                    let short = word.dropFirst().first!
                    let rest = word.dropFirst(2)
                    if short == "h" && rest.isEmpty { return .help }
                    guard let match = options.first(where: { $0.shortName == short }) else {
                        throw UsageError("unknown option '-\(short)'")
                    }
                    if !rest.isEmpty { inline = String(rest.hasPrefix("=") ? rest.dropFirst() : rest) }
                    spec = match
                }
                if spec.kind == .flag {
                    if let inline { throw UsageError("--\(spec.name) takes no value, but was given '\(inline)'") }
                    result.flags.insert(spec.name)
                    continue
                }
                let value: String
                if let inline {
                    value = inline
                } else {
                    // The next word is the value, whatever it looks like (`--env -X=1`).
                    guard i < words.count else { throw UsageError("--\(spec.name): missing value <\(spec.valueName)>") }
                    value = words[i]
                    i += 1
                }
                guard spec.accepts(value) else { throw UsageError("--\(spec.name): '\(value)' is not \(spec.expectation)") }
                result.optionWords[spec.name, default: []].append(value)
                continue
            }

            // A positional word.
            guard argumentIndex < arguments.count else { throw UsageError("unexpected argument '\(word)'") }
            let spec = arguments[argumentIndex]
            if spec.kind == .passthrough {
                result.argumentWords[spec.valueName] = Array(words[(i - 1)...])
                break
            }
            guard spec.accepts(word) else { throw UsageError("<\(spec.valueName)>: '\(word)' is not \(spec.expectation)") }
            result.argumentWords[spec.valueName, default: []].append(word)
            if spec.kind != .oneOrMore {
                argumentIndex += 1
                // Everything after the word before a passthrough argument is the passthrough's.
                if argumentIndex < arguments.count && arguments[argumentIndex].kind == .passthrough {
                    result.argumentWords[arguments[argumentIndex].valueName] = Array(words[i...])
                    break
                }
            }
        }

        for spec in options where spec.isRequired && result.optionWords[spec.name] == nil {
            throw UsageError("missing \(spec.label)")
        }
        for spec in arguments where result.argumentWords[spec.valueName] == nil {
            if spec.kind == .required || spec.kind == .oneOrMore { throw UsageError("missing \(spec.label)") }
        }
        return .parsed(result)
    }

    /// "; did you mean '--board'?" for a name one or two edits away from an option's.
    private func suggestion(for name: String, among options: [OptionSpec]) -> String {
        let close = options.map { ($0.name, editDistance(name, $0.name)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
        return close.map { "; did you mean '--\($0.0)'?" } ?? ""
    }

    /// Levenshtein distance, for suggestions; option names are short.
    private func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
