// PinionRuntime: tags and exception objects. A tag is a store-wide identity with a
// payload signature; a thrown exception is a tag plus its payload slots, held by the
// store's `ExceptionHeap` and named on the operand stack by an `exnref` slot (0 for null,
// otherwise id + 1).

/// An exception tag: the identity a `catch` clause matches. Cheap to copy.
public struct Tag: @unchecked Sendable, Hashable {
    public let store: Store
    /// The tag's address in its store.
    public let address: UInt32

    /// The payload types are the parameters; there are no results.
    public var type: FunctionType { store.type(ofID: store.tagTypeIDs[Int(address)]) }

    public static func == (a: Tag, b: Tag) -> Bool { a.store === b.store && a.address == b.address }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(store))
        hasher.combine(address)
    }
}

/// A wasm exception that left the code the embedder (or a host function) called:
/// `Trap.kind` is `.exception` with it. A host function that rethrows it lets it continue
/// into the handlers of the module that called the host function.
public struct WasmException: Sendable, Hashable, CustomStringConvertible {
    public let tag: Tag
    public let payload: [Value]

    public init(tag: Tag, payload: [Value]) {
        self.tag = tag
        self.payload = payload
    }

    public var description: String {
        "(tag \(tag.address)\(payload.isEmpty ? "" : ": ")\(payload.map(\.description).joined(separator: " ")))"
    }
}

/// The exception objects of a store.
///
/// Memory stays bounded: an exception caught without `_ref` (or leaving for the host) is
/// freed at once and its slot reused, so throwing and catching any number of times does not
/// grow. Once a `catch_ref`/`catch_all_ref` has made an `exnref` to it, an exception may be
/// held anywhere (locals, operands, tables, globals, the host), so it lives as long as the
/// store; at most `budget` such exceptions exist, and one more traps with "exception
/// reference budget exhausted".
final class ExceptionHeap {
    struct Object {
        var tag: UInt32
        var payload: [UInt64]
        /// An `exnref` may name it: it is never freed.
        var referenced: Bool
        var live: Bool
    }

    private(set) var objects: [Object] = []
    private var free: [UInt32] = []
    private(set) var referencedCount = 0
    var budget = 100_000

    /// A new exception of `tag` with the payload slots `values`.
    func allocate(tag: UInt32, payload values: UnsafeBufferPointer<UInt64>) -> UInt32 {
        if let id = free.popLast() {
            objects[Int(id)].tag = tag
            objects[Int(id)].payload.removeAll(keepingCapacity: true)  // reuse: no allocation
            objects[Int(id)].payload.append(contentsOf: values)
            objects[Int(id)].live = true
            return id
        }
        objects.append(Object(tag: tag, payload: Array(values), referenced: false, live: true))
        return UInt32(objects.count - 1)
    }

    /// The exception an `exnref` slot names, if it is a live one.
    func id(forSlot slot: UInt64) -> UInt32? {
        guard slot != 0, slot <= UInt64(objects.count), objects[Int(slot - 1)].live else { return nil }
        return UInt32(slot - 1)
    }

    /// Marks `id` as named by an `exnref`; false when that would exceed the budget.
    func reference(_ id: UInt32) -> Bool {
        if objects[Int(id)].referenced { return true }
        guard referencedCount < budget else { return false }
        objects[Int(id)].referenced = true
        referencedCount += 1
        return true
    }

    /// Frees `id` unless an `exnref` may name it.
    func release(_ id: UInt32) {
        guard !objects[Int(id)].referenced else { return }
        objects[Int(id)].live = false
        free.append(id)
    }

    /// Exception objects in use (tests check that catching frees them).
    var liveCount: Int { objects.count - free.count }
}

extension Store {
    /// Creates a tag that modules can import (its payload is `type`'s parameters; `type`
    /// must have no results).
    public func makeTag(type: FunctionType) -> Tag {
        makeTag(typeID: typeID(of: type))
    }

    /// A tag whose payload signature has the store-wide id `typeID`.
    func makeTag(typeID: UInt32) -> Tag {
        tagTypeIDs.append(typeID)
        return Tag(store: self, address: UInt32(tagTypeIDs.count - 1))
    }

    /// How many caught exceptions may be held as `exnref` at once (see `ExceptionHeap`).
    public var exceptionReferenceBudget: Int {
        get { exceptions.budget }
        set { exceptions.budget = newValue }
    }

    /// Exception objects alive in the store: thrown and not yet caught, or held by an `exnref`.
    public var liveExceptionCount: Int { exceptions.liveCount }

    /// The exception `id` as the embedder sees it.
    func wasmException(_ id: UInt32) -> WasmException {
        let object = exceptions.objects[Int(id)]
        let tag = Tag(store: self, address: object.tag)
        return WasmException(tag: tag, payload: zip(object.payload, tag.type.parameters).map { value(fromSlot: $0, type: $1) })
    }

    /// A new exception object from one the host holds; nil when its tag is another store's.
    func exceptionObject(_ e: WasmException) -> UInt32? {
        guard e.tag.store === self else { return nil }
        let slots = e.payload.map(slot(from:))
        return slots.withUnsafeBufferPointer { exceptions.allocate(tag: e.tag.address, payload: $0) }
    }
}
