// PinionBinaryTests: the binary decoder and ByteReader's LEB128 reads, on small
// hand-written modules (valid ones, and malformed ones that must be rejected cleanly).
import XCTest
@testable import PinionBinary

// MARK: - Building modules by hand (more in WasmBytes.swift)

/// A code entry: size, then the body.
private func body(_ bytes: [UInt8]) -> [UInt8] {
    Wasm.leb(UInt64(bytes.count)) + bytes
}

/// Runs `body` with a ByteReader over `bytes`.
private func withReader<T>(_ bytes: [UInt8], _ body: (inout ByteReader) throws -> T) throws -> T {
    var storage = bytes
    storage.append(0xEE)  // a byte past the end: reads must not see it
    return try storage.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> T in
        var reader = ByteReader(base: raw.baseAddress!, position: 0, end: bytes.count)
        return try body(&reader)
    }
}

/// Asserts that `expression` throws a DecodeError whose message contains `message`
/// (and, when given, at `offset`).
private func assertDecodeError<T>(
    _ expression: @autoclosure () throws -> T, _ message: String, offset: Int? = nil,
    section: String? = nil, file: StaticString = #filePath, line: UInt = #line
) {
    do {
        let value = try expression()
        XCTFail("expected \"\(message)\", decoded \(value)", file: file, line: line)
    } catch let error as DecodeError {
        XCTAssertTrue(error.message.contains(message), "got \"\(error)\", expected \"\(message)\"",
                      file: file, line: line)
        if let offset {
            XCTAssertEqual(error.offset, offset, "offset of \"\(error)\"", file: file, line: line)
        }
        if let section {
            XCTAssertEqual(error.section, section, "section of \"\(error)\"", file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error type: \(error)", file: file, line: line)
    }
}

private func decodeError(_ bytes: [UInt8]) -> DecodeError? {
    do {
        _ = try ModuleDecoder.decode(bytes)
        return nil
    } catch {
        return error
    }
}

// MARK: - LEB128 and ByteReader

final class ByteReaderTests: XCTestCase {
    func testUnsigned32() throws {
        XCTAssertEqual(try withReader([0x00]) { try $0.readU32() }, 0)
        XCTAssertEqual(try withReader([0x7F]) { try $0.readU32() }, 127)
        XCTAssertEqual(try withReader([0x80, 0x01]) { try $0.readU32() }, 128)
        XCTAssertEqual(try withReader([0xE5, 0x8E, 0x26]) { try $0.readU32() }, 624_485)
        XCTAssertEqual(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) { try $0.readU32() }, UInt32.max)
        // Over-long but within 5 bytes: legal.
        XCTAssertEqual(try withReader([0x80, 0x80, 0x80, 0x80, 0x00]) { try $0.readU32() }, 0)
        XCTAssertEqual(try withReader([0x83, 0x80, 0x80, 0x80, 0x00]) { try $0.readU32() }, 3)
        XCTAssertEqual(try withReader([0x80, 0x00]) { try $0.readU32() }, 0)
        // The reader stops right after the last byte.
        XCTAssertEqual(try withReader([0x80, 0x01, 0x05]) { r throws(DecodeError) in
            _ = try r.readU32(); return r.position
        }, 2)
    }

    func testUnsigned32Errors() {
        assertDecodeError(try withReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) { try $0.readU32() },
                          "integer representation too long", offset: 0)
        assertDecodeError(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]) { try $0.readU32() },
                          "integer too large", offset: 0)
        assertDecodeError(try withReader([0x80, 0x80, 0x80, 0x80, 0x10]) { try $0.readU32() },
                          "integer too large")
        assertDecodeError(try withReader([0x80, 0x80]) { try $0.readU32() }, "unexpected end", offset: 2)
        assertDecodeError(try withReader([]) { try $0.readU32() }, "unexpected end", offset: 0)
    }

    func testSigned32() throws {
        XCTAssertEqual(try withReader([0x00]) { try $0.readS32() }, 0)
        XCTAssertEqual(try withReader([0x7F]) { try $0.readS32() }, -1)
        XCTAssertEqual(try withReader([0x3F]) { try $0.readS32() }, 63)
        XCTAssertEqual(try withReader([0x40]) { try $0.readS32() }, -64)
        XCTAssertEqual(try withReader([0xC0, 0x00]) { try $0.readS32() }, 64)
        XCTAssertEqual(try withReader([0xBF, 0x7F]) { try $0.readS32() }, -65)
        XCTAssertEqual(try withReader([0x80, 0x80, 0x80, 0x80, 0x78]) { try $0.readS32() }, Int32.min)
        XCTAssertEqual(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0x07]) { try $0.readS32() }, Int32.max)
        // Padded encodings of -1 and 0 are legal within 5 bytes.
        XCTAssertEqual(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) { try $0.readS32() }, -1)
        XCTAssertEqual(try withReader([0x80, 0x80, 0x80, 0x80, 0x00]) { try $0.readS32() }, 0)
        XCTAssertEqual(try withReader([0xFF, 0x7F]) { try $0.readS32() }, -1)
    }

    func testSigned32Errors() {
        assertDecodeError(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) { try $0.readS32() },
                          "integer representation too long", offset: 0)
        // Bits above the sign bit must copy it.
        assertDecodeError(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) { try $0.readS32() },
                          "integer too large")
        assertDecodeError(try withReader([0x80, 0x80, 0x80, 0x80, 0x70]) { try $0.readS32() },
                          "integer too large")
        assertDecodeError(try withReader([0xFF]) { try $0.readS32() }, "unexpected end")
    }

    func testSigned33() throws {
        XCTAssertEqual(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) { try $0.readS33() }, 4_294_967_295)
        XCTAssertEqual(try withReader([0x80, 0x80, 0x80, 0x80, 0x70]) { try $0.readS33() }, -4_294_967_296)
        XCTAssertEqual(try withReader([0x40]) { try $0.readS33() }, -64)
        assertDecodeError(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]) { try $0.readS33() },
                          "integer too large")
    }

    func testSigned64() throws {
        XCTAssertEqual(try withReader([0x7F]) { try $0.readS64() }, -1)
        XCTAssertEqual(try withReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F]) {
            try $0.readS64()
        }, Int64.min)
        XCTAssertEqual(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]) {
            try $0.readS64()
        }, Int64.max)
        XCTAssertEqual(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) {
            try $0.readS64()
        }, -1)
        XCTAssertEqual(try withReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) {
            try $0.readS64()
        }, 0)
        XCTAssertEqual(try withReader([0x80, 0x80, 0x80, 0x80, 0x10]) { try $0.readS64() }, 1 << 32)
        assertDecodeError(try withReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]) {
            try $0.readS64()
        }, "integer too large")
        assertDecodeError(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) {
            try $0.readS64()
        }, "integer representation too long")
    }

    func testUnsigned64() throws {
        XCTAssertEqual(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) {
            try $0.readUnsigned(bits: 64)
        }, UInt64.max)
        assertDecodeError(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]) {
            try $0.readUnsigned(bits: 64)
        }, "integer too large")
    }

    func testFixedWidthAndRanges() throws {
        XCTAssertEqual(try withReader([0x78, 0x56, 0x34, 0x12]) { try $0.readFixed32() }, 0x1234_5678)
        XCTAssertEqual(try withReader([1, 0, 0, 0, 0, 0, 0, 0x80]) { try $0.readFixed64() }, 0x8000_0000_0000_0001)
        assertDecodeError(try withReader([1, 2, 3]) { try $0.readFixed32() }, "unexpected end")
        assertDecodeError(try withReader([1, 2, 3, 4, 5, 6, 7]) { try $0.readFixed64() }, "unexpected end")
        XCTAssertEqual(try withReader([9, 9, 9]) { try $0.readRange(count: 2) }, 0..<2)
        assertDecodeError(try withReader([9, 9, 9]) { try $0.readRange(count: 4) }, "unexpected end")
    }

    func testNames() throws {
        XCTAssertEqual(try withReader(Wasm.name("héllo")) { try $0.readName() }, "héllo")
        XCTAssertEqual(try withReader([0x00]) { try $0.readName() }, "")
        assertDecodeError(try withReader([0x02, 0xC3, 0x28]) { try $0.readName() },
                          "malformed UTF-8 encoding", offset: 1)
        // Overlong encoding of "/" and an encoded surrogate.
        assertDecodeError(try withReader([0x02, 0xC0, 0xAF]) { try $0.readName() }, "malformed UTF-8 encoding")
        assertDecodeError(try withReader([0x03, 0xED, 0xA0, 0x80]) { try $0.readName() },
                          "malformed UTF-8 encoding")
        assertDecodeError(try withReader([0x05, 0x61]) { try $0.readName() }, "unexpected end")
    }
}

