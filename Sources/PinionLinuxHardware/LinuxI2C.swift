// PinionLinuxHardware: I2C on i2c-dev: combined transfers with I2C_RDWR, SMBus through
// libi2c (both through CPinionI2C), errno mapped to hardware errors, and one lock per
// adapter so that transactions of all modules in this process are serialized.
import CPinionI2C
import PinionHardware
import Synchronization

/// I2C adapters (`/dev/i2c-N`), opened on first use and shared by every device and every
/// module in the process, so that one lock per adapter serializes all their transactions.
public final class LinuxI2C: I2CBackend {
    /// An open adapter. The lock makes select-address-then-transfer atomic.
    final class Adapter: Sendable {
        let fd: Int32
        let lock = Mutex(())
        init(fd: Int32) { self.fd = fd }
        deinit { pinion_i2c_close_adapter(fd) }
    }

    /// Process-wide: two modules (two `LinuxI2C`s) on one bus share its fd and lock.
    private static let adapters = Mutex<[String: Adapter]>([:])

    public init() {}

    func adapter(_ path: String) throws(HardwareError) -> Adapter {
        let result: Result<Adapter, HardwareError> = Self.adapters.withLock { open in
            if let a = open[path] { return .success(a) }
            let fd = pinion_i2c_open_adapter(path)
            guard fd >= 0 else { return .failure(ErrnoMapping.i2c(-fd)) }
            let a = Adapter(fd: fd)
            open[path] = a
            return .success(a)
        }
        return try result.get()
    }

    public func open(bus: I2CBusDefinition, address: UInt16) throws(HardwareError) -> I2CDevice {
        LinuxI2CDevice(adapter: try adapter(bus.device), address: address)
    }
}

/// One device address on an adapter.
final class LinuxI2CDevice: I2CDevice {
    let adapter: LinuxI2C.Adapter
    let address: UInt16
    var closed = false

    init(adapter: LinuxI2C.Adapter, address: UInt16) {
        self.adapter = adapter
        self.address = address
    }

    /// Runs a shim call under the adapter lock; negative results are -errno.
    func locked(_ body: (Int32) -> Int32) throws(HardwareError) -> Int32 {
        guard !closed else { throw .badHandle }
        let r = adapter.lock.withLock { _ in body(adapter.fd) }
        if r < 0 { throw ErrnoMapping.i2c(-r) }
        return r
    }

    func transfer(_ bytes: [UInt8], readCount: Int) throws(HardwareError) -> [UInt8] {
        guard bytes.count <= Int(UInt16.max), readCount <= Int(UInt16.max) else { throw .invalidArgument }
        var out = [UInt8](repeating: 0, count: readCount)
        let address = self.address
        _ = try locked { fd in
            bytes.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { r in
                    pinion_i2c_transfer(fd, address, w.baseAddress, UInt16(w.count), r.baseAddress, UInt16(r.count))
                }
            }
        }
        return out
    }

    func write(_ bytes: [UInt8]) throws(HardwareError) { _ = try transfer(bytes, readCount: 0) }
    func read(count: Int) throws(HardwareError) -> [UInt8] { try transfer([], readCount: count) }
    func writeRead(_ bytes: [UInt8], readCount: Int) throws(HardwareError) -> [UInt8] { try transfer(bytes, readCount: readCount) }

    func smbus(_ operation: SMBusOperation) throws(HardwareError) -> SMBusResult {
        let a = address
        switch operation {
        case .readByte: return .value(try locked { pinion_i2c_smbus_read_byte($0, a) })
        case .writeByte(let v): _ = try locked { pinion_i2c_smbus_write_byte($0, a, v) }
        case .readByteData(let c): return .value(try locked { pinion_i2c_smbus_read_byte_data($0, a, c) })
        case .writeByteData(let c, let v): _ = try locked { pinion_i2c_smbus_write_byte_data($0, a, c, v) }
        case .readWordData(let c): return .value(try locked { pinion_i2c_smbus_read_word_data($0, a, c) })
        case .writeWordData(let c, let v): _ = try locked { pinion_i2c_smbus_write_word_data($0, a, c, v) }
        case .readBlockData(let c):
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = try locked { fd in buffer.withUnsafeMutableBufferPointer { pinion_i2c_smbus_read_block_data(fd, a, c, $0.baseAddress) } }
            return .block(Array(buffer.prefix(Int(min(n, 32)))))
        case .writeBlockData(let c, let bytes):
            guard bytes.count <= 32 else { throw .invalidArgument }
            _ = try locked { fd in bytes.withUnsafeBufferPointer { pinion_i2c_smbus_write_block_data(fd, a, c, UInt8($0.count), $0.baseAddress) } }
        }
        return .none
    }

    func close() { closed = true }
}
