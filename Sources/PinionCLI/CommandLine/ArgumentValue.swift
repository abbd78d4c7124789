// PinionCLI command line: the types an option's or argument's value can have, and how
// each is read from one command-line word.

/// A type whose values can be written as one command-line word.
protocol ArgumentValue: Sendable {
    /// The value `word` stands for, or nil if it stands for none.
    init?(argument word: String)
    /// What a valid word looks like, for errors: "--fuel: 'abc' is not a whole number".
    static var expectation: String { get }
}

extension String: ArgumentValue {
    init?(argument word: String) { self = word }
    static var expectation: String { "text" }
}

extension Int: ArgumentValue {
    init?(argument word: String) { self.init(word) }
    static var expectation: String { "a whole number" }
}

extension UInt64: ArgumentValue {
    init?(argument word: String) { self.init(word) }
    static var expectation: String { "a whole number from 0 to \(UInt64.max)" }
}

extension Double: ArgumentValue {
    init?(argument word: String) { self.init(word) }
    static var expectation: String { "a number" }
}

/// A fixed set of words (`--unknown-imports trap`): an enumeration with those raw values.
extension ArgumentValue where Self: RawRepresentable, Self.RawValue == String, Self: CaseIterable {
    init?(argument word: String) { self.init(rawValue: word) }
    static var expectation: String { "one of: " + allCases.map(\.rawValue).joined(separator: ", ") }
}
