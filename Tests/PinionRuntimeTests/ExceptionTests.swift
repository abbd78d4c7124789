// Exception handling through the embedding API: what the spec scripts cannot show —
// memory staying flat over many throws, the exnref budget, exceptions leaving `invoke` as
// their own error and crossing host functions and tail calls, traps never being caught.
import XCTest
@testable import PinionRuntime
import PinionValidation
import PinionTestSupport

final class ExceptionTests: XCTestCase {
    private func load(_ text: String) throws -> ValidatedModule {
        try ValidatedModule.load(try WAT.binary(text))
    }

    private func instantiate(_ text: String, imports: Imports = Imports(), store: Store = Store()) throws -> Instance {
        try store.instantiate(try load(text), imports: imports)
    }

    /// Throws `n` times, each caught by `catch` (or `catch_all`) in the caller.
    private let throwLoop = """
    (module
      (tag $e (param i32))
      (func $thrower (param i32) (throw $e (local.get 0)))
      (func (export "loop") (param $n i32) (result i32)
        (local $sum i32)
        (block $done
          (loop $again
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $sum (i32.add (local.get $sum)
              (block $caught (result i32)
                (try_table (catch $e $caught) (call $thrower (local.get $n)))
                (i32.const 0))))
            (block $any
              (try_table (catch_all $any) (call $thrower (i32.const 1))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $again)))
        (local.get $sum))
      (func (export "keep") (param $n i32)
        (loop $again
          (block $caught (result exnref)
            (try_table (catch_all_ref $caught) (call $thrower (i32.const 0)))
            (unreachable))
          (drop)
          (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
    """

    func testCatchingWithoutReferenceFreesEachException() throws {
        let store = Store()
        let instance = try instantiate(throwLoop, store: store)
        XCTAssertEqual(try instance.invoke("loop", [.i32(200_000)]), [.i32(UInt32(truncatingIfNeeded: 200_000 * 200_001 / 2))])
        XCTAssertEqual(store.liveExceptionCount, 0)
        // One object was ever needed at a time.
        XCTAssertEqual(store.exceptions.objects.count, 1)
    }

    func testExceptionReferencesAreBoundedByTheBudget() throws {
        let store = Store()
        store.exceptionReferenceBudget = 10
        let instance = try instantiate(throwLoop, store: store)
        XCTAssertNoThrow(try instance.invoke("keep", [.i32(10)]))
        XCTAssertThrowsError(try instance.invoke("keep", [.i32(1)])) {
            XCTAssertEqual(($0 as? Trap)?.kind, .exceptionReferencesExhausted)
        }
    }

    func testUncaughtExceptionLeavesInvokeAsAnExceptionWithItsPayload() throws {
        let store = Store()
        let instance = try instantiate("""
        (module
          (tag $e (export "e") (param i32 i64))
          (func (export "throw") (throw $e (i32.const 7) (i64.const -2))))
        """, store: store)
        XCTAssertThrowsError(try instance.invoke("throw")) { error in
            guard let trap = error as? Trap, case .exception(let e) = trap.kind else { return XCTFail("\(error)") }
            XCTAssertTrue(trap.isException)
            XCTAssertEqual(e.payload, [.i32(7), .i64(UInt64(bitPattern: -2))])
            guard case .tag(let exported) = instance.export("e") else { return XCTFail("tag not exported") }
            XCTAssertEqual(e.tag, exported)
        }
        XCTAssertEqual(store.liveExceptionCount, 0)
    }

    func testTrapsAreNotCaught() throws {
        let instance = try instantiate("""
        (module
          (func (export "f") (result i32)
            (block $h
              (try_table (catch_all $h) (unreachable)))
            (i32.const 1)))
        """)
        XCTAssertThrowsError(try instance.invoke("f")) { error in
            XCTAssertEqual((error as? Trap)?.kind, .unreachable)
            XCTAssertEqual((error as? Trap)?.isException, false)
        }
    }

    /// Module A throws; B calls it through a host function that invokes A's export (the
    /// exception leaves A's `invoke` as a Swift error and the host rethrows it), and directly
    /// as an import; B's handlers catch it both ways, with the payload.
    func testExceptionsCrossHostFunctionsAndInstances() throws {
        let store = Store()
        let a = try instantiate("""
        (module
          (tag $e (export "e") (param i32))
          (func (export "throw") (param i32) (throw $e (i32.mul (local.get 0) (i32.const 2)))))
        """, store: store)
        let throwA = a.function("throw")!
        let viaHost = store.makeHostFunction(type: FunctionType(parameters: [.i32], results: [])) { _, slots throws(Trap) in
            _ = try throwA.invoke([.i32(UInt32(truncatingIfNeeded: slots[0]))])
        }
        var imports = Imports()
        imports.register(a, as: "a")
        imports.define("host", "throw", .function(viaHost))
        let b = try instantiate("""
        (module
          (import "a" "e" (tag $e (param i32)))
          (import "a" "throw" (func $direct (param i32)))
          (import "host" "throw" (func $host (param i32)))
          (func (export "direct") (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $e $h) (call $direct (local.get 0)))
              (i32.const -1)))
          (func (export "host") (param i32) (result i32)
            (block $h (result i32)
              (try_table (catch $e $h) (call $host (local.get 0)))
              (i32.const -1))))
        """, imports: imports, store: store)
        XCTAssertEqual(try b.invoke("direct", [.i32(5)]), [.i32(10)])
        XCTAssertEqual(try b.invoke("host", [.i32(21)]), [.i32(42)])
        XCTAssertEqual(store.liveExceptionCount, 0)
    }

