// PinionHardware: the error codes every hardware host function returns.

/// Why a hardware request failed. Host functions return these to the guest negated
/// (`-rawValue`), so a non-negative result always means success. The numbering is
/// part of the guest ABI (`pinion_hw.h`); names follow the wasi-gpio / wasi-i2c drafts
/// where those have one.
public enum HardwareError: Int32, Error, Sendable, CaseIterable, CustomStringConvertible {
    /// The line, I2C bus or I2C address is not granted by the manifest (or does not exist).
    case pinNotAllowed = 1
    /// The line is granted, but not with this direction, bias, drive or edge detection.
    case modeNotAllowed = 2
    /// Another request (of this module or another) holds the line.
    case alreadyInUse = 3
    /// The I2C device did not acknowledge its address or a data byte.
    case noAcknowledge = 4
    /// The I2C bus reported an error (e.g. a stuck line or a protocol violation).
    case busError = 5
    /// Another I2C master won arbitration.
    case arbitrationLoss = 6
    /// The operation did not complete in time.
    case timeout = 7
    /// A malformed argument: unknown flag bits, a bad length, an out-of-range value.
    case invalidArgument = 8
    /// The hardware or its driver failed in a way not covered above.
    case hardwareFault = 9
    /// The handle is not open in this module.
    case badHandle = 10
    /// The board or its kernel cannot do this (e.g. debounce on a kernel before 5.10).
    case unsupported = 11

    /// The value a host function returns to the guest.
    @inlinable public var guestCode: Int32 { -rawValue }

    /// The kebab-case name used in logs and the C header.
    public var description: String {
        switch self {
        case .pinNotAllowed: "pin-not-allowed"
        case .modeNotAllowed: "mode-not-allowed"
        case .alreadyInUse: "already-in-use"
        case .noAcknowledge: "no-acknowledge"
        case .busError: "bus-error"
        case .arbitrationLoss: "arbitration-loss"
        case .timeout: "timeout"
        case .invalidArgument: "invalid-argument"
        case .hardwareFault: "hardware-fault"
        case .badHandle: "bad-handle"
        case .unsupported: "unsupported"
        }
    }
}
