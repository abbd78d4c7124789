// PinionHardwareTests: the Linux backends' logic that needs no kernel: errno mapping,
// settings translation, libgpiod generation, failures without the hardware, doctor checks.
// (Tests against a real kernel's gpio-sim and i2c-stub are a separate issue.)
import CPinionGPIO
import Foundation
import PinionHardware
import PinionManifest
@testable import PinionLinuxHardware
import XCTest

final class LinuxBackendTests: XCTestCase {
    func testI2CErrnoValuesMapToTheDraftErrorCodes() {
        XCTAssertEqual(ErrnoMapping.i2c(ENXIO), .noAcknowledge)
        XCTAssertEqual(ErrnoMapping.i2c(EREMOTEIO), .noAcknowledge)
        XCTAssertEqual(ErrnoMapping.i2c(EAGAIN), .arbitrationLoss)
        XCTAssertEqual(ErrnoMapping.i2c(ETIMEDOUT), .timeout)
        XCTAssertEqual(ErrnoMapping.i2c(EIO), .busError)
        XCTAssertEqual(ErrnoMapping.i2c(EPROTO), .busError)
        XCTAssertEqual(ErrnoMapping.i2c(EBUSY), .alreadyInUse)
        XCTAssertEqual(ErrnoMapping.i2c(EINVAL), .invalidArgument)
        XCTAssertEqual(ErrnoMapping.i2c(EOPNOTSUPP), .unsupported)
        XCTAssertEqual(ErrnoMapping.i2c(ESHUTDOWN), .hardwareFault)
    }

    func testGPIOErrnoValuesMapToTheDraftErrorCodes() {
        XCTAssertEqual(ErrnoMapping.gpio(EBUSY), .alreadyInUse)
        XCTAssertEqual(ErrnoMapping.gpio(EINVAL), .invalidArgument)
        XCTAssertEqual(ErrnoMapping.gpio(EOPNOTSUPP), .unsupported)
        XCTAssertEqual(ErrnoMapping.gpio(EIO), .hardwareFault)
    }

    func testSettingsReachTheShimFieldByField() {
        var s = LineSettings()
        s.direction = .input
        s.bias = .pullUp
        s.activeLow = true
        s.edge = .falling
        s.debounceMicroseconds = 5000
        let c = cSettings(s)
        XCTAssertEqual([c.output, c.bias, c.drive, c.active_low, c.edge], [0, 2, 0, 1, 2])
        XCTAssertEqual(c.debounce_us, 5000)
        s.direction = .output
        s.drive = .openSource
        s.bias = .pullDown
        let o = cSettings(s)
        XCTAssertEqual([o.output, o.bias, o.drive], [1, 3, 2])
    }

    func testTheLibgpiodGenerationIsChosenFromTheHeader() {
        // Debian 12 ships libgpiod 1.6; trixie's 2.x would select the other shim.
        let major = String(cString: pinion_gpio_library_version()).split(separator: ".").first.map(String.init)
        XCTAssertEqual(major, String(pinion_gpio_api_version()))
        XCTAssert(LinuxGPIO.libraryDescription.hasPrefix("libgpiod "))
    }

    func testAMissingChipIsAnErrorNamingItsLabel() {
        XCTAssertThrowsError(try LinuxGPIO(chipLabel: "pinion-no-such-chip")) { error in
            XCTAssert("\(error)".contains("'pinion-no-such-chip'"), "\(error)")
        }
        let sim = BoardDefinition(name: "s", title: "s", simulated: true, gpioChipLabel: "x", lines: [])
        XCTAssertThrowsError(try LinuxBoard(sim))
    }

    func testAMissingI2CAdapterFailsTheOpenWithAnErrorCode() {
        let i2c = LinuxI2C()
        XCTAssertThrowsError(try i2c.open(bus: I2CBusDefinition(bus: 9, device: "/nonexistent/i2c-9"), address: 0x76)) { error in
            XCTAssertEqual(error as? HardwareError, .hardwareFault)
        }
    }

    func testAnI2CTransferOnSomethingThatIsNotAnAdapterIsMapped() throws {
        // /dev/null accepts open(O_RDWR) but not the I2C ioctls: ENOTTY -> unsupported.
        let device = try LinuxI2C().open(bus: I2CBusDefinition(bus: 0, device: "/dev/null"), address: 0x76)
        XCTAssertThrowsError(try device.writeRead([0xD0], readCount: 1)) { XCTAssertEqual($0 as? HardwareError, .unsupported) }
        XCTAssertThrowsError(try device.smbus(.readByteData(command: 0xD0))) { XCTAssertEqual($0 as? HardwareError, .unsupported) }
        device.close()
        XCTAssertThrowsError(try device.write([1])) { XCTAssertEqual($0 as? HardwareError, .badHandle) }
    }

