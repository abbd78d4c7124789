// PinionWASI: one host call as the implementations see it: typed arguments, and
// guest memory access that fails with EFAULT instead of trapping.
import PinionRuntime

/// How a WASI call ends when it does not succeed.
enum WASIError: Error {
    /// Return this errno to the guest.
    case errno(WASIErrno)
    /// Stop the program (e.g. `proc_exit`, or a module without memory).
    case trap(Trap)
}

/// The arguments of one call. Slots hold i32 values in their low 32 bits.
struct WASICall {
    let caller: Caller
    let slots: UnsafeMutablePointer<UInt64>

    /// Argument `index` as an i32 (pointers, lengths, fds, enums, flags).
    func i32(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: slots[index]) }
    /// Argument `index` as an i64 (offsets, timestamps, rights).
    func i64(_ index: Int) -> UInt64 { slots[index] }

    /// Whether the instance was asked to stop (its interrupt flag, e.g. a --timeout):
    /// blocking calls look at it between short waits.
    var isInterrupted: Bool { caller.instance?.interrupt.isRaised ?? false }

    /// Fails with an `.interrupted` trap when the instance was asked to stop.
    func checkInterrupt() throws(WASIError) {
        if isInterrupted { throw .trap(Trap(.interrupted)) }
    }

    /// Charges the calling instance's fuel for `bytes` moved by the call (see
    /// `Caller.chargeFuel(forBytes:)`), so that a loop of large reads or writes cannot
    /// outlast its fuel by doing its work in host calls.
    func chargeFuel(forBytes bytes: Int) throws(WASIError) {
        do { try caller.chargeFuel(forBytes: bytes) } catch { throw .trap(error) }
    }

    /// The guest string at `address` with `length` bytes (a path), copied out.
    func bytes(at address: UInt32, length: UInt32) throws(WASIError) -> [UInt8] {
        Array(try memory().bytes(at: address, count: length))
    }

    /// The calling instance's memory. A module that calls WASI without a memory traps.
    func memory() throws(WASIError) -> GuestMemory {
        guard let view = caller.memory else {
            throw .trap(Trap(.host("wasi: the calling module has no linear memory")))
        }
        return GuestMemory(view: view)
    }
}

/// Bounds-checked guest memory whose failures are `EFAULT`.
struct GuestMemory {
    let view: MemoryView

    /// The bytes at `address..<address+count`.
    func bytes(at address: UInt32, count: UInt32) throws(WASIError) -> UnsafeMutableRawBufferPointer {
        do { return try view.bytes(at: address, count: count) } catch { throw .errno(.fault) }
    }

    /// An array of `count` elements of `stride` bytes at `address`.
    func array(at address: UInt32, count: UInt32, stride: UInt32) throws(WASIError) -> UnsafeMutableRawBufferPointer {
        let total = UInt64(count) * UInt64(stride)
        guard total <= UInt64(UInt32.max) else { throw .errno(.fault) }
        return try bytes(at: address, count: UInt32(total))
    }

    /// Checks that a `T` fits at `address`, before a call has side effects.
    func check<T: FixedWidthInteger>(_ type: T.Type, at address: UInt32) throws(WASIError) {
        _ = try bytes(at: address, count: UInt32(MemoryLayout<T>.size))
    }

    func load<T: FixedWidthInteger>(_ type: T.Type, at address: UInt32) throws(WASIError) -> T {
        do { return try view.load(type, at: address) } catch { throw .errno(.fault) }
    }

    func store<T: FixedWidthInteger>(_ value: T, at address: UInt32) throws(WASIError) {
        do { try view.store(value, at: address) } catch { throw .errno(.fault) }
    }
}

/// Little-endian stores into a buffer already bounds-checked as a whole.
extension UnsafeMutableRawBufferPointer {
    func storeLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count)
        baseAddress!.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
    }

    func loadLE<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= count)
        return T(littleEndian: baseAddress!.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