// MARK: - Valid modules

final class ModuleDecoderTests: XCTestCase {
    func testEmptyModule() throws {
        let m = try ModuleDecoder.decode(Wasm.header)
        XCTAssertEqual(m.bytes.count, 8)
        XCTAssertTrue(m.types.isEmpty && m.imports.isEmpty && m.functions.isEmpty && m.bodies.isEmpty)
        XCTAssertTrue(m.customSections.isEmpty)
        XCTAssertNil(m.start)
        XCTAssertNil(m.dataCount)
    }

    /// (func (export "add") (param i32 i32) (result i32) (local i64 i64 f32)
    ///   local.get 0 local.get 1 i32.add)
    func testTypeFunctionExportCode() throws {
        let code: [UInt8] = [0x02, 0x02, 0x7E, 0x01, 0x7D, 0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B]
        let bytes = Wasm.module(
            Wasm.section(1, [0x01, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F]),
            Wasm.section(3, [0x01, 0x00]),
            Wasm.section(7, [0x01] + Wasm.name("add") + [0x00, 0x00]),
            Wasm.section(10, [0x01] + body(code))
        )
        let m = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(m.types, [FunctionType(parameters: [.i32, .i32], results: [.i32])])
        XCTAssertEqual(m.functions, [0])
        XCTAssertEqual(m.exports, [Export(name: "add", kind: .function, index: 0)])
        XCTAssertEqual(m.bodies.count, 1)
        let b = m.bodies[0]
        XCTAssertEqual(b.locals, [LocalGroup(count: 2, type: .i64), LocalGroup(count: 1, type: .f32)])
        XCTAssertEqual(b.localCount, 3)
        XCTAssertEqual(b.codeEnd, bytes.count)
        XCTAssertEqual(b.codeStart, bytes.count - 6)
        XCTAssertEqual(m.bytes.slice(b.codeStart..<b.codeEnd), [0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B])
    }

