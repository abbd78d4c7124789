// PinionCLI: `pinion inspect`: what a module imports, exports and costs.
import PinionBinary
import PinionValidation

extension Pinion {
    /// `pinion inspect MODULE.wasm`
    struct Inspect: PinionCommand {
        static let module = Argument<String>(valueName: "MODULE.wasm", help: "The module to describe. Example: pinion inspect hello.wasm")

        static let definition = CommandDefinition(
            "inspect",
            abstract: "Describe a module: imports, exports, memories, tables, tags, code and side-table size.",
            discussion: """
                The module is decoded and validated first; the side-table figures are what \
                validation produced, the engine's only per-function overhead.

                \(PinionExit.inspectSummary)
                """,
            parameters: [module])

        let module: String

        init(_ arguments: ParsedArguments) { module = arguments.value(Self.module) }

        func run() {
            let bytes: ModuleBytes
            switch readModule(module) {
            case .success(let b): bytes = b
            case .failure(let e): fail("\(module): \(e)")
            }
            let validated: ValidatedModule
            do { validated = try ValidatedModule.load(bytes) } catch { fail("\(module): \(error)") }
            for line in ModuleReport(validated, byteCount: bytes.count).lines { print(line) }
            terminate(0)
        }

        private func fail(_ message: String) -> Never {
            printError("pinion: \(message)")
            terminate(PinionExit.loadFailed)
        }
    }
}

/// The text `inspect` prints for a module.
struct ModuleReport {
    let validated: ValidatedModule
    let byteCount: Int

    init(_ validated: ValidatedModule, byteCount: Int) {
        self.validated = validated
        self.byteCount = byteCount
    }

    var lines: [String] {
        let m = validated.module
        var out = ["size: \(byteCount) bytes", "types: \(m.types.count)"]

        out.append("imports: \(m.imports.count)")
        for imp in m.imports { out.append("  \(imp.module).\(imp.name): \(describe(imp.kind, m))") }

        out.append("exports: \(m.exports.count)")
        for e in m.exports { out.append("  \(e.name): \(describe(e.kind)) \(e.index)") }

        let importedMemories = m.imports.compactMap { if case .memory(let t) = $0.kind { t } else { nil } }
        let memories = importedMemories.map { ($0, " (imported)") } + m.memories.map { ($0, "") }
        out.append("memories: \(memories.count)")
        for (i, (t, note)) in memories.enumerated() { out.append("  memory \(i): \(describe(t.limits, unit: pageUnit(t)))\(note)") }

        let importedTables = m.imports.compactMap { if case .table(let t) = $0.kind { t } else { nil } }
        let tables = importedTables.map { ($0, " (imported)") } + m.tables.map { ($0, "") }
        out.append("tables: \(tables.count)")
        for (i, (t, note)) in tables.enumerated() {
            out.append("  table \(i): \(t.elementType) \(describe(t.limits, unit: " elements"))\(note)")
        }

        let importedTags = m.imports.compactMap { if case .tag(let t) = $0.kind { t } else { nil } }
        let tags = importedTags.map { ($0, " (imported)") } + m.tags.map { ($0, "") }
        out.append("tags: \(tags.count)")
        for (i, (t, note)) in tags.enumerated() { out.append("  tag \(i): \(describeTag(t, m))\(note)") }

        out.append("globals: \(m.importedGlobalCount + m.globals.count) (\(m.importedGlobalCount) imported, \(m.globals.count) defined)")
        out.append("functions: \(m.importedFunctionCount + m.functions.count) (\(m.importedFunctionCount) imported, \(m.functions.count) defined)")
        out.append("start function: \(m.start.map { "\($0)" } ?? "none")")
        out.append("element segments: \(m.elements.count), data segments: \(m.data.count)")

        let code = m.bodies.reduce(0) { $0 + ($1.codeEnd - $1.codeStart) }
        out.append("code: \(code) bytes")
        let sideTableBytes = validated.sideTableCount * MemoryLayout<SideTableEntry>.stride
        out.append("side table: \(validated.sideTableCount) entries, \(sideTableBytes) bytes, "
            + "\(format(validated.sideTableBytesPerCodeByte)) bytes per code byte")

        let custom = m.customSections.map(\.name)
        out.append("custom sections: \(custom.isEmpty ? "none" : custom.joined(separator: ", "))")
        return out
    }

    private func describe(_ kind: ImportKind, _ m: Module) -> String {
        switch kind {
        case .function(let typeIndex):
            Int(typeIndex) < m.types.count ? "func \(m.types[Int(typeIndex)])" : "func (type \(typeIndex))"
        case .table(let t): "table \(t.elementType) \(describe(t.limits, unit: " elements"))"
        case .memory(let t): "memory \(describe(t.limits, unit: pageUnit(t)))"
        case .global(let g): "global \(g.isMutable ? "mut " : "")\(g.valueType)"
        case .tag(let typeIndex): "tag \(describeTag(typeIndex, m))"
        }
    }

    /// A tag's payload, as the parameters of its type.
    private func describeTag(_ typeIndex: UInt32, _ m: Module) -> String {
        Int(typeIndex) < m.types.count ? "(\(m.types[Int(typeIndex)].parameters.map(\.description).joined(separator: " ")))" : "(type \(typeIndex))"
    }

    /// " pages" (64 KiB), or the page size when the module chose another (custom page sizes).
    private func pageUnit(_ t: MemoryType) -> String {
        t.pageSizeLog2 == 16 ? " pages" : " pages of \(t.pageSize) byte\(t.pageSize == 1 ? "" : "s")"
    }

    private func describe(_ kind: ExternalKind) -> String {
        switch kind {
        case .function: "func"
        case .table: "table"
        case .memory: "memory"
        case .global: "global"
        case .tag: "tag"
        }
    }

    private func describe(_ limits: Limits, unit: String) -> String {
        "min \(limits.min)\(unit), max \(limits.max.map { "\($0)\(unit)" } ?? "none")"
    }

    /// Three decimals, without Foundation.
    private func format(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = thousandths % 1000
        return "\(thousandths / 1000).\(fraction < 10 ? "00" : fraction < 100 ? "0" : "")\(fraction)"
    }
}
