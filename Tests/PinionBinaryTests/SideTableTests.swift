// PinionBinaryTests: the validator's side table, entry by entry, on small hand-written
// functions. Each test pins the function's code bytes, works out the expected entries by
// hand from the offsets in those bytes (written next to them), compares every field, and
// where it helps runs the function to show the interpreter agrees.
//
// Reminder of the format (SideTable.swift): entries appear in code order, one per `if`,
// `else`, `br`, `br_if`, and n + 1 per `br_table`; a taken branch continues at
// `branchOpcode + pcDelta` with side-table position `thisEntry + stpDelta`, after moving
// the top `valueCount` slots down over `popCount` slots.
import XCTest
import PinionRuntime
import PinionTestSupport

/// A module loaded from text, with accessors for one function's code and entries.
private struct Loaded {
    let validated: ValidatedModule

    init(_ text: String) throws {
        validated = try ValidatedModule.load(try WAT.binary(text))
    }

    /// The code bytes of defined function `i` (after its local declarations).
    func code(_ i: Int) -> [UInt8] {
        let body = validated.module.bodies[i]
        return validated.module.bytes.slice(body.codeStart..<body.codeEnd)
    }

    /// The side-table entries of defined function `i`.
    func entries(_ i: Int) -> [SideTableEntry] {
        let info = validated.functions[i]
        return (0..<info.sideTableCount).map { validated.sideTable[info.sideTableStart + $0] }
    }

    func run(_ name: String, _ arguments: [Value]) throws -> [Value] {
        try Store().instantiate(validated).invoke(name, arguments)
    }
}

private func entry(pc: Int32, stp: Int16, values: UInt8 = 0, pops: UInt8 = 0) -> SideTableEntry {
    SideTableEntry(pcDelta: pc, stpDelta: stp, valueCount: values, popCount: pops)
}

final class SideTableTests: XCTestCase {
    func testBlockWithBrIfJumpsJustPastEnd() throws {
        let m = try Loaded("""
        (module (func (export "f") (param i32)
          (block (br_if 0 (local.get 0)) (nop))
          (nop)))
        """)
        XCTAssertEqual(m.code(0), [
            0x02, 0x40,  // 0 block
            0x20, 0x00,  // 2 local.get 0
            0x0D, 0x00,  // 4 br_if 0
            0x01,        // 6 nop
            0x0B,        // 7 end (block)
            0x01,        // 8 nop        <- target
            0x0B,        // 9 end
        ])
        XCTAssertEqual(m.validated.functions[0].sideTableStart, 0)
        XCTAssertEqual(m.validated.functions[0].sideTableCount, 1)
        // 8 - 4; the next entry after the block is index 1.
        XCTAssertEqual(m.entries(0), [entry(pc: 4, stp: 1)])
    }

    func testLoopBackEdgeLandsAfterBlockTypeAndOnFirstLoopEntry() throws {
        let m = try Loaded("""
        (module (func (export "f") (param i32)
          (block (br_if 0 (local.get 0)))
          (loop
            (br_if 1 (i32.eqz (local.get 0)))
            (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
            (br_if 0 (local.get 0)))))
        """)
        XCTAssertEqual(m.code(0), [
            0x02, 0x40,              //  0 block
            0x20, 0x00,              //  2 local.get 0
            0x0D, 0x00,              //  4 br_if 0            entry 0
            0x0B,                    //  6 end
            0x03, 0x40,              //  7 loop
            0x20, 0x00,              //  9 local.get 0        <- loop target
            0x45,                    // 11 i32.eqz
            0x0D, 0x01,              // 12 br_if 1 (function) entry 1
            0x20, 0x00, 0x41, 0x01, 0x6B, 0x21, 0x00,  // 14 local.set 0 (local.get 0 - 1)
            0x20, 0x00,              // 21 local.get 0
            0x0D, 0x00,              // 23 br_if 0 (loop)     entry 2
            0x0B,                    // 25 end (loop)
            0x0B,                    // 26 end (function)
        ])
        XCTAssertEqual(m.entries(0), [
            entry(pc: 7 - 4, stp: 1 - 0),
            // To the function's label: lands on the final `end` (26), which returns.
            entry(pc: 26 - 12, stp: 3 - 1),
            // Back-edge: just after the loop's block type (9), back to the loop's first entry (1).
            entry(pc: 9 - 23, stp: 1 - 2),
        ])
        XCTAssertEqual(try m.run("f", [.i32(0)]), [])
        XCTAssertEqual(try m.run("f", [.i32(5)]), [])
    }

