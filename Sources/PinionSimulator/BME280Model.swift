// PinionSimulator: a BME280-style temperature/pressure/humidity sensor model: the chip's
// register map, calibration registers, forced and normal modes, and soft reset.
import PinionHardware

/// A simulated BME280. Set `celsius`, `hectopascals` and `humidity`; a measurement
/// (forced mode, or normal mode on each data read) puts the raw ADC values that the
/// datasheet's compensation turns back into them into registers 0xF7...0xFE.
public final class BME280Model: RegisterMapDevice {
    public static let chipID: UInt8 = 0x60
    public override var model: String { "bme280" }

    public let calibration: BME280Calibration
    public var celsius: Double
    public var hectopascals: Double
    public var humidity: Double
    /// Measurements taken so far.
    public private(set) var measurements = 0

    public init(calibration: BME280Calibration = .typical, celsius: Double = 22.5, hectopascals: Double = 1013.25,
                humidity: Double = 45) {
        self.calibration = calibration
        self.celsius = celsius
        self.hectopascals = hectopascals
        self.humidity = humidity
        super.init()
        reset()
    }

    /// Power-on state: ID, calibration, control registers cleared, data registers at
    /// their "no measurement" values (0x80000 for T and P, 0x8000 for H).
    func reset() {
        registers = [UInt8](repeating: 0, count: 256)
        registers[0xD0] = Self.chipID
        for (i, b) in calibration.block1.enumerated() { registers[0x88 + i] = b }
        for (i, b) in calibration.block2.enumerated() { registers[0xE1 + i] = b }
        registers.replaceSubrange(0xF7...0xFE, with: [0x80, 0, 0, 0x80, 0, 0, 0x80, 0])
    }

    public override func registerWritten(_ register: UInt8, _ value: UInt8) {
        switch register {
        case 0xE0:
            if value == 0xB6 { reset() }
        case 0xF2, 0xF5:
            registers[Int(register)] = value
        case 0xF4:
            registers[0xF4] = value
            let mode = value & 0b11
            if mode == 0b01 || mode == 0b10 {
                measure()
                registers[0xF4] = value & ~0b11  // forced mode returns to sleep
            } else if mode == 0b11 {
                measure()
            }
        default:
            break  // read-only
        }
    }

    public override func willRead() {
        if registers[0xF4] & 0b11 == 0b11 && (0xF7...0xFE).contains(pointer) { measure() }
    }

    /// Converts the current readings into raw data registers. An oversampling setting of
    /// 0 skips that measurement, leaving the skipped value, as the chip does.
    func measure() {
        measurements += 1
        let raw = calibration.rawValues(celsius: celsius, hectopascals: hectopascals, humidity: humidity)
        let osrsT = registers[0xF4] >> 5, osrsP = (registers[0xF4] >> 2) & 0b111, osrsH = registers[0xF2] & 0b111
        func put20(_ at: Int, _ v: Int32) {
            registers[at] = UInt8((v >> 12) & 0xFF)
            registers[at + 1] = UInt8((v >> 4) & 0xFF)
            registers[at + 2] = UInt8((v & 0x0F) << 4)
        }
        put20(0xF7, osrsP == 0 ? 0x80000 : raw.pressure)
        put20(0xFA, osrsT == 0 ? 0x80000 : raw.temperature)
        let h = osrsH == 0 ? 0x8000 : raw.humidity
        registers[0xFD] = UInt8((h >> 8) & 0xFF)
        registers[0xFE] = UInt8(h & 0xFF)
    }
}