    func testMultiValueTypesAndStart() throws {
        let bytes = Wasm.module(
            Wasm.section(1, [0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x6F, 0x03, 0x7C, 0x7D, 0x70]),
            Wasm.section(3, [0x01, 0x00]),
            Wasm.section(8, [0x00]),
            Wasm.section(10, [0x01] + body([0x00, 0x0B]))
        )
        let m = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(m.types[1], FunctionType(parameters: [.externref], results: [.f64, .f32, .funcref]))
        XCTAssertEqual(m.start, 0)
        XCTAssertEqual(m.bodies[0].localCount, 0)
        XCTAssertTrue(m.bodies[0].locals.isEmpty)
    }

    func testImportsOfEveryKind() throws {
        // Built up line by line: Swift 6.0's type checker gives up on one long `+` chain.
        var imports: [UInt8] = [0x04]
        imports += Wasm.name("env") + Wasm.name("f") + [0x00, 0x00]
        imports += Wasm.name("env") + Wasm.name("t") + [0x01, 0x6F, 0x01, 0x02, 0x0A]
        imports += Wasm.name("env") + Wasm.name("m") + [0x02, 0x00, 0x01]
        imports += Wasm.name("env") + Wasm.name("g") + [0x03, 0x7E, 0x01]
        let bytes = Wasm.module(Wasm.section(1, [0x01, 0x60, 0x00, 0x00]), Wasm.section(2, imports))
        let m = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(m.imports, [
            Import(module: "env", name: "f", kind: .function(typeIndex: 0)),
            Import(module: "env", name: "t", kind: .table(TableType(elementType: .externref,
                                                                    limits: Limits(min: 2, max: 10)))),
            Import(module: "env", name: "m", kind: .memory(MemoryType(limits: Limits(min: 1, max: nil)))),
            Import(module: "env", name: "g", kind: .global(GlobalType(valueType: .i64, isMutable: true))),
        ])
        XCTAssertEqual(m.importedFunctionCount, 1)
        XCTAssertEqual(m.importedGlobalCount, 1)
    }

