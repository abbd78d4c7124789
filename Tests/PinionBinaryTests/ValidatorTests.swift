// PinionBinaryTests: modules the validator must reject, each with `LoadError.invalid` and
// a message naming the broken rule (function-body typing, index spaces, module-level
// rules, constant expressions); and malformed code bodies, which surface while the
// validator walks the code (the decoder leaves instructions in place).
// Modules are assembled with `wasm-tools parse`, which does not validate; where it would
// add what the test must lack, sections are removed from its output or bytes written by hand.
import XCTest
import PinionBinary
import PinionValidation
import PinionTestSupport

/// The validation error for `bytes`, failing the test if the module loads or is malformed.
private func validationError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> ValidationError? {
    switch loadError(bytes) {
    case .invalid(let e)?: return e
    case .malformed(let e)?: XCTFail("malformed, not invalid: \(e)", file: file, line: line)
    case let e?: XCTFail("\(e), not invalid", file: file, line: line)
    case nil: XCTFail("module loaded", file: file, line: line)
    }
    return nil
}

final class FunctionBodyValidationTests: XCTestCase {
    func testAddOfI32AndI64IsATypeMismatchAtTheAdd() throws {
        let bytes = try WAT.binary("(module (func (result i32) (i32.add (i32.const 1) (i64.const 2))))")
        let e = try XCTUnwrap(validationError(bytes))
        XCTAssertEqual(e.message, "type mismatch")
        XCTAssertEqual(e.functionIndex, 0)
        let module = try ModuleDecoder.decode(bytes)
        // Code: i32.const 1 (2 bytes), i64.const 2 (2 bytes), then i32.add.
        XCTAssertEqual(e.offset, module.bodies[0].codeStart + 4)
        XCTAssertEqual(bytes[module.bodies[0].codeStart + 4], 0x6A)
    }

    func testOperandsOfTheWrongTypeOrMissing() throws {
        try assertInvalid(wat: "(module (func (result i64) (i32.const 0)))", "type mismatch")
        try assertInvalid(wat: "(module (func (i32.const 0)))", "type mismatch")  // left over at end
        try assertInvalid(wat: "(module (func (drop)))", "type mismatch")          // nothing to drop
        try assertInvalid(wat: "(module (func (param f32) (result i32) (i32.eqz (local.get 0))))", "type mismatch")
    }

    func testUnknownIndices() throws {
        try assertInvalid(wat: "(module (func (param i32) (result i32) (local.get 1)))", "unknown local 1")
        try assertInvalid(wat: "(module (func (local i64) (local.set 2 (i64.const 0))))", "unknown local 2")
        try assertInvalid(wat: "(module (func (call 3)))", "unknown function 3")
        try assertInvalid(wat: "(module (func (result i32) (global.get 0)))", "unknown global 0")
        try assertInvalid(wat: "(module (func (block (br 2))))", "unknown label 2")
        try assertInvalid(wat: "(module (func (br_if 1 (i32.const 0))))", "unknown label 1")
        try assertInvalid(wat: "(module (func (result i32) (table.size 0)))", "unknown table 0")
        try assertInvalid(wat: "(module (type (func)) (table 1 funcref) (func (call_indirect (type 7) (i32.const 0))))",
                          "unknown type 7")
    }

    func testGlobalSetOfImmutableGlobal() throws {
        try assertInvalid(wat: "(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))",
                          "global is immutable")
        // The same with a mutable global is fine.
        XCTAssertNil(loadError(try WAT.binary("(module (global (mut i32) (i32.const 0)) (func (global.set 0 (i32.const 1))))")))
    }

    func testIfWithoutElseMustHaveMatchingParamsAndResults() throws {
        try assertInvalid(wat: "(module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)))))",
                          "type mismatch")
        try assertInvalid(wat: """
            (module (type $t (func (param i32) (result i64)))
              (func (result i64)
                (i32.const 5)
                (if (type $t) (param i32) (result i64) (i32.const 1) (then (drop) (i64.const 1)))))
            """, "type mismatch")
        // Equal params and results need no else.
        XCTAssertNil(loadError(try WAT.binary("""
            (module (type $t (func (param i32) (result i32)))
              (func (result i32) (i32.const 5) (if (type $t) (param i32) (result i32) (i32.const 1) (then))))
            """)))
    }

