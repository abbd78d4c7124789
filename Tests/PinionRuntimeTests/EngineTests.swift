// Behaviour of the engine through its embedding API: calls, traps with locations,
// budgets (memory, stack, call depth, fuel), interrupts, host functions, memory access.
import XCTest
import Synchronization
@testable import PinionRuntime
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

    /// The loop's `br_if` runs with two operands in registers (the condition and 1000);
    /// every refuel happens there and must keep the 1000 below the condition.
    func testRefuelKeepsBothCachedOperands() throws {
        let instance = try instantiate("""
        (module (func (export "f") (param $n i32) (result i32)
          (i32.add (i32.const 1000)
            (block (result i32)
              (loop $m (local.set $n (i32.sub (local.get $n) (i32.const 1))) (br_if $m (local.get $n)))
              (i32.const 1)))))
        """, budgets: Budgets(fuel: 1_000_000))
        XCTAssertEqual(try instance.invoke("f", [.i32(5000)]), [.i32(1001)])
        XCTAssertEqual(instance.remainingFuel, 1_000_000 - 4999)  // the last br_if falls through
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

    /// Threaded dispatch is fast only if every handler tail-calls the next. One that does
    /// not leaves a native frame per execution, which the interpreter unwinds (correct but
    /// slow) and counts. This loop runs each kind of handler from both handler tables,
    /// including the slow paths for long immediates, 20,000 times; an optimized build must
    /// never need to unwind.
    func testEveryHandlerKeepsTheNativeStackFlat() throws {
        let store = Store()
        var imports = Imports()
        imports.define("env", "id", .function(store.makeHostFunction(type: FunctionType(parameters: [.i32], results: [.i32])) { _, _ throws(Trap) in }))
        let i32Binary = ["add", "sub", "mul", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr",
                         "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"]
        let floatBinary = ["add", "sub", "mul", "div", "min", "max", "copysign", "eq", "ne", "lt", "gt", "le", "ge"]
        let floatUnary = ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"]
        var body = i32Binary.map { "(drop (i32.\($0) (local.get $i) (i32.const 3)))" }
        body += i32Binary.map { "(drop (i64.\($0) (i64.extend_i32_u (local.get $i)) (i64.const 6364136223846793005)))" }
        body += ["div_s", "div_u", "rem_s", "rem_u"].map { "(drop (i32.\($0) (local.get $i) (i32.const 7)))" }
        body += ["div_s", "div_u", "rem_s", "rem_u"].map { "(drop (i64.\($0) (i64.const 100000) (i64.const 7)))" }
        body += ["clz", "ctz", "popcnt", "eqz", "extend8_s", "extend16_s"].map { "(drop (i32.\($0) (local.get $i)))" }
        body += ["f32", "f64"].flatMap { t in
            floatBinary.map { "(drop (\(t).\($0) (\(t).convert_i32_s (local.get $i)) (\(t).const 1.5)))" }
                + floatUnary.map { "(drop (\(t).\($0) (\(t).const 2.25)))" }
        }
        body += ["i32.trunc_f32_s", "i32.trunc_sat_f32_u", "i64.trunc_f32_s", "i64.trunc_sat_f32_s"].map { "(drop (\($0) (f32.const 7.5)))" }
        body += ["i32.trunc_f64_u", "i64.trunc_f64_u", "i64.trunc_sat_f64_u"].map { "(drop (\($0) (f64.const 7.5)))" }
        body += [
            "(drop (i32.const 1831565813))", "(drop (i32.const 100000))", "(drop (i32.const -1))",
            // The same slow paths with two operands cached in registers (the second table).
            "(drop (i32.add (local.get $i) (i32.const 1831565813)))", "(drop (i32.add (local.get $i) (local.get $far)))",
            "(drop (i64.add (i64.const 1) (i64.const 100000000)))", "(drop (i32.add (local.get $i) (call $inc (local.get $i))))",
            // A back-edge `br_if` from the cached table that drops a value, and refuels there.
            "(local.set $k (i32.const 3))",
            "(drop (loop $m (result i32) (local.set $k (i32.sub (local.get $k) (i32.const 1))) (i32.const 5) (local.get $k) (br_if $m)))",
            "(drop (f32.demote_f64 (f64.promote_f32 (f32.const 1))))", "(drop (i32.wrap_i64 (i64.extend_i32_s (local.get $i))))",
            "(drop (i32.reinterpret_f32 (f32.reinterpret_i32 (local.get $i))))",
            "(i32.store (i32.const 16) (local.get $i))", "(i64.store offset=1000 (i32.const 0) (i64.const 5))",
            "(i32.store8 (i32.const 3) (local.get $i))", "(i64.store16 (i32.const 4) (i64.const 9))",
            "(drop (i32.load (i32.const 16)))", "(drop (i64.load offset=1000 (i32.const 0)))",
            "(drop (i32.load8_s (i32.const 3)))", "(drop (i64.load16_u (i32.const 4)))", "(drop (i64.load32_s (i32.const 16)))",
            "(drop (memory.size))", "(drop (memory.grow (i32.const 0)))",
            "(memory.fill (i32.const 100) (i32.const 7) (i32.const 8))", "(memory.copy (i32.const 200) (i32.const 100) (i32.const 8))",
            "(global.set $g (i32.add (global.get $g) (i32.const 1)))",
            "(local.set $far (local.tee $far (local.get $far)))",
            "(drop (select (local.get $i) (i32.const 2) (local.get $i)))",
            "(drop (select (result i64) (i64.const 1) (i64.const 2) (local.get $i)))",
            "(drop (ref.is_null (ref.func $inc)))", "(drop (ref.is_null (ref.null extern)))",
            "(table.set $t (i32.const 0) (table.get $t (i32.const 0)))",
            "(drop (call $inc (local.get $i)))", "(drop (call_indirect (type $unary) (local.get $i) (i32.const 1)))",
            "(drop (call $id (local.get $i)))", "(call $pair) (drop) (drop)",
            "(block $b (br_table $b $b (i32.and (local.get $i) (i32.const 1))))",
            "(if (i32.and (local.get $i) (i32.const 1)) (then nop) (else nop))",
            "(drop (block (result i32) (i32.const 1) (i32.const 2) (br_if 0 (local.get $i)) (drop)))",
            "(drop (block (result i32 i32) (i32.const 1) (i32.const 2) (i32.const 3) (br 0)) (drop))",
        ]
        let text = """
        (module
          (import "env" "id" (func $id (param i32) (result i32)))
          (type $unary (func (param i32) (result i32)))
          (memory 1) (global $g (mut i32) (i32.const 0))
          (table $t 2 funcref) (elem (i32.const 0) $inc $inc) (elem declare func $inc)
          (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $pair (result i32 i32) (i32.const 1) (i32.const 2))
          (func (export "run") (result i32) (local $i i32) \((0..<200).map { _ in "(local i32)" }.joined()) (local $far i32) (local $k i32)
            (local.set $i (i32.const 20000))
            (loop $l
              \(body.joined(separator: "\n      "))
              (br_if $l (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
            (global.get $g)))
        """
        let instance = try instantiate(text, imports: imports, store: store)
        XCTAssertEqual(try instance.invoke("run"), [.i32(20000)])
        #if !DEBUG
        XCTAssertEqual(instance.execution.nativeStackResumes, 0, "a handler was not tail-called")
        #endif
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
        XCTAssertEqual(try instance.invoke("load", [.i32(UInt32(65536 * 3 - 4))]), [.i32(0xDEADBEEF)])
        XCTAssertThrowsError(try instance.invoke("load", [.i32(UInt32(65536 * 3 - 3))])) {
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

    // MARK: Budgets bound memory and time (issue 12)

    /// Memories and tables the instance defines share one account: tables used to have only
    /// a per-table element limit, so eight of them could take 8 x 80 MB under 1 MiB.
    func testTablesAndMemoryShareOneMemoryBudget() throws {
        let tables = (0..<8).map { "(table $t\($0) 0 funcref)" }.joined(separator: " ")
        let grows = (0..<8).map { "(table.grow $t\($0) (ref.null func) (local.get 0))" }.joined(separator: " ")
        let text = """
        (module (memory (export "memory") 4) \(tables)
          (func (export "grow") (param i32) (result i32 i32 i32 i32 i32 i32 i32 i32) \(grows))
          (func (export "pages") (param i32) (result i32) (memory.grow (local.get 0))))
        """
        let instance = try instantiate(text, budgets: Budgets(memoryBytes: 1 << 20))
        XCTAssertEqual(instance.memoryBudgetUsed, 4 * 65536)
        // 20,000 elements are 160,000 bytes: four tables fit in the 768 KiB left, not five.
        let results = try instance.invoke("grow", [.i32(20_000)])
        XCTAssertEqual(results, [.i32(0), .i32(0), .i32(0), .i32(0)] + Array(repeating: .i32(UInt32.max), count: 4))
        XCTAssertEqual(instance.memoryBudgetUsed, 4 * 65536 + 4 * 160_000)
        // The memory cannot take what the tables use: 146,432 bytes are left, two pages.
        XCTAssertEqual(try instance.invoke("pages", [.i32(2)]), [.i32(4)])
        XCTAssertEqual(try instance.invoke("pages", [.i32(1)]), [.i32(UInt32.max)])
    }

    /// A start function is stopped by the interrupt flag passed to instantiate.
    func testInterruptStopsTheStartFunction() throws {
        let module = try ValidatedModule.load(try WAT.binary("(module (func $s (loop (br 0))) (start $s))"))
        let flag = InterruptFlag()
        flag.raise()
        XCTAssertThrowsError(try Store().instantiate(module, interrupt: flag)) {
            guard case InstantiationError.trap(let trap) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(trap.kind, .interrupted)
        }
    }

    private let bulk = """
    (module (memory (export "memory") 32) (table 100000 funcref)
      (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0)))
      (func (export "copy") (param i32) (memory.copy (i32.const 1) (i32.const 0) (local.get 0)))
      (func (export "tableFill") (param i32) (table.fill 0 (i32.const 0) (ref.null func) (local.get 0))))
    """

    /// Bulk operations cost fuel by size (one unit per 64 KiB): a fill of 1 MiB no longer
    /// costs nothing, so `fuel` bounds memsets as it bounds loops.
    func testFuelIsChargedForBulkOperationsBySize() throws {
        var instance = try instantiate(bulk, budgets: Budgets(fuel: 10))
        XCTAssertEqual(try instance.invoke("fill", [.i32(1000)]), [], "small operations cost no extra fuel")
        XCTAssertThrowsError(try instance.invoke("fill", [.i32(1 << 20)])) { XCTAssertEqual(($0 as! Trap).kind, .outOfFuel) }
        XCTAssertEqual(try instance.memory!.view.load(UInt8.self, at: 2000), 0, "nothing is written without the fuel for it")
        instance = try instantiate(bulk, budgets: Budgets(fuel: 10))
        XCTAssertThrowsError(try instance.invoke("copy", [.i32(1 << 20 - 1)])) { XCTAssertEqual(($0 as! Trap).kind, .outOfFuel) }
        instance = try instantiate(bulk, budgets: Budgets(fuel: 10))
        XCTAssertThrowsError(try instance.invoke("tableFill", [.i32(100_000)])) { XCTAssertEqual(($0 as! Trap).kind, .outOfFuel) }
        instance = try instantiate(bulk, budgets: Budgets(fuel: 100))
        XCTAssertEqual(try instance.invoke("fill", [.i32(1 << 20)]), [])
        XCTAssertEqual(try instance.memory!.view.load(UInt8.self, at: (1 << 20) - 1), 7)
        XCTAssertEqual(instance.remainingFuel, 100 - 16)
    }

    /// The interrupt flag stops a bulk operation even in code without calls or loops,
    /// which used to run to completion; a copy in chunks still moves overlapping bytes right.
    func testInterruptStopsBulkOperations() throws {
        let instance = try instantiate(bulk)
        let view = instance.memory!.view
        for i in 0..<UInt32(3 << 19) { try view.store(UInt8(truncatingIfNeeded: i % 251), at: i) }
        XCTAssertEqual(try instance.invoke("copy", [.i32(3 << 19)]), [])
        XCTAssertEqual(try view.load(UInt8.self, at: 1 + 1_000_000), UInt8(1_000_000 % 251), "chunked overlapping copy")
        instance.interrupt.raise()
        XCTAssertThrowsError(try instance.invoke("fill", [.i32(1 << 20)])) { XCTAssertEqual(($0 as! Trap).kind, .interrupted) }
    }

    /// Budgets out of range are refused with the budget named, before anything is
    /// allocated; they used to abort the process or overflow into a tiny stack.
    func testOutOfRangeBudgetsFailCleanly() throws {
        for budgets in [Budgets(valueStackSlots: 1 << 32), Budgets(valueStackSlots: 1 << 61), Budgets(valueStackSlots: 0),
                        Budgets(maxCallDepth: Int.max), Budgets(memoryBytes: 1 << 40)] {
            XCTAssertThrowsError(try budgets.validate())
            XCTAssertThrowsError(try instantiate("(module)", budgets: budgets)) {
                guard case InstantiationError.budgetExceeded(let message) = $0 else { return XCTFail("\($0)") }
                XCTAssertTrue(message.contains("budget"), message)
            }
        }
        XCTAssertThrowsError(try Budgets(valueStackSlots: 1 << 32).validate()) {
            XCTAssertEqual("\($0)", "stack budget of 4294967296 slots is out of range: 1 to 268435456 slots (2 GiB)")
        }
        XCTAssertNoThrow(try Budgets().validate())
    }
}