    func testTablesMemoriesGlobals() throws {
        let bytes = Wasm.module(
            Wasm.section(4, [0x02, 0x70, 0x00, 0x05, 0x6F, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
            Wasm.section(5, [0x01, 0x01, 0x01, 0x80, 0x80, 0x04]),
            Wasm.section(6, [0x06,
                        0x7F, 0x00, 0x41, 0x7F, 0x0B,                                // i32 -1
                        0x7E, 0x01, 0x42, 0x80, 0x01, 0x0B,                          // mut i64 128
                        0x7D, 0x00, 0x43, 0x00, 0x00, 0x80, 0x3F, 0x0B,              // f32 1.0
                        0x7C, 0x00, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0B,        // f64 1.0
                        0x70, 0x00, 0xD0, 0x70, 0x0B,                                // ref.null func
                        0x7F, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6A, 0x0B])             // global.get 0, i32.const 1, i32.add
        )
        let m = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(m.tables, [TableType(elementType: .funcref, limits: Limits(min: 5, max: nil)),
                                  TableType(elementType: .externref, limits: Limits(min: 0, max: UInt32.max))])
        XCTAssertEqual(m.memories, [MemoryType(limits: Limits(min: 1, max: 65536))])
        XCTAssertEqual(m.globals.map(\.type), [
            GlobalType(valueType: .i32, isMutable: false), GlobalType(valueType: .i64, isMutable: true),
            GlobalType(valueType: .f32, isMutable: false), GlobalType(valueType: .f64, isMutable: false),
            GlobalType(valueType: .funcref, isMutable: false), GlobalType(valueType: .i32, isMutable: false),
        ])
        XCTAssertEqual(m.globals.map(\.initializer.instructions), [
            [.i32Const(-1)], [.i64Const(128)], [.f32Const(0x3F80_0000)], [.f64Const(0x3FF0_0000_0000_0000)],
            [.refNull(.func)], [.globalGet(0), .i32Const(1), .binary(.i32Add)],
        ])
        // The first global's initializer starts after its type (0x7F 0x00) in the global section.
        let globalSectionContent = 8 + 14 + 8 + 2
        XCTAssertEqual(m.globals[0].initializer.offset, globalSectionContent + 1 + 2)
    }

    func testMemoryAndDataSegments() throws {
        let bytes = Wasm.module(
            Wasm.section(5, [0x01, 0x01, 0x01, 0x02]),
            Wasm.section(12, [0x03]),
            Wasm.section(11, [0x03,
                         0x00, 0x41, 0x08, 0x0B, 0x02, 0x68, 0x69,        // active mem 0 at 8: "hi"
                         0x01, 0x03, 0x61, 0x62, 0x63,                    // passive "abc"
                         0x02, 0x00, 0x41, 0x00, 0x0B, 0x00])             // active mem 0 (explicit), empty
        )
        let m = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(m.memories, [MemoryType(limits: Limits(min: 1, max: 2))])
        XCTAssertEqual(m.dataCount, 3)
        XCTAssertEqual(m.data.count, 3)
        guard case .active(let memory, let offset) = m.data[0].mode else { return XCTFail("not active") }
        XCTAssertEqual(memory, 0)
        XCTAssertEqual(offset.instructions, [.i32Const(8)])
        XCTAssertEqual(m.bytes.slice(m.data[0].bytes), Array("hi".utf8))
        XCTAssertEqual(m.data[1].mode, .passive)
        XCTAssertEqual(m.bytes.slice(m.data[1].bytes), Array("abc".utf8))
        guard case .active(0, _) = m.data[2].mode else { return XCTFail("not active") }
        XCTAssertTrue(m.data[2].bytes.isEmpty)
    }

    func testElementSegmentsAllEightEncodings() throws {
        let offset: [UInt8] = [0x41, 0x00, 0x0B]
        let refFunc1: [UInt8] = [0xD2, 0x01, 0x0B]
        let nullExtern: [UInt8] = [0xD0, 0x6F, 0x0B]
        var segments: [UInt8] = [0x08]
        segments += [0x00] + offset + [0x02, 0x00, 0x01]                    // 0: active t0, funcs
        segments += [0x01, 0x00, 0x01, 0x01]                                // 1: passive, elemkind, funcs
        segments += [0x02, 0x03] + offset + [0x00, 0x01, 0x02]              // 2: active t3, elemkind, funcs
        segments += [0x03, 0x00, 0x00]                                      // 3: declarative, no funcs
        segments += [0x04] + offset + [0x01] + refFunc1                     // 4: active t0, exprs
        segments += [0x05, 0x6F, 0x02] + nullExtern + nullExtern            // 5: passive externref exprs
        segments += [0x06, 0x01] + offset + [0x70, 0x01] + refFunc1         // 6: active t1, funcref exprs
        segments += [0x07, 0x70, 0x01] + refFunc1                           // 7: declarative exprs
        let bytes = Wasm.module(Wasm.section(9, segments))
        let m = try ModuleDecoder.decode(bytes)
        let e = m.elements
        XCTAssertEqual(e.count, 8)
        func tableOf(_ mode: ElementMode) -> UInt32? {
            if case .active(let table, let offset) = mode {
                XCTAssertEqual(offset.instructions, [.i32Const(0)])
                return table
            }
            return nil
        }
        XCTAssertEqual(e.map { tableOf($0.mode) }, [0, nil, 3, nil, 0, nil, 1, nil])
        XCTAssertEqual(e[1].mode, .passive)
        XCTAssertEqual(e[3].mode, .declarative)
        XCTAssertEqual(e[5].mode, .passive)
        XCTAssertEqual(e[7].mode, .declarative)
        // Function indices are non-null function references; expressions have the type spelled or implied.
        let refFunc = ValueType.ref(.func, nullable: false)
        XCTAssertEqual(e.map(\.type), [refFunc, refFunc, refFunc, refFunc, .funcref, .externref, .funcref, .funcref])
        XCTAssertEqual(e.map { $0.items.map(\.instructions) }, [
            [[.refFunc(0)], [.refFunc(1)]], [[.refFunc(1)]], [[.refFunc(2)]], [],
            [[.refFunc(1)]], [[.refNull(.extern)], [.refNull(.extern)]], [[.refFunc(1)]], [[.refFunc(1)]],
        ])
        // Function-index items point at their index's offset.
        XCTAssertEqual(m.bytes[e[0].items[1].offset], 0x01)
    }

    func testCustomSectionsAnywhere() throws {
        let bytes = Wasm.module(
            Wasm.section(0, Wasm.name("first") + [1, 2, 3]),
            Wasm.section(1, [0x01, 0x60, 0x00, 0x00]),
            Wasm.section(0, Wasm.name("middle")),
            Wasm.section(3, [0x01, 0x00]),
            Wasm.section(0, Wasm.name("ünïcode") + [0xFF]),
            Wasm.section(10, [0x01] + body([0x00, 0x0B])),
            Wasm.section(0, Wasm.name("") + [9])
        )
        let m = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(m.customSections.map(\.name), ["first", "middle", "ünïcode", ""])
        XCTAssertEqual(m.customSections.map { m.bytes.slice($0.payload) }, [[1, 2, 3], [], [0xFF], [9]])
        XCTAssertEqual(m.customSections.last?.payload.upperBound, bytes.count)
    }

    func testDataCountBeforeCodeAndNonMinimalSizes() throws {
        // Section size and counts with padded LEBs are fine.
        let bytes = Wasm.module(
            [0x01, 0x84, 0x80, 0x80, 0x80, 0x00, 0x01, 0x60, 0x00, 0x00],
            Wasm.section(3, [0x81, 0x00, 0x00]),
            Wasm.section(5, [0x01, 0x00, 0x00]),
            Wasm.section(12, [0x81, 0x80, 0x00]),
            Wasm.section(10, [0x01] + body([0x00, 0x0B])),
            Wasm.section(11, [0x01, 0x01, 0x00])
        )
        let m = try ModuleDecoder.decode(bytes)
        XCTAssertEqual(m.types.count, 1)
        XCTAssertEqual(m.functions, [0])
        XCTAssertEqual(m.dataCount, 1)
        XCTAssertEqual(m.data.count, 1)
    }

    func testBlockTypes() throws {
        XCTAssertEqual(try withReader([0x40]) { try ModuleDecoder.readBlockType(&$0) }, .empty)
        XCTAssertEqual(try withReader([0x7F]) { try ModuleDecoder.readBlockType(&$0) }, .value(.i32))
        XCTAssertEqual(try withReader([0x6F]) { try ModuleDecoder.readBlockType(&$0) }, .value(.externref))
        XCTAssertEqual(try withReader([0x05]) { try ModuleDecoder.readBlockType(&$0) }, .typeIndex(5))
        XCTAssertEqual(try withReader([0x80, 0x01]) { try ModuleDecoder.readBlockType(&$0) }, .typeIndex(128))
        XCTAssertEqual(try withReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) { try ModuleDecoder.readBlockType(&$0) },
                       .typeIndex(UInt32.max))
        assertDecodeError(try withReader([0x7B]) { try ModuleDecoder.readBlockType(&$0) }, "unsupported feature: simd")
        assertDecodeError(try withReader([0x41]) { try ModuleDecoder.readBlockType(&$0) }, "malformed value type")
        assertDecodeError(try withReader([0xFF, 0x7F]) { try ModuleDecoder.readBlockType(&$0) },
                          "malformed block type", offset: 0)
        assertDecodeError(try withReader([]) { try ModuleDecoder.readBlockType(&$0) }, "unexpected end")
    }

    func testValueTypes() throws {
        // Numbers, the shorthands, then `ref null func`, `ref extern`, `ref 3`, `ref null 200` (a two-byte s33).
        let all: [UInt8] = [0x7F, 0x7E, 0x7D, 0x7C, 0x70, 0x6F, 0x73, 0x72,
                            0x63, 0x70, 0x64, 0x6F, 0x64, 0x03, 0x63, 0xC8, 0x01]
        let types = try withReader(all) { r throws(DecodeError) in
            var out: [ValueType] = []
            while !r.isAtEnd { out.append(try ModuleDecoder.readValueType(&r)) }
            return out
        }
        XCTAssertEqual(types, [.i32, .i64, .f32, .f64, .funcref, .externref, .ref(.noFunc, nullable: true),
                               .ref(.noExtern, nullable: true), .funcref, .ref(.extern, nullable: false),
                               .ref(.index(3), nullable: false), .ref(.index(200), nullable: true)])
        // A negative s33 is no heap type.
        assertDecodeError(try withReader([0x63, 0x7F]) { try ModuleDecoder.readValueType(&$0) }, "malformed heap type", offset: 1)
        // The exception hierarchy: `exnref`, `nullexnref`, `(ref exn)`.
        XCTAssertEqual(try withReader([0x69, 0x74, 0x64, 0x69]) { r throws(DecodeError) in
            [try ModuleDecoder.readValueType(&r), try ModuleDecoder.readValueType(&r), try ModuleDecoder.readValueType(&r)]
        }, [.exnref, .ref(.noExn, nullable: true), .ref(.exn, nullable: false)])
        for bad: UInt8 in [0x40, 0x60, 0x00, 0xFF] {
            assertDecodeError(try withReader([bad]) { try ModuleDecoder.readValueType(&$0) },
                              "malformed value type", offset: 0)
        }
        // v128 and the GC types are recognised, as features Pinion does not implement.
        assertDecodeError(try withReader([0x7B]) { try ModuleDecoder.readValueType(&$0) }, "unsupported feature: simd", offset: 0)
        assertDecodeError(try withReader([0x71]) { try ModuleDecoder.readValueType(&$0) }, "unsupported feature: gc", offset: 0)
    }

    func testConstExpressions() throws {
        let e = try withReader([0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x42, 0x7F, 0xD2, 0x03, 0x01, 0x0B, 0x99]) {
            try ModuleDecoder.readConstExpression(&$0)
        }
        XCTAssertEqual(e.instructions, [.i32Const(Int32.min), .i64Const(-1), .refFunc(3), .nonConstant(opcode: 0x01)])
        XCTAssertEqual(e.offset, 0)
        // Stops right after `end`.
        XCTAssertEqual(try withReader([0x0B, 0x0B]) { r throws(DecodeError) in
            _ = try ModuleDecoder.readConstExpression(&r); return r.position
        }, 1)
        assertDecodeError(try withReader([0x20, 0x00, 0x0B]) { try ModuleDecoder.readConstExpression(&$0) },
                          "constant expression required", offset: 0)
        assertDecodeError(try withReader([0x41, 0x00, 0xFC, 0x09, 0x00, 0x0B]) {
            try ModuleDecoder.readConstExpression(&$0)
        }, "constant expression required", offset: 2)
        assertDecodeError(try withReader([0x27, 0x0B]) { try ModuleDecoder.readConstExpression(&$0) },
                          "illegal opcode")
        assertDecodeError(try withReader([0xD0, 0x7F, 0x0B]) { try ModuleDecoder.readConstExpression(&$0) },
                          "malformed heap type", offset: 1)
        assertDecodeError(try withReader([0x41, 0x00]) { try ModuleDecoder.readConstExpression(&$0) },
                          "unexpected end", offset: 2)
        assertDecodeError(try withReader([0x43, 0x00, 0x00]) { try ModuleDecoder.readConstExpression(&$0) },
                          "unexpected end")
    }
}

// MARK: - Malformed modules

final class MalformedModuleTests: XCTestCase {
    /// type, function, memory, data count, code, data.
    private let rich = Wasm.module(
        Wasm.section(1, [0x01, 0x60, 0x01, 0x7F, 0x01, 0x7F]),
        Wasm.section(3, [0x01, 0x00]),
        Wasm.section(5, [0x01, 0x00, 0x01]),
        Wasm.section(12, [0x01]),
        Wasm.section(10, [0x01] + body([0x01, 0x01, 0x7E, 0x20, 0x00, 0x0B])),
        Wasm.section(11, [0x01, 0x00, 0x41, 0x00, 0x0B, 0x02, 0xAA, 0xBB])
    )