    func testLoopCountsThroughBackEdges() throws {
        let m = try Loaded("""
        (module (func (export "count") (param i32) (result i32) (local i32)
          (loop
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
          (local.get 1)))
        """)
        XCTAssertEqual(m.code(0), [
            0x03, 0x40,                                // 0 loop
            0x20, 0x01, 0x41, 0x01, 0x6A, 0x21, 0x01,  // 2 local.set 1 (local.get 1 + 1)  <- target
            0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00,  // 9 local.tee 0 (local.get 0 - 1)
            0x0D, 0x00,                                // 16 br_if 0
            0x0B, 0x20, 0x01, 0x0B,                    // 18 end, local.get 1, end
        ])
        XCTAssertEqual(m.entries(0), [entry(pc: 2 - 16, stp: 0)])
        XCTAssertEqual(try m.run("count", [.i32(7)]), [.i32(7)])
    }

    func testIfWithoutElseJumpsPastEnd() throws {
        let m = try Loaded("""
        (module (func (export "f") (param i32) (result i32)
          (if (local.get 0) (then (br_if 0 (local.get 0))))
          (i32.const 3)))
        """)
        XCTAssertEqual(m.code(0), [
            0x20, 0x00,  // 0 local.get 0
            0x04, 0x40,  // 2 if                entry 0
            0x20, 0x00,  // 4 local.get 0
            0x0D, 0x00,  // 6 br_if 0           entry 1
            0x0B,        // 8 end
            0x41, 0x03,  // 9 i32.const 3       <- both targets
            0x0B,        // 11 end
        ])
        XCTAssertEqual(m.entries(0), [
            entry(pc: 9 - 2, stp: 2 - 0),  // false condition: past `end`, past the br_if's entry
            entry(pc: 9 - 6, stp: 2 - 1),
        ])
        XCTAssertEqual(try m.run("f", [.i32(0)]), [.i32(3)])
        XCTAssertEqual(try m.run("f", [.i32(1)]), [.i32(3)])
    }

    func testIfElseEntries() throws {
        let m = try Loaded("""
        (module (func (export "f") (param i32) (result i32)
          (if (result i32) (local.get 0)
            (then (i32.const 1))
            (else (i32.const 2) (local.get 0) (br_if 0)))))
        """)
        XCTAssertEqual(m.code(0), [
            0x20, 0x00,  //  0 local.get 0
            0x04, 0x7F,  //  2 if (result i32)   entry 0
            0x41, 0x01,  //  4 i32.const 1
            0x05,        //  6 else              entry 1
            0x41, 0x02,  //  7 i32.const 2       <- false condition lands here
            0x20, 0x00,  //  9 local.get 0
            0x0D, 0x00,  // 11 br_if 0           entry 2
            0x0B,        // 13 end
            0x0B,        // 14 end (function)    <- else and br_if land here
        ])
        XCTAssertEqual(m.entries(0), [
            // Just past `else`, and to the entry after the else entry (2), skipping it.
            entry(pc: 7 - 2, stp: 2 - 0),
            // The then-branch is done: past `end`, to the first entry after the if (3).
            entry(pc: 14 - 6, stp: 3 - 1),
            entry(pc: 14 - 11, stp: 3 - 2, values: 1),
        ])
        XCTAssertEqual(try m.run("f", [.i32(1)]), [.i32(1)])
        XCTAssertEqual(try m.run("f", [.i32(0)]), [.i32(2)])
    }