    func testElseAndEndMismatches() throws {
        try assertInvalid(wat: "(module (func (result i32) (if (result i32) (i32.const 1) (then (i64.const 1)) (else (i32.const 2)))))",
                          "type mismatch")
        // `else` outside an `if`: block 0x40, else, end, end.
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x02, 0x40, 0x05, 0x0B, 0x0B])), "else without matching if")
    }

    func testSelectWithReferenceOperandsNeedsATypedSelect() throws {
        try assertInvalid(wat: "(module (func (result funcref) (select (ref.null func) (ref.null func) (i32.const 1))))",
                          "type mismatch")
        try assertInvalid(wat: "(module (func (result i32) (select (i32.const 1) (i64.const 2) (i32.const 1))))",
                          "type mismatch")
        XCTAssertNil(loadError(try WAT.binary(
            "(module (func (result funcref) (select (result funcref) (ref.null func) (ref.null func) (i32.const 1))))")))
    }

    func testRefFuncNeedsADeclaredFunction() throws {
        try assertInvalid(wat: "(module (func $f) (func (result funcref) (ref.func $f)))", "undeclared function reference")
        // Declared by an elem segment or an export: fine.
        XCTAssertNil(loadError(try WAT.binary("(module (func $f) (elem declare func $f) (func (result funcref) (ref.func $f)))")))
        XCTAssertNil(loadError(try WAT.binary("(module (func $f (export \"f\")) (func (result funcref) (ref.func $f)))")))
    }

    func testCallIndirectNeedsAFuncrefTable() throws {
        try assertInvalid(wat: "(module (table 1 externref) (type (func)) (func (call_indirect (type 0) (i32.const 0))))",
                          "type mismatch")
    }

    func testAlignmentMustNotExceedNatural() throws {
        try assertInvalid(wat: "(module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))",
                          "alignment must not be larger than natural")
        try assertInvalid(wat: "(module (memory 1) (func (drop (i64.load8_u align=2 (i32.const 0)))))",
                          "alignment must not be larger than natural")
        try assertInvalid(wat: "(module (memory 1) (func (i64.store16 align=4 (i32.const 0) (i64.const 0))))",
                          "alignment must not be larger than natural")
        XCTAssertNil(loadError(try WAT.binary("(module (memory 1) (func (drop (i64.load align=8 (i32.const 0)))))")))
    }

    func testMemoryInstructionsNeedAMemory() throws {
        try assertInvalid(wat: "(module (func (drop (i32.load (i32.const 0)))))", "unknown memory 0")
        try assertInvalid(wat: "(module (func (drop (memory.size))))", "unknown memory 0")
    }

    func testMemoryInitAndDataDropNeedTheDataCountSection() throws {
        let initText = "(module (memory 1) (data \"x\") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1))))"
        let withCount = try WAT.binary(initText)
        XCTAssertTrue(Wasm.sections(of: withCount).contains { $0.id == 12 })
        XCTAssertNil(loadError(withCount))
        assertInvalid(Wasm.removingSections(12, from: withCount), "data count section required")

        let drop = try WAT.binary("(module (memory 1) (data \"x\") (func (data.drop 0)))")
        assertInvalid(Wasm.removingSections(12, from: drop), "data count section required")
        try assertInvalid(wat: "(module (memory 1) (data \"x\") (func (data.drop 1)))", "unknown data segment 1")
    }
}

final class ModuleValidationTests: XCTestCase {
    func testDuplicateExportName() throws {
        try assertInvalid(wat: "(module (func) (export \"a\" (func 0)) (export \"a\" (func 0)))", "duplicate export name \"a\"")
        try assertInvalid(wat: "(module (func) (memory 1) (export \"a\" (func 0)) (export \"a\" (memory 0)))", "duplicate export name")
    }

    func testExportOfUnknownIndex() throws {
        try assertInvalid(wat: "(module (export \"g\" (global 0)))", "unknown global 0 in export \"g\"")
    }

    func testStartFunctionMustTakeAndReturnNothing() throws {
        try assertInvalid(wat: "(module (func (param i32)) (start 0))", "start function must have type [] -> []")
        try assertInvalid(wat: "(module (func (result i32) (i32.const 0)) (start 0))", "start function must have type [] -> []")
        try assertInvalid(wat: "(module (func) (start 1))", "unknown function 1")
    }

    func testMemoryOfMoreThan65536Pages() throws {
        try assertInvalid(wat: "(module (memory 65537))", "memory size must be at most 65536 pages")
        try assertInvalid(wat: "(module (memory 0 65537))", "memory size must be at most 65536 pages")
        try assertInvalid(wat: "(module (memory 2 1))", "size minimum must not be greater than maximum")
        XCTAssertNil(loadError(try WAT.binary("(module (memory 0 65536))")))
    }

    func testTwoMemoriesAreValid() throws {  // Wasm 3.0: multiple memories
        XCTAssertNil(loadError(try WAT.binary("(module (memory 1) (memory 1))")))
        XCTAssertNil(loadError(try WAT.binary("(module (import \"m\" \"mem\" (memory 1)) (memory 1))")))
    }

    func testDataSegmentWithoutMemory() throws {
        try assertInvalid(wat: "(module (data (i32.const 0) \"x\"))", "unknown memory 0")
    }

    func testElementSegmentRules() throws {
        try assertInvalid(wat: "(module (func) (elem (i32.const 0) func 0))", "unknown table 0")
        try assertInvalid(wat: "(module (table 1 externref) (func) (elem (table 0) (i32.const 0) func 0))", "type mismatch")
    }

