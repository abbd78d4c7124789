// Behaviour of the Wasm 3.0 features through the embedding API: extended constant
// expressions, multiple memories, custom page sizes, tail calls in constant space.
import XCTest
@testable import PinionRuntime
import PinionValidation
import PinionTestSupport

final class Wasm3Tests: XCTestCase {
    private func instantiate(_ text: String, imports: Imports = Imports(), budgets: Budgets = Budgets(),
                             store: Store = Store()) throws -> Instance {
        let module = try ValidatedModule.load(try WAT.binary(text))
        return try store.instantiate(module, imports: imports, budgets: budgets)
    }

    func testExtendedConstantExpressions() throws {
        let instance = try instantiate("""
        (module
          (global $base i32 (i32.const 100))
          (global $scaled (export "scaled") i32 (i32.mul (i32.add (global.get $base) (i32.const 2)) (i32.const 3)))
          (global (export "wide") i64 (i64.sub (i64.const 0) (i64.mul (i64.const 0x100000000) (i64.const 3))))
          (memory 1)
          (data (offset (i32.sub (global.get $scaled) (i32.const 6))) "\\2a")
          (func (export "at") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """)
        guard case .global(let scaled) = instance.export("scaled"), case .global(let wide) = instance.export("wide") else {
            return XCTFail("globals not exported")
        }
        XCTAssertEqual(scaled.value, .i32(306))
        XCTAssertEqual(wide.value, .i64(UInt64(bitPattern: -0x3_0000_0000)))
        XCTAssertEqual(try instance.invoke("at", [.i32(300)]), [.i32(42)])
    }

    private let twoMemories = """
    (module
      (memory $a 1)
      (memory $b (export "b") 2 3)
      (data (memory $b) (i32.const 70000) "\\07")
      (func (export "store") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
      (func (export "loadA") (param i32) (result i32) (i32.load $a (local.get 0)))
      (func (export "loadB") (param i32) (result i32) (i32.load $b (local.get 0)))
      (func (export "loadB8") (param i32) (result i32) (i32.load8_u $b offset=70000 (local.get 0)))
      (func (export "sizes") (result i32 i32) (memory.size $a) (memory.size $b))
      (func (export "growB") (param i32) (result i32) (memory.grow $b (local.get 0)))
      (func (export "copyBA") (param i32 i32 i32) (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
      (func (export "fillB") (param i32 i32 i32) (memory.fill $b (local.get 0) (local.get 1) (local.get 2))))
    """

    func testLoadsStoresAndSizesOfASecondMemory() throws {
        let instance = try instantiate(twoMemories)
        XCTAssertEqual(try instance.invoke("loadB8", [.i32(0)]), [.i32(7)])  // its data segment
        _ = try instance.invoke("store", [.i32(100_000), .i32(0x1234_5678)])
        XCTAssertEqual(try instance.invoke("loadB", [.i32(100_000)]), [.i32(0x1234_5678)])
        XCTAssertEqual(try instance.invoke("loadA", [.i32(0)]), [.i32(0)])
        // Memory $a has one page: the access past it traps though $b is larger.
        XCTAssertThrowsError(try instance.invoke("loadA", [.i32(65535)])) {
            XCTAssertEqual(($0 as! Trap).kind, .outOfBoundsMemoryAccess)
        }
        XCTAssertEqual(try instance.invoke("sizes"), [.i32(1), .i32(2)])
        XCTAssertEqual(try instance.invoke("growB", [.i32(1)]), [.i32(2)])
        XCTAssertEqual(try instance.invoke("growB", [.i32(1)]), [.i32(UInt32.max)])  // its maximum is 3
        XCTAssertEqual(try instance.invoke("sizes"), [.i32(1), .i32(3)])
        // Bulk operations between memories.
        _ = try instance.invoke("fillB", [.i32(10), .i32(0xAB), .i32(4)])
        _ = try instance.invoke("copyBA", [.i32(0), .i32(10), .i32(4)])
        XCTAssertEqual(try instance.invoke("loadA", [.i32(0)]), [.i32(0xABAB_ABAB)])
        XCTAssertThrowsError(try instance.invoke("copyBA", [.i32(65534), .i32(0), .i32(4)])) {
            XCTAssertEqual(($0 as! Trap).kind, .outOfBoundsMemoryAccess)
        }
    }

    func testMemoryIndexIsValidated() throws {
        XCTAssertThrowsError(try ValidatedModule.load(try WAT.binary(
            "(module (memory 1) (func (drop (i32.load 1 (i32.const 0)))))"))) { error in
            XCTAssertTrue("\(error)".contains("unknown memory 1"), "\(error)")
        }
    }

