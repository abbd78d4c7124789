// PinionRuntime: traps, the errors that stop a running instance.

/// Why execution stopped abnormally. Messages follow the spec test suite's wording.
public enum TrapKind: Sendable, Hashable {
    case unreachable
    case integerDivideByZero
    case integerOverflow
    case invalidConversionToInteger
    case outOfBoundsMemoryAccess
    case outOfBoundsTableAccess
    case undefinedElement
    case uninitializedElement
    case indirectCallTypeMismatch
    /// `call_ref` or `return_call_ref` on a null reference.
    case nullFunctionReference
    /// `ref.as_non_null` on a null reference.
    case nullReference
    /// Call depth budget exceeded.
    case callStackExhausted
    /// Value stack budget exceeded.
    case valueStackExhausted
    /// The fuel budget ran out.
    case outOfFuel
    /// Another thread raised the instance's interrupt flag.
    case interrupted
    /// A host function asked the program to exit (WASI `proc_exit`).
    case exit(Int32)
    /// `throw_ref` on a null `exnref`.
    case nullExceptionReference
    /// More caught exceptions are held as `exnref` than the store allows (`Store.exceptionReferenceBudget`).
    case exceptionReferencesExhausted
    /// A wasm exception that no handler caught left the code the embedder called. Not a
    /// trap in the spec's sense (a host function that rethrows it lets it continue into
    /// the calling module's handlers), but reported through the same error.
    case exception(WasmException)
    /// A host function failed; the string says why.
    case host(String)

    public var message: String {
        switch self {
        case .unreachable: "unreachable"
        case .integerDivideByZero: "integer divide by zero"
        case .integerOverflow: "integer overflow"
        case .invalidConversionToInteger: "invalid conversion to integer"
        case .outOfBoundsMemoryAccess: "out of bounds memory access"
        case .outOfBoundsTableAccess: "out of bounds table access"
        case .undefinedElement: "undefined element"
        case .uninitializedElement: "uninitialized element"
        case .indirectCallTypeMismatch: "indirect call type mismatch"
        case .nullFunctionReference: "null function reference"
        case .nullReference: "null reference"
        case .callStackExhausted: "call stack exhausted"
        case .valueStackExhausted: "call stack exhausted (value stack budget)"
        case .outOfFuel: "all fuel consumed"
        case .interrupted: "interrupted"
        case .exit(let code): "exit with code \(code)"
        case .nullExceptionReference: "null exception reference"
        case .exceptionReferencesExhausted: "exception reference budget exhausted"
        case .exception(let e): "uncaught exception \(e)"
        case .host(let message): message
        }
    }
}

/// A trap with where it happened: the function index (in the module's function index
/// space) and the byte offset of the instruction in the module, when known.
public struct Trap: Error, Sendable, CustomStringConvertible {
    public var kind: TrapKind
    public var functionIndex: UInt32?
    public var offset: Int?

    public init(_ kind: TrapKind, functionIndex: UInt32? = nil, offset: Int? = nil) {
        self.kind = kind
        self.functionIndex = functionIndex
        self.offset = offset
    }

    /// Whether this is an uncaught wasm exception rather than a trap.
    public var isException: Bool {
        if case .exception = kind { true } else { false }
    }

    public var description: String {
        var s = isException ? kind.message : "trap: \(kind.message)"
        if let functionIndex { s += " in function \(functionIndex)" }
        if let offset { s += " at offset 0x\(String(offset, radix: 16))" }
        return s
    }
}
