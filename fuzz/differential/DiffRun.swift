// fuzz/differential: the Pinion side of scripts/differential.py. Runs modules that
// import nothing and prints, per module, one JSON line of what happened: whether
// instantiation worked, each exported function's results or trap when called (in
// export order, all on one instance) with zero arguments, the exported globals'
// final values; each exported memory's final bytes go to DIR/N.NAME.mem.
//
//   pinion-diff DIR MODULE.wasm...
//
// Values print as TYPE:HEX bit patterns (floats too: the script canonicalises NaNs);
// references as null or ref (addresses differ between runtimes).
import Glibc
import PinionBinary
import PinionRuntime
import PinionValidation

/// Generous enough that random modules (smith keeps memories ≤ 16 MiB) never meet them
/// before wasmtime's limits; fuel only guards against a module that would not end.
private let budgets = Budgets(memoryBytes: 256 << 20, fuel: 2_000_000_000)

@main
enum DiffRun {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3 else {
            fputs("usage: pinion-diff DIR MODULE.wasm...\n", stderr)
            exit(64)
        }
        let dir = arguments[1]
        for (index, path) in arguments.dropFirst(2).enumerated() {
            print(run(path, dumpPrefix: "\(dir)/\(index)"))
            fflush(stdout)
        }
    }

    static func run(_ path: String, dumpPrefix: String) -> String {
        var fields = ["\"file\":\(json(path))"]
        guard let bytes = readFile(path) else { return "{\(fields[0]),\"error\":\"unreadable\"}" }
        let module: ValidatedModule
        do { module = try ValidatedModule.load(bytes) } catch {
            return "{\(fields[0]),\"error\":\(json("\(error)"))}"
        }
        let store = Store()
        let instance: Instance
        do { instance = try store.instantiate(module, budgets: budgets) } catch {
            if case .trap(let trap) = error {
                return "{\(fields[0]),\"instantiate\":\(json(trapName(trap.kind)))}"
            }
            return "{\(fields[0]),\"error\":\(json("\(error)"))}"
        }
        fields.append("\"instantiate\":\"ok\"")
        var calls: [String] = []
        var globals: [String] = []
        var memories: [String] = []
        // Every call first, then the final state: exports are in any order.
        for export in module.module.exports {
            guard case .function(let f)? = instance.export(export.name) else { continue }
            let outcome: String
            do {
                let results = try f.invoke(f.type.parameters.map { Value.zero($0) })
                outcome = "\"results\":[\(results.map { json(format($0)) }.joined(separator: ","))]"
            } catch {
                outcome = "\"trap\":\(json(trapName(error.kind)))"
            }
            calls.append("{\"name\":\(json(export.name)),\(outcome)}")
        }
        for export in module.module.exports {
            switch instance.export(export.name) {
            case .global(let g)?:
                globals.append("\(json(export.name)):\(json(format(g.value)))")
            case .memory(let m)?:
                let file = "\(dumpPrefix).\(memories.count).mem"
                writeFile(file, m.view)
                memories.append("\(json(export.name)):\(json(file))")
            default:
                break
            }
        }
        fields.append("\"calls\":[\(calls.joined(separator: ","))]")
        fields.append("\"globals\":{\(globals.joined(separator: ","))}")
        fields.append("\"memories\":{\(memories.joined(separator: ","))}")
        return "{\(fields.joined(separator: ","))}"
    }

    /// wasmtime's trap code names (wasmtime.TrapCode), so the script compares like with like.
    static func trapName(_ kind: TrapKind) -> String {
        switch kind {
        case .unreachable: "UNREACHABLE"
        case .integerDivideByZero: "INTEGER_DIVISION_BY_ZERO"
        case .integerOverflow: "INTEGER_OVERFLOW"
        case .invalidConversionToInteger: "BAD_CONVERSION_TO_INTEGER"
        case .outOfBoundsMemoryAccess: "MEMORY_OUT_OF_BOUNDS"
        case .outOfBoundsTableAccess, .undefinedElement: "TABLE_OUT_OF_BOUNDS"
        case .uninitializedElement: "INDIRECT_CALL_TO_NULL"
        case .indirectCallTypeMismatch: "BAD_SIGNATURE"
        case .callStackExhausted, .valueStackExhausted: "STACK_OVERFLOW"
        case .outOfFuel: "OUT_OF_FUEL"
        case .interrupted: "INTERRUPT"
        case .exit(let code): "EXIT_\(code)"
        case .nullExceptionReference, .nullFunctionReference, .nullReference: "NULL_REFERENCE"
        case .exceptionReferencesExhausted: "EXCEPTION_REFERENCE_BUDGET"
        case .exception: "UNCAUGHT_EXCEPTION"
        case .host(let message): "HOST: \(message)"
        }
    }

    static func format(_ value: Value) -> String {
        switch value {
        case .i32(let v): "i32:" + String(v, radix: 16)
        case .i64(let v): "i64:" + String(v, radix: 16)
        case .f32(let v): "f32:" + String(v, radix: 16)
        case .f64(let v): "f64:" + String(v, radix: 16)
        case .funcref(let r), .externref(let r), .exnref(let r): r == nil ? "null" : "ref"
        }
    }

    static func json(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        return bytes
    }

    static func writeFile(_ path: String, _ memory: MemoryView) {
        guard let file = fopen(path, "wb") else { return }
        defer { fclose(file) }
        // In chunks: a 4 GiB memory's size does not fit the UInt32 count.
        var offset = 0
        while offset < memory.byteCount {
            let count = min(memory.byteCount - offset, 1 << 20)
            guard let bytes = try? memory.bytes(at: UInt32(offset), count: UInt32(count)) else { return }
            fwrite(bytes.baseAddress, 1, count, file)
            offset += count
        }
    }
}
