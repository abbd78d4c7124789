// PinionHardware: the `pinion_i2c` host functions (guest ABI; documented in pinion_hw.h).
// Each returns a non-negative value on success and a negated HardwareError otherwise.
import PinionBinary
import PinionRuntime

/// Longest single I2C transfer a module may ask for.
let maxI2CTransfer: UInt64 = 4096

extension I2CExtension {
    /// The bodies hold the extension strongly: the store keeps the bodies and the
    /// extension never refers to the store, so there is no cycle, and an unowned
    /// reference would cost an atomic check on every call.
    public func hostFunctions() -> [HostFunctionDefinition] {
        var functions = [
            // open(bus, address) -> handle
            HostFunctionDefinition("open", [.i32, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    let bus = i32(slots[0]), address = i32(slots[1])
                    guard bus >= 0, (0...0x7F).contains(address) else { throw .invalidArgument }
                    return try open(Request(bus: Int(bus), address: UInt16(address)), interrupt: caller.instance?.interrupt)
                }
            },
            // write(handle, ptr, len) -> len
            HostFunctionDefinition("write", [.i32, .i32, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    let d = try device(i32(slots[0]))
                    let len = slots[2] & 0xFFFF_FFFF
                    guard len <= maxI2CTransfer else { throw .invalidArgument }
                    try d.write(try caller.guestBytes(slots[1] & 0xFFFF_FFFF, len))
                    return Int32(len)
                }
            },
            // read(handle, ptr, len) -> len
            HostFunctionDefinition("read", [.i32, .i32, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    let d = try device(i32(slots[0]))
                    let len = slots[2] & 0xFFFF_FFFF
                    guard len <= maxI2CTransfer else { throw .invalidArgument }
                    try caller.checkGuestRange(slots[1] & 0xFFFF_FFFF, UInt32(len))
                    try caller.storeGuestBytes(try d.read(count: Int(len)), at: slots[1] & 0xFFFF_FFFF)
                    return Int32(len)
                }
            },
            // write_read(handle, wptr, wlen, rptr, rlen) -> rlen, with a repeated start
            HostFunctionDefinition("write_read", [.i32, .i32, .i32, .i32, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    let d = try device(i32(slots[0]))
                    let wlen = slots[2] & 0xFFFF_FFFF, rlen = slots[4] & 0xFFFF_FFFF
                    guard wlen <= maxI2CTransfer, rlen <= maxI2CTransfer else { throw .invalidArgument }
                    try caller.checkGuestRange(slots[3] & 0xFFFF_FFFF, UInt32(rlen))
                    let bytes = try d.writeRead(try caller.guestBytes(slots[1] & 0xFFFF_FFFF, wlen), readCount: Int(rlen))
                    try caller.storeGuestBytes(bytes, at: slots[3] & 0xFFFF_FFFF)
                    return Int32(rlen)
                }
            },
            // granted_addresses(bus, ptr, cap) -> count: the module's grants on a bus, one byte each
            HostFunctionDefinition("granted_addresses", [.i32, .i32, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    let addresses = grantedAddresses(bus: Int(i32(slots[0]))).map { UInt8($0) }
                    let cap = Int(slots[2] & 0xFFFF_FFFF)
                    try caller.storeGuestBytes(Array(addresses.prefix(cap)), at: slots[1] & 0xFFFF_FFFF)
                    return Int32(addresses.count)
                }
            },
            // close(handle) -> 0
            HostFunctionDefinition("close", [.i32], [.i32]) { [self] _, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in try close(i32(slots[0])); return 0 }
            },
        ]
        functions += smbusFunctions()
        return functions
    }

    /// SMBus helpers, so SMBus-only adapters work too.
    func smbusFunctions() -> [HostFunctionDefinition] {
        func value(_ operation: SMBusOperation, _ d: I2CDevice) throws(HardwareError) -> Int32 {
            switch try d.smbus(operation) {
            case .value(let v): return v
            case .none: return 0
            case .block: throw .hardwareFault
            }
        }
        return [
            HostFunctionDefinition("smbus_read_byte", [.i32], [.i32]) { [self] _, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in try value(.readByte, try device(i32(slots[0]))) }
            },
            HostFunctionDefinition("smbus_write_byte", [.i32, .i32], [.i32]) { [self] _, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    try value(.writeByte(try byte(slots[1])), try device(i32(slots[0])))
                }
            },
            HostFunctionDefinition("smbus_read_byte_data", [.i32, .i32], [.i32]) { [self] _, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    try value(.readByteData(command: try byte(slots[1])), try device(i32(slots[0])))
                }
            },
            HostFunctionDefinition("smbus_write_byte_data", [.i32, .i32, .i32], [.i32]) { [self] _, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    try value(.writeByteData(command: try byte(slots[1]), value: try byte(slots[2])), try device(i32(slots[0])))
                }
            },
            HostFunctionDefinition("smbus_read_word_data", [.i32, .i32], [.i32]) { [self] _, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    try value(.readWordData(command: try byte(slots[1])), try device(i32(slots[0])))
                }
            },
            HostFunctionDefinition("smbus_write_word_data", [.i32, .i32, .i32], [.i32]) { [self] _, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    let word = i32(slots[2])
                    guard (0...0xFFFF).contains(word) else { throw .invalidArgument }
                    return try value(.writeWordData(command: try byte(slots[1]), value: UInt16(word)), try device(i32(slots[0])))
                }
            },
            // smbus_read_block_data(handle, command, ptr) -> count; ptr must have room for 32 bytes
            HostFunctionDefinition("smbus_read_block_data", [.i32, .i32, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    try caller.checkGuestRange(slots[2] & 0xFFFF_FFFF, 32)
                    guard case .block(let bytes) = try device(i32(slots[0])).smbus(.readBlockData(command: try byte(slots[1]))) else {
                        throw .hardwareFault
                    }
                    try caller.storeGuestBytes(bytes, at: slots[2] & 0xFFFF_FFFF)
                    return Int32(bytes.count)
                }
            },
            // smbus_write_block_data(handle, command, ptr, len) -> 0; len <= 32
            HostFunctionDefinition("smbus_write_block_data", [.i32, .i32, .i32, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                slots[0] = result { () throws(HardwareError) in
                    let len = slots[3] & 0xFFFF_FFFF
                    guard len <= 32 else { throw .invalidArgument }
                    let bytes = try caller.guestBytes(slots[2] & 0xFFFF_FFFF, len)
                    return try value(.writeBlockData(command: try byte(slots[1]), bytes: bytes), try device(i32(slots[0])))
                }
            },
        ]
    }
}

/// Runs `body`, encoding its result or error for the guest.
@inline(__always)
func result(_ body: () throws(HardwareError) -> Int32) -> UInt64 {
    do { return slot(try body()) } catch { return slot(error.guestCode) }
}

/// A byte argument, or `.invalidArgument` when out of 0...255.
@inline(__always)
func byte(_ slot: UInt64) throws(HardwareError) -> UInt8 {
    let v = Int32(truncatingIfNeeded: slot)
    guard (0...255).contains(v) else { throw .invalidArgument }
    return UInt8(v)
}
