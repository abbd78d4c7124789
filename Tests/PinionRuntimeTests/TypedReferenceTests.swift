// Typed function references through the embedding API: calls through references in
// constant space, type identity across modules, non-nullable locals and tables.
import XCTest
@testable import PinionRuntime
import PinionValidation
import PinionTestSupport

final class TypedReferenceTests: XCTestCase {
    private func instantiate(_ text: String, imports: Imports = Imports(), budgets: Budgets = Budgets(),
                             store: Store = Store()) throws -> Instance {
        try store.instantiate(try ValidatedModule.load(try WAT.binary(text)), imports: imports, budgets: budgets)
    }

    private func assertInvalid(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ValidatedModule.load(try WAT.binary(text)), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(message), "\(error)", file: file, line: line)
        }
    }

    private let references = """
    (module
      (type $step (func (param i64 i64) (result i64)))
      (elem declare func $loop $plusOne)
      (func $loop (export "loop") (type $step)
        (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
          (else (return_call_ref $step (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2))
                                       (ref.func $loop)))))
      (func $plusOne (type $step) (i64.add (local.get 0) (local.get 1)))
      (func $notTail (export "notTail") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 0))
          (else (call_ref $step (call $notTail (i64.sub (local.get 0) (i64.const 1))) (i64.const 1) (ref.func $plusOne)))))
      (func (export "callNull") (result i64)
        (call_ref $step (i64.const 1) (i64.const 2) (ref.null $step)))
      (func (export "asNonNull") (param funcref) (result funcref) (ref.as_non_null (local.get 0))))
    """

    func testReturnCallRefRunsInConstantSpace() throws {
        let budgets = Budgets(valueStackSlots: 64, maxCallDepth: 4)
        let instance = try instantiate(references, budgets: budgets)
        XCTAssertEqual(try instance.invoke("loop", [.i64(5_000_000), .i64(0)]), [.i64(10_000_000)])
        XCTAssertEqual(instance.execution.nativeStackResumes, 0)
        // The same depth through `call_ref` needs a frame per call.
        XCTAssertThrowsError(try instance.invoke("notTail", [.i64(1000)])) {
            XCTAssertEqual(($0 as! Trap).kind, .callStackExhausted)
        }
        let roomy = try instantiate(references)
        XCTAssertEqual(try roomy.invoke("notTail", [.i64(1000)]), [.i64(1000)])
    }

    func testNullReferencesTrap() throws {
        let instance = try instantiate(references)
        XCTAssertThrowsError(try instance.invoke("callNull")) {
            XCTAssertEqual(($0 as! Trap).kind, .nullFunctionReference)
        }
        XCTAssertThrowsError(try instance.invoke("asNonNull", [.funcref(nil)])) {
            XCTAssertEqual(($0 as! Trap).kind, .nullReference)
        }
    }

    /// Two modules spell the same recursive signature at different type indices: it links, and
    /// `call_indirect` in one accepts the other's function, while a different signature does not.
    func testEquivalentTypesAreOneTypeAcrossModules() throws {
        let store = Store()
        let exporter = try instantiate("""
        (module
          (type $self (func (param (ref null $self)) (result i32)))
          (func (export "f") (type $self) (i32.const 7)))
        """, store: store)
        guard case .function(let f) = exporter.export("f") else { return XCTFail("f not exported") }
        var imports = Imports()
        imports.define("m", "f", .function(f))
        let importer = try instantiate("""
        (module
          (type $other (func (param i32)))
          (type $again (func (param (ref null $again)) (result i32)))
          (type $unlike (func (param (ref null $other)) (result i32)))
          (import "m" "f" (func $f (type $again)))
          (table 2 funcref)
          (elem (i32.const 0) func $f)
          (func (export "same") (result i32) (call_indirect (type $again) (ref.null $again) (i32.const 0)))
          (func (export "unlike") (result i32) (call_indirect (type $unlike) (ref.null $other) (i32.const 0))))
        """, imports: imports, store: store)
        XCTAssertEqual(try importer.invoke("same"), [.i32(7)])
        XCTAssertThrowsError(try importer.invoke("unlike")) {
            XCTAssertEqual(($0 as! Trap).kind, .indirectCallTypeMismatch)
        }
        XCTAssertThrowsError(try instantiate("""
        (module
          (type $other (func (param i32)))
          (import "m" "f" (func (param (ref null $other)) (result i32))))
        """, imports: imports, store: store)) { error in
            XCTAssertTrue("\(error)".contains("incompatible import type"), "\(error)")
        }
    }

    /// An imported global's reference type is compared by structure too: `$b` is `$a` spelled
    /// again, so a `(ref null $b)` global serves where `(ref null $a)` is expected.
    func testImportedGlobalsOfEquivalentTypesValidate() throws {
        let text = """
        (module
          (type $a (func (result i32)))
          (type $b (func (result i32)))
          (import "host" "g" (global $g (ref null $b)))
          (func (export "get") (result (ref null $a)) (global.get $g)))
        """
        XCTAssertNoThrow(try ValidatedModule.load(try WAT.binary(text)))
    }

    func testNonNullableLocalsMustBeSetBeforeUse() throws {
        assertInvalid("(module (func (local (ref func)) (drop (local.get 0))))", "uninitialized local 0")
        // Set inside a block: initialised only until the block's end.
        assertInvalid("""
        (module (elem declare func 0)
          (func (local (ref func)) (block (local.set 0 (ref.func 0))) (drop (local.get 0))))
        """, "uninitialized local 0")
        // Set in the then-branch: unknown again in the else-branch.
        assertInvalid("""
        (module (elem declare func 0)
          (func (local (ref func)) (if (i32.const 1) (then (local.set 0 (ref.func 0))) (else (drop (local.get 0))))))
        """, "uninitialized local 0")
        XCTAssertNoThrow(try ValidatedModule.load(try WAT.binary("""
        (module (elem declare func 0)
          (func (param (ref func)) (local (ref func)) (local.set 1 (local.get 0))
            (block (drop (local.get 1)) (local.tee 1 (ref.func 0)) (drop))))
        """)))
        // A `try_table` forgets only what was set inside it, like any block.
        XCTAssertNoThrow(try ValidatedModule.load(try WAT.binary("""
        (module (elem declare func 0)
          (func (local (ref func)) (local.set 0 (ref.func 0)) (try_table) (drop (local.get 0))))
        """)))
        assertInvalid("""
        (module (elem declare func 0)
          (func (local (ref func)) (try_table (local.set 0 (ref.func 0))) (drop (local.get 0))))
        """, "uninitialized local 0")
    }

    func testTablesOfNonNullableReferencesNeedAnInitialiser() throws {
        assertInvalid("(module (table 1 (ref func)))", "needs an initialiser")
        let instance = try instantiate("""
        (module
          (type $r (func (result i32)))
          (func $seven (type $r) (i32.const 7))
          (table $t 3 (ref $r) (ref.func $seven))
          (func (export "call") (param i32) (result i32) (call_ref $r (table.get $t (local.get 0)))))
        """)
        XCTAssertEqual(try instance.invoke("call", [.i32(2)]), [.i32(7)])
    }
}