    func testOneBytePages() throws {
        let instance = try instantiate("""
        (module
          (memory (export "m") 3 10 (pagesize 1))
          (func (export "size") (result i32) (memory.size))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """, budgets: Budgets(memoryBytes: 8))
        XCTAssertEqual(try instance.invoke("size"), [.i32(3)])
        XCTAssertThrowsError(try instance.invoke("load", [.i32(3)]))
        XCTAssertEqual(try instance.invoke("grow", [.i32(4)]), [.i32(3)])
        XCTAssertEqual(try instance.invoke("load", [.i32(6)]), [.i32(0)])
        // The budget is in bytes: 8 of them, though the module's maximum is 10 pages.
        XCTAssertEqual(try instance.invoke("grow", [.i32(2)]), [.i32(UInt32.max)])
        XCTAssertEqual(try instance.invoke("grow", [.i32(1)]), [.i32(7)])
        XCTAssertEqual(instance.memoryBudgetUsed, 8)
        XCTAssertEqual(instance.memory?.pageCount, 8)
    }

    func testPageSizesMustMatchToLink() throws {
        let store = Store()
        let exporter = try instantiate("(module (memory (export \"m\") 1 (pagesize 1)))", store: store)
        var imports = Imports()
        imports.register(exporter, as: "e")
        XCTAssertNoThrow(try instantiate("(module (import \"e\" \"m\" (memory 1 (pagesize 1))))", imports: imports, store: store))
        XCTAssertThrowsError(try instantiate("(module (import \"e\" \"m\" (memory 0)))", imports: imports, store: store))
    }

    private let tailCalls = """
    (module
      (type $count (func (param i64 i64) (result i64)))
      (func $host (import "h" "f") (param i64 i64) (result i64))
      (table funcref (elem $even $odd))
      (func $loop (export "loop") (param i64 i64) (result i64)
        (if (i64.eqz (local.get 0)) (then (return (local.get 1))))
        (return_call $loop (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 2))))
      (func $even (export "even") (param i64 i64) (result i64)
        (if (i64.eqz (local.get 0)) (then (return (i64.const 1))))
        (return_call_indirect (type $count) (i64.sub (local.get 0) (i64.const 1)) (local.get 1) (i32.const 1)))
      (func $odd (param i64 i64) (result i64) (local i64 i64 i64)
        (if (i64.eqz (local.get 0)) (then (return (i64.const 0))))
        (return_call_indirect (type $count) (i64.sub (local.get 0) (i64.const 1)) (local.get 1) (i32.const 0)))
      (func (export "notTail") (param i64) (result i64)
        (i64.add (call $loop (local.get 0) (i64.const 0)) (i64.const 1)))
      (func (export "viaHost") (param i64) (result i64) (return_call $host (local.get 0) (i64.const 5))))
    """

    /// Imports for `tailCalls`: `h.f` multiplies its arguments.
    private func hostImports(_ store: Store) -> Imports {
        var imports = Imports()
        let host = store.makeHostFunction(type: .init(parameters: [.i64, .i64], results: [.i64])) { _, slots in
            slots[0] = slots[0] &* slots[1]
        }
        imports.define("h", "f", .function(host))
        return imports
    }

    /// Ten million tail calls under a value stack of 64 slots and a call depth of 4: a call
    /// instead would need ten million frames.
    func testTailCallsRunInConstantSpace() throws {
        let store = Store()
        let budgets = Budgets(valueStackSlots: 64, maxCallDepth: 4)
        let instance = try instantiate(tailCalls, imports: hostImports(store), budgets: budgets, store: store)
        XCTAssertEqual(try instance.invoke("loop", [.i64(10_000_000), .i64(0)]), [.i64(20_000_000)])
        XCTAssertEqual(try instance.invoke("even", [.i64(1_000_001), .i64(0)]), [.i64(0)])
        XCTAssertEqual(try instance.invoke("even", [.i64(1_000_000), .i64(0)]), [.i64(1)])
        XCTAssertEqual(try instance.invoke("notTail", [.i64(1000)]), [.i64(2001)])
        XCTAssertEqual(try instance.invoke("viaHost", [.i64(7)]), [.i64(35)])
        XCTAssertEqual(instance.execution.nativeStackResumes, 0)
    }

    func testTailCallsAreChargedFuel() throws {
        let store = Store()
        let instance = try instantiate(tailCalls, imports: hostImports(store), budgets: Budgets(fuel: 10_000), store: store)
        XCTAssertThrowsError(try instance.invoke("loop", [.i64(1_000_000), .i64(0)])) {
            XCTAssertEqual(($0 as! Trap).kind, .outOfFuel)
        }
    }

    func testTailCallResultTypesMustMatch() throws {
        XCTAssertThrowsError(try ValidatedModule.load(try WAT.binary(
            "(module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))"))) { error in
            XCTAssertTrue("\(error)".contains("type mismatch"), "\(error)")
        }
    }
}