    func testModulesShareOneAdapterAndItsLock() throws {
        // Two modules' backends on one bus get the same fd and lock: their transactions
        // are serialized.
        XCTAssertTrue(try LinuxI2C().adapter("/dev/null") === LinuxI2C().adapter("/dev/null"))
    }

    func testDoctorReportsWhatIsMissing() throws {
        let dev = NSTemporaryDirectory() + "pinion-doctor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dev, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dev) }
        var check = SystemCheck()
        check.devDirectory = dev
        let rpi4 = try BoardCatalog.load(file: repositoryRoot + "/boards/rpi4.toml")
        var board = rpi4
        board.i2cBuses = [I2CBusDefinition(bus: 1, device: dev + "/i2c-1")]

        let notAPi = check.run(model: nil, board: nil)
        XCTAssertEqual(notAPi.first?.status, .warning)
        XCTAssert(notAPi.first?.fix?.contains("--board sim") == true)
        XCTAssert(notAPi.contains { $0.subject == "gpio" && $0.status == .problem }, "no gpiochip nodes in the fake /dev")

        let pi = check.run(model: "Raspberry Pi 4 Model B Rev 1.4", board: board)
        XCTAssertEqual(pi.first?.status, .ok)
        let i2c = try XCTUnwrap(pi.first { $0.subject == "i2c-1" })
        XCTAssertEqual(i2c.status, .problem)
        XCTAssert(i2c.detail.contains("I2C is not enabled"))
        XCTAssert(i2c.fix?.contains("raspi-config") == true)
        XCTAssertEqual(pi.first { $0.subject == "gpiochip" }?.status, .problem, "no chip labelled pinctrl-bcm2711 here")

        XCTAssertTrue(FileManager.default.createFile(atPath: dev + "/gpiochip0", contents: nil))
        XCTAssertTrue(FileManager.default.createFile(atPath: dev + "/i2c-1", contents: nil))
        let withNodes = check.run(model: "Raspberry Pi 4 Model B Rev 1.4", board: board)
        XCTAssertEqual(withNodes.first { $0.subject == "i2c-1" }?.status, .ok)
        XCTAssertEqual(withNodes.first { $0.subject == "gpio" }?.status, .ok)
        XCTAssertEqual(check.run(model: "Orange Pi 5", board: nil).first?.status, .problem)
    }

    func testBoardsAreDetectedFromTheDeviceTreeModel() throws {
        let catalog = try BoardCatalog(directory: repositoryRoot + "/boards")
        XCTAssertEqual(catalog.boards.map(\.name), ["rpi3", "rpi4", "rpi5", "rpizero2w", "sim"])
        XCTAssertEqual(catalog.board(forModel: "Raspberry Pi 4 Model B Rev 1.5")?.name, "rpi4")
        XCTAssertEqual(catalog.board(forModel: "Raspberry Pi 3 Model B Plus Rev 1.3")?.name, "rpi3")
        XCTAssertEqual(catalog.board(forModel: "Raspberry Pi 5 Model B Rev 1.0")?.name, "rpi5")
        XCTAssertEqual(catalog.board(forModel: "Raspberry Pi Zero 2 W Rev 1.0")?.name, "rpizero2w")
        XCTAssertNil(catalog.board(forModel: "Simulated board"))
        let rpi4 = try XCTUnwrap(catalog.board(named: "rpi4"))
        XCTAssertEqual(rpi4.gpioChipLabel, "pinctrl-bcm2711")
        XCTAssertEqual(rpi4.line(onHeaderPin: 3)?.name, "GPIO2")
        XCTAssertEqual(rpi4.line(onHeaderPin: 3)?.functions.first, "SDA1")
        XCTAssertEqual(rpi4.line(named: "GPIO17")?.headerPin, 11)
        XCTAssertEqual(rpi4.lines.count, 28)
        XCTAssertEqual(rpi4.powerPins.count, 12)
        XCTAssertEqual(rpi4.i2cBus(1)?.device, "/dev/i2c-1")
        let dir = NSTemporaryDirectory() + "pinion-model-\(UUID().uuidString)"
        try "Raspberry Pi 5 Model B Rev 1.0\0".write(toFile: dir, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        XCTAssertEqual(BoardCatalog.machineModel(path: dir), "Raspberry Pi 5 Model B Rev 1.0")
    }
}
