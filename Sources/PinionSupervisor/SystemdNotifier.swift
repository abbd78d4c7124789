// PinionSupervisor: systemd's notification protocol (Type=notify, WatchdogSec=):
// datagrams such as "READY=1" to the socket in $NOTIFY_SOCKET. A few lines over a Unix
// socket, so no libsystemd.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

public enum SystemdNotifier {
    /// Sends `state` (e.g. "READY=1", "STOPPING=1", "WATCHDOG=1") if systemd asked for
    /// notifications; does nothing otherwise.
    public static func notify(_ state: String) {
        guard let raw = getenv("NOTIFY_SOCKET") else { return }
        var path = Array(String(cString: raw).utf8)
        guard !path.isEmpty, path.count < 108 else { return }
        if path[0] == UInt8(ascii: "@") { path[0] = 0 }  // abstract namespace
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(state.utf8)
        _ = withUnixAddress(path) { address, length in
            bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), address, length) }
        }
    }

    /// Half the watchdog period systemd set (WATCHDOG_USEC), if it set one for us.
    public static var watchdogInterval: Double? {
        guard let raw = getenv("WATCHDOG_USEC"), let usec = Double(String(cString: raw)), usec > 0 else { return nil }
        if let pid = getenv("WATCHDOG_PID"), Int32(String(cString: pid)) != getpid() { return nil }
        return usec / 2e6
    }
}
