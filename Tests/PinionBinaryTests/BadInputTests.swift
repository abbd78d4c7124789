// PinionBinaryTests: hostile and broken input. Each case must end in a clear error (or a
// successful load where the module is in fact valid), without crashing the host
// or allocating in proportion to a declared count: deep nesting, a huge br_table, huge
// declared counts, oversized LEBs, megabytes of zeros, every truncation of a real module,
// and a deterministic random-mutation smoke test that also runs whatever still loads.
import XCTest
import PinionRuntime
import PinionTestSupport

/// A module using most of the format: types, memory, table, globals, elem and data
/// segments, calls, call_indirect, loops, br_table, memory and float instructions.
private let sampleText = """
(module
  (type $bin (func (param i32 i32) (result i32)))
  (memory (export "memory") 1 2)
  (table 4 funcref)
  (global $counter (mut i32) (i32.const 0))
  (global $k i64 (i64.const 77))
  (elem (i32.const 0) $add $sub $fib)
  (data (i32.const 16) "hello, pinion")
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "dispatch") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "sum") (param i32) (result i64) (local i64)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (i64.add (local.get 1) (i64.sub (global.get $k) (i64.const 77))))
  (func (export "classify") (param i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (i32.const 100)))
      (return (i32.const 200)))
    (i32.const 300))
  (func (export "checksum") (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.load8_u offset=16 (local.get 0))))
      (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 13))))
    (i32.store (i32.const 0) (local.get 1))
    (memory.fill (i32.const 32) (i32.const 7) (i32.const 8))
    (local.get 1))
  (func (export "floats") (param f64) (result f32)
    (f32.demote_f64 (f64.sqrt (f64.mul (local.get 0) (local.get 0))))))
"""

/// Small budgets for running untrusted mutants.
private let smallBudgets = Budgets(maxMemoryPages: 16, valueStackSlots: 16 * 1024, maxCallDepth: 500,
                                   maxTableElements: 1024, fuel: 100_000)

/// Instantiates `module` under small budgets and calls every exported function with zero
/// arguments. Returns how many calls returned normally; traps and failed instantiation
/// are fine, a crash is not.
@discardableResult
private func instantiateAndCallExports(_ module: ValidatedModule) -> (instantiated: Bool, returned: Int) {
    let store = Store()
    guard let instance = try? store.instantiate(module, budgets: smallBudgets) else { return (false, 0) }
    var returned = 0
    for name in instance.exportNames {
        guard let f = instance.function(name) else { continue }
        let arguments = f.type.parameters.map(Value.zero)
        if let results = try? f.invoke(arguments) {
            XCTAssertEqual(results.map(\.type), f.type.results, "results of \(name)")
            returned += 1
        }
    }
    return (true, returned)
}

/// SplitMix64: a fixed-seed generator, so every run tries the same inputs.
private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

final class BadInputTests: XCTestCase {
    // MARK: Deep nesting

    /// 100,000 nested blocks, a branch from the innermost to the outermost: the validator
    /// keeps its control stack on the heap, so this validates (and runs) without deep host
    /// recursion.
    func testHundredThousandNestedBlocks() throws {
        let depth = 100_000
        var code: [UInt8] = []
        code.reserveCapacity(depth * 3 + 16)
        for _ in 0..<depth { code += [0x02, 0x40] }
        code += [0x20, 0x00, 0x0D] + Wasm.leb(UInt64(depth - 1))  // br_if to the outermost block
        for _ in 0..<depth { code.append(0x0B) }
        code += [0x41, 0x07, 0x0B]
        let bytes = Wasm.oneFunction([.i32], [.i32], codeEntry: Wasm.body(code))

        let m = try ValidatedModule.load(bytes)
        XCTAssertEqual(m.sideTableCount, 1)
        let brIf = 2 * depth + 2  // offset of br_if in the code
        XCTAssertEqual(m.sideTable[0], SideTableEntry(pcDelta: Int32(brIf + 4 + depth - brIf), stpDelta: 1,
                                                      valueCount: 0, popCount: 0))
        let instance = try Store().instantiate(m)
        XCTAssertEqual(try instance.invoke("f", [.i32(1)]), [.i32(7)])
        XCTAssertEqual(try instance.invoke("f", [.i32(0)]), [.i32(7)])
    }

