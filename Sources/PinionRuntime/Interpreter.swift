// PinionRuntime: the in-place interpreter. It executes a function's original code
// bytes; taken branches read the validator's side table. Registers (ip, sp, fp, stp,
// the memory base and size) are locals; the loop touches no ARC, arrays or existentials.
import PinionBinary
import PinionValidation

extension ExecutionContext {
    /// Runs wasm function `entry` whose arguments are at `base`; results end up at `base`.
    func run(_ entry: UnsafeMutablePointer<FunctionRecord>, base: UnsafeMutablePointer<UInt64>) throws(Trap) {
        let baseDepth = frameDepth
        var fn = entry
        var inst = entry.pointee.instance!
        var fp = base
        var sp = base + Int(fn.pointee.parameterCount)
        var ip = fn.pointee.code!
        var codeEnd = fn.pointee.codeEnd!
        var stp = fn.pointee.sideTable!
        var depth = frameDepth
        let frames = self.frames
        let maxFrames = self.maxFrames
        let stackEnd = self.stackEnd
        var memBase = UnsafeMutableRawPointer(bitPattern: 0x10)!
        var memSize: UInt64 = 0
        var globals = inst.pointee.globals
        var functions = inst.pointee.functions
        var trap: TrapKind? = nil
        var ticks = 0  // charges left in the current fuel slice

        @inline(__always) func loadInstance() {
            globals = inst.pointee.globals
            functions = inst.pointee.functions
            if let m = inst.pointee.memory {
                memBase = m.pointee.base
                memSize = UInt64(m.pointee.byteCount)
            } else {
                memSize = 0
            }
        }
        loadInstance()

        // Entering the first frame: room for locals and operands, locals zeroed.
        if fp + Int(fn.pointee.parameterCount) + Int(fn.pointee.frameSlots) > stackEnd {
            throw Trap(.valueStackExhausted, functionIndex: fn.pointee.moduleFunctionIndex)
        }
        sp.initialize(repeating: 0, count: Int(fn.pointee.localCount))
        sp += Int(fn.pointee.localCount)

        dispatch: while true {
            let opcode = Opcode(byte: ip.pointee)
            ip += 1
            switch opcode {
            case .unreachable:  // unreachable
                trap = .unreachable
                break dispatch
            case .nop:  // nop
                break
            case .block, .loop:  // block, loop: nothing to do in place
                skipLEB(&ip)
            case .`if`:  // if
                sp -= 1
                if u32(sp[0]) != 0 {
                    skipLEB(&ip)
                    stp += 1
                } else {
                    ip = ip - 1 + Int(stp.pointee.pcDelta)
                    stp += Int(stp.pointee.stpDelta)
                }
            case .`else`:  // else: the then-branch is done; jump past `end`
                ip = ip - 1 + Int(stp.pointee.pcDelta)
                stp += Int(stp.pointee.stpDelta)
            case .end:  // end
                if ip <= codeEnd { break }
                fallthrough
            case .`return`:  // return
                let results = Int(fn.pointee.resultCount)
                let src = sp - results
                for i in 0..<results { fp[i] = src[i] }
                sp = fp + results
                if depth == baseDepth { break dispatch }
                depth -= 1
                let frame = frames[depth]
                ip = frame.returnIP
                stp = frame.returnSTP
                fp = frame.fp
                let caller = frame.function
                if caller.pointee.instance != inst {
                    inst = caller.pointee.instance!
                    loadInstance()
                }
                fn = caller
                codeEnd = fn.pointee.codeEnd!
            case .br:  // br
                let e = stp.pointee
                takeBranch(e, &sp)
                ip = ip - 1 + Int(e.pcDelta)
                stp += Int(e.stpDelta)
                if e.pcDelta <= 0 {  // a loop back-edge (0: the branch opens its loop)
                    if ticks == 0 { if let t = refill() { trap = t; break dispatch }; ticks = takeSlice() }
                    ticks &-= 1
                }
            case .brIf:  // br_if
                sp -= 1
                if u32(sp[0]) != 0 {
                    let e = stp.pointee
                    takeBranch(e, &sp)
                    ip = ip - 1 + Int(e.pcDelta)
                    stp += Int(e.stpDelta)
                    if e.pcDelta <= 0 {  // a loop back-edge (0: the branch opens its loop)
                        if ticks == 0 { if let t = refill() { trap = t; break dispatch }; ticks = takeSlice() }
                        ticks &-= 1
                    }
                } else {
                    skipLEB(&ip)
                    stp += 1
                }
            case .brTable:  // br_table
                let opcodeIP = ip - 1
                let count = readU32(&ip)
                sp -= 1
                let index = min(u32(sp[0]), count)
                let entry = stp + Int(index)
                let e = entry.pointee
                takeBranch(e, &sp)
                ip = opcodeIP + Int(e.pcDelta)
                stp = entry + Int(e.stpDelta)
                if e.pcDelta <= 0 {  // a loop back-edge (0: the branch opens its loop)
                    if ticks == 0 { if let t = refill() { trap = t; break dispatch }; ticks = takeSlice() }
                    ticks &-= 1
                }
            case .call, .callIndirect:  // call, call_indirect
                let callee: UnsafeMutablePointer<FunctionRecord>
                if opcode == .call {
                    callee = functions[Int(readU32(&ip))]
                } else {
                    let typeIndex = readU32(&ip)
                    let table = inst.pointee.tables[Int(readU32(&ip))]
                    sp -= 1
                    let i = u32(sp[0])
                    guard i < table.pointee.count else { trap = .undefinedElement; break dispatch }
                    guard let target = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(table.pointee.elements[Int(i)])) else {
                        trap = .uninitializedElement; break dispatch
                    }
                    guard target.pointee.typeID == inst.pointee.typeIDs[Int(typeIndex)] else {
                        trap = .indirectCallTypeMismatch; break dispatch
                    }
                    callee = target
                }
                if ticks == 0 { if let t = refill() { trap = t; break dispatch }; ticks = takeSlice() }
                ticks &-= 1
                let args = sp - Int(callee.pointee.parameterCount)
                if callee.pointee.hostIndex >= 0 {
                    let need = max(Int(callee.pointee.parameterCount), Int(callee.pointee.resultCount))
                    guard args + need <= stackEnd else { trap = .valueStackExhausted; break dispatch }
                    stackTop = args + need
                    frameDepth = depth
                    do {
                        try callHost(callee, inst, args)
                    } catch {
                        trap = error.kind
                        break dispatch
                    }
                    sp = args + Int(callee.pointee.resultCount)
                    loadInstance()  // the host may have grown memory
                    break
                }
                guard depth < maxFrames else { trap = .callStackExhausted; break dispatch }
                let locals = Int(callee.pointee.localCount)
                guard sp + Int(callee.pointee.frameSlots) <= stackEnd else { trap = .valueStackExhausted; break dispatch }
                frames[depth] = CallFrame(returnIP: ip, returnSTP: stp, fp: fp, function: fn)
                depth += 1
                fp = args
                sp.initialize(repeating: 0, count: locals)
                sp += locals
                fn = callee
                ip = fn.pointee.code!
                codeEnd = fn.pointee.codeEnd!
                stp = fn.pointee.sideTable!
                if fn.pointee.instance != inst {
                    inst = fn.pointee.instance!
                    loadInstance()
                }
            case .drop:  // drop
                sp -= 1
            case .select:  // select
                sp -= 2
                if u32(sp[1]) == 0 { sp[-1] = sp[0] }
            case .selectTyped:  // select t
                skipLEB(&ip)
                ip += 1
                sp -= 2
                if u32(sp[1]) == 0 { sp[-1] = sp[0] }
            case .localGet:  // local.get
                sp[0] = fp[Int(readU32(&ip))]
                sp += 1
            case .localSet:  // local.set
                sp -= 1
                fp[Int(readU32(&ip))] = sp[0]
            case .localTee:  // local.tee
                fp[Int(readU32(&ip))] = sp[-1]
            case .globalGet:  // global.get
                sp[0] = globals[Int(readU32(&ip))].pointee
                sp += 1
            case .globalSet:  // global.set
                sp -= 1
                globals[Int(readU32(&ip))].pointee = sp[0]
            case .tableGet:  // table.get
                let table = inst.pointee.tables[Int(readU32(&ip))]
                let i = u32(sp[-1])
                guard i < table.pointee.count else { trap = .outOfBoundsTableAccess; break dispatch }
                sp[-1] = table.pointee.elements[Int(i)]
            case .tableSet:  // table.set
                let table = inst.pointee.tables[Int(readU32(&ip))]
                sp -= 2
                let i = u32(sp[0])
                guard i < table.pointee.count else { trap = .outOfBoundsTableAccess; break dispatch }
                table.pointee.elements[Int(i)] = sp[1]

            // Loads: the effective address is checked against the current size.
            case .i32Load:  // i32.load
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt32.self))
            case .i64Load:  // i64.load
                guard let a = address(&ip, sp[-1], 8, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = memBase.loadUnaligned(fromByteOffset: a, as: UInt64.self)
            case .f32Load:  // f32.load
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt32.self))
            case .f64Load:  // f64.load
                guard let a = address(&ip, sp[-1], 8, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = memBase.loadUnaligned(fromByteOffset: a, as: UInt64.self)
            case .i32Load8S:  // i32.load8_s
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int32(memBase.load(fromByteOffset: a, as: Int8.self)))
            case .i32Load8U:  // i32.load8_u
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.load(fromByteOffset: a, as: UInt8.self))
            case .i32Load16S:  // i32.load16_s
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int32(memBase.loadUnaligned(fromByteOffset: a, as: Int16.self)))
            case .i32Load16U:  // i32.load16_u
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt16.self))
            case .i64Load8S:  // i64.load8_s
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int64(memBase.load(fromByteOffset: a, as: Int8.self)))
            case .i64Load8U:  // i64.load8_u
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.load(fromByteOffset: a, as: UInt8.self))
            case .i64Load16S:  // i64.load16_s
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int64(memBase.loadUnaligned(fromByteOffset: a, as: Int16.self)))
            case .i64Load16U:  // i64.load16_u
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt16.self))
            case .i64Load32S:  // i64.load32_s
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int64(memBase.loadUnaligned(fromByteOffset: a, as: Int32.self)))
            case .i64Load32U:  // i64.load32_u
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt32.self))

            // Stores.
            case .i32Store, .f32Store, .i64Store32:  // i32.store, f32.store, i64.store32
                sp -= 2
                guard let a = address(&ip, sp[0], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: u32(sp[1]), toByteOffset: a, as: UInt32.self)
            case .i64Store, .f64Store:  // i64.store, f64.store
                sp -= 2
                guard let a = address(&ip, sp[0], 8, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: sp[1], toByteOffset: a, as: UInt64.self)
            case .i32Store8, .i64Store8:  // i32.store8, i64.store8
                sp -= 2
                guard let a = address(&ip, sp[0], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: UInt8(truncatingIfNeeded: sp[1]), toByteOffset: a, as: UInt8.self)
            case .i32Store16, .i64Store16:  // i32.store16, i64.store16
                sp -= 2
                guard let a = address(&ip, sp[0], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: UInt16(truncatingIfNeeded: sp[1]), toByteOffset: a, as: UInt16.self)
            case .reserved3F:  // memory.size
                ip += 1
                sp[0] = memSize / UInt64(MemoryStorage.pageSize)
                sp += 1
            case .reserved40:  // memory.grow
                ip += 1
                let old = Memory.grow(inst.pointee.memory!, by: u32(sp[-1]))
                sp[-1] = old.map { UInt64($0) } ?? UInt64(UInt32.max)
                loadInstance()

            // Constants.
            case .i32Const:  // i32.const
                sp[0] = slot(Int32(truncatingIfNeeded: readS64(&ip)))
                sp += 1
            case .i64Const:  // i64.const
                sp[0] = slot(readS64(&ip))
                sp += 1
            case .f32Const:  // f32.const
                sp[0] = UInt64(UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self))
                ip += 4
                sp += 1
            case .f64Const:  // f64.const
                sp[0] = UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self)
                ip += 8
                sp += 1

            // i32 comparisons.
            case .i32Eqz: unary(sp) { $0 & 0xFFFF_FFFF == 0 ? 1 : 0 }
            case .i32Eq: compareI32(&sp) { $0 == $1 }
            case .i32Ne: compareI32(&sp) { $0 != $1 }
            case .i32LtS: compareS32(&sp) { $0 < $1 }
            case .i32LtU: compareI32(&sp) { $0 < $1 }
            case .i32GtS: compareS32(&sp) { $0 > $1 }
            case .i32GtU: compareI32(&sp) { $0 > $1 }
            case .i32LeS: compareS32(&sp) { $0 <= $1 }
            case .i32LeU: compareI32(&sp) { $0 <= $1 }
            case .i32GeS: compareS32(&sp) { $0 >= $1 }
            case .i32GeU: compareI32(&sp) { $0 >= $1 }
            // i64 comparisons.
            case .i64Eqz: unary(sp) { $0 == 0 ? 1 : 0 }
            case .i64Eq: compareI64(&sp) { $0 == $1 }
            case .i64Ne: compareI64(&sp) { $0 != $1 }
            case .i64LtS: compareS64(&sp) { $0 < $1 }
            case .i64LtU: compareI64(&sp) { $0 < $1 }
            case .i64GtS: compareS64(&sp) { $0 > $1 }
            case .i64GtU: compareI64(&sp) { $0 > $1 }
            case .i64LeS: compareS64(&sp) { $0 <= $1 }
            case .i64LeU: compareI64(&sp) { $0 <= $1 }
            case .i64GeS: compareS64(&sp) { $0 >= $1 }
            case .i64GeU: compareI64(&sp) { $0 >= $1 }
            // Float comparisons.
            case .f32Eq: compareF32(&sp) { $0 == $1 }
            case .f32Ne: compareF32(&sp) { $0 != $1 }
            case .f32Lt: compareF32(&sp) { $0 < $1 }
            case .f32Gt: compareF32(&sp) { $0 > $1 }
            case .f32Le: compareF32(&sp) { $0 <= $1 }
            case .f32Ge: compareF32(&sp) { $0 >= $1 }
            case .f64Eq: compareF64(&sp) { $0 == $1 }
            case .f64Ne: compareF64(&sp) { $0 != $1 }
            case .f64Lt: compareF64(&sp) { $0 < $1 }
            case .f64Gt: compareF64(&sp) { $0 > $1 }
            case .f64Le: compareF64(&sp) { $0 <= $1 }
            case .f64Ge: compareF64(&sp) { $0 >= $1 }

            // i32 arithmetic.
            case .i32Clz: unary(sp) { UInt64(u32($0).leadingZeroBitCount) }
            case .i32Ctz: unary(sp) { UInt64(u32($0).trailingZeroBitCount) }
            case .i32Popcnt: unary(sp) { UInt64(u32($0).nonzeroBitCount) }
            case .i32Add: binaryI32(&sp) { $0 &+ $1 }
            case .i32Sub: binaryI32(&sp) { $0 &- $1 }
            case .i32Mul: binaryI32(&sp) { $0 &* $1 }
            case .i32DivS:  // i32.div_s
                let b = s32(sp[-1]), a = s32(sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                if a == Int32.min && b == -1 { trap = .integerOverflow; break dispatch }
                sp -= 1
                sp[-1] = slot(a / b)
            case .i32DivU:  // i32.div_u
                let b = u32(sp[-1]), a = u32(sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = UInt64(a / b)
            case .i32RemS:  // i32.rem_s
                let b = s32(sp[-1]), a = s32(sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = slot(b == -1 ? 0 : a % b)
            case .i32RemU:  // i32.rem_u
                let b = u32(sp[-1]), a = u32(sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = UInt64(a % b)
            case .i32And: binaryI32(&sp) { $0 & $1 }
            case .i32Or: binaryI32(&sp) { $0 | $1 }
            case .i32Xor: binaryI32(&sp) { $0 ^ $1 }
            case .i32Shl: binaryI32(&sp) { $0 &<< $1 }
            case .i32ShrS: binaryI32(&sp) { UInt32(bitPattern: Int32(bitPattern: $0) &>> Int32(bitPattern: $1)) }
            case .i32ShrU: binaryI32(&sp) { $0 &>> $1 }
            case .i32Rotl: binaryI32(&sp) { ($0 &<< $1) | ($0 &>> (32 &- ($1 & 31))) }
            case .i32Rotr: binaryI32(&sp) { ($0 &>> $1) | ($0 &<< (32 &- ($1 & 31))) }

            // i64 arithmetic.
            case .i64Clz: unary(sp) { UInt64($0.leadingZeroBitCount) }
            case .i64Ctz: unary(sp) { UInt64($0.trailingZeroBitCount) }
            case .i64Popcnt: unary(sp) { UInt64($0.nonzeroBitCount) }
            case .i64Add: binaryI64(&sp) { $0 &+ $1 }
            case .i64Sub: binaryI64(&sp) { $0 &- $1 }
            case .i64Mul: binaryI64(&sp) { $0 &* $1 }
            case .i64DivS:  // i64.div_s
                let b = Int64(bitPattern: sp[-1]), a = Int64(bitPattern: sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                if a == Int64.min && b == -1 { trap = .integerOverflow; break dispatch }
                sp -= 1
                sp[-1] = slot(a / b)
            case .i64DivU:  // i64.div_u
                let b = sp[-1], a = sp[-2]
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = a / b
            case .i64RemS:  // i64.rem_s
                let b = Int64(bitPattern: sp[-1]), a = Int64(bitPattern: sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = slot(b == -1 ? 0 : a % b)
            case .i64RemU:  // i64.rem_u
                let b = sp[-1], a = sp[-2]
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = a % b
            case .i64And: binaryI64(&sp) { $0 & $1 }
            case .i64Or: binaryI64(&sp) { $0 | $1 }
            case .i64Xor: binaryI64(&sp) { $0 ^ $1 }
            case .i64Shl: binaryI64(&sp) { $0 &<< $1 }
            case .i64ShrS: binaryI64(&sp) { UInt64(bitPattern: Int64(bitPattern: $0) &>> Int64(bitPattern: $1)) }
            case .i64ShrU: binaryI64(&sp) { $0 &>> $1 }
            case .i64Rotl: binaryI64(&sp) { ($0 &<< $1) | ($0 &>> (64 &- ($1 & 63))) }
            case .i64Rotr: binaryI64(&sp) { ($0 &>> $1) | ($0 &<< (64 &- ($1 & 63))) }

            // f32 arithmetic (sign operations on bits so NaN payloads survive).
            case .f32Abs: unary(sp) { $0 & 0x7FFF_FFFF }
            case .f32Neg: unary(sp) { ($0 ^ 0x8000_0000) & 0xFFFF_FFFF }
            case .f32Ceil: unaryF32(sp) { $0.rounded(.up) }
            case .f32Floor: unaryF32(sp) { $0.rounded(.down) }
            case .f32Trunc: unaryF32(sp) { $0.rounded(.towardZero) }
            case .f32Nearest: unaryF32(sp) { $0.rounded(.toNearestOrEven) }
            case .f32Sqrt: unaryF32(sp) { $0.squareRoot() }
            case .f32Add: binaryF32(&sp) { $0 + $1 }
            case .f32Sub: binaryF32(&sp) { $0 - $1 }
            case .f32Mul: binaryF32(&sp) { $0 * $1 }
            case .f32Div: binaryF32(&sp) { $0 / $1 }
            case .f32Min: binaryF32(&sp) { wasmMin($0, $1) }
            case .f32Max: binaryF32(&sp) { wasmMax($0, $1) }
            case .f32Copysign: binary(&sp) { ($0 & 0x7FFF_FFFF) | ($1 & 0x8000_0000) }
            // f64 arithmetic.
            case .f64Abs: unary(sp) { $0 & 0x7FFF_FFFF_FFFF_FFFF }
            case .f64Neg: unary(sp) { $0 ^ 0x8000_0000_0000_0000 }
            case .f64Ceil: unaryF64(sp) { $0.rounded(.up) }
            case .f64Floor: unaryF64(sp) { $0.rounded(.down) }
            case .f64Trunc: unaryF64(sp) { $0.rounded(.towardZero) }
            case .f64Nearest: unaryF64(sp) { $0.rounded(.toNearestOrEven) }
            case .f64Sqrt: unaryF64(sp) { $0.squareRoot() }
            case .f64Add: binaryF64(&sp) { $0 + $1 }
            case .f64Sub: binaryF64(&sp) { $0 - $1 }
            case .f64Mul: binaryF64(&sp) { $0 * $1 }
            case .f64Div: binaryF64(&sp) { $0 / $1 }
            case .f64Min: binaryF64(&sp) { wasmMin($0, $1) }
            case .f64Max: binaryF64(&sp) { wasmMax($0, $1) }
            case .f64Copysign: binary(&sp) { ($0 & 0x7FFF_FFFF_FFFF_FFFF) | ($1 & 0x8000_0000_0000_0000) }

            // Conversions.
            case .i32WrapI64: unary(sp) { $0 & 0xFFFF_FFFF }
            case .i32TruncF32S:
                switch truncate(f32(sp[-1]), to: Int32.self, lowerExclusive: i32FromF32Bounds.0, upperExclusive: i32FromF32Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i32TruncF32U:
                switch truncate(f32(sp[-1]), to: UInt32.self, lowerExclusive: u32FromF32Bounds.0, upperExclusive: u32FromF32Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i32TruncF64S:
                switch truncate(f64(sp[-1]), to: Int32.self, lowerExclusive: i32FromF64Bounds.0, upperExclusive: i32FromF64Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i32TruncF64U:
                switch truncate(f64(sp[-1]), to: UInt32.self, lowerExclusive: u32FromF64Bounds.0, upperExclusive: u32FromF64Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i64ExtendI32S: unary(sp) { slot(Int64(s32($0))) }
            case .i64ExtendI32U: unary(sp) { $0 & 0xFFFF_FFFF }
            case .i64TruncF32S:
                switch truncate(f32(sp[-1]), to: Int64.self, lowerExclusive: i64FromF32Bounds.0, upperExclusive: i64FromF32Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i64TruncF32U:
                switch truncate(f32(sp[-1]), to: UInt64.self, lowerExclusive: u64FromF32Bounds.0, upperExclusive: u64FromF32Bounds.1) {
                case .success(let v): sp[-1] = v
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i64TruncF64S:
                switch truncate(f64(sp[-1]), to: Int64.self, lowerExclusive: i64FromF64Bounds.0, upperExclusive: i64FromF64Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i64TruncF64U:
                switch truncate(f64(sp[-1]), to: UInt64.self, lowerExclusive: u64FromF64Bounds.0, upperExclusive: u64FromF64Bounds.1) {
                case .success(let v): sp[-1] = v
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .f32ConvertI32S: unary(sp) { slot(Float(s32($0))) }
            case .f32ConvertI32U: unary(sp) { slot(Float(u32($0))) }
            case .f32ConvertI64S: unary(sp) { slot(Float(Int64(bitPattern: $0))) }
            case .f32ConvertI64U: unary(sp) { slot(Float($0)) }
            case .f32DemoteF64: unary(sp) { slot(Float(f64($0))) }
            case .f64ConvertI32S: unary(sp) { slot(Double(s32($0))) }
            case .f64ConvertI32U: unary(sp) { slot(Double(u32($0))) }
            case .f64ConvertI64S: unary(sp) { slot(Double(Int64(bitPattern: $0))) }
            case .f64ConvertI64U: unary(sp) { slot(Double($0)) }
            case .f64PromoteF32: unary(sp) { slot(Double(f32($0))) }
            case .i32ReinterpretF32, .i64ReinterpretF64, .f32ReinterpretI32, .f64ReinterpretI64:  // reinterpretations: the bits are already right
                break
            // Sign extension.
            case .i32Extend8S: unary(sp) { slot(Int32(Int8(truncatingIfNeeded: $0))) }
            case .i32Extend16S: unary(sp) { slot(Int32(Int16(truncatingIfNeeded: $0))) }
            case .i64Extend8S: unary(sp) { slot(Int64(Int8(truncatingIfNeeded: $0))) }
            case .i64Extend16S: unary(sp) { slot(Int64(Int16(truncatingIfNeeded: $0))) }
            case .i64Extend32S: unary(sp) { slot(Int64(Int32(truncatingIfNeeded: $0))) }
            // References.
            case .refNull:  // ref.null
                ip += 1
                sp[0] = 0
                sp += 1
            case .refIsNull:  // ref.is_null
                unary(sp) { $0 == 0 ? 1 : 0 }
            case .refFunc:  // ref.func
                sp[0] = UInt64(UInt(bitPattern: functions[Int(readU32(&ip))]))
                sp += 1
            case .prefixFC:
                let sub = readU32(&ip)
                if sub < 8 {
                    sp[-1] = saturatingTruncation(sub, sp[-1])
                    break
                }
                frameDepth = depth
                stackTop = sp
                do {
                    (ip, sp) = try bulkOperation(sub, ip, sp, inst)
                } catch {
                    trap = error.kind
                    break dispatch
                }
                loadInstance()
            // Validation admits only the opcodes above.
            case .reserved06, .reserved07, .reserved08, .reserved09, .reserved0A, .reserved12, .reserved13, .reserved14, .reserved15, .reserved16, .reserved17, .reserved18, .reserved19, .reserved1D, .reserved1E, .reserved1F, .reserved27, .reservedC5, .reservedC6, .reservedC7, .reservedC8, .reservedC9, .reservedCA, .reservedCB, .reservedCC, .reservedCD, .reservedCE, .reservedCF, .reservedD3, .reservedD4, .reservedD5, .reservedD6, .reservedD7, .reservedD8, .reservedD9, .reservedDA, .reservedDB, .reservedDC, .reservedDD, .reservedDE, .reservedDF, .reservedE0, .reservedE1, .reservedE2, .reservedE3, .reservedE4, .reservedE5, .reservedE6, .reservedE7, .reservedE8, .reservedE9, .reservedEA, .reservedEB, .reservedEC, .reservedED, .reservedEE, .reservedEF, .reservedF0, .reservedF1, .reservedF2, .reservedF3, .reservedF4, .reservedF5, .reservedF6, .reservedF7, .reservedF8, .reservedF9, .reservedFA, .reservedFB, .prefixFD, .reservedFE, .reservedFF:
                trap = .unreachable
                break dispatch
            }
        }

        frameDepth = baseDepth
        returnSlice(ticks)
        if let trap {
            throw Trap(trap, functionIndex: fn.pointee.moduleFunctionIndex,
                       offset: UnsafeRawPointer(ip - 1) - inst.pointee.moduleBase)
        }
    }

    /// Moves a branch's carried values down over the values it drops.
    @inline(__always)
    private func takeBranch(_ e: SideTableEntry, _ sp: inout UnsafeMutablePointer<UInt64>) {
        let drop = Int(e.popCount)
        if drop != 0 {
            let count = Int(e.valueCount)
            let src = sp - count
            for i in 0..<count { src[i - drop] = src[i] }
            sp -= drop
        }
    }

    /// Calls a host function with its arguments at `args`.
    @inline(never)
    private func callHost(_ callee: UnsafeMutablePointer<FunctionRecord>, _ inst: UnsafeMutablePointer<InstanceContext>,
                          _ args: UnsafeMutablePointer<UInt64>) throws(Trap) {
        let store = inst.pointee.owner.takeUnretainedValue().store
        try store.hostBodies[Int(callee.pointee.hostIndex)](Caller(context: inst), args)
    }
}

/// The checked effective address of a memory access, or nil when out of bounds.
@inline(__always)
private func address(_ ip: inout UnsafePointer<UInt8>, _ base: UInt64, _ size: UInt64, _ memSize: UInt64) -> Int? {
    skipLEB(&ip)  // alignment hint
    let ea = (base & 0xFFFF_FFFF) &+ UInt64(readU32(&ip))
    guard ea &+ size <= memSize else { return nil }
    return Int(truncatingIfNeeded: ea)
}

/// The eight `trunc_sat` conversions (0xFC 0-7).
@inline(never)
private func saturatingTruncation(_ sub: UInt32, _ v: UInt64) -> UInt64 {
    switch sub {
    case 0: slot(saturate(f32(v), to: Int32.self))
    case 1: slot(saturate(f32(v), to: UInt32.self))
    case 2: slot(saturate(f64(v), to: Int32.self))
    case 3: slot(saturate(f64(v), to: UInt32.self))
    case 4: slot(saturate(f32(v), to: Int64.self))
    case 5: saturate(f32(v), to: UInt64.self)
    case 6: slot(saturate(f64(v), to: Int64.self))
    default: saturate(f64(v), to: UInt64.self)
    }
}
