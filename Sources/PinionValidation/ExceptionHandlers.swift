// PinionValidation: the handler table, what validation records for exception handling
// next to the side table. Nothing runs at a `try_table` but a jump past its immediates; a
// throw looks up the innermost `try_table` around the throwing instruction (or around the
// call it returns to) here, and branches to the matching clause's label through the side
// table like a `br`.

/// The code one `try_table` covers and where its catch clauses are.
@frozen
public struct TryRange: Sendable, Hashable {
    /// Module byte offsets: the `try_table` opcode (the origin of its clauses' side-table
    /// entries), its body's first instruction, and its `end` opcode. An instruction at
    /// offset `p` is covered when `bodyStart <= p < end`.
    public var tryOffset: UInt32
    public var bodyStart: UInt32
    public var end: UInt32
    /// The clauses, `firstClause ..< firstClause + clauseCount` in the module's clause list.
    public var firstClause: UInt32
    public var clauseCount: UInt32

    public init(tryOffset: UInt32, bodyStart: UInt32, end: UInt32, firstClause: UInt32, clauseCount: UInt32) {
        self.tryOffset = tryOffset
        self.bodyStart = bodyStart
        self.end = end
        self.firstClause = firstClause
        self.clauseCount = clauseCount
    }
}

/// One catch clause of a `try_table`.
@frozen
public struct CatchClause: Sendable, Hashable {
    /// The clause's kind, as encoded in the code (0 `catch`, 1 `catch_ref`, 2 `catch_all`,
    /// 3 `catch_all_ref`).
    public var kind: UInt8
    /// The module tag index the clause catches (`catch` and `catch_ref` only).
    public var tag: UInt32
    /// The clause's side-table entry (relative to the function's first one): where the
    /// label continues and how many values it carries. Its `popCount` is unused: how much a
    /// throw drops depends on where it came from, so the label's height is kept instead.
    public var entry: UInt32
    /// Operand stack height below the label's values, counted from the frame's first operand.
    public var targetHeight: UInt32

    /// Whether the clause matches any tag.
    @inlinable public var catchesAll: Bool { kind >= 2 }
    /// Whether the clause pushes the exception as an `exnref` after its payload.
    @inlinable public var pushesReference: Bool { kind == 1 || kind == 3 }

    public init(kind: UInt8, tag: UInt32, entry: UInt32, targetHeight: UInt32) {
        self.kind = kind
        self.tag = tag
        self.entry = entry
        self.targetHeight = targetHeight
    }
}
