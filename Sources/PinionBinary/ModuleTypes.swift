// PinionBinary: the WebAssembly binary format.
// This file owns the decoded shape of a module. Function bodies stay as byte ranges
// into the module's own bytes: the interpreter executes those bytes in place.

/// What a reference points at. The abstract heap types of the function, extern and
/// exception hierarchies, their bottoms, and defined (function) types.
///
/// GC would add `any`/`eq`/`i31`/`struct`/`array`/`none` here and struct/array
/// definitions beside `FunctionType`; subtyping then asks a defined type for its declared
/// supertypes instead of treating every defined type as final (see `isSubtype`).
public enum HeapType: Sendable, Hashable, CustomStringConvertible {
    case `func`, extern, exn
    /// The bottom types: `nofunc`, `noextern`, `noexn` (only null references have them).
    case noFunc, noExtern, noExn
    /// A defined type by its index in the module's type section.
    case index(UInt32)
    /// A defined type by its store-wide id: runtime objects (globals, tables) carry these,
    /// so types from different modules compare by identity.
    case canonical(UInt32)
    /// The `n`th type of the enclosing recursion group: how a type refers to itself in a
    /// canonical key (every type is a recursion group of one until GC adds `rec`).
    case recursive(UInt32)
    /// The validator's heap type of unreachable code, a subtype of every other.
    case bottom

    /// The top of this type's hierarchy: `func`, `extern` or `exn`; nil for `bottom`.
    public var top: HeapType? {
        switch self {
        case .func, .noFunc, .index, .canonical, .recursive: .func  // defined types are all function types
        case .extern, .noExtern: .extern
        case .exn, .noExn: .exn
        case .bottom: nil
        }
    }

    /// Whether every value of this type is one of `other`. Defined types compare by identity,
    /// which is structural equivalence once indices are canonical (see `TypeCanonicalizer`):
    /// without GC every defined type is final, so it has no supertype but `func`.
    public func isSubtype(of other: HeapType) -> Bool {
        if self == other || self == .bottom { return true }
        switch (self, other) {
        case (.index, .func), (.canonical, .func), (.recursive, .func): return true
        case (.noFunc, .func), (.noFunc, .index), (.noFunc, .canonical), (.noFunc, .recursive): return true
        case (.noExtern, .extern), (.noExn, .exn): return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .func: "func"
        case .extern: "extern"
        case .exn: "exn"
        case .noFunc: "nofunc"
        case .noExtern: "noextern"
        case .noExn: "noexn"
        case .index(let i): "\(i)"
        case .canonical(let id): "type#\(id)"
        case .recursive(let n): "rec.\(n)"
        case .bottom: "bot"
        }
    }
}

/// A WebAssembly value type: a number type, `v128`, or a reference `(ref null? heaptype)`.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case i32, i64, f32, f64, v128
    case ref(HeapType, nullable: Bool)

    /// `funcref`: `(ref null func)`.
    public static let funcref = ValueType.ref(.func, nullable: true)
    /// `externref`: `(ref null extern)`.
    public static let externref = ValueType.ref(.extern, nullable: true)
    /// `exnref`: `(ref null exn)`.
    public static let exnref = ValueType.ref(.exn, nullable: true)

    /// Whether this is a reference type.
    @inlinable public var isReference: Bool { if case .ref = self { true } else { false } }

    /// The heap type of a reference type; nil for numbers and vectors.
    public var heapType: HeapType? { if case .ref(let h, _) = self { h } else { nil } }

    /// Whether locals of this type start with a value (all but non-nullable references).
    public var isDefaultable: Bool { if case .ref(_, false) = self { false } else { true } }

    /// The type with every defined-type reference rewritten by `transform`.
    public func mapHeapType<E: Error>(_ transform: (HeapType) throws(E) -> HeapType) throws(E) -> ValueType {
        guard case .ref(let h, let nullable) = self else { return self }
        return .ref(try transform(h), nullable: nullable)
    }

    /// Subtyping: numbers match only themselves; `(ref ht)` <: `(ref null ht)`, and heap
    /// types as `HeapType.isSubtype`.
    public func isSubtype(of other: ValueType) -> Bool {
        switch (self, other) {
        case (.ref(let a, let an), .ref(let b, let bn)): (!an || bn) && a.isSubtype(of: b)
        default: self == other
        }
    }

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        case .v128: "v128"
        case .ref(.func, true): "funcref"
        case .ref(.extern, true): "externref"
        case .ref(.exn, true): "exnref"
        case .ref(let h, let nullable): nullable ? "(ref null \(h))" : "(ref \(h))"
        }
    }
}