    func testEveryTruncationIsRejectedOrIsASectionBoundary() throws {
        _ = try ModuleDecoder.decode(rich)
        // Only the Wasm.header alone and Wasm.header + type section are themselves valid modules:
        // every later boundary leaves functions without code or a data count without data.
        let typeEnd = 8 + 2 + 6
        for length in 0..<rich.count {
            let prefix = Array(rich[..<length])
            if length == 8 || length == typeEnd {
                XCTAssertNoThrow(try ModuleDecoder.decode(prefix), "prefix \(length)")
            } else {
                let error = decodeError(prefix)
                XCTAssertNotNil(error, "prefix of length \(length) decoded")
                if let error { XCTAssertLessThanOrEqual(error.offset, length) }
            }
        }
    }

    func testHeader() {
        assertDecodeError(try ModuleDecoder.decode([UInt8]()), "unexpected end")
        assertDecodeError(try ModuleDecoder.decode([0x00, 0x61, 0x73]), "unexpected end")
        assertDecodeError(try ModuleDecoder.decode([0x00, 0x61, 0x73, 0x6D, 0x01]), "unexpected end")
        assertDecodeError(try ModuleDecoder.decode([0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00]),
                          "magic header not detected", offset: 0)
        assertDecodeError(try ModuleDecoder.decode([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]),
                          "unknown binary version", offset: 4)
        assertDecodeError(try ModuleDecoder.decode([0x00, 0x61, 0x73, 0x6D, 0x00, 0x00, 0x00, 0x01]),
                          "unknown binary version")
    }

