// PinionLinuxHardware: the checks behind `pinion doctor`: what a user hits first when
// hardware does not work (device nodes, permissions and groups, I2C enabled, board).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CPinionGPIO
import PinionHardware

/// One result of `pinion doctor`.
public struct SystemFinding: Sendable, Equatable {
    public enum Status: String, Sendable { case ok, warning, problem }
    public var status: Status
    public var subject: String
    public var detail: String
    /// What to do about it, for warnings and problems.
    public var fix: String?

    public init(_ status: Status, _ subject: String, _ detail: String, fix: String? = nil) {
        self.status = status
        self.subject = subject
        self.detail = detail
        self.fix = fix
    }
}

/// Checks of this machine for running hardware modules.
public struct SystemCheck {
    /// Where device nodes live (tests point this at a temporary directory).
    public var devDirectory = "/dev"
    /// Group names to look for.
    public var gpioGroup = "gpio"
    public var i2cGroup = "i2c"

    public init() {}

    /// Runs every check. `model` is /proc/device-tree/model (nil when absent); `board`
    /// the definition matched to it, if any.
    public func run(model: String?, board: BoardDefinition?) -> [SystemFinding] {
        var findings = [boardFinding(model: model, board: board)]
        findings.append(SystemFinding(.ok, "libgpiod", LinuxGPIO.libraryDescription +
            (pinion_gpio_api_version() == 1 ? "; kernel debounce through the GPIO v2 uAPI (Linux 5.10+)" : "")))
        let chips = entries(prefix: "gpiochip")
        if chips.isEmpty {
            findings.append(SystemFinding(.problem, "gpio", "no \(devDirectory)/gpiochip* device nodes",
                                          fix: "use a kernel with the GPIO character device (CONFIG_GPIO_CDEV), or --board sim"))
        } else {
            findings.append(contentsOf: accessFindings(chips, kind: "gpio", group: gpioGroup))
        }
        if let board {
            findings.append(chipFinding(board))
            for bus in board.i2cBuses { findings.append(i2cFinding(bus)) }
        }
        findings.append(groupFinding(gpioGroup, purpose: "GPIO"))
        findings.append(groupFinding(i2cGroup, purpose: "I2C"))
        return findings
    }

    func boardFinding(model: String?, board: BoardDefinition?) -> SystemFinding {
        guard let model else {
            return SystemFinding(.warning, "board", "no /proc/device-tree/model: this is not a Raspberry Pi",
                                 fix: "run modules with --board sim (the simulator), or pass --board NAME_OR_FILE")
        }
        guard let board else {
            return SystemFinding(.problem, "board", "'\(model)' matches no board definition",
                                 fix: "write a board file (see boards/rpi4.toml) and pass it with --board")
        }
        return SystemFinding(.ok, "board", "'\(model)' is \(board.name) (\(board.title))")
    }

    func chipFinding(_ board: BoardDefinition) -> SystemFinding {
        do {
            let gpio = try LinuxGPIO(chipLabel: board.gpioChipLabel)
            return SystemFinding(.ok, "gpiochip", "\(gpio.chipName) is labelled '\(board.gpioChipLabel)'")
        } catch {
            return SystemFinding(.problem, "gpiochip", error.description,
                                 fix: "check `gpiodetect` for the chip's label, and fix gpiochip in the board file")
        }
    }

    func i2cFinding(_ bus: I2CBusDefinition) -> SystemFinding {
        let path = bus.device
        if access(path, F_OK) != 0 {
            return SystemFinding(.problem, "i2c-\(bus.bus)", "\(path) does not exist: I2C is not enabled",
                                 fix: "sudo raspi-config nonint do_i2c 0 (or dtparam=i2c_arm=on in /boot/firmware/config.txt), reboot; sudo modprobe i2c-dev")
        }
        if access(path, R_OK | W_OK) != 0 {
            return SystemFinding(.problem, "i2c-\(bus.bus)", "\(path): \(ErrnoMapping.describe(errno))",
                                 fix: "sudo usermod -aG \(i2cGroup) $USER, then log in again")
        }
        return SystemFinding(.ok, "i2c-\(bus.bus)", "\(path) is readable and writable")
    }

    func accessFindings(_ nodes: [String], kind: String, group: String) -> [SystemFinding] {
        nodes.map { node in
            let path = "\(devDirectory)/\(node)"
            if access(path, R_OK | W_OK) == 0 { return SystemFinding(.ok, kind, "\(path) is readable and writable") }
            return SystemFinding(.problem, kind, "\(path): \(ErrnoMapping.describe(errno))",
                                 fix: "sudo usermod -aG \(group) $USER, then log in again")
        }
    }

    func groupFinding(_ name: String, purpose: String) -> SystemFinding {
        if geteuid() == 0 { return SystemFinding(.ok, "group \(name)", "running as root: groups do not matter") }
        guard let group = getgrnam(name) else {
            return SystemFinding(.warning, "group \(name)", "no group '\(name)' on this system",
                                 fix: "Raspberry Pi OS has it; elsewhere, a udev rule must give \(purpose) device nodes to a group you are in")
        }
        let gid = group.pointee.gr_gid
        let count = getgroups(0, nil)
        var groups = [gid_t](repeating: 0, count: Int(max(count, 0)))
        let n = getgroups(count, &groups)
        if getegid() == gid || groups.prefix(Int(max(n, 0))).contains(gid) {
            return SystemFinding(.ok, "group \(name)", "you are in group \(name)")
        }
        return SystemFinding(.warning, "group \(name)", "you are not in group \(name)",
                             fix: "sudo usermod -aG \(name) $USER, then log in again")
    }

    func entries(prefix: String) -> [String] {
        guard let dir = opendir(devDirectory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(prefix) { names.append(name) }
        }
        return names.sorted()
    }
}
