// PinionBinary: when two defined types are the same type. Wasm 3.0 compares defined types
// by structure (iso-recursively): a type is its recursion group, with references to
// earlier types replaced by those types' identities and references inside the group by
// their position in it. Without GC every type is a group of one, so a key is one signature.
// GC's `rec` groups would make the key the whole group's list of definitions, with
// `.recursive(n)` for its `n`th member; `sub` adds declared supertypes to the key.

extension FunctionType {
    /// The canonical key of the type at `index` in `types`: references to an earlier type `j`
    /// become `identity(j)`, references to itself `.recursive(0)`. Nil when it refers to a
    /// later type, which a recursion group of one cannot see.
    public static func canonicalKey(of index: Int, in types: [FunctionType],
                                    identity: (UInt32) -> HeapType) -> FunctionType? {
        struct LaterType: Error {}
        return try? types[index].mapHeapTypes { (h: HeapType) throws(LaterType) -> HeapType in
            guard case .index(let j) = h else { return h }
            if Int(j) == index { return .recursive(0) }
            guard Int(j) < index else { throw LaterType() }
            return identity(j)
        }
    }
}
