// PinionHardware: the I2C extension: handles, grant checks and release for one module.
// Its host functions are in I2CHostFunctions.swift.
import PinionRuntime

/// I2C for one module instance: opens only granted (bus, address) pairs.
public final class I2CExtension: HostExtension {
    public typealias Grants = [I2CGrant]
    public static let namespace = "pinion_i2c"
    public static let manifestSection = "i2c"

    /// What `pinion_i2c.open` asks for.
    public struct Request: CustomStringConvertible {
        public var bus: Int
        public var address: UInt16
        public init(bus: Int, address: UInt16) {
            self.bus = bus
            self.address = address
        }
        public var description: String {
            let hex = String(address, radix: 16)
            return "open bus \(bus) address 0x\(hex.count < 2 ? "0" + hex : hex)"
        }
    }

    public static func parseGrants(_ section: ConfigValue?) throws(ConfigError) -> [I2CGrant] {
        try I2CGrant.parseAll(section)
    }

    public let board: BoardDefinition
    let backend: I2CBackend
    let grants: [I2CGrant]
    public let log: DenialLog
    var handles: ContiguousArray<I2CDevice?> = []
    /// The running instance's interrupt flag, seen at its first `open`.
    public private(set) var interrupt: InterruptFlag?

    /// Creates the extension for one module. Throws when a grant names a bus the board
    /// does not have.
    public init(grants: [I2CGrant], board: BoardDefinition, backend: I2CBackend, log: DenialLog) throws(ConfigError) {
        for grant in grants where board.i2cBus(grant.bus) == nil {
            let buses = board.i2cBuses.map { String($0.bus) }.joined(separator: ", ")
            throw ConfigError(field: "\(grant.field).bus", "board \(board.name) has no I2C bus \(grant.bus) (it has: \(buses.isEmpty ? "none" : buses))")
        }
        self.board = board
        self.backend = backend
        self.grants = grants
        self.log = log
    }

    public func check(_ request: Request) -> HardwareError? {
        guard let grant = grants.first(where: { $0.bus == request.bus }),
              grant.addresses.contains(request.address) else { return .pinNotAllowed }
        return nil
    }

    /// The addresses granted on `bus` (empty when the bus is not granted).
    public func grantedAddresses(bus: Int) -> [UInt16] {
        grants.first { $0.bus == bus }?.addresses ?? []
    }

    func open(_ request: Request, interrupt: InterruptFlag?) throws(HardwareError) -> Int32 {
        if self.interrupt == nil { self.interrupt = interrupt }
        if let error = check(request) { throw log.deny(Self.namespace, request.description, error) }
        let device = try backend.open(bus: board.i2cBus(request.bus)!, address: request.address)
        if let free = handles.firstIndex(where: { $0 == nil }) {
            handles[free] = device
            return Int32(free)
        }
        handles.append(device)
        return Int32(handles.count - 1)
    }

    func device(_ handle: Int32) throws(HardwareError) -> I2CDevice {
        guard handle >= 0, Int(handle) < handles.count, let device = handles[Int(handle)] else { throw .badHandle }
        return device
    }

    func close(_ handle: Int32) throws(HardwareError) {
        try device(handle).close()
        handles[Int(handle)] = nil
    }

    public func release(_ reason: ReleaseReason) {
        for i in handles.indices {
            handles[i]?.close()
            handles[i] = nil
        }
    }

    public var openHandleCount: Int { handles.count { $0 != nil } }
}
