// Behaviour of the engine through its embedding API: calls, traps with locations,
// budgets (memory, stack, call depth, fuel), interrupts, host functions, memory access.
import XCTest
import Synchronization
import PinionRuntime
import PinionValidation
import PinionTestSupport

final class EngineTests: XCTestCase {
    private func instantiate(_ text: String, imports: Imports = Imports(), budgets: Budgets = Budgets(),
                             store: Store = Store()) throws -> Instance {
        let module = try ValidatedModule.load(try WAT.binary(text))
        return try store.instantiate(module, imports: imports, budgets: budgets)
    }

    private let arithmetic = """
    (module
      (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "sum") (param i32) (result i32) (local i32)
        (block $done
          (loop $l
            (br_if $done (i32.eqz (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (local.get 0)))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br $l)))
        (local.get 1))
      (func (export "spin") (loop $l (br $l)))
      (func $deep (export "deep") (call $deep))
      (func $deepLocals (export "deepLocals") (local i64 i64 i64 i64) (call $deepLocals))
      (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    )
    """

    func testCallsAndLoops() throws {
        let instance = try instantiate(arithmetic)
        XCTAssertEqual(try instance.invoke("fib", [.i32(20)]), [.i32(6765)])
        XCTAssertEqual(try instance.invoke("sum", [.i32(100)]), [.i32(5050)])
    }

    func testTrapCarriesKindAndLocation() throws {
        let instance = try instantiate(arithmetic)
        XCTAssertThrowsError(try instance.invoke("div", [.i32(1), .i32(0)])) { error in
            let trap = error as! Trap
            XCTAssertEqual(trap.kind, .integerDivideByZero)
            XCTAssertEqual(trap.functionIndex, 5)
            XCTAssertNotNil(trap.offset)
        }
        XCTAssertThrowsError(try instance.invoke("div", [.i32(UInt32(bitPattern: Int32.min)), .i32(UInt32(bitPattern: -1))])) {
            XCTAssertEqual(($0 as! Trap).kind, .integerOverflow)
        }
        // The instance stays usable after a trap.
        XCTAssertEqual(try instance.invoke("div", [.i32(7), .i32(2)]), [.i32(3)])
    }

    func testCallDepthBudgetTraps() throws {
        let instance = try instantiate(arithmetic, budgets: Budgets(maxCallDepth: 500))
        XCTAssertThrowsError(try instance.invoke("deep")) {
            XCTAssertEqual(($0 as! Trap).kind, .callStackExhausted)
        }
        XCTAssertEqual(try instance.invoke("fib", [.i32(10)]), [.i32(55)])
    }

    func testValueStackBudgetTraps() throws {
        let instance = try instantiate(arithmetic, budgets: Budgets(valueStackSlots: 1024, maxCallDepth: 100_000))
        XCTAssertThrowsError(try instance.invoke("deepLocals")) {
            XCTAssertEqual(($0 as! Trap).kind, .valueStackExhausted)
        }
    }

    func testFuelRunsOutExactly() throws {
        let instance = try instantiate(arithmetic, budgets: Budgets(fuel: 10))
        // sum(n) takes n + 1 back-edges... n iterations each end with `br $l`.
        XCTAssertEqual(try instance.invoke("sum", [.i32(10)]), [.i32(55)])
        XCTAssertEqual(instance.remainingFuel, 0)
        XCTAssertThrowsError(try instance.invoke("sum", [.i32(1)])) {
            XCTAssertEqual(($0 as! Trap).kind, .outOfFuel)
        }
        instance.remainingFuel = 1_000_000
        XCTAssertEqual(try instance.invoke("sum", [.i32(1000)]), [.i32(500500)])
        XCTAssertEqual(instance.remainingFuel, 1_000_000 - 1000)
    }

    func testInterruptStopsTightLoopPromptly() throws {
        let instance = try instantiate(arithmetic)
        let raisedAt = Mutex<ContinuousClock.Instant?>(nil)
        let flag = instance.interrupt
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) {
            raisedAt.withLock { $0 = .now }
            flag.raise()
        }
        XCTAssertThrowsError(try instance.invoke("spin")) {
            XCTAssertEqual(($0 as! Trap).kind, .interrupted)
        }
        let latency = ContinuousClock.now - raisedAt.withLock { $0! }
        XCTAssertLessThan(latency, .milliseconds(10))
    }

    func testMemoryBudgetCapsGrow() throws {
        let text = """
        (module (memory (export "memory") 1 100)
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
        """
        let instance = try instantiate(text, budgets: Budgets(maxMemoryPages: 3))
        XCTAssertEqual(try instance.invoke("grow", [.i32(2)]), [.i32(1)])
        XCTAssertEqual(try instance.invoke("grow", [.i32(1)]), [.i32(UInt32.max)])
        XCTAssertEqual(instance.memory?.pageCount, 3)
        try instance.memory!.view.store(UInt32(0xDEADBEEF), at: 65536 * 3 - 4)
        XCTAssertEqual(try instance.invoke("load", [.i32(65536 * 3 - 4)]), [.i32(0xDEADBEEF)])
        XCTAssertThrowsError(try instance.invoke("load", [.i32(65536 * 3 - 3)])) {
            XCTAssertEqual(($0 as! Trap).kind, .outOfBoundsMemoryAccess)
        }
        XCTAssertThrowsError(try instance.memory!.view.load(UInt32.self, at: 65536 * 3 - 2))
        // A module asking for more than the budget at instantiation is refused.
        XCTAssertThrowsError(try instantiate("(module (memory 4))", budgets: Budgets(maxMemoryPages: 3))) {
            guard case InstantiationError.budgetExceeded = $0 else { return XCTFail("\($0)") }
        }
    }

    func testHostFunctionReadsArgumentsAndMemory() throws {
        let store = Store()
        var imports = Imports()
        let seen = Mutex<[UInt8]>([])
        let hostType = FunctionType(parameters: [.i32, .i32], results: [.i32])
        imports.define("env", "sum_bytes", .function(store.makeHostFunction(type: hostType) { caller, slots throws(Trap) in
            let bytes = try caller.memory!.read(at: UInt32(truncatingIfNeeded: slots[0]), count: UInt32(truncatingIfNeeded: slots[1]))
            seen.withLock { $0 = bytes }
            slots[0] = UInt64(bytes.reduce(0) { $0 + UInt32($1) })
        }))
        let text = """
        (module (import "env" "sum_bytes" (func $h (param i32 i32) (result i32)))
          (memory 1) (data (i32.const 8) "\\01\\02\\03")
          (func (export "run") (result i32) (call $h (i32.const 8) (i32.const 3))))
        """
        let instance = try instantiate(text, imports: imports, store: store)
        XCTAssertEqual(try instance.invoke("run"), [.i32(6)])
        XCTAssertEqual(seen.withLock { $0 }, [1, 2, 3])
    }

    func testUnlinkableImportNamesIt() throws {
        XCTAssertThrowsError(try instantiate("(module (import \"env\" \"missing\" (func)))")) {
            XCTAssertTrue("\($0)".contains("env.missing"), "\($0)")
        }
    }
}