    func testConstantExpressionWithNonConstantInstruction() throws {
        // add, sub and mul are constant (extended constant expressions); the rest is not.
        try assertInvalid(wat: "(module (global i32 (i32.div_s (i32.const 1) (i32.const 2))))", "constant expression required")
        try assertInvalid(wat: "(module (memory 1) (data (offset (i32.and (i32.const 1) (i32.const 2))) \"x\"))",
                          "constant expression required")
        // An instruction with immediates is already rejected by the decoder, same words.
        assertMalformed(try WAT.binary("(module (global i32 (local.get 0)))"), "constant expression required")
    }

    func testConstantExpressionReadingAMutableGlobal() throws {
        try assertInvalid(wat: "(module (global $g (import \"m\" \"g\") (mut i32)) (global i32 (global.get $g)))",
                          "constant expression required")
        // An immutable imported global is a constant.
        XCTAssertNil(loadError(try WAT.binary("(module (global $g (import \"m\" \"g\") i32) (global i32 (global.get $g)))")))
    }

    func testExtendedConstantExpressions() throws {
        // Operands of the wrong type or missing.
        try assertInvalid(wat: "(module (global i32 (i32.add (i32.const 1) (i64.const 2))))", "type mismatch")
        try assertInvalid(wat: "(module (global i64 (i64.mul (i64.const 1))))", "type mismatch")
        // A defined global may be read by the globals after it, not by itself or those before.
        XCTAssertNil(loadError(try WAT.binary("(module (global i32 (i32.const 1)) (global i32 (i32.add (global.get 0) (i32.const 2))))")))
        try assertInvalid(wat: "(module (global i32 (global.get 0)))", "unknown global 0")
        try assertInvalid(wat: "(module (global i32 (global.get 1)) (global i32 (i32.const 0)))", "unknown global 1")
        // Mutable ones never.
        try assertInvalid(wat: "(module (global (mut i32) (i32.const 1)) (global i32 (global.get 0)))", "constant expression required")
    }

    func testConstantExpressionOfTheWrongType() throws {
        try assertInvalid(wat: "(module (global i64 (i32.const 0)))", "type mismatch")
        try assertInvalid(wat: "(module (global i32 (i32.const 0) (i32.const 1)))", "type mismatch")
    }
}

/// Bodies that break the binary format of instructions. The decoder only checks that a
/// body ends with 0x0B; everything else is found by the validator's walk over the code.
final class MalformedCodeBodyTests: XCTestCase {
    func testIllegalOpcode() {
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x27, 0x0B])), "illegal opcode 0x27")
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0xC5, 0x0B])), "illegal opcode 0xc5")
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0xFC, 0x12, 0x0B])), "illegal opcode 0xfc 18")
    }

    func testTruncatedBody() {
        // f64.const with 3 of its 8 bytes before the body ends.
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x44, 0x00, 0x00, 0x0B])), "unexpected end")
        // A body that claims more bytes than the section has.
        let entry = Wasm.body([0x0B])
        var m = Wasm.oneFunction(codeEntry: entry)
        m[m.count - entry.count] = 0x05  // body size 2 -> 5, past the end of the module
        assertMalformed(m, "length out of bounds")
        // ... and past the end of the code section, with more bytes after it.
        assertMalformed(m + Wasm.section(0, Wasm.name("pad") + [0, 0, 0, 0]), "unexpected end of section or function")
    }

    func testMissingEnd() {
        // No 0x0B at all: the decoder notices.
        assertMalformed(Wasm.oneFunction(codeEntry: Wasm.body([0x01])), "END opcode expected")
        // The last byte is the block's `end`; the function's own `end` is missing.
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x02, 0x40, 0x0B])), "unexpected end of section or function")
    }

    func testBytesAfterTheFinalEnd() {
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x0B, 0x01, 0x0B])), "operators remaining after end of function")
    }

    func testMemorySizeAndGrowNameAMemory() {
        assertInvalid(Wasm.oneFunction(memory: true, codeEntry: Wasm.body([0x3F, 0x01, 0x1A, 0x0B])), "unknown memory 1")
        assertInvalid(Wasm.oneFunction(memory: true, codeEntry: Wasm.body([0x41, 0x00, 0x40, 0x01, 0x1A, 0x0B])),
                      "unknown memory 1")
        // The index is a u32 LEB (Wasm 3.0), so a long encoding of 0 is memory 0.
        XCTAssertNil(loadError(Wasm.oneFunction(memory: true, codeEntry: Wasm.body([0x3F, 0x80, 0x00, 0x1A, 0x0B]))))
        XCTAssertNil(loadError(Wasm.oneFunction(memory: true, codeEntry: Wasm.body([0x3F, 0x00, 0x1A, 0x0B]))))
    }
}
