// PinionTOML: a table that keeps its keys in document order.

/// A TOML table: keys in the order the document defines them, each with its value.
/// Equality compares keys and values, not their order.
public struct TOMLTable: Sendable, Equatable, Sequence {
    /// The keys in document order.
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    /// An empty table.
    public init() {}

    /// The number of keys.
    public var count: Int { keys.count }

    /// Whether the table has no keys.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value of `key`, or nil.
    public subscript(key: String) -> TOMLValue? { values[key] }

    /// Adds `key` at the end, or replaces its value where it already is.
    public mutating func set(_ key: String, _ value: TOMLValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    /// The entries in document order.
    public func makeIterator() -> Iterator { Iterator(table: self) }

    /// The entries in document order. A concrete type rather than `AnyIterator`, whose box
    /// class the runtime completes by a conformance search over the whole executable.
    public struct Iterator: IteratorProtocol {
        let table: TOMLTable
        var index = 0

        public mutating func next() -> (key: String, value: TOMLValue)? {
            guard index < table.keys.count else { return nil }
            defer { index += 1 }
            let key = table.keys[index]
            return (key, table.values[key] ?? .bool(false))
        }
    }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool { a.values == b.values }
}