    func testBrTableEntriesInLabelOrderRelativeToOpcode() throws {
        let m = try Loaded("""
        (module (func (export "f") (param i32) (result i32)
          (block $d
            (block $c
              (block $b
                (block $a
                  (br_table $c $a $b $d (local.get 0)))
                (return (i32.const 10)))
              (return (i32.const 11)))
            (return (i32.const 12)))
          (i32.const 13)))
        """)
        XCTAssertEqual(m.code(0), [
            0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x02, 0x40,  // 0, 2, 4, 6: block x4
            0x20, 0x00,                                      // 8 local.get 0
            0x0E, 0x03, 0x02, 0x00, 0x01, 0x03,              // 10 br_table 2 0 1 (default 3)
            0x0B,                                            // 16 end $a
            0x41, 0x0A, 0x0F,                                // 17 return 10   <- $a
            0x0B,                                            // 20 end $b
            0x41, 0x0B, 0x0F,                                // 21 return 11   <- $b
            0x0B,                                            // 24 end $c
            0x41, 0x0C, 0x0F,                                // 25 return 12   <- $c
            0x0B,                                            // 28 end $d
            0x41, 0x0D,                                      // 29 i32.const 13 <- $d
            0x0B,                                            // 31 end
        ])
        // One entry per label then the default, all from the br_table opcode (10); each
        // continues at entry 4, the first after the table.
        XCTAssertEqual(m.entries(0), [
            entry(pc: 25 - 10, stp: 4 - 0),  // $c
            entry(pc: 17 - 10, stp: 4 - 1),  // $a
            entry(pc: 21 - 10, stp: 4 - 2),  // $b
            entry(pc: 29 - 10, stp: 4 - 3),  // $d (default)
        ])
        XCTAssertEqual(try m.run("f", [.i32(0)]), [.i32(12)])
        XCTAssertEqual(try m.run("f", [.i32(1)]), [.i32(10)])
        XCTAssertEqual(try m.run("f", [.i32(2)]), [.i32(11)])
        XCTAssertEqual(try m.run("f", [.i32(3)]), [.i32(13)])
        XCTAssertEqual(try m.run("f", [.i32(UInt32.max)]), [.i32(13)])
    }

    func testBranchCarriesValueOverExtraOperands() throws {
        let m = try Loaded("""
        (module (func (export "f") (result i32)
          (block (result i32)
            i32.const 1
            i32.const 2
            i32.const 3
            br 0)))
        """)
        XCTAssertEqual(m.code(0), [
            0x02, 0x7F,  // 0 block (result i32)
            0x41, 0x01,  // 2
            0x41, 0x02,  // 4
            0x41, 0x03,  // 6
            0x0C, 0x00,  // 8 br 0
            0x0B,        // 10 end
            0x0B,        // 11 end (function)
        ])
        // Keeps the top value (3) and drops the two below it.
        XCTAssertEqual(m.entries(0), [entry(pc: 11 - 8, stp: 1, values: 1, pops: 2)])
        XCTAssertEqual(m.validated.functions[0].maxStackHeight, 3)
        XCTAssertEqual(try m.run("f", []), [.i32(3)])
    }

    func testBranchToFunctionLabelLandsOnFinalEnd() throws {
        let m = try Loaded("""
        (module (func (export "f") (param i32) (result i32)
          (block (drop (br_if 1 (i32.const 42) (local.get 0))))
          (i32.const 0)))
        """)
        XCTAssertEqual(m.code(0), [
            0x02, 0x40,  //  0 block
            0x41, 0x2A,  //  2 i32.const 42
            0x20, 0x00,  //  4 local.get 0
            0x0D, 0x01,  //  6 br_if 1
            0x1A,        //  8 drop
            0x0B,        //  9 end
            0x41, 0x00,  // 10 i32.const 0
            0x0B,        // 12 end (function)  <- target: the `end` itself, which returns
        ])
        XCTAssertEqual(m.entries(0), [entry(pc: 12 - 6, stp: 1, values: 1)])
        XCTAssertEqual(try m.run("f", [.i32(1)]), [.i32(42)])
        XCTAssertEqual(try m.run("f", [.i32(0)]), [.i32(0)])
    }

    func testNestedBlocks() throws {
        let m = try Loaded("""
        (module (func (export "f") (param i32)
          (block $outer
            (block $inner
              (br_if $outer (local.get 0))
              (br_if $inner (local.get 0)))
            (br_if $outer (local.get 0)))))
        """)
        XCTAssertEqual(m.code(0), [
            0x02, 0x40,  //  0 block $outer
            0x02, 0x40,  //  2 block $inner
            0x20, 0x00,  //  4
            0x0D, 0x01,  //  6 br_if $outer   entry 0
            0x20, 0x00,  //  8
            0x0D, 0x00,  // 10 br_if $inner   entry 1
            0x0B,        // 12 end $inner
            0x20, 0x00,  // 13                <- $inner target
            0x0D, 0x00,  // 15 br_if $outer   entry 2
            0x0B,        // 17 end $outer
            0x0B,        // 18 end (function) <- $outer target
        ])
        XCTAssertEqual(m.entries(0), [
            entry(pc: 18 - 6, stp: 3 - 0),
            entry(pc: 13 - 10, stp: 2 - 1),
            entry(pc: 18 - 15, stp: 3 - 2),
        ])
    }

