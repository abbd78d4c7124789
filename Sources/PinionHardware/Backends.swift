// PinionHardware: the interfaces a board's GPIO and I2C backends implement
// (the simulator, and libgpiod / i2c-dev on Linux).

/// Line direction.
public enum LineDirection: Sendable, Hashable { case input, output }

/// Bias (pull resistor) setting. `asIs` leaves whatever the board has configured.
public enum LineBias: String, Sendable, Hashable, CaseIterable { case asIs = "as-is", disabled, pullUp = "pull-up", pullDown = "pull-down" }

/// Output drive.
public enum LineDrive: String, Sendable, Hashable, CaseIterable { case pushPull = "push-pull", openDrain = "open-drain", openSource = "open-source" }

/// Which edges of an input produce events.
public enum LineEdge: String, Sendable, Hashable, CaseIterable { case none, rising, falling, both }

/// How a request configures its lines (all lines of one request share it).
public struct LineSettings: Sendable, Hashable {
    /// Input or output.
    public var direction: LineDirection = .input
    /// Pull resistor.
    public var bias: LineBias = .asIs
    /// Output drive (outputs only).
    public var drive: LineDrive = .pushPull
    /// Whether logical values are inverted on the wire.
    public var activeLow = false
    /// Edges that produce events (inputs only).
    public var edge: LineEdge = .none
    /// Debounce period for edge detection, 0 for none.
    public var debounceMicroseconds: UInt32 = 0
    /// Logical values driven when an output is requested (bit i: line i).
    public var initialValues: UInt32 = 0

    public init() {}
}

/// An edge seen on an input line.
public struct EdgeEvent: Sendable, Hashable {
    /// Which way the logical value went (the ABI's PINION_EDGE_RISING/FALLING).
    public enum Kind: UInt32, Sendable { case rising = 1, falling = 2 }
    /// Index of the line within its request.
    public var lineIndex: UInt32
    public var kind: Kind
    /// When the edge happened, in nanoseconds on the backend's clock (the kernel's
    /// CLOCK_MONOTONIC on Linux, virtual time on the simulator).
    public var timestampNanoseconds: UInt64

    public init(lineIndex: UInt32, kind: Kind, timestampNanoseconds: UInt64) {
        self.lineIndex = lineIndex
        self.kind = kind
        self.timestampNanoseconds = timestampNanoseconds
    }
}

/// A board's GPIO controller.
public protocol GPIOBackend: AnyObject {
    /// Requests `lines` with `settings` for `consumer` (shown by `gpioinfo`). Throws
    /// `.alreadyInUse` when a line is held elsewhere, `.unsupported` for settings the
    /// backend cannot apply (e.g. debounce on a kernel without the GPIO v2 uAPI).
    func request(lines: [BoardLine], settings: LineSettings, consumer: String) throws(HardwareError) -> GPIOLineRequest
    /// Nanoseconds on the clock edge timestamps use.
    func now() -> UInt64
    /// Sleeps; the simulator advances its virtual clock instead.
    func sleep(nanoseconds: UInt64)
    /// Whether `now`, `sleep` and edge waits run on a virtual clock that moves only when
    /// the module waits (the simulator): waits then take no real time and are not sliced.
    var hasVirtualClock: Bool { get }
}

extension GPIOBackend {
    public var hasVirtualClock: Bool { false }
}

/// Lines held by one request. Values are logical (active-low inverts), bit i for line i.
public protocol GPIOLineRequest: AnyObject {
    func read() throws(HardwareError) -> UInt32
    func write(_ values: UInt32) throws(HardwareError)
    /// Changes the settings of all lines in place; outputs start at
    /// `settings.initialValues`. `.unsupported` where the backend cannot (libgpiod 1.6
    /// with edge detection).
    func reconfigure(_ settings: LineSettings) throws(HardwareError)
    /// The next edge event, or nil after `timeoutNanoseconds` (0: poll, negative: wait forever).
    func waitForEdge(timeoutNanoseconds: Int64) throws(HardwareError) -> EdgeEvent?
    /// Gives the lines back. Safe to call twice.
    func release()
}

/// One SMBus transaction (the subset `pinion_i2c` offers).
public enum SMBusOperation: Sendable, Hashable {
    case readByte
    case writeByte(UInt8)
    case readByteData(command: UInt8)
    case writeByteData(command: UInt8, value: UInt8)
    case readWordData(command: UInt8)
    case writeWordData(command: UInt8, value: UInt16)
    case readBlockData(command: UInt8)
    case writeBlockData(command: UInt8, bytes: [UInt8])
}

/// What an SMBus read returns.
public enum SMBusResult: Sendable, Hashable {
    case none
    case value(Int32)
    case block([UInt8])
}

/// A board's I2C adapters.
public protocol I2CBackend: AnyObject {
    /// Opens the device at 7-bit `address` on `bus`. Opening succeeds even when nothing
    /// answers there; the first transfer then fails with `.noAcknowledge`.
    func open(bus: I2CBusDefinition, address: UInt16) throws(HardwareError) -> I2CDevice
}

/// One device on an I2C bus. Transfers on one bus are serialized by the backend.
public protocol I2CDevice: AnyObject {
    func write(_ bytes: [UInt8]) throws(HardwareError)
    func read(count: Int) throws(HardwareError) -> [UInt8]
    /// A write then a read with a repeated start between them (one combined transfer).
    func writeRead(_ bytes: [UInt8], readCount: Int) throws(HardwareError) -> [UInt8]
    func smbus(_ operation: SMBusOperation) throws(HardwareError) -> SMBusResult
    func close()
}

extension I2CDevice {
    /// SMBus in terms of plain I2C transfers, for backends (the simulator) whose devices
    /// speak raw I2C. Linux uses the kernel's SMBus calls instead.
    public func smbusOverI2C(_ operation: SMBusOperation) throws(HardwareError) -> SMBusResult {
        switch operation {
        case .readByte:
            return .value(Int32(try read(count: 1)[0]))
        case .writeByte(let v):
            try write([v]); return .none
        case .readByteData(let command):
            return .value(Int32(try writeRead([command], readCount: 1)[0]))
        case .writeByteData(let command, let value):
            try write([command, value]); return .none
        case .readWordData(let command):
            let b = try writeRead([command], readCount: 2)
            return .value(Int32(b[0]) | Int32(b[1]) << 8)
        case .writeWordData(let command, let value):
            try write([command, UInt8(value & 0xFF), UInt8(value >> 8)]); return .none
        case .readBlockData(let command):
            // The device sends a count byte, then that many bytes (at most 32).
            let b = try writeRead([command], readCount: 33)
            let n = Int(b[0])
            guard n <= 32 else { throw .busError }
            return .block(Array(b[1..<(1 + n)]))
        case .writeBlockData(let command, let bytes):
            guard bytes.count <= 32 else { throw .invalidArgument }
            try write([command, UInt8(bytes.count)] + bytes); return .none
        }
    }
}
