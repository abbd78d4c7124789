// PinionLinuxHardware: GPIO on libgpiod (1.6 or 2.x, through CPinionGPIO): the chip found
// by label, line requests with the module's settings, kernel-timestamped edge events.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CPinionGPIO
import PinionHardware

/// A gpiochip that cannot be used.
public struct LinuxHardwareError: Error, CustomStringConvertible {
    public var description: String
}

/// The settings as the C shim takes them.
func cSettings(_ s: LineSettings) -> pinion_gpio_settings {
    let bias: Int32 = switch s.bias { case .asIs: 0; case .disabled: 1; case .pullUp: 2; case .pullDown: 3 }
    let drive: Int32 = switch s.drive { case .pushPull: 0; case .openDrain: 1; case .openSource: 2 }
    let edge: Int32 = switch s.edge { case .none: 0; case .rising: 1; case .falling: 2; case .both: 3 }
    return pinion_gpio_settings(output: s.direction == .output ? 1 : 0, bias: bias, drive: drive,
                                active_low: s.activeLow ? 1 : 0, edge: edge, debounce_us: s.debounceMicroseconds)
}

/// GPIO lines of one gpiochip through libgpiod.
public final class LinuxGPIO: GPIOBackend {
    let chip: OpaquePointer
    /// The chip's device name, e.g. `gpiochip0`.
    public let chipName: String

    /// Opens the chip labelled `label`.
    public init(chipLabel label: String) throws(LinuxHardwareError) {
        guard let chip = pinion_gpio_chip_open_by_label(label) else {
            let code = errno
            let hint = code == EACCES || code == EPERM ? " (is the user in group gpio? see `pinion doctor`)" : ""
            throw LinuxHardwareError(description: "cannot open the gpiochip labelled '\(label)': \(ErrnoMapping.describe(code))\(hint)")
        }
        self.chip = chip
        chipName = String(cString: pinion_gpio_chip_name(chip))
    }

    deinit { pinion_gpio_chip_close(chip) }

    /// "libgpiod 1.6.3 (API 1)".
    public static var libraryDescription: String {
        "libgpiod \(String(cString: pinion_gpio_library_version())) (API \(pinion_gpio_api_version()))"
    }

    public func request(lines: [BoardLine], settings: LineSettings, consumer: String) throws(HardwareError) -> GPIOLineRequest {
        let offsets = lines.map { UInt32($0.offset) }
        var c = cSettings(settings)
        let initial = (0..<lines.count).map { Int32((settings.initialValues >> UInt32($0)) & 1) }
        guard let request = pinion_gpio_request_lines(chip, offsets, UInt32(offsets.count), &c, initial, consumer) else {
            throw ErrnoMapping.gpio(errno)
        }
        return LinuxLineRequest(request: request, count: lines.count)
    }

    public func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    public func sleep(nanoseconds: UInt64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while clock_nanosleep(CLOCK_MONOTONIC, 0, &request, &remaining) == EINTR { request = remaining }
    }
}

/// A libgpiod line request.
final class LinuxLineRequest: GPIOLineRequest {
    var request: OpaquePointer?
    let count: Int
    /// Reused for every read and write: the write path allocates nothing.
    var values: [Int32]

    init(request: OpaquePointer, count: Int) {
        self.request = request
        self.count = count
        values = Array(repeating: 0, count: count)
    }

    deinit { release() }

    func read() throws(HardwareError) -> UInt32 {
        guard let request else { throw .badHandle }
        guard pinion_gpio_get_values(request, &values) == 0 else { throw ErrnoMapping.gpio(errno) }
        var bits: UInt32 = 0
        for i in 0..<count where values[i] != 0 { bits |= 1 << UInt32(i) }
        return bits
    }

    func write(_ bits: UInt32) throws(HardwareError) {
        guard let request else { throw .badHandle }
        for i in 0..<count { values[i] = Int32((bits >> UInt32(i)) & 1) }
        guard pinion_gpio_set_values(request, values) == 0 else { throw ErrnoMapping.gpio(errno) }
    }

    func reconfigure(_ settings: LineSettings) throws(HardwareError) {
        guard let request else { throw .badHandle }
        var c = cSettings(settings)
        let initial = (0..<count).map { Int32((settings.initialValues >> UInt32($0)) & 1) }
        guard pinion_gpio_reconfigure(request, &c, initial) == 0 else { throw ErrnoMapping.gpio(errno) }
    }

    func waitForEdge(timeoutNanoseconds: Int64) throws(HardwareError) -> EdgeEvent? {
        guard let request else { throw .badHandle }
        let ready = pinion_gpio_wait_event(request, timeoutNanoseconds)
        if ready < 0 { throw ErrnoMapping.gpio(errno) }
        if ready == 0 { return nil }
        var index: UInt32 = 0, kind: Int32 = 0, timestamp: UInt64 = 0
        guard pinion_gpio_read_event(request, &index, &kind, &timestamp) == 0 else { throw ErrnoMapping.gpio(errno) }
        return EdgeEvent(lineIndex: index, kind: kind == 1 ? .rising : .falling, timestampNanoseconds: timestamp)
    }

    func release() {
        guard let request else { return }
        pinion_gpio_release(request)
        self.request = nil
    }
}
