// PinionRuntime: the in-place interpreter. It executes a function's original code
// bytes; taken branches read the validator's side table. Registers (ip, sp, fp, stp,
// the top of stack, the memory base and size) are locals; the loop touches no ARC,
// arrays or existentials.
//
// Stack layout of a frame: [parameters][locals][spare][operands...]. The top operand is
// kept in `tos`; `sp` points at its home slot, so `sp[-1]` is the value below it. The
// spare slot is the home of `tos` while the operand stack is empty, so a push can always
// spill `tos` to `sp[0]` without clobbering a local.
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
        var tos: UInt64 = 0
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
            case .unreachable:
                trap = .unreachable
                break dispatch
            case .nop:
                break
            case .block, .loop:  // nothing to do in place
                skipLEB(&ip)
            case .`if`:
                let condition = u32(tos)
                tos = sp[-1]
                sp -= 1
                if condition != 0 {
                    skipLEB(&ip)
                    stp += 1
                } else {
                    ip = ip - 1 + Int(stp.pointee.pcDelta)
                    stp += Int(stp.pointee.stpDelta)
                }
            case .`else`:  // the then-branch is done; jump past `end`
                ip = ip - 1 + Int(stp.pointee.pcDelta)
                stp += Int(stp.pointee.stpDelta)
            case .end:
                if ip <= codeEnd { break }
                fallthrough
            case .`return`:
                // Results go to the start of the frame; the caller's top is then the last one
                // (or, with no results, whatever was below the arguments).
                sp[0] = tos
                let results = Int(fn.pointee.resultCount)
                let src = sp - results + 1
                for i in 0..<results { fp[i] = src[i] }
                sp = fp + results - 1
                tos = sp[0]
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
            case .br:
                let e = stp.pointee
                takeBranch(e, &sp, &tos)
                ip = ip - 1 + Int(e.pcDelta)
                stp += Int(e.stpDelta)
                if e.pcDelta <= 0 {  // a loop back-edge (0: the branch opens its loop)
                    if ticks == 0 { if let t = refill() { trap = t; break dispatch }; ticks = takeSlice() }
                    ticks &-= 1
                }
            case .brIf:
                let condition = u32(tos)
                tos = sp[-1]
                sp -= 1
                if condition != 0 {
                    let e = stp.pointee
                    takeBranch(e, &sp, &tos)
                    ip = ip - 1 + Int(e.pcDelta)
                    stp += Int(e.stpDelta)
                    if e.pcDelta <= 0 {
                        if ticks == 0 { if let t = refill() { trap = t; break dispatch }; ticks = takeSlice() }
                        ticks &-= 1
                    }
                } else {
                    skipLEB(&ip)
                    stp += 1
                }
            case .brTable:
                let opcodeIP = ip - 1
                let count = readU32(&ip)
                let index = min(u32(tos), count)
                tos = sp[-1]
                sp -= 1
                let entry = stp + Int(index)
                let e = entry.pointee
                takeBranch(e, &sp, &tos)
                ip = opcodeIP + Int(e.pcDelta)
                stp = entry + Int(e.stpDelta)
                if e.pcDelta <= 0 {
                    if ticks == 0 { if let t = refill() { trap = t; break dispatch }; ticks = takeSlice() }
                    ticks &-= 1
                }
            case .call, .callIndirect:
                let callee: UnsafeMutablePointer<FunctionRecord>
                if opcode == .call {
                    callee = functions[Int(readU32(&ip))]
                } else {
                    let typeIndex = readU32(&ip)
                    let table = inst.pointee.tables[Int(readU32(&ip))]
                    let i = u32(tos)
                    tos = sp[-1]
                    sp -= 1
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
                // Arguments must be contiguous in memory: spill the top.
                sp[0] = tos
                let args = sp + 1 - Int(callee.pointee.parameterCount)
                if let host = callee.pointee.hostBody {
                    let need = max(Int(callee.pointee.parameterCount), Int(callee.pointee.resultCount))
                    guard args + need <= stackEnd else { trap = .valueStackExhausted; break dispatch }
                    stackTop = args + need
                    frameDepth = depth
                    do {
                        try HostBody.invoke(host, Caller(context: inst), args)
                    } catch {
                        trap = error.kind
                        break dispatch
                    }
                    sp = args + Int(callee.pointee.resultCount) - 1
                    tos = sp[0]
                    loadInstance()  // the host may have grown memory
                    break
                }
                guard depth < maxFrames else { trap = .callStackExhausted; break dispatch }
                let locals = Int(callee.pointee.localCount)
                guard args + Int(callee.pointee.parameterCount) + Int(callee.pointee.frameSlots) <= stackEnd else {
                    trap = .valueStackExhausted; break dispatch
                }
                frames[depth] = CallFrame(returnIP: ip, returnSTP: stp, fp: fp, function: fn)
                depth += 1
                fp = args
                sp = args + Int(callee.pointee.parameterCount)
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
            case .drop:
                tos = sp[-1]
                sp -= 1
            case .select, .selectTyped:
                if opcode == .selectTyped {
                    skipLEB(&ip)
                    ip += 1
                }
                let condition = u32(tos)
                tos = condition != 0 ? sp[-2] : sp[-1]
                sp -= 2
            case .localGet:
                // Superinstruction: `local.get a; local.get b` is the most common pair.
                sp[0] = tos
                sp += 1
                tos = fp[Int(readU32(&ip))]
                if ip.pointee == Opcode.localGet.rawValue {
                    ip += 1
                    sp[0] = tos
                    sp += 1
                    tos = fp[Int(readU32(&ip))]
                }
            case .localSet:
                fp[Int(readU32(&ip))] = tos
                if ip.pointee == Opcode.localGet.rawValue {
                    // Superinstruction `local.set a; local.get b`: the pop and push cancel.
                    ip += 1
                    tos = fp[Int(readU32(&ip))]
                } else {
                    tos = sp[-1]
                    sp -= 1
                }
            case .localTee:
                fp[Int(readU32(&ip))] = tos
                if ip.pointee == Opcode.localGet.rawValue {
                    ip += 1
                    sp[0] = tos
                    sp += 1
                    tos = fp[Int(readU32(&ip))]
                }
            case .globalGet:
                sp[0] = tos
                sp += 1
                tos = globals[Int(readU32(&ip))].pointee
            case .globalSet:
                globals[Int(readU32(&ip))].pointee = tos
                tos = sp[-1]
                sp -= 1
            case .tableGet:
                let table = inst.pointee.tables[Int(readU32(&ip))]
                let i = u32(tos)
                guard i < table.pointee.count else { trap = .outOfBoundsTableAccess; break dispatch }
                tos = table.pointee.elements[Int(i)]
            case .tableSet:
                let table = inst.pointee.tables[Int(readU32(&ip))]
                let i = u32(sp[-1])
                guard i < table.pointee.count else { trap = .outOfBoundsTableAccess; break dispatch }
                table.pointee.elements[Int(i)] = tos
                tos = sp[-2]
                sp -= 2

            // Loads replace the address on top with the value; the address is checked
            // against the current size.
            case .i32Load, .f32Load:
                guard let a = address(&ip, tos, 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt32.self))
            case .i64Load, .f64Load:
                guard let a = address(&ip, tos, 8, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = memBase.loadUnaligned(fromByteOffset: a, as: UInt64.self)
            case .i32Load8S:
                guard let a = address(&ip, tos, 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = slot(Int32(memBase.load(fromByteOffset: a, as: Int8.self)))
            case .i32Load8U, .i64Load8U:
                guard let a = address(&ip, tos, 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = UInt64(memBase.load(fromByteOffset: a, as: UInt8.self))
            case .i32Load16S:
                guard let a = address(&ip, tos, 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = slot(Int32(memBase.loadUnaligned(fromByteOffset: a, as: Int16.self)))
            case .i32Load16U, .i64Load16U:
                guard let a = address(&ip, tos, 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt16.self))
            case .i64Load8S:
                guard let a = address(&ip, tos, 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = slot(Int64(memBase.load(fromByteOffset: a, as: Int8.self)))
            case .i64Load16S:
                guard let a = address(&ip, tos, 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = slot(Int64(memBase.loadUnaligned(fromByteOffset: a, as: Int16.self)))
            case .i64Load32S:
                guard let a = address(&ip, tos, 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = slot(Int64(memBase.loadUnaligned(fromByteOffset: a, as: Int32.self)))
            case .i64Load32U:
                guard let a = address(&ip, tos, 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                tos = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt32.self))

            // Stores pop the value (on top) and the address below it.
            case .i32Store, .f32Store, .i64Store32:
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: u32(tos), toByteOffset: a, as: UInt32.self)
                tos = sp[-2]
                sp -= 2
            case .i64Store, .f64Store:
                guard let a = address(&ip, sp[-1], 8, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: tos, toByteOffset: a, as: UInt64.self)
                tos = sp[-2]
                sp -= 2
            case .i32Store8, .i64Store8:
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: UInt8(truncatingIfNeeded: tos), toByteOffset: a, as: UInt8.self)
                tos = sp[-2]
                sp -= 2
            case .i32Store16, .i64Store16:
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: UInt16(truncatingIfNeeded: tos), toByteOffset: a, as: UInt16.self)
                tos = sp[-2]
                sp -= 2
            case .memorySize:
                ip += 1
                sp[0] = tos
                sp += 1
                tos = memSize / UInt64(MemoryStorage.pageSize)
            case .memoryGrow:
                ip += 1
                let old = Memory.grow(inst.pointee.memory!, by: u32(tos))
                tos = old.map { UInt64($0) } ?? UInt64(UInt32.max)
                loadInstance()

            // Constants.
            case .i32Const:
                // Superinstructions: a constant feeding `add`, `and` or `shl` (address and
                // mask arithmetic) is applied to the top directly, without a push.
                let constant = UInt32(truncatingIfNeeded: readS64(&ip))
                let next = ip.pointee
                if next == Opcode.i32Add.rawValue {
                    ip += 1
                    tos = UInt64(u32(tos) &+ constant)
                } else if next == Opcode.i32And.rawValue {
                    ip += 1
                    tos = UInt64(u32(tos) & constant)
                } else if next == Opcode.i32Shl.rawValue {
                    ip += 1
                    tos = UInt64(u32(tos) &<< constant)
                } else {
                    sp[0] = tos
                    sp += 1
                    tos = UInt64(constant)
                }
            case .i64Const:
                sp[0] = tos
                sp += 1
                tos = slot(readS64(&ip))
            case .f32Const:
                sp[0] = tos
                sp += 1
                tos = UInt64(UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self))
                ip += 4
            case .f64Const:
                sp[0] = tos
                sp += 1
                tos = UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self)
                ip += 8

            // i32 comparisons.
            case .i32Eqz: unary(&tos) { $0 & 0xFFFF_FFFF == 0 ? 1 : 0 }
            case .i32Eq: compareI32(&sp, &tos) { $0 == $1 }
            case .i32Ne: compareI32(&sp, &tos) { $0 != $1 }
            case .i32LtS: compareS32(&sp, &tos) { $0 < $1 }
            case .i32LtU: compareI32(&sp, &tos) { $0 < $1 }
            case .i32GtS: compareS32(&sp, &tos) { $0 > $1 }
            case .i32GtU: compareI32(&sp, &tos) { $0 > $1 }
            case .i32LeS: compareS32(&sp, &tos) { $0 <= $1 }
            case .i32LeU: compareI32(&sp, &tos) { $0 <= $1 }
            case .i32GeS: compareS32(&sp, &tos) { $0 >= $1 }
            case .i32GeU: compareI32(&sp, &tos) { $0 >= $1 }
            // i64 comparisons.
            case .i64Eqz: unary(&tos) { $0 == 0 ? 1 : 0 }
            case .i64Eq: compareI64(&sp, &tos) { $0 == $1 }
            case .i64Ne: compareI64(&sp, &tos) { $0 != $1 }
            case .i64LtS: compareS64(&sp, &tos) { $0 < $1 }
            case .i64LtU: compareI64(&sp, &tos) { $0 < $1 }
            case .i64GtS: compareS64(&sp, &tos) { $0 > $1 }
            case .i64GtU: compareI64(&sp, &tos) { $0 > $1 }
            case .i64LeS: compareS64(&sp, &tos) { $0 <= $1 }
            case .i64LeU: compareI64(&sp, &tos) { $0 <= $1 }
            case .i64GeS: compareS64(&sp, &tos) { $0 >= $1 }
            case .i64GeU: compareI64(&sp, &tos) { $0 >= $1 }
            // Float comparisons.
            case .f32Eq: compareF32(&sp, &tos) { $0 == $1 }
            case .f32Ne: compareF32(&sp, &tos) { $0 != $1 }
            case .f32Lt: compareF32(&sp, &tos) { $0 < $1 }
            case .f32Gt: compareF32(&sp, &tos) { $0 > $1 }
            case .f32Le: compareF32(&sp, &tos) { $0 <= $1 }
            case .f32Ge: compareF32(&sp, &tos) { $0 >= $1 }
            case .f64Eq: compareF64(&sp, &tos) { $0 == $1 }
            case .f64Ne: compareF64(&sp, &tos) { $0 != $1 }
            case .f64Lt: compareF64(&sp, &tos) { $0 < $1 }
            case .f64Gt: compareF64(&sp, &tos) { $0 > $1 }
            case .f64Le: compareF64(&sp, &tos) { $0 <= $1 }
            case .f64Ge: compareF64(&sp, &tos) { $0 >= $1 }

            // i32 arithmetic.
            case .i32Clz: unary(&tos) { UInt64(u32($0).leadingZeroBitCount) }
            case .i32Ctz: unary(&tos) { UInt64(u32($0).trailingZeroBitCount) }
            case .i32Popcnt: unary(&tos) { UInt64(u32($0).nonzeroBitCount) }
            case .i32Add: binaryI32(&sp, &tos) { $0 &+ $1 }
            case .i32Sub: binaryI32(&sp, &tos) { $0 &- $1 }
            case .i32Mul: binaryI32(&sp, &tos) { $0 &* $1 }
            case .i32DivS:  // i32.div_s
                let b = s32(tos), a = s32(sp[-1])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                if a == Int32.min && b == -1 { trap = .integerOverflow; break dispatch }
                sp -= 1
                tos = slot(a / b)
            case .i32DivU:  // i32.div_u
                let b = u32(tos), a = u32(sp[-1])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                tos = UInt64(a / b)
            case .i32RemS:  // i32.rem_s
                let b = s32(tos), a = s32(sp[-1])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                tos = slot(b == -1 ? 0 : a % b)
            case .i32RemU:  // i32.rem_u
                let b = u32(tos), a = u32(sp[-1])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                tos = UInt64(a % b)
            case .i32And: binaryI32(&sp, &tos) { $0 & $1 }
            case .i32Or: binaryI32(&sp, &tos) { $0 | $1 }
            case .i32Xor: binaryI32(&sp, &tos) { $0 ^ $1 }
            case .i32Shl: binaryI32(&sp, &tos) { $0 &<< $1 }
            case .i32ShrS: binaryI32(&sp, &tos) { UInt32(bitPattern: Int32(bitPattern: $0) &>> Int32(bitPattern: $1)) }
            case .i32ShrU: binaryI32(&sp, &tos) { $0 &>> $1 }
            case .i32Rotl: binaryI32(&sp, &tos) { ($0 &<< $1) | ($0 &>> (32 &- ($1 & 31))) }
            case .i32Rotr: binaryI32(&sp, &tos) { ($0 &>> $1) | ($0 &<< (32 &- ($1 & 31))) }

            // i64 arithmetic.
            case .i64Clz: unary(&tos) { UInt64($0.leadingZeroBitCount) }
            case .i64Ctz: unary(&tos) { UInt64($0.trailingZeroBitCount) }
            case .i64Popcnt: unary(&tos) { UInt64($0.nonzeroBitCount) }
            case .i64Add: binary(&sp, &tos) { $0 &+ $1 }
            case .i64Sub: binary(&sp, &tos) { $0 &- $1 }
            case .i64Mul: binary(&sp, &tos) { $0 &* $1 }
            case .i64DivS:  // i64.div_s
                let b = Int64(bitPattern: tos), a = Int64(bitPattern: sp[-1])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                if a == Int64.min && b == -1 { trap = .integerOverflow; break dispatch }
                sp -= 1
                tos = slot(a / b)
            case .i64DivU:  // i64.div_u
                let b = tos, a = sp[-1]
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                tos = a / b
            case .i64RemS:  // i64.rem_s
                let b = Int64(bitPattern: tos), a = Int64(bitPattern: sp[-1])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                tos = slot(b == -1 ? 0 : a % b)
            case .i64RemU:  // i64.rem_u
                let b = tos, a = sp[-1]
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                tos = a % b
            case .i64And: binary(&sp, &tos) { $0 & $1 }
            case .i64Or: binary(&sp, &tos) { $0 | $1 }
            case .i64Xor: binary(&sp, &tos) { $0 ^ $1 }
            case .i64Shl: binary(&sp, &tos) { $0 &<< $1 }
            case .i64ShrS: binary(&sp, &tos) { UInt64(bitPattern: Int64(bitPattern: $0) &>> Int64(bitPattern: $1)) }
            case .i64ShrU: binary(&sp, &tos) { $0 &>> $1 }
            case .i64Rotl: binary(&sp, &tos) { ($0 &<< $1) | ($0 &>> (64 &- ($1 & 63))) }
            case .i64Rotr: binary(&sp, &tos) { ($0 &>> $1) | ($0 &<< (64 &- ($1 & 63))) }

            // f32 arithmetic (sign operations on bits so NaN payloads survive).
            case .f32Abs: unary(&tos) { $0 & 0x7FFF_FFFF }
            case .f32Neg: unary(&tos) { ($0 ^ 0x8000_0000) & 0xFFFF_FFFF }
            case .f32Ceil: unaryF32(&tos) { $0.rounded(.up) }
            case .f32Floor: unaryF32(&tos) { $0.rounded(.down) }
            case .f32Trunc: unaryF32(&tos) { $0.rounded(.towardZero) }
            case .f32Nearest: unaryF32(&tos) { $0.rounded(.toNearestOrEven) }
            case .f32Sqrt: unaryF32(&tos) { $0.squareRoot() }
            case .f32Add: binaryF32(&sp, &tos) { $0 + $1 }
            case .f32Sub: binaryF32(&sp, &tos) { $0 - $1 }
            case .f32Mul: binaryF32(&sp, &tos) { $0 * $1 }
            case .f32Div: binaryF32(&sp, &tos) { $0 / $1 }
            case .f32Min: binaryF32(&sp, &tos) { wasmMin($0, $1) }
            case .f32Max: binaryF32(&sp, &tos) { wasmMax($0, $1) }
            case .f32Copysign: binary(&sp, &tos) { ($0 & 0x7FFF_FFFF) | ($1 & 0x8000_0000) }
            // f64 arithmetic.
            case .f64Abs: unary(&tos) { $0 & 0x7FFF_FFFF_FFFF_FFFF }
            case .f64Neg: unary(&tos) { $0 ^ 0x8000_0000_0000_0000 }
            case .f64Ceil: unaryF64(&tos) { $0.rounded(.up) }
            case .f64Floor: unaryF64(&tos) { $0.rounded(.down) }
            case .f64Trunc: unaryF64(&tos) { $0.rounded(.towardZero) }
            case .f64Nearest: unaryF64(&tos) { $0.rounded(.toNearestOrEven) }
            case .f64Sqrt: unaryF64(&tos) { $0.squareRoot() }
            case .f64Add: binaryF64(&sp, &tos) { $0 + $1 }
            case .f64Sub: binaryF64(&sp, &tos) { $0 - $1 }
            case .f64Mul: binaryF64(&sp, &tos) { $0 * $1 }
            case .f64Div: binaryF64(&sp, &tos) { $0 / $1 }
            case .f64Min: binaryF64(&sp, &tos) { wasmMin($0, $1) }
            case .f64Max: binaryF64(&sp, &tos) { wasmMax($0, $1) }
            case .f64Copysign: binary(&sp, &tos) { ($0 & 0x7FFF_FFFF_FFFF_FFFF) | ($1 & 0x8000_0000_0000_0000) }

            // Conversions.
            case .i32WrapI64: unary(&tos) { $0 & 0xFFFF_FFFF }
            case .i32TruncF32S:
                switch truncate(f32(tos), to: Int32.self, lowerExclusive: i32FromF32Bounds.0, upperExclusive: i32FromF32Bounds.1) {
                case .success(let v): tos = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i32TruncF32U:
                switch truncate(f32(tos), to: UInt32.self, lowerExclusive: u32FromF32Bounds.0, upperExclusive: u32FromF32Bounds.1) {
                case .success(let v): tos = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i32TruncF64S:
                switch truncate(f64(tos), to: Int32.self, lowerExclusive: i32FromF64Bounds.0, upperExclusive: i32FromF64Bounds.1) {
                case .success(let v): tos = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i32TruncF64U:
                switch truncate(f64(tos), to: UInt32.self, lowerExclusive: u32FromF64Bounds.0, upperExclusive: u32FromF64Bounds.1) {
                case .success(let v): tos = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i64ExtendI32S: unary(&tos) { slot(Int64(s32($0))) }
            case .i64ExtendI32U: unary(&tos) { $0 & 0xFFFF_FFFF }
            case .i64TruncF32S:
                switch truncate(f32(tos), to: Int64.self, lowerExclusive: i64FromF32Bounds.0, upperExclusive: i64FromF32Bounds.1) {
                case .success(let v): tos = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i64TruncF32U:
                switch truncate(f32(tos), to: UInt64.self, lowerExclusive: u64FromF32Bounds.0, upperExclusive: u64FromF32Bounds.1) {
                case .success(let v): tos = v
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i64TruncF64S:
                switch truncate(f64(tos), to: Int64.self, lowerExclusive: i64FromF64Bounds.0, upperExclusive: i64FromF64Bounds.1) {
                case .success(let v): tos = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .i64TruncF64U:
                switch truncate(f64(tos), to: UInt64.self, lowerExclusive: u64FromF64Bounds.0, upperExclusive: u64FromF64Bounds.1) {
                case .success(let v): tos = v
                case .failure(let e): trap = e.kind; break dispatch
                }
            case .f32ConvertI32S: unary(&tos) { slot(Float(s32($0))) }
            case .f32ConvertI32U: unary(&tos) { slot(Float(u32($0))) }
            case .f32ConvertI64S: unary(&tos) { slot(Float(Int64(bitPattern: $0))) }
            case .f32ConvertI64U: unary(&tos) { slot(Float($0)) }
            case .f32DemoteF64: unary(&tos) { slot(Float(f64($0))) }
            case .f64ConvertI32S: unary(&tos) { slot(Double(s32($0))) }
            case .f64ConvertI32U: unary(&tos) { slot(Double(u32($0))) }
            case .f64ConvertI64S: unary(&tos) { slot(Double(Int64(bitPattern: $0))) }
            case .f64ConvertI64U: unary(&tos) { slot(Double($0)) }
            case .f64PromoteF32: unary(&tos) { slot(Double(f32($0))) }
            case .i32ReinterpretF32, .i64ReinterpretF64, .f32ReinterpretI32, .f64ReinterpretI64:  // reinterpretations: the bits are already right
                break
            // Sign extension.
            case .i32Extend8S: unary(&tos) { slot(Int32(Int8(truncatingIfNeeded: $0))) }
            case .i32Extend16S: unary(&tos) { slot(Int32(Int16(truncatingIfNeeded: $0))) }
            case .i64Extend8S: unary(&tos) { slot(Int64(Int8(truncatingIfNeeded: $0))) }
            case .i64Extend16S: unary(&tos) { slot(Int64(Int16(truncatingIfNeeded: $0))) }
            case .i64Extend32S: unary(&tos) { slot(Int64(Int32(truncatingIfNeeded: $0))) }
            // References.
            case .refNull:  // ref.null
                ip += 1
                sp[0] = tos
                sp += 1
                tos = 0
            case .refIsNull:  // ref.is_null
                unary(&tos) { $0 == 0 ? 1 : 0 }
            case .refFunc:  // ref.func
                sp[0] = tos
                sp += 1
                tos = UInt64(UInt(bitPattern: functions[Int(readU32(&ip))]))
            case .prefixFC:
                let sub = readU32(&ip)
                if sub < 8 {
                    tos = saturatingTruncation(sub, tos)
                    break
                }
                // Out of line with the stack all in memory (`sp` one past the top there).
                sp[0] = tos
                frameDepth = depth
                stackTop = sp + 1
                do {
                    (ip, sp) = try bulkOperation(sub, ip, sp + 1, inst)
                } catch {
                    trap = error.kind
                    break dispatch
                }
                sp -= 1
                tos = sp[0]
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
    private func takeBranch(_ e: SideTableEntry, _ sp: inout UnsafeMutablePointer<UInt64>, _ tos: inout UInt64) {
        let drop = Int(e.popCount)
        if drop != 0 {
            sp[0] = tos
            let count = Int(e.valueCount)
            let src = sp + 1 - count
            for i in 0..<count { src[i - drop] = src[i] }
            sp -= drop
            tos = sp[0]
        }
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
