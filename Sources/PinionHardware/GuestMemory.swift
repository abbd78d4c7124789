// PinionHardware: reading and writing guest memory from hardware host functions.
import PinionRuntime

extension Caller {
    /// `count` bytes at `address` in the caller's memory, or `.invalidArgument` when the
    /// range is outside it (a bad pointer is the module's error to handle, not a trap).
    func guestBytes(_ address: UInt64, _ count: UInt64) throws(HardwareError) -> [UInt8] {
        guard let memory, count <= UInt64(memory.byteCount) else { throw .invalidArgument }
        do { return try memory.read(at: UInt32(truncatingIfNeeded: address), count: UInt32(truncatingIfNeeded: count)) } catch { throw .invalidArgument }
    }

    /// Copies `bytes` to `address` in the caller's memory.
    func storeGuestBytes(_ bytes: [UInt8], at address: UInt64) throws(HardwareError) {
        guard let memory else { throw .invalidArgument }
        do { try memory.write(bytes, at: UInt32(truncatingIfNeeded: address)) } catch { throw .invalidArgument }
    }

    /// Checks that `count` bytes at `address` are writable before a blocking call.
    func checkGuestRange(_ address: UInt64, _ count: UInt32) throws(HardwareError) {
        guard let memory, (address & 0xFFFF_FFFF) + UInt64(count) <= UInt64(memory.byteCount) else { throw .invalidArgument }
    }

    /// Stops the module with `.interrupted` if it was asked to stop.
    func checkInterrupt() throws(Trap) {
        if instance?.interrupt.isRaised == true { throw Trap(.interrupted) }
    }
}

/// Reads an i32 argument.
@inline(__always) func i32(_ slot: UInt64) -> Int32 { Int32(truncatingIfNeeded: slot) }
/// Encodes an i32 result.
@inline(__always) func slot(_ value: Int32) -> UInt64 { UInt64(UInt32(bitPattern: value)) }

/// Longest a blocking host call waits before looking at the interrupt flag.
let blockingSlice: Int64 = 100_000_000
