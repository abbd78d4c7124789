// PinionLinuxHardware: what the kernel's errno values mean as hardware error codes.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionHardware

/// Hardware error codes for errno values of GPIO and I2C calls.
public enum ErrnoMapping {
    /// An errno from a libgpiod call.
    public static func gpio(_ code: Int32) -> HardwareError {
        switch code {
        case EBUSY: .alreadyInUse
        case EINVAL, ERANGE: .invalidArgument
        case EOPNOTSUPP, ENOSYS, ENOTTY: .unsupported
        case ETIMEDOUT: .timeout
        default: .hardwareFault  // EIO, ENODEV (chip gone), EPERM/EACCES, ENOMEM
        }
    }

    /// An errno from i2c-dev or libi2c. Adapters report a missing acknowledge as ENXIO
    /// or EREMOTEIO, lost arbitration as EAGAIN (see the kernel's
    /// Documentation/i2c/fault-codes.rst).
    public static func i2c(_ code: Int32) -> HardwareError {
        switch code {
        case ENXIO, EREMOTEIO, ENODEV: .noAcknowledge
        case EAGAIN: .arbitrationLoss
        case ETIMEDOUT: .timeout
        case EIO, EPROTO, EBADMSG, EOVERFLOW: .busError
        case EBUSY: .alreadyInUse  // I2C_SLAVE: a kernel driver owns the address
        case EINVAL, EMSGSIZE: .invalidArgument
        case EOPNOTSUPP, ENOSYS, ENOTTY: .unsupported
        default: .hardwareFault  // ESHUTDOWN (adapter suspended), EACCES, ENOMEM
        }
    }

    /// strerror text, for logs.
    public static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