    /// A tail call leaves the calling function's handlers behind: the exception from the
    /// callee reaches the caller's caller.
    func testTailCallLeavesTheReplacedFunctionsHandlers() throws {
        let instance = try instantiate("""
        (module
          (tag $e (param i32))
          (func $thrower (param i32) (throw $e (local.get 0)))
          (func $tail (param i32)
            (block $inner (result i32)
              (try_table (catch $e $inner) (return_call $thrower (local.get 0)))
              (unreachable))
            (drop)
            (throw $e (i32.const -100)))
          (func (export "f") (result i32)
            (block $outer (result i32)
              (try_table (catch $e $outer) (call $tail (i32.const 3)))
              (i32.const -1))))
        """)
        XCTAssertEqual(try instance.invoke("f"), [.i32(3)])
    }

    /// `catch_ref` then `throw_ref`: the payload survives a rethrow, and each catch leaves
    /// the operands below its label as they were when the label's block began.
    func testRethrowKeepsThePayloadAndTheStackBelowTheLabel() throws {
        let instance = try instantiate("""
        (module
          (tag $e (param i32 i32))
          (func $deep (param i32) (result i32)
            (i32.const 99) (i32.const 98)  ;; operands the throw abandons
            (throw $e (local.get 0) (i32.const 5)))
          (func (export "f") (result i32)
            (local $x exnref)
            (i32.const 1000)
            (block $h (result i32 i32 exnref)
              (try_table (catch_ref $e $h) (drop (call $deep (i32.const 40))))
              (unreachable))
            (local.set $x)  ;; 1000 40 5
            (i32.add)       ;; 1000 45
            (block $again (result i32 i32)
              (try_table (catch $e $again) (throw_ref (local.get $x)))
              (unreachable))  ;; 1000 45 40 5
            (i32.add) (i32.add) (i32.add)))
        """)
        XCTAssertEqual(try instance.invoke("f"), [.i32(1090)])
    }

    /// A throw continues at its handler with a tail call: a loop that throws, rethrows
    /// and catches leaves no native frames behind (compare EngineTests' check).
    func testThrowingLeavesNoNativeFrames() throws {
        let instance = try instantiate("""
        (module
          (tag $e (param i32))
          (func (export "f") (param $n i32)
            (loop $again
              (block $outer
                (block $h (result i32 exnref)
                  (try_table (catch_ref $e $h) (throw $e (local.get $n)))
                  (unreachable))
                (try_table (param exnref) (catch_all $outer) (throw_ref))
                (unreachable))
              (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
        """)
        _ = try instance.invoke("f", [.i32(50_000)])
        XCTAssertEqual(instance.execution.nativeStackResumes, 0, "a throw was not tail-called")
    }

    /// A catch that branches back to a loop makes a loop of throws with no other back-edge
    /// or call: throws are charged against fuel, so it still ends.
    func testALoopOfThrowsRunsOutOfFuel() throws {
        let module = try load("""
        (module
          (tag $e)
          (func (export "f") (loop $l (try_table (catch $e $l) (throw $e)))))
        """)
        var budgets = Budgets()
        budgets.fuel = 100_000
        let instance = try Store().instantiate(module, budgets: budgets)
        XCTAssertThrowsError(try instance.invoke("f")) {
            XCTAssertEqual(($0 as? Trap)?.kind, .outOfFuel)
        }
    }

    func testNullExceptionReferenceTraps() throws {
        let instance = try instantiate("(module (func (export \"f\") (throw_ref (ref.null exn))))")
        XCTAssertThrowsError(try instance.invoke("f")) {
            XCTAssertEqual(($0 as? Trap)?.kind, .nullExceptionReference)
        }
    }

    /// The old proposal's `try` (0x06) is named, not called malformed.
    func testLegacyExceptionsAreAnUnsupportedFeature() throws {
        // (module (func try end)): type () -> (), one function, body `try (empty) end end`.
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
                              0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                              0x03, 0x02, 0x01, 0x00,
                              0x0A, 0x07, 0x01, 0x05, 0x00, 0x06, 0x40, 0x0B, 0x0B]
        XCTAssertThrowsError(try ValidatedModule.load(bytes)) { error in
            guard case .unsupported(let feature, _, _) = error as? LoadError else { return XCTFail("\(error)") }
            XCTAssertEqual(feature, .legacyExceptions)
            XCTAssertTrue("\(error)".contains("unsupported feature: legacy exceptions"), "\(error)")
        }
    }
}
