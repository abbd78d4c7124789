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
    // UInt64.max written out: formatting it runs standard-library code, far from what
    // start-up uses otherwise, in every run (README "Footprint").
    static var expectation: String { "a whole number from 0 to 18446744073709551615" }
}

extension Double: ArgumentValue {
    init?(argument word: String) { self.init(word) }
    static var expectation: String { "a number" }
}

/// A fixed set of words (`--unknown-imports trap`): an enumeration with those raw values.
extension ArgumentValue where Self: RawRepresentable, Self.RawValue == String, Self: CaseIterable {
    init?(argument word: String) { self.init(rawValue: word) }
    static var expectation: String {
        // Not `joined(separator:)`: the standard library's unspecialized version builds its
        // types from mangled names, a conformance search at every start (README "Footprint").
        var text = "one of: "
        for (i, value) in allCases.enumerated() { text += (i == 0 ? "" : ", ") + value.rawValue }
        return text
    }
}
