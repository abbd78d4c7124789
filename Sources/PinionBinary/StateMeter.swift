// PinionBinary: a bound on the memory decoding and validation allocate on a module's
// behalf. Each item a section declares is charged what it will cost (decoded, validated
// and instantiated) before anything proportional to its count is allocated, so a small
// file cannot make the engine allocate without limit (1M globals in 5 MB would otherwise
// take over 200 MB).

/// Counts the estimated bytes of a module's decoded state against a limit.
public final class StateMeter {
    /// The most bytes allowed (`.max`: unlimited).
    public let limit: UInt64
    /// Bytes charged so far.
    public private(set) var used: UInt64 = 0

    public init(limit: UInt64 = .max) { self.limit = limit }

    /// Charges `count` items of `bytesEach`; throws naming what and where when over the limit.
    public func charge(_ count: Int, _ bytesEach: Int, what: String, at offset: Int) throws(DecodeError) {
        let (bytes, o1) = UInt64(max(count, 0)).multipliedReportingOverflow(by: UInt64(max(bytesEach, 0)))
        let (total, o2) = used.addingReportingOverflow(bytes)
        guard !o1, !o2, total <= limit else {
            throw DecodeError("module needs more than the memory budget of \(limit) bytes for its decoded state (\(count) \(what))",
                              offset: offset)
        }
        used = total
    }

    /// Estimated bytes per item, beyond its stride in a decoded array: heap arrays of one
    /// or two elements (64 bytes each with malloc's overhead) and what instantiation makes.
    public enum Cost {
        /// A constant expression's instruction array.
        public static let constExpression = 64
        /// A global: its initialiser, its GlobalVariable object and cell at instantiation.
        public static let global = constExpression + 96
        /// An element item: its expression and its evaluated slot at instantiation.
        public static let elementItem = constExpression + 8
        /// A function: validation info, function record and `Function` at instantiation.
        public static let function = 192
        /// A function body's local declarations array.
        public static let body = 64
        /// A type's parameter and result arrays.
        public static let type = 128
        /// An import's or export's names and lookup entries.
        public static let name = 128
        /// A validator control frame (a nested block) with its type and branch arrays.
        public static let controlFrame = 192
    }
}
