// PinionValidation: a module that passed validation, with its side tables.
import PinionBinary

/// A decoded and validated module: ready to be instantiated any number of times.
public final class ValidatedModule: @unchecked Sendable {
    public let module: Module
    /// Per defined function, in module order.
    public let functions: [FunctionInfo]
    /// All functions' side-table entries, back to back. Never written after validation.
    public let sideTable: UnsafeMutablePointer<SideTableEntry>
    public let sideTableCount: Int
    /// All functions' `try_table`s (see `FunctionInfo.tryRangeStart`) and their catch
    /// clauses: the handler table a throw searches. Never written after validation.
    public let tryRanges: UnsafeMutablePointer<TryRange>
    public let tryRangeCount: Int
    public let catchClauses: UnsafeMutablePointer<CatchClause>

    init(module: Module, functions: [FunctionInfo], entries: [SideTableEntry], tryRanges ranges: [TryRange] = [],
         catchClauses clauses: [CatchClause] = []) {
        self.module = module
        self.functions = functions
        sideTableCount = entries.count
        sideTable = Self.fixedCopy(of: entries)
        tryRangeCount = ranges.count
        tryRanges = Self.fixedCopy(of: ranges)
        catchClauses = Self.fixedCopy(of: clauses)
    }

    /// The elements in memory of their own that the interpreter reads without ARC or bounds
    /// checks (at least one element's worth, so the pointer is valid when there are none).
    private static func fixedCopy<T>(of elements: [T]) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(elements.count, 1))
        pointer.initialize(from: elements, count: elements.count)
        return pointer
    }

    deinit {
        sideTable.deallocate()
        tryRanges.deallocate()
        catchClauses.deallocate()
    }

    /// Validates a decoded module.
    public static func validate(_ module: Module) throws(ValidationError) -> ValidatedModule {
        try ModuleValidator(module: module).run()
    }

    /// Decodes and validates a module's bytes. `maxStateBytes` bounds what decoding,
    /// validation and instantiation allocate for the module's items (see `StateMeter`),
    /// not counting the module's bytes themselves or its memories and tables.
    public static func load(_ bytes: some Collection<UInt8>, maxStateBytes: UInt64 = .max) throws(LoadError) -> ValidatedModule {
        try load(ModuleBytes(bytes), maxStateBytes: maxStateBytes)
    }

    /// Decodes and validates bytes already held as `ModuleBytes` (no copy is made).
    public static func load(_ bytes: ModuleBytes, maxStateBytes: UInt64 = .max) throws(LoadError) -> ValidatedModule {
        let meter = StateMeter(limit: maxStateBytes)
        let module: Module
        do { module = try ModuleDecoder.decode(bytes, meter: meter) } catch {
            if let feature = error.unsupportedFeature {
                throw .unsupported(feature, offset: error.offset, section: error.section)
            }
            throw .malformed(error)
        }
        var validator = ModuleValidator(module: module)
        validator.stateBytesLeft = meter.limit - meter.used
        do { return try validator.run() } catch {
            if let feature = error.unsupportedFeature {
                throw .unsupported(feature, offset: error.offset ?? 0, section: "code")
            }
            throw .invalid(error)
        }
    }

    /// Side-table bytes per byte of function code (the engine's only per-function overhead).
    public var sideTableBytesPerCodeByte: Double {
        let code = module.bodies.reduce(0) { $0 + ($1.codeEnd - $1.codeStart) }
        return code == 0 ? 0 : Double(sideTableCount * MemoryLayout<SideTableEntry>.stride) / Double(code)
    }
}

/// Why a module could not be loaded.
public enum LoadError: Error, Sendable, CustomStringConvertible {
    /// The bytes are not a well-formed module.
    case malformed(DecodeError)
    /// The module is well-formed but not valid.
    case invalid(ValidationError)
    /// The module uses a feature Pinion does not implement (GC, memory64, SIMD, ...), first
    /// at `offset`.
    case unsupported(WasmFeature, offset: Int, section: String?)

    public var description: String {
        switch self {
        case .malformed(let e): "malformed module: \(e)"
        case .invalid(let e): "invalid module: \(e)"
        case .unsupported(let feature, let offset, let section):
            "unsupported feature: \(feature) (\(section.map { "in \($0) section " } ?? "")at offset 0x\(String(offset, radix: 16)))"
        }
    }
}

/// A module broke a validation rule. Names the rule, and the function and offset.
public struct ValidationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Index in the function index space, when the error is inside a function body.
    public var functionIndex: Int?
    /// Byte offset in the module.
    public var offset: Int?
    /// Set when the function uses a feature Pinion does not implement.
    public var unsupportedFeature: WasmFeature?

    /// "unsupported feature: NAME" in a function body.
    public static func unsupported(_ feature: WasmFeature, functionIndex: Int?, offset: Int) -> ValidationError {
        var e = ValidationError("unsupported feature: \(feature)", functionIndex: functionIndex, offset: offset)
        e.unsupportedFeature = feature
        return e
    }

    public init(_ message: String, functionIndex: Int? = nil, offset: Int? = nil) {
        self.message = message
        self.functionIndex = functionIndex
        self.offset = offset
    }

    public var description: String {
        var s = message
        if let functionIndex { s += " in function \(functionIndex)" }
        if let offset { s += " at offset 0x\(String(offset, radix: 16))" }
        return s
    }
}