extension Array where Element == ValueType {
    /// Whether the sequences have the same length and each type is a subtype of the one at
    /// its position in `other` (values of these types can stand where `other`'s are expected).
    public func isSubtype(of other: [ValueType]) -> Bool {
        count == other.count && zip(self, other).allSatisfy { $0.isSubtype(of: $1) }
    }
}

/// A function signature.
public struct FunctionType: Sendable, Hashable, CustomStringConvertible {
    public var parameters: [ValueType]
    public var results: [ValueType]

    public init(parameters: [ValueType], results: [ValueType]) {
        self.parameters = parameters
        self.results = results
    }

    /// The signature with every defined-type reference rewritten by `transform`.
    public func mapHeapTypes<E: Error>(_ transform: (HeapType) throws(E) -> HeapType) throws(E) -> FunctionType {
        var copy = self
        for i in copy.parameters.indices { copy.parameters[i] = try copy.parameters[i].mapHeapType(transform) }
        for i in copy.results.indices { copy.results[i] = try copy.results[i].mapHeapType(transform) }
        return copy
    }

    public var description: String {
        "(\(parameters.map(\.description).joined(separator: " "))) -> (\(results.map(\.description).joined(separator: " ")))"
    }
}

/// Size limits of a memory (in 64 KiB pages) or a table (in elements).
public struct Limits: Sendable, Hashable {
    public var min: UInt32
    public var max: UInt32?

    public init(min: UInt32, max: UInt32?) {
        self.min = min
        self.max = max
    }
}

public struct TableType: Sendable, Hashable {
    /// A reference type.
    public var elementType: ValueType
    public var limits: Limits

    public init(elementType: ValueType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

public struct MemoryType: Sendable, Hashable {
    /// In pages of `pageSize` bytes.
    public var limits: Limits
    /// log2 of the page size: 16 (64 KiB) unless the module asks for another (the
    /// custom-page-sizes proposal allows 0, one-byte pages; the validator checks).
    public var pageSizeLog2: UInt32

    public init(limits: Limits, pageSizeLog2: UInt32 = 16) {
        self.limits = limits
        self.pageSizeLog2 = pageSizeLog2
    }

    /// Bytes per page.
    public var pageSize: UInt64 { pageSizeLog2 < 64 ? 1 << UInt64(pageSizeLog2) : 0 }
}

public struct GlobalType: Sendable, Hashable {
    public var valueType: ValueType
    public var isMutable: Bool

    public init(valueType: ValueType, isMutable: Bool) {
        self.valueType = valueType
        self.isMutable = isMutable
    }
}

/// One instruction of a constant expression, as the decoder found it.
public enum ConstInstruction: Sendable, Hashable {
    case i32Const(Int32)
    case i64Const(Int64)
    case f32Const(UInt32)
    case f64Const(UInt64)
    case refNull(HeapType)
    case refFunc(UInt32)
    case globalGet(UInt32)
    /// Extended constant expressions (Wasm 3.0): `i32.add`/`sub`/`mul` and `i64.add`/`sub`/`mul`
    /// on the two values below.
    case binary(ConstOperator)
    /// Any other instruction: makes the expression invalid ("constant expression required").
    case nonConstant(opcode: UInt8)
}

/// The arithmetic allowed in constant expressions, by opcode.
public enum ConstOperator: UInt8, Sendable, Hashable {
    case i32Add = 0x6A, i32Sub = 0x6B, i32Mul = 0x6C
    case i64Add = 0x7C, i64Sub = 0x7D, i64Mul = 0x7E

    /// The operand and result type.
    public var type: ValueType { rawValue < 0x70 ? .i32 : .i64 }

    /// The result for operands `a` and `b` (slot encoding), wrapping like the instruction.
    public func apply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        switch self {
        case .i32Add: UInt64(UInt32(truncatingIfNeeded: a) &+ UInt32(truncatingIfNeeded: b))
        case .i32Sub: UInt64(UInt32(truncatingIfNeeded: a) &- UInt32(truncatingIfNeeded: b))
        case .i32Mul: UInt64(UInt32(truncatingIfNeeded: a) &* UInt32(truncatingIfNeeded: b))
        case .i64Add: a &+ b
        case .i64Sub: a &- b
        case .i64Mul: a &* b
        }
    }
}

/// A constant expression (global initialisers, segment offsets, element items).
public struct ConstExpression: Sendable, Hashable {
    public var instructions: [ConstInstruction]
    /// Byte offset of the expression in the module, for error messages.
    public var offset: Int