    /// An unclosed nest of 100,000 blocks ends in a clean error, not a crash.
    func testHundredThousandUnclosedBlocks() {
        var code: [UInt8] = []
        for _ in 0..<100_000 { code += [0x02, 0x40] }
        code.append(0x0B)
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body(code)), "unexpected end of section or function")
    }

    /// `depth` nested `if`s testing local 0; the outermost `if`'s entry skips every inner one.
    private func nestedIfs(_ depth: Int) -> [UInt8] {
        var code: [UInt8] = []
        for _ in 0..<depth { code += [0x20, 0x00, 0x04, 0x40] }
        for _ in 0..<depth { code.append(0x0B) }
        code.append(0x0B)
        return Wasm.oneFunction([.i32], codeEntry: Wasm.body(code))
    }

    /// 30,000 nested `if`s fit the side table's 16-bit entry distance and run.
    func testThirtyThousandNestedIfs() throws {
        let depth = 30_000
        let m = try ValidatedModule.load(nestedIfs(depth))
        XCTAssertEqual(m.sideTableCount, depth)
        XCTAssertEqual(m.sideTable[0].stpDelta, Int16(depth))
        let instance = try Store().instantiate(m)
        XCTAssertEqual(try instance.invoke("f", [.i32(0)]), [])
        XCTAssertEqual(try instance.invoke("f", [.i32(1)]), [])
    }

    /// 100,000 nested `if`s put 100,000 side-table entries between the outermost `if` and
    /// its end: beyond the implementation limit, and said so.
    func testHundredThousandNestedIfsHitTheImplementationLimit() {
        assertInvalid(nestedIfs(100_000), "implementation limit: function has too many branches")
    }

    // MARK: A huge br_table

    /// (block $out (block $in (br_table $in $out $in ... (default $out) (local.get 0)))
    ///   (return 1)) 2
    private func bigBrTable(_ targets: Int) -> [UInt8] {
        var code: [UInt8] = [0x02, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0E] + Wasm.leb(UInt64(targets))
        code.reserveCapacity(targets + 32)
        for i in 0..<targets { code.append(UInt8(i % 2)) }
        code += [0x01]  // default: $out
        code += [0x0B, 0x41, 0x01, 0x0F, 0x0B, 0x41, 0x02, 0x0B]
        return Wasm.oneFunction([.i32], [.i32], codeEntry: Wasm.body(code))
    }

    func testBrTableWithThirtyThousandTargets() throws {
        let targets = 30_000
        let m = try ValidatedModule.load(bigBrTable(targets))
        XCTAssertEqual(m.sideTableCount, targets + 1)
        let instance = try Store().instantiate(m)
        XCTAssertEqual(try instance.invoke("f", [.i32(0)]), [.i32(1)])        // $in
        XCTAssertEqual(try instance.invoke("f", [.i32(1)]), [.i32(2)])        // $out
        XCTAssertEqual(try instance.invoke("f", [.i32(UInt32(targets - 2))]), [.i32(1)])
        XCTAssertEqual(try instance.invoke("f", [.i32(UInt32(targets - 1))]), [.i32(2)])
        XCTAssertEqual(try instance.invoke("f", [.i32(UInt32.max)]), [.i32(2)])  // default
    }

    /// A million targets: a clear implementation-limit error, not a crash.
    func testBrTableWithAMillionTargetsHitsTheImplementationLimit() {
        assertInvalid(bigBrTable(1_000_000), "implementation limit: function has too many branches")
    }

    func testBrTableDeclaringMoreTargetsThanBytes() {
        // br_table claiming 2^32 - 1 targets, with one present: the body's final `end`
        // byte is read as the next target, label 11. Nothing is sized by the count.
        let code: [UInt8] = [0x41, 0x00, 0x0E, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x0B]
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body(code)), "unknown label 11")
    }

    // MARK: Huge declared counts

    func testTypeSectionDeclaringFourBillionTypes() {
        let bytes = Wasm.module(Wasm.section(1, Wasm.leb(UInt64(UInt32.max))))
        XCTAssertEqual(bytes.count, 15)
        assertMalformed(bytes, "length out of bounds")
    }

    func testOtherHugeVectorCounts() {
        let huge = Wasm.leb(UInt64(UInt32.max))
        for id: UInt8 in [2, 3, 4, 5, 6, 7, 9, 10, 11] {  // import ... data
            assertMalformed(Wasm.module(Wasm.section(id, huge + [0, 0, 0])), "length out of bounds")
        }
        // A type with four billion parameters; a name four billion bytes long.
        assertMalformed(Wasm.module(Wasm.section(1, [0x01, 0x60] + huge)), "length out of bounds")
        assertMalformed(Wasm.module(Wasm.section(0, huge + [0x61])), "length out of bounds")
        // A code entry whose size says four billion bytes.
        assertMalformed(Wasm.module(Wasm.section(1, Wasm.vector([Wasm.functionType([], [])])),
                                    Wasm.section(3, [0x01, 0x00]),
                                    Wasm.section(10, [0x01] + huge + [0x00, 0x0B])), "length out of bounds")
    }

    func testLocalCountsBeyondAddressable() {
        // Two groups of 2^31 locals: more than 2^32 - 1 in all.
        let half: UInt32 = 1 << 31
        assertMalformed(Wasm.oneFunction(codeEntry: Wasm.body(locals: [(half, .i32), (half, .i64)], [0x0B])),
                        "too many locals")
        // Four billion locals in groups, within u32 in total: over the implementation limit,
        // refused before anything is allocated for them.
        let quarter: UInt32 = (1 << 30) - 1
        let bytes = Wasm.oneFunction(codeEntry: Wasm.body(locals: [(quarter, .i32), (quarter, .i64), (quarter, .f32),
                                                                   (quarter, .f64)], [0x0B]))
        assertInvalid(bytes, "too many locals")
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body(locals: [(UInt32.max, .i32)], [0x0B])), "too many locals")
    }

    func testLocalsImplementationLimit() throws {
        // 50,001 locals: one over the limit.
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body(locals: [(50_001, .i32)], [0x0B])),
                      "too many locals (implementation limit 50000)")
        // Parameters count too: 1 parameter + 50,000 locals is over.
        assertInvalid(Wasm.oneFunction([.i32], codeEntry: Wasm.body(locals: [(50_000, .i64)], [0x0B])),
                      "too many locals (implementation limit 50000)")
        // Exactly at the limit: loads, and every local starts at zero.
        let code: [UInt8] = [0x20] + Wasm.leb(49_999) + [0x0B]
        let m = try ValidatedModule.load(Wasm.oneFunction([.i32], [.i64], codeEntry: Wasm.body(locals: [(49_999, .i64)], code)))
        XCTAssertEqual(m.functions[0].localCount, 49_999)
        XCTAssertEqual(try Store().instantiate(m).invoke("f", [.i32(5)]), [.i64(0)])
    }

    // MARK: Oversized LEBs

    func testOversizedLEBInCode() {
        // i32.const with a 6-byte LEB.
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A, 0x0B])),
                      "integer representation too long")
        // i64.const with an 11-byte LEB.
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x42] + [UInt8](repeating: 0x80, count: 10) + [0x00, 0x1A, 0x0B])),
                      "integer representation too long")
        // local.get with bits beyond 32.
        assertInvalid(Wasm.oneFunction([.i32], codeEntry: Wasm.body([0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x1A, 0x0B])),
                      "integer too large")
        // A block type index beyond s33.
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0B, 0x0B])),
                      "integer representation too long")
        // A LEB that runs into the end of the body.
        assertInvalid(Wasm.oneFunction(codeEntry: Wasm.body([0x41, 0x80, 0x80, 0x0B])), "unexpected end")
    }

    func testOversizedLEBInFraming() {
        // Section size with 6 bytes.
        assertMalformed(Wasm.header + [0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], "integer representation too long")
        // Code entry size with bits beyond 32.
        assertMalformed(Wasm.module(Wasm.section(1, Wasm.vector([Wasm.functionType([], [])])),
                                    Wasm.section(3, [0x01, 0x00]),
                                    Wasm.section(10, [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, 0x0B])), "integer too large")
    }

    // MARK: Bulk garbage

    func testTenMegabytesOfZerosAfterTheHeader() {
        let bytes = Wasm.header + [UInt8](repeating: 0, count: 10 << 20)
        // Section 0 (custom) of size 0: no room for its name.
        assertMalformed(bytes, "unexpected end")
    }

    func testGarbageHeaders() {
        assertMalformed([], "unexpected end")
        assertMalformed([0x00, 0x61, 0x73], "unexpected end")
        assertMalformed([0x00, 0x61, 0x73, 0x6E, 0x01, 0, 0, 0], "magic header not detected")
        assertMalformed([0x00, 0x61, 0x73, 0x6D, 0x02, 0, 0, 0], "unknown binary version")
        assertMalformed(Wasm.header + [0x0E, 0x00], "malformed section id")
    }

    // MARK: Truncation

    /// Every prefix of a real module fails cleanly, except prefixes that end exactly on a
    /// section boundary and happen to be a complete module themselves.
    func testEveryTruncationOfARealModule() throws {
        let bytes = try WAT.binary(sampleText)
        let full = try ValidatedModule.load(bytes)
        let (_, returned) = instantiateAndCallExports(full)
        XCTAssertEqual(returned, 6)  // the unmutated module: every export returns

        let sections = Wasm.sections(of: bytes)
        XCTAssertTrue(sections.contains { $0.id == 10 } && sections.contains { $0.id == 11 })
        var boundaries: [Int: Bool] = [8: true]  // prefix length -> whether it is a valid module
        for (k, s) in sections.enumerated() {
            let present = Set(sections[...k].map(\.id))
            let functionsMatch = !present.contains(3) || present.contains(10)
            let dataMatches = !present.contains(12) || present.contains(11)
            boundaries[s.range.upperBound] = functionsMatch && dataMatches
        }
        var loaded: [Int] = []
        for length in 0..<bytes.count {
            do {
                _ = try ValidatedModule.load(bytes[0..<length])
                loaded.append(length)
            } catch {
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
        let expected = boundaries.filter { $0.value && $0.key < bytes.count }.keys.sorted()
        XCTAssertEqual(loaded, expected)
        XCTAssertTrue(loaded.contains(8))  // the header alone is an empty module
    }

    // MARK: Random mutation

    /// 2,000 deterministic mutants of the sample module. Each must load or throw; those
    /// that load are instantiated under small budgets and every export is called with
    /// zeros. Traps are fine; crashes, hangs and wrong result types are not.
    func testRandomMutationsLoadOrThrowAndRunSafely() throws {
        let original = try WAT.binary(sampleText)
        let code = try XCTUnwrap(Wasm.sections(of: original).first { $0.id == 10 }).range
        var rng = SplitMix64(state: 0x5049_4E49_4F4E)  // "PINION"
        var loadedCount = 0, instantiatedCount = 0, returnedCount = 0
        let interesting: [UInt8] = [0x00, 0x01, 0x0B, 0x0C, 0x0D, 0x0E, 0x40, 0x41, 0x7F, 0x80, 0xFF]

        do {
            for _ in 0..<2_000 {
                var bytes = original
                // Half of the mutants change only code, where they are most likely to stay valid.
                let range = rng.below(2) == 0 ? code : 8..<original.count
                for _ in 0...rng.below(3) {  // one to three edits
                    let at = range.lowerBound + rng.below(range.count)
                    guard at < bytes.count else { continue }
                    switch rng.below(5) {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes[at] = interesting[rng.below(interesting.count)]
                    case 2: bytes[at] ^= 1 << UInt8(rng.below(8))
                    case 3: bytes.remove(at: at)
                    default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                    }
                }
                let module: ValidatedModule
                do {
                    module = try ValidatedModule.load(bytes)
                } catch {
                    XCTAssertFalse("\(error)".isEmpty)
                    continue
                }
                loadedCount += 1
                let (instantiated, returned) = instantiateAndCallExports(module)
                if instantiated { instantiatedCount += 1 }
                returnedCount += returned
            }
        }
        // The smoke test is only worth something if many mutants got as far as running.
        XCTAssertGreaterThan(loadedCount, 100)
        XCTAssertGreaterThan(instantiatedCount, 100)
        XCTAssertGreaterThan(returnedCount, 500)
        print("mutants: \(loadedCount) loaded, \(instantiatedCount) instantiated, \(returnedCount) calls returned")
    }
}