    func testMultiValueBlockResultsAndLoopParameters() throws {
        let m = try Loaded("""
        (module
          (type $pair (func (result i32 i64)))
          (type $acc (func (param i32 i32) (result i32)))
          (func (export "pair") (param i32) (result i32 i64)
            (block (type $pair)
              i32.const 1
              i32.const 2
              i64.const 3
              local.get 0
              br_if 0
              drop drop drop
              i32.const 4
              i64.const 5))
          (func (export "sum") (param i32) (result i32)
            i32.const 0
            local.get 0
            (loop (type $acc) (param i32 i32) (result i32)
              local.set 0
              local.get 0
              i32.add
              local.get 0
              i32.const 1
              i32.sub
              local.tee 0
              local.get 0
              br_if 0
              drop)))
        """)
        XCTAssertEqual(m.code(0), [
            0x02, 0x00,  //  0 block (type 0)
            0x41, 0x01,  //  2 extra operand
            0x41, 0x02,  //  4
            0x42, 0x03,  //  6
            0x20, 0x00,  //  8
            0x0D, 0x00,  // 10 br_if 0
            0x1A, 0x1A, 0x1A,  // 12
            0x41, 0x04, 0x42, 0x05,  // 15
            0x0B,        // 19 end
            0x0B,        // 20 end (function)
        ])
        // Two values (i32 2, i64 3) kept over one dropped (i32 1).
        XCTAssertEqual(m.entries(0), [entry(pc: 20 - 10, stp: 1, values: 2, pops: 1)])
        XCTAssertEqual(m.validated.functions[0].maxStackHeight, 4)
        XCTAssertEqual(try m.run("pair", [.i32(1)]), [.i32(2), .i64(3)])
        XCTAssertEqual(try m.run("pair", [.i32(0)]), [.i32(4), .i64(5)])

        XCTAssertEqual(m.code(1), [
            0x41, 0x00, 0x20, 0x00,  // 0
            0x03, 0x01,              // 4 loop (type 1)
            0x21, 0x00,              // 6 local.set 0   <- back-edge target
            0x20, 0x00, 0x6A,        // 8
            0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00,  // 11
            0x20, 0x00,              // 18
            0x0D, 0x00,              // 20 br_if 0
            0x1A, 0x0B, 0x0B,        // 22
        ])
        // A branch to a loop carries the loop's parameters (two values).
        XCTAssertEqual(m.validated.functions[1].sideTableStart, 1)
        XCTAssertEqual(m.entries(1), [entry(pc: 6 - 20, stp: 0, values: 2)])
        XCTAssertEqual(try m.run("sum", [.i32(4)]), [.i32(10)])
    }

    func testMaxStackHeightAndCounts() throws {
        let m = try Loaded("""
        (module
          (func (param i32 i32) (result i32)
            (i32.add (i32.mul (local.get 0) (local.get 1))
                     (i32.sub (local.get 0) (i32.mul (local.get 1) (local.get 1)))))
          (func (result i32) (local i64 i64) (i32.const 1))
          (func (param i32) (block (br_if 0 (local.get 0))) (block (br 0))))
        """)
        let f = m.validated.functions
        XCTAssertEqual(f.map(\.maxStackHeight), [4, 1, 1])
        XCTAssertEqual(f.map(\.localCount), [0, 2, 0])
        XCTAssertEqual(f.map(\.sideTableStart), [0, 0, 0])
        XCTAssertEqual(f.map(\.sideTableCount), [0, 0, 2])
        XCTAssertEqual(m.validated.sideTableCount, 2)
    }

    func testSideTableBytesPerCodeByte() throws {
        XCTAssertEqual(MemoryLayout<SideTableEntry>.stride, 8)
        // One branch in 10 code bytes.
        let m = try Loaded("""
        (module (func (param i32)
          (block (br_if 0 (local.get 0)) (nop))
          (nop)))
        """)
        XCTAssertEqual(m.code(0).count, 10)
        XCTAssertEqual(m.validated.sideTableBytesPerCodeByte, 8.0 / 10.0, accuracy: 1e-12)
        // No code at all: zero, not a division by zero.
        XCTAssertEqual(try ValidatedModule.load(try WAT.binary("(module)")).sideTableBytesPerCodeByte, 0)
    }
}