    public init(instructions: [ConstInstruction], offset: Int) {
        self.instructions = instructions
        self.offset = offset
    }
}

public enum ImportKind: Sendable, Hashable {
    case function(typeIndex: UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
    /// A tag: the index of its function type (parameters are the payload; no results).
    case tag(typeIndex: UInt32)
}

public struct Import: Sendable, Hashable {
    public var module: String
    public var name: String
    public var kind: ImportKind

    public init(module: String, name: String, kind: ImportKind) {
        self.module = module
        self.name = name
        self.kind = kind
    }
}

public enum ExternalKind: UInt8, Sendable, Hashable {
    case function = 0, table = 1, memory = 2, global = 3, tag = 4
}

public struct Export: Sendable, Hashable {
    public var name: String
    public var kind: ExternalKind
    public var index: UInt32

    public init(name: String, kind: ExternalKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }
}

public struct Global: Sendable, Hashable {
    public var type: GlobalType
    public var initializer: ConstExpression

    public init(type: GlobalType, initializer: ConstExpression) {
        self.type = type
        self.initializer = initializer
    }
}

public enum ElementMode: Sendable, Hashable {
    case passive
    case active(table: UInt32, offset: ConstExpression)
    case declarative
}

public struct ElementSegment: Sendable, Hashable {
    /// A reference type (`(ref func)` for segments of function indices).
    public var type: ValueType
    /// Each item is a constant expression (`ref.func`, `ref.null` or `global.get`).
    public var items: [ConstExpression]
    public var mode: ElementMode

    public init(type: ValueType, items: [ConstExpression], mode: ElementMode) {
        self.type = type
        self.items = items
        self.mode = mode
    }
}

public enum DataMode: Sendable, Hashable {
    case passive
    case active(memory: UInt32, offset: ConstExpression)
}

public struct DataSegment: Sendable, Hashable {
    public var mode: DataMode
    /// The segment's bytes, as a range of offsets into `Module.bytes`.
    public var bytes: Range<Int>

    public init(mode: DataMode, bytes: Range<Int>) {
        self.mode = mode
        self.bytes = bytes
    }
}

/// A run of identically typed locals, as declared in a function body.
public struct LocalGroup: Sendable, Hashable {
    public var count: UInt32
    public var type: ValueType

    public init(count: UInt32, type: ValueType) {
        self.count = count
        self.type = type
    }
}

/// A function body: its local declarations and where its code lives.
public struct FunctionBody: Sendable, Hashable {
    public var locals: [LocalGroup]
    /// Total number of declared locals (not counting parameters).
    public var localCount: UInt32
    /// Offset of the first instruction in `Module.bytes`.
    public var codeStart: Int
    /// Offset one past the function's final `end` opcode (the end of the body).
    public var codeEnd: Int

