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
            let opcode = ip.pointee
            ip += 1
            switch opcode {
            case 0x00:  // unreachable
                trap = .unreachable
                break dispatch
            case 0x01:  // nop
                break
            case 0x02, 0x03:  // block, loop: nothing to do in place
                skipLEB(&ip)
            case 0x04:  // if
                sp -= 1
                if u32(sp[0]) != 0 {
                    skipLEB(&ip)
                    stp += 1
                } else {
                    ip = ip - 1 + Int(stp.pointee.pcDelta)
                    stp += Int(stp.pointee.stpDelta)
                }
            case 0x05:  // else: the then-branch is done; jump past `end`
                ip = ip - 1 + Int(stp.pointee.pcDelta)
                stp += Int(stp.pointee.stpDelta)
            case 0x0B:  // end
                if ip <= codeEnd { break }
                fallthrough
            case 0x0F:  // return
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
            case 0x0C:  // br
                let e = stp.pointee
                takeBranch(e, &sp)
                ip = ip - 1 + Int(e.pcDelta)
                stp += Int(e.stpDelta)
                if e.pcDelta <= 0 {  // a loop back-edge (0: the branch opens its loop)
                    if ticks == 0 { if let t = refill() { trap = t; break dispatch }; ticks = takeSlice() }
                    ticks &-= 1
                }
            case 0x0D:  // br_if
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
            case 0x0E:  // br_table
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
            case 0x10, 0x11:  // call, call_indirect
                let callee: UnsafeMutablePointer<FunctionRecord>
                if opcode == 0x10 {
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
            case 0x1A:  // drop
                sp -= 1
            case 0x1B:  // select
                sp -= 2
                if u32(sp[1]) == 0 { sp[-1] = sp[0] }
            case 0x1C:  // select t
                skipLEB(&ip)
                ip += 1
                sp -= 2
                if u32(sp[1]) == 0 { sp[-1] = sp[0] }
            case 0x20:  // local.get
                sp[0] = fp[Int(readU32(&ip))]
                sp += 1
            case 0x21:  // local.set
                sp -= 1
                fp[Int(readU32(&ip))] = sp[0]
            case 0x22:  // local.tee
                fp[Int(readU32(&ip))] = sp[-1]
            case 0x23:  // global.get
                sp[0] = globals[Int(readU32(&ip))].pointee
                sp += 1
            case 0x24:  // global.set
                sp -= 1
                globals[Int(readU32(&ip))].pointee = sp[0]
            case 0x25:  // table.get
                let table = inst.pointee.tables[Int(readU32(&ip))]
                let i = u32(sp[-1])
                guard i < table.pointee.count else { trap = .outOfBoundsTableAccess; break dispatch }
                sp[-1] = table.pointee.elements[Int(i)]
            case 0x26:  // table.set
                let table = inst.pointee.tables[Int(readU32(&ip))]
                sp -= 2
                let i = u32(sp[0])
                guard i < table.pointee.count else { trap = .outOfBoundsTableAccess; break dispatch }
                table.pointee.elements[Int(i)] = sp[1]

            // Loads: the effective address is checked against the current size.
            case 0x28:  // i32.load
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt32.self))
            case 0x29:  // i64.load
                guard let a = address(&ip, sp[-1], 8, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = memBase.loadUnaligned(fromByteOffset: a, as: UInt64.self)
            case 0x2A:  // f32.load
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt32.self))
            case 0x2B:  // f64.load
                guard let a = address(&ip, sp[-1], 8, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = memBase.loadUnaligned(fromByteOffset: a, as: UInt64.self)
            case 0x2C:  // i32.load8_s
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int32(memBase.load(fromByteOffset: a, as: Int8.self)))
            case 0x2D:  // i32.load8_u
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.load(fromByteOffset: a, as: UInt8.self))
            case 0x2E:  // i32.load16_s
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int32(memBase.loadUnaligned(fromByteOffset: a, as: Int16.self)))
            case 0x2F:  // i32.load16_u
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt16.self))
            case 0x30:  // i64.load8_s
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int64(memBase.load(fromByteOffset: a, as: Int8.self)))
            case 0x31:  // i64.load8_u
                guard let a = address(&ip, sp[-1], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.load(fromByteOffset: a, as: UInt8.self))
            case 0x32:  // i64.load16_s
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int64(memBase.loadUnaligned(fromByteOffset: a, as: Int16.self)))
            case 0x33:  // i64.load16_u
                guard let a = address(&ip, sp[-1], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt16.self))
            case 0x34:  // i64.load32_s
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = slot(Int64(memBase.loadUnaligned(fromByteOffset: a, as: Int32.self)))
            case 0x35:  // i64.load32_u
                guard let a = address(&ip, sp[-1], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                sp[-1] = UInt64(memBase.loadUnaligned(fromByteOffset: a, as: UInt32.self))

            // Stores.
            case 0x36, 0x38, 0x3E:  // i32.store, f32.store, i64.store32
                sp -= 2
                guard let a = address(&ip, sp[0], 4, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: u32(sp[1]), toByteOffset: a, as: UInt32.self)
            case 0x37, 0x39:  // i64.store, f64.store
                sp -= 2
                guard let a = address(&ip, sp[0], 8, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: sp[1], toByteOffset: a, as: UInt64.self)
            case 0x3A, 0x3C:  // i32.store8, i64.store8
                sp -= 2
                guard let a = address(&ip, sp[0], 1, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: UInt8(truncatingIfNeeded: sp[1]), toByteOffset: a, as: UInt8.self)
            case 0x3B, 0x3D:  // i32.store16, i64.store16
                sp -= 2
                guard let a = address(&ip, sp[0], 2, memSize) else { trap = .outOfBoundsMemoryAccess; break dispatch }
                memBase.storeBytes(of: UInt16(truncatingIfNeeded: sp[1]), toByteOffset: a, as: UInt16.self)
            case 0x3F:  // memory.size
                ip += 1
                sp[0] = memSize / UInt64(MemoryStorage.pageSize)
                sp += 1
            case 0x40:  // memory.grow
                ip += 1
                let old = Memory.grow(inst.pointee.memory!, by: u32(sp[-1]))
                sp[-1] = old.map { UInt64($0) } ?? UInt64(UInt32.max)
                loadInstance()

            // Constants.
            case 0x41:  // i32.const
                sp[0] = slot(Int32(truncatingIfNeeded: readS64(&ip)))
                sp += 1
            case 0x42:  // i64.const
                sp[0] = slot(readS64(&ip))
                sp += 1
            case 0x43:  // f32.const
                sp[0] = UInt64(UnsafeRawPointer(ip).loadUnaligned(as: UInt32.self))
                ip += 4
                sp += 1
            case 0x44:  // f64.const
                sp[0] = UnsafeRawPointer(ip).loadUnaligned(as: UInt64.self)
                ip += 8
                sp += 1

            // i32 comparisons.
            case 0x45: unary(sp) { $0 & 0xFFFF_FFFF == 0 ? 1 : 0 }
            case 0x46: compareI32(&sp) { $0 == $1 }
            case 0x47: compareI32(&sp) { $0 != $1 }
            case 0x48: compareS32(&sp) { $0 < $1 }
            case 0x49: compareI32(&sp) { $0 < $1 }
            case 0x4A: compareS32(&sp) { $0 > $1 }
            case 0x4B: compareI32(&sp) { $0 > $1 }
            case 0x4C: compareS32(&sp) { $0 <= $1 }
            case 0x4D: compareI32(&sp) { $0 <= $1 }
            case 0x4E: compareS32(&sp) { $0 >= $1 }
            case 0x4F: compareI32(&sp) { $0 >= $1 }
            // i64 comparisons.
            case 0x50: unary(sp) { $0 == 0 ? 1 : 0 }
            case 0x51: compareI64(&sp) { $0 == $1 }
            case 0x52: compareI64(&sp) { $0 != $1 }
            case 0x53: compareS64(&sp) { $0 < $1 }
            case 0x54: compareI64(&sp) { $0 < $1 }
            case 0x55: compareS64(&sp) { $0 > $1 }
            case 0x56: compareI64(&sp) { $0 > $1 }
            case 0x57: compareS64(&sp) { $0 <= $1 }
            case 0x58: compareI64(&sp) { $0 <= $1 }
            case 0x59: compareS64(&sp) { $0 >= $1 }
            case 0x5A: compareI64(&sp) { $0 >= $1 }
            // Float comparisons.
            case 0x5B: compareF32(&sp) { $0 == $1 }
            case 0x5C: compareF32(&sp) { $0 != $1 }
            case 0x5D: compareF32(&sp) { $0 < $1 }
            case 0x5E: compareF32(&sp) { $0 > $1 }
            case 0x5F: compareF32(&sp) { $0 <= $1 }
            case 0x60: compareF32(&sp) { $0 >= $1 }
            case 0x61: compareF64(&sp) { $0 == $1 }
            case 0x62: compareF64(&sp) { $0 != $1 }
            case 0x63: compareF64(&sp) { $0 < $1 }
            case 0x64: compareF64(&sp) { $0 > $1 }
            case 0x65: compareF64(&sp) { $0 <= $1 }
            case 0x66: compareF64(&sp) { $0 >= $1 }

            // i32 arithmetic.
            case 0x67: unary(sp) { UInt64(u32($0).leadingZeroBitCount) }
            case 0x68: unary(sp) { UInt64(u32($0).trailingZeroBitCount) }
            case 0x69: unary(sp) { UInt64(u32($0).nonzeroBitCount) }
            case 0x6A: binaryI32(&sp) { $0 &+ $1 }
            case 0x6B: binaryI32(&sp) { $0 &- $1 }
            case 0x6C: binaryI32(&sp) { $0 &* $1 }
            case 0x6D:  // i32.div_s
                let b = s32(sp[-1]), a = s32(sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                if a == Int32.min && b == -1 { trap = .integerOverflow; break dispatch }
                sp -= 1
                sp[-1] = slot(a / b)
            case 0x6E:  // i32.div_u
                let b = u32(sp[-1]), a = u32(sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = UInt64(a / b)
            case 0x6F:  // i32.rem_s
                let b = s32(sp[-1]), a = s32(sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = slot(b == -1 ? 0 : a % b)
            case 0x70:  // i32.rem_u
                let b = u32(sp[-1]), a = u32(sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = UInt64(a % b)
            case 0x71: binaryI32(&sp) { $0 & $1 }
            case 0x72: binaryI32(&sp) { $0 | $1 }
            case 0x73: binaryI32(&sp) { $0 ^ $1 }
            case 0x74: binaryI32(&sp) { $0 &<< $1 }
            case 0x75: binaryI32(&sp) { UInt32(bitPattern: Int32(bitPattern: $0) &>> Int32(bitPattern: $1)) }
            case 0x76: binaryI32(&sp) { $0 &>> $1 }
            case 0x77: binaryI32(&sp) { ($0 &<< $1) | ($0 &>> (32 &- ($1 & 31))) }
            case 0x78: binaryI32(&sp) { ($0 &>> $1) | ($0 &<< (32 &- ($1 & 31))) }

            // i64 arithmetic.
            case 0x79: unary(sp) { UInt64($0.leadingZeroBitCount) }
            case 0x7A: unary(sp) { UInt64($0.trailingZeroBitCount) }
            case 0x7B: unary(sp) { UInt64($0.nonzeroBitCount) }
            case 0x7C: binaryI64(&sp) { $0 &+ $1 }
            case 0x7D: binaryI64(&sp) { $0 &- $1 }
            case 0x7E: binaryI64(&sp) { $0 &* $1 }
            case 0x7F:  // i64.div_s
                let b = Int64(bitPattern: sp[-1]), a = Int64(bitPattern: sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                if a == Int64.min && b == -1 { trap = .integerOverflow; break dispatch }
                sp -= 1
                sp[-1] = slot(a / b)
            case 0x80:  // i64.div_u
                let b = sp[-1], a = sp[-2]
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = a / b
            case 0x81:  // i64.rem_s
                let b = Int64(bitPattern: sp[-1]), a = Int64(bitPattern: sp[-2])
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = slot(b == -1 ? 0 : a % b)
            case 0x82:  // i64.rem_u
                let b = sp[-1], a = sp[-2]
                if b == 0 { trap = .integerDivideByZero; break dispatch }
                sp -= 1
                sp[-1] = a % b
            case 0x83: binaryI64(&sp) { $0 & $1 }
            case 0x84: binaryI64(&sp) { $0 | $1 }
            case 0x85: binaryI64(&sp) { $0 ^ $1 }
            case 0x86: binaryI64(&sp) { $0 &<< $1 }
            case 0x87: binaryI64(&sp) { UInt64(bitPattern: Int64(bitPattern: $0) &>> Int64(bitPattern: $1)) }
            case 0x88: binaryI64(&sp) { $0 &>> $1 }
            case 0x89: binaryI64(&sp) { ($0 &<< $1) | ($0 &>> (64 &- ($1 & 63))) }
            case 0x8A: binaryI64(&sp) { ($0 &>> $1) | ($0 &<< (64 &- ($1 & 63))) }

            // f32 arithmetic (sign operations on bits so NaN payloads survive).
            case 0x8B: unary(sp) { $0 & 0x7FFF_FFFF }
            case 0x8C: unary(sp) { ($0 ^ 0x8000_0000) & 0xFFFF_FFFF }
            case 0x8D: unaryF32(sp) { $0.rounded(.up) }
            case 0x8E: unaryF32(sp) { $0.rounded(.down) }
            case 0x8F: unaryF32(sp) { $0.rounded(.towardZero) }
            case 0x90: unaryF32(sp) { $0.rounded(.toNearestOrEven) }
            case 0x91: unaryF32(sp) { $0.squareRoot() }
            case 0x92: binaryF32(&sp) { $0 + $1 }
            case 0x93: binaryF32(&sp) { $0 - $1 }
            case 0x94: binaryF32(&sp) { $0 * $1 }
            case 0x95: binaryF32(&sp) { $0 / $1 }
            case 0x96: binaryF32(&sp) { wasmMin($0, $1) }
            case 0x97: binaryF32(&sp) { wasmMax($0, $1) }
            case 0x98: binary(&sp) { ($0 & 0x7FFF_FFFF) | ($1 & 0x8000_0000) }
            // f64 arithmetic.
            case 0x99: unary(sp) { $0 & 0x7FFF_FFFF_FFFF_FFFF }
            case 0x9A: unary(sp) { $0 ^ 0x8000_0000_0000_0000 }
            case 0x9B: unaryF64(sp) { $0.rounded(.up) }
            case 0x9C: unaryF64(sp) { $0.rounded(.down) }
            case 0x9D: unaryF64(sp) { $0.rounded(.towardZero) }
            case 0x9E: unaryF64(sp) { $0.rounded(.toNearestOrEven) }
            case 0x9F: unaryF64(sp) { $0.squareRoot() }
            case 0xA0: binaryF64(&sp) { $0 + $1 }
            case 0xA1: binaryF64(&sp) { $0 - $1 }
            case 0xA2: binaryF64(&sp) { $0 * $1 }
            case 0xA3: binaryF64(&sp) { $0 / $1 }
            case 0xA4: binaryF64(&sp) { wasmMin($0, $1) }
            case 0xA5: binaryF64(&sp) { wasmMax($0, $1) }
            case 0xA6: binary(&sp) { ($0 & 0x7FFF_FFFF_FFFF_FFFF) | ($1 & 0x8000_0000_0000_0000) }

            // Conversions.
            case 0xA7: unary(sp) { $0 & 0xFFFF_FFFF }
            case 0xA8:
                switch truncate(f32(sp[-1]), to: Int32.self, lowerExclusive: i32FromF32Bounds.0, upperExclusive: i32FromF32Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case 0xA9:
                switch truncate(f32(sp[-1]), to: UInt32.self, lowerExclusive: u32FromF32Bounds.0, upperExclusive: u32FromF32Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case 0xAA:
                switch truncate(f64(sp[-1]), to: Int32.self, lowerExclusive: i32FromF64Bounds.0, upperExclusive: i32FromF64Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case 0xAB:
                switch truncate(f64(sp[-1]), to: UInt32.self, lowerExclusive: u32FromF64Bounds.0, upperExclusive: u32FromF64Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case 0xAC: unary(sp) { slot(Int64(s32($0))) }
            case 0xAD: unary(sp) { $0 & 0xFFFF_FFFF }
            case 0xAE:
                switch truncate(f32(sp[-1]), to: Int64.self, lowerExclusive: i64FromF32Bounds.0, upperExclusive: i64FromF32Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case 0xAF:
                switch truncate(f32(sp[-1]), to: UInt64.self, lowerExclusive: u64FromF32Bounds.0, upperExclusive: u64FromF32Bounds.1) {
                case .success(let v): sp[-1] = v
                case .failure(let e): trap = e.kind; break dispatch
                }
            case 0xB0:
                switch truncate(f64(sp[-1]), to: Int64.self, lowerExclusive: i64FromF64Bounds.0, upperExclusive: i64FromF64Bounds.1) {
                case .success(let v): sp[-1] = slot(v)
                case .failure(let e): trap = e.kind; break dispatch
                }
            case 0xB1:
                switch truncate(f64(sp[-1]), to: UInt64.self, lowerExclusive: u64FromF64Bounds.0, upperExclusive: u64FromF64Bounds.1) {
                case .success(let v): sp[-1] = v
                case .failure(let e): trap = e.kind; break dispatch
                }
            case 0xB2: unary(sp) { slot(Float(s32($0))) }
            case 0xB3: unary(sp) { slot(Float(u32($0))) }
            case 0xB4: unary(sp) { slot(Float(Int64(bitPattern: $0))) }
            case 0xB5: unary(sp) { slot(Float($0)) }
            case 0xB6: unary(sp) { slot(Float(f64($0))) }
            case 0xB7: unary(sp) { slot(Double(s32($0))) }
            case 0xB8: unary(sp) { slot(Double(u32($0))) }
            case 0xB9: unary(sp) { slot(Double(Int64(bitPattern: $0))) }
            case 0xBA: unary(sp) { slot(Double($0)) }
            case 0xBB: unary(sp) { slot(Double(f32($0))) }
            case 0xBC, 0xBD, 0xBE, 0xBF:  // reinterpretations: the bits are already right
                break
            // Sign extension.
            case 0xC0: unary(sp) { slot(Int32(Int8(truncatingIfNeeded: $0))) }
            case 0xC1: unary(sp) { slot(Int32(Int16(truncatingIfNeeded: $0))) }
            case 0xC2: unary(sp) { slot(Int64(Int8(truncatingIfNeeded: $0))) }
            case 0xC3: unary(sp) { slot(Int64(Int16(truncatingIfNeeded: $0))) }
            case 0xC4: unary(sp) { slot(Int64(Int32(truncatingIfNeeded: $0))) }
            // References.
            case 0xD0:  // ref.null
                ip += 1
                sp[0] = 0
                sp += 1
            case 0xD1:  // ref.is_null
                unary(sp) { $0 == 0 ? 1 : 0 }
            case 0xD2:  // ref.func
                sp[0] = UInt64(UInt(bitPattern: functions[Int(readU32(&ip))]))
                sp += 1
            case 0xFC:
                let sub = readU32(&ip)
                if sub < 8 {
                    sp[-1] = saturatingTruncation(sub, sp[-1])
                    break
                }
                frameDepth = depth
                stackTop = sp
                do {
                    try bulkOperation(sub, &ip, &sp, inst)
                } catch {
                    trap = error.kind
                    break dispatch
                }
                loadInstance()
            default:
                // Validation admits only the opcodes above.
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