    func testSectionIdsAndFraming() {
        assertDecodeError(try ModuleDecoder.decode(Wasm.header + [0x0E, 0x00]), "malformed section id", offset: 8)
        assertDecodeError(try ModuleDecoder.decode(Wasm.header + [0x80, 0x00]), "malformed section id", offset: 8)
        // Section size missing, or larger than the module.
        assertDecodeError(try ModuleDecoder.decode(Wasm.header + [0x01]), "unexpected end")
        assertDecodeError(try ModuleDecoder.decode(Wasm.header + [0x01, 0x05, 0x00]), "length out of bounds", offset: 9)
        // An empty custom section has no name.
        assertDecodeError(try ModuleDecoder.decode(Wasm.header + [0x00, 0x00]), "unexpected end")
    }

    func testOversizedLEBs() {
        // A 6-byte u32 as the function count.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(3, [0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))),
                          "integer representation too long", offset: 10, section: "function")
        // The 5th byte of a u32 has bits above bit 31.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(3, [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x10]))),
                          "integer too large", offset: 11)
        // A 6-byte section size.
        assertDecodeError(try ModuleDecoder.decode(Wasm.header + [0x01, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00]),
                          "integer representation too long", offset: 9)
        // An over-long s32 in a global initializer.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(6, [0x01, 0x7F, 0x00, 0x41,
                                                                      0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B]))),
                          "integer representation too long", section: "global")
    }

    func testSectionSizeMismatch() {
        // Type section declares 5 bytes but its one type ends after 4.
        assertDecodeError(try ModuleDecoder.decode(Wasm.header + [0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00]),
                          "section size mismatch", offset: 14, section: "type")
        // Declares 3 bytes but the type needs 4: reads stop at the section's end.
        assertDecodeError(try ModuleDecoder.decode(Wasm.header + [0x01, 0x03, 0x01, 0x60, 0x00, 0x00]),
                          "unexpected end", offset: 13, section: "type")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(8, [0x00, 0x00]))), "section size mismatch")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(12, [0x00, 0x00]))), "section size mismatch")
    }

    func testSectionOrder() {
        let type = Wasm.section(1, [0x01, 0x60, 0x00, 0x00])
        let function = Wasm.section(3, [0x01, 0x00])
        let code = Wasm.section(10, [0x01] + body([0x00, 0x0B]))
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(function, type, code)),
                          "unexpected content after last section", offset: 12)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, type)), "unexpected content after last section",
                          offset: 14)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(5, [0x00]), Wasm.section(5, [0x00]))),
                          "unexpected content after last section")
        // Tags belong between memories and globals.
        let tag = Wasm.section(13, [0x01, 0x00, 0x00])
        XCTAssertEqual(try ModuleDecoder.decode(Wasm.module(type, Wasm.section(5, [0x00]), tag, Wasm.section(6, [0x00]))).tags, [0])
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, Wasm.section(6, [0x00]), tag)),
                          "unexpected content after last section")
        // Data count belongs before code.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function, code, Wasm.section(12, [0x00]))),
                          "unexpected content after last section")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(11, [0x00]), Wasm.section(12, [0x00]))),
                          "unexpected content after last section")
        // Data before code.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(11, [0x00]), code)),
                          "unexpected content after last section")
        XCTAssertNoThrow(try ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(12, [0x00]), code,
                                                         Wasm.section(11, [0x00]))))
    }

    func testBadTypes() {
        // v128 parameter.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(1, [0x01, 0x60, 0x01, 0x7B, 0x00]))),
                          "unsupported feature: simd", offset: 13, section: "type")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(1, [0x01, 0x61, 0x00, 0x00]))),
                          "malformed function type", offset: 11)
        // Table of i32.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(4, [0x01, 0x7F, 0x00, 0x00]))),
                          "malformed reference type", offset: 11)
        // Limits flags other than 0 and 1.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(5, [0x01, 0x02, 0x00]))), "unsupported feature: threads",
                          offset: 11)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(5, [0x01, 0x03, 0x00, 0x00]))),
                          "unsupported feature: threads")
        // Global mutability 2.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(6, [0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B]))),
                          "unsupported feature: threads", offset: 12, section: "global")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(2, [0x01] + Wasm.name("m") + Wasm.name("g")
                                                                      + [0x03, 0x7F, 0xFF]))),
                          "malformed mutability")
    }

    func testBadKinds() {
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(2, [0x01, 0x00, 0x00, 0x05]))),
                          "malformed import kind", offset: 13)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(7, [0x01] + Wasm.name("e") + [0x05, 0x00]))),
                          "malformed export kind", offset: 13)
        // A tag (kind 4) whose attribute is not 0 (an exception).
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(2, [0x01, 0x00, 0x00, 0x04, 0x01, 0x00]))),
                          "malformed tag attribute", offset: 14)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(13, [0x01, 0x01, 0x00]))),
                          "malformed tag attribute", offset: 11)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(9, [0x01, 0x08]))),
                          "malformed elements segment kind", offset: 11)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(9, [0x01, 0x01, 0x01, 0x00]))),
                          "malformed element kind", offset: 12)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(9, [0x01, 0x05, 0x7F, 0x00]))),
                          "malformed reference type", offset: 12)
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(11, [0x01, 0x03, 0x00]))),
                          "malformed data segment kind", offset: 11)
    }

    func testBadUTF8Names() {
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(7, [0x01, 0x01, 0xFF, 0x00, 0x00]))),
                          "malformed UTF-8 encoding", offset: 12, section: "export")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(2, [0x01, 0x02, 0xC3, 0x28, 0x00, 0x00, 0x00]))),
                          "malformed UTF-8 encoding", section: "import")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(0, [0x02, 0xE0, 0x80, 0x01]))),
                          "malformed UTF-8 encoding", offset: 11, section: "custom")
        // Name longer than the custom section.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(0, [0x04, 0x61]), Wasm.section(1, [0x00]))),
                          "unexpected end")
    }

    func testFunctionAndCodeCounts() {
        let type = Wasm.section(1, [0x01, 0x60, 0x00, 0x00])
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, Wasm.section(3, [0x01, 0x00]))),
                          "function and code section have inconsistent lengths")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, Wasm.section(10, [0x01] + body([0x00, 0x0B])))),
                          "function and code section have inconsistent lengths")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, Wasm.section(3, [0x02, 0x00, 0x00]),
                                                          Wasm.section(10, [0x01] + body([0x00, 0x0B])))),
                          "function and code section have inconsistent lengths")
        // Empty function and code sections agree with absent ones.
        XCTAssertNoThrow(try ModuleDecoder.decode(Wasm.module(Wasm.section(3, [0x00]))))
        XCTAssertNoThrow(try ModuleDecoder.decode(Wasm.module(Wasm.section(10, [0x00]))))
    }

    func testDataCountMismatch() {
        let memory = Wasm.section(5, [0x01, 0x00, 0x01])
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(memory, Wasm.section(12, [0x02]),
                                                          Wasm.section(11, [0x01, 0x01, 0x00]))),
                          "data count and data section have inconsistent lengths")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(memory, Wasm.section(12, [0x01]))),
                          "data count and data section have inconsistent lengths")
        XCTAssertNoThrow(try ModuleDecoder.decode(Wasm.module(memory, Wasm.section(12, [0x00]))))
    }

    func testHugeDeclaredCountsFailFast() {
        // 0xFFFFFFFF imports in a 10-byte section: rejected at the count itself.
        let imports = Wasm.module(Wasm.section(2, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x00]))
        assertDecodeError(try ModuleDecoder.decode(imports), "length out of bounds", offset: 10, section: "import")
        // A count that fits in the module but not in its section.
        let types = Wasm.module(Wasm.section(1, [0x05, 0x60, 0x00, 0x00]), Wasm.section(0, Wasm.name("pad") + [UInt8](repeating: 0, count: 40)))
        assertDecodeError(try ModuleDecoder.decode(types), "unexpected end", section: "type")
        // Huge local-group count, data length, name length, parameter count.
        let type = Wasm.section(1, [0x01, 0x60, 0x00, 0x00])
        let function = Wasm.section(3, [0x01, 0x00])
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function,
                                                          Wasm.section(10, [0x01, 0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x0B]))),
                          "length out of bounds", section: "code")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(11, [0x01, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]))),
                          "length out of bounds", section: "data")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(0, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]))),
                          "length out of bounds", section: "custom")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(Wasm.section(1, [0x01, 0x60, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]))),
                          "length out of bounds", section: "type")
        // Code entry size beyond the code section.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(10, [0x01, 0x05, 0x00, 0x0B]),
                                                          Wasm.section(0, Wasm.name("padding padding")))),
                          "unexpected end", section: "code")
    }

    func testTooManyLocals() {
        let type = Wasm.section(1, [0x01, 0x60, 0x00, 0x00])
        let function = Wasm.section(3, [0x01, 0x00])
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(10, [0x01] + body(
            [0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B])))),
                          "too many locals", section: "code")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(10, [0x01] + body(
            [0x04, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7F, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7E,
             0x80, 0x80, 0x80, 0x80, 0x04, 0x7D, 0x80, 0x80, 0x80, 0x80, 0x04, 0x7C, 0x0B])))),
                          "too many locals")
        // Exactly 2^32 - 1 locals is decodable (the validator may still refuse them).
        let m = try? ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(10, [0x01] + body(
            [0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x7E, 0x0B]))))
        XCTAssertEqual(m?.bodies.first?.localCount, UInt32.max - 1)
        // A bad local type.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(10, [0x01] + body(
            [0x01, 0x01, 0x7B, 0x0B])))), "unsupported feature: simd")
    }

    func testBodyMustEndWithEnd() {
        let type = Wasm.section(1, [0x01, 0x60, 0x00, 0x00])
        let function = Wasm.section(3, [0x01, 0x00])
        let noEnd = Wasm.module(type, function, Wasm.section(10, [0x01] + body([0x00, 0x41, 0x01, 0x1A])))
        assertDecodeError(try ModuleDecoder.decode(noEnd), "END opcode expected", offset: noEnd.count - 1,
                          section: "code")
        // Nothing after the locals.
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(10, [0x01] + body([0x00])))),
                          "END opcode expected")
        assertDecodeError(try ModuleDecoder.decode(Wasm.module(type, function, Wasm.section(10, [0x01] + body([])))),
                          "unexpected end")
    }
}