    public init(locals: [LocalGroup], localCount: UInt32, codeStart: Int, codeEnd: Int) {
        self.locals = locals
        self.localCount = localCount
        self.codeStart = codeStart
        self.codeEnd = codeEnd
    }
}

public struct CustomSection: Sendable, Hashable {
    public var name: String
    /// The payload after the name, as offsets into `Module.bytes`.
    public var payload: Range<Int>

    public init(name: String, payload: Range<Int>) {
        self.name = name
        self.payload = payload
    }
}

/// A decoded module. Immutable once decoded; shared by every instance made from it.
public struct Module: Sendable {
    /// The module's bytes, never written after decoding.
    public let bytes: ModuleBytes
    public var types: [FunctionType] = []
    public var imports: [Import] = []
    /// Type index of each function defined in the module (imports excluded).
    public var functions: [UInt32] = []
    public var tables: [TableType] = []
    /// Per defined table, its initialiser expression if the table section gave one
    /// (required for non-nullable element types; otherwise elements start null).
    public var tableInitializers: [ConstExpression?] = []
    public var memories: [MemoryType] = []
    /// Type index of each tag defined in the module (imports excluded).
    public var tags: [UInt32] = []
    public var globals: [Global] = []
    public var exports: [Export] = []
    public var start: UInt32?
    public var elements: [ElementSegment] = []
    /// The data count section's value, if the section is present.
    public var dataCount: UInt32?
    public var data: [DataSegment] = []
    public var bodies: [FunctionBody] = []
    public var customSections: [CustomSection] = []

    public init(bytes: ModuleBytes) {
        self.bytes = bytes
    }

    /// Imported functions come first in the function index space.
    public var importedFunctionCount: Int {
        imports.reduce(0) { if case .function = $1.kind { $0 + 1 } else { $0 } }
    }
    public var importedTableCount: Int {
        imports.reduce(0) { if case .table = $1.kind { $0 + 1 } else { $0 } }
    }
    public var importedMemoryCount: Int {
        imports.reduce(0) { if case .memory = $1.kind { $0 + 1 } else { $0 } }
    }
    public var importedGlobalCount: Int {
        imports.reduce(0) { if case .global = $1.kind { $0 + 1 } else { $0 } }
    }
}

/// The bytes of a module, copied once into memory that is never written again.
/// The interpreter reads code through `base` without ARC traffic.
public final class ModuleBytes: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let count: Int

    /// Zero bytes after the module's end, so the interpreter may read an immediate as one
    /// unaligned 8-byte word even at the very end of the code.
    public static let padding = 16

    public init(_ bytes: some Collection<UInt8>) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count + Self.padding, alignment: 16)
        var i = 0
        for b in bytes {
            buffer.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
            i += 1
        }
        (buffer + i).initializeMemory(as: UInt8.self, repeating: 0, count: Self.padding)
        base = UnsafeRawPointer(buffer)
        count = bytes.count
    }

    /// `count` bytes written in place by `initialize` (for example read from a file
    /// straight into them), so a module is held once instead of also as the array it was
    /// read into. `initialize` must write all of them; if it throws, nothing is kept.
    public init<E: Error>(count: Int, initializingWith initialize: (UnsafeMutableRawBufferPointer) throws(E) -> Void) throws(E) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: count + Self.padding, alignment: 16)
        do { try initialize(UnsafeMutableRawBufferPointer(start: buffer, count: count)) } catch {
            buffer.deallocate()
            throw error
        }
        (buffer + count).initializeMemory(as: UInt8.self, repeating: 0, count: Self.padding)
        base = UnsafeRawPointer(buffer)
        self.count = count
    }

    deinit { base.deallocate() }

    @inlinable public subscript(offset: Int) -> UInt8 {
        base.load(fromByteOffset: offset, as: UInt8.self)
    }

    /// The bytes in `range` as an array (for data segments and names; not for hot paths).
    public func slice(_ range: Range<Int>) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }
}
