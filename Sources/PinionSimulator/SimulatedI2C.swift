// PinionSimulator: simulated I2C buses: device models by address, one lock per bus,
// and injectable faults for testing error paths.
import PinionHardware
import Synchronization

/// A device model on a simulated bus. It speaks raw I2C: a write delivers bytes, a read
/// asks for bytes; returning false from `write` is a NACK.
public protocol SimulatedI2CDevice: AnyObject {
    /// The model's name, e.g. `bme280`.
    var model: String { get }
    func write(_ bytes: [UInt8]) -> Bool
    func read(count: Int) -> [UInt8]
}

/// Simulated I2C adapters, with device models attached by (bus, address).
public final class SimulatedI2C: I2CBackend {
    struct Key: Hashable { var bus: Int; var address: UInt16 }
    var devices: [Key: SimulatedI2CDevice] = [:]
    var faults: [Key: HardwareError] = [:]
    /// Serializes transactions (of every module on this simulated board), as the adapter
    /// lock does on Linux. One lock for all buses: the simulator is not about bus contention.
    let busLock = Mutex(())

    public init() {}

    /// Puts `device` at `address` on `bus`.
    public func attach(_ device: SimulatedI2CDevice, bus: Int, address: UInt16) {
        devices[Key(bus: bus, address: address)] = device
    }

    /// The device model at an address, if any.
    public func device(bus: Int, address: UInt16) -> SimulatedI2CDevice? {
        devices[Key(bus: bus, address: address)]
    }

    /// Every attached device, sorted by bus and address.
    public var attached: [(bus: Int, address: UInt16, device: SimulatedI2CDevice)] {
        devices.map { ($0.key.bus, $0.key.address, $0.value) }.sorted { ($0.bus, $0.address) < ($1.bus, $1.address) }
    }

    /// Makes the next transfer to (bus, address) fail with `error` (bus error,
    /// arbitration loss, timeout...), once.
    public func injectFault(_ error: HardwareError, bus: Int, address: UInt16) {
        faults[Key(bus: bus, address: address)] = error
    }

    public func open(bus: I2CBusDefinition, address: UInt16) throws(HardwareError) -> I2CDevice {
        SimulatedI2CHandle(backend: self, key: Key(bus: bus.bus, address: address))
    }

    /// Runs one transaction on the bus of `key`: fails with an injected fault, NACKs when
    /// nothing is there.
    func transaction<T>(_ key: Key, _ body: (SimulatedI2CDevice) throws(HardwareError) -> T) throws(HardwareError) -> T {
        var result: Result<T, HardwareError> = .failure(.noAcknowledge)
        busLock.withLock { _ in
            if let fault = faults.removeValue(forKey: key) { result = .failure(fault); return }
            guard let device = devices[key] else { return }
            do throws(HardwareError) { result = .success(try body(device)) } catch { result = .failure(error) }
        }
        return try result.get()
    }
}

/// A module's handle on one simulated (bus, address).
final class SimulatedI2CHandle: I2CDevice {
    let backend: SimulatedI2C
    let key: SimulatedI2C.Key
    var closed = false

    init(backend: SimulatedI2C, key: SimulatedI2C.Key) {
        self.backend = backend
        self.key = key
    }

    func write(_ bytes: [UInt8]) throws(HardwareError) {
        guard !closed else { throw .badHandle }
        try backend.transaction(key) { d throws(HardwareError) in if !d.write(bytes) { throw .noAcknowledge } }
    }

    func read(count: Int) throws(HardwareError) -> [UInt8] {
        guard !closed else { throw .badHandle }
        return try backend.transaction(key) { d in d.read(count: count) }
    }

    func writeRead(_ bytes: [UInt8], readCount: Int) throws(HardwareError) -> [UInt8] {
        guard !closed else { throw .badHandle }
        return try backend.transaction(key) { d throws(HardwareError) in
            guard d.write(bytes) else { throw .noAcknowledge }
            return d.read(count: readCount)
        }
    }

    func smbus(_ operation: SMBusOperation) throws(HardwareError) -> SMBusResult {
        try smbusOverI2C(operation)
    }

    func close() { closed = true }
}

/// A device with 8-bit registers behind an auto-incrementing register pointer: a write's
/// first byte sets the pointer and later bytes fill registers; reads continue from it.
open class RegisterMapDevice: SimulatedI2CDevice {
    public var registers = [UInt8](repeating: 0, count: 256)
    public var pointer: UInt8 = 0
    open var model: String { "registers" }

    public init() {}

    /// Called for each register write; the default stores the value.
    open func registerWritten(_ register: UInt8, _ value: UInt8) { registers[Int(register)] = value }
    /// Called before a read transfer starts at `pointer`.
    open func willRead() {}
    /// The register after `register` in a sequential access.
    open func next(after register: UInt8) -> UInt8 { register &+ 1 }

    public func write(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first else { return true }  // a quick write: just the ack
        pointer = first
        for b in bytes.dropFirst() {
            registerWritten(pointer, b)
            pointer = next(after: pointer)
        }
        return true
    }

    public func read(count: Int) -> [UInt8] {
        willRead()
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            out.append(registers[Int(pointer)])
            pointer = next(after: pointer)
        }
        return out
    }
}
