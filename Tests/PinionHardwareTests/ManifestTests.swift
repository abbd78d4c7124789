// PinionHardwareTests: manifests parse into what they say, and every invalid manifest is
// rejected with an error naming the field.
import PinionHardware
import PinionManifest
import PinionSimulator
import XCTest

final class ManifestTests: XCTestCase {
    static let sha = String(repeating: "ab", count: 32)

    /// A valid manifest with `extra` appended (TOML allows later tables).
    func manifest(_ extra: String = "", header: String? = nil) -> String {
        (header ?? """
        name = "weather"
        version = "2.1.0"

        [module]
        file = "weather.wasm"
        sha256 = "\(Self.sha)"
        """) + "\n" + extra
    }

    func parse(_ text: String) throws -> Manifest {
        try Manifest.parse(toml: text)
    }

    /// Asserts that `text` is rejected, naming `field`.
    func assertRejected(_ text: String, field: String, containing message: String? = nil, line: UInt = #line) {
        do throws(ManifestError) {
            _ = try Manifest.parse(toml: text)
            XCTFail("accepted; expected an error naming \(field)", line: line)
        } catch {
            guard case .field(_, let e) = error else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(e.field, field, "\(e)", line: line)
            if let message { XCTAssert(e.message.contains(message), "\(e)", line: line) }
            XCTAssert(error.description.contains(field), line: line)
        }
    }

    func testAFullManifestParses() throws {
        let m = try parse(manifest("""
            [budgets]
            memory = "16M"
            stack = 65536
            fuel = 1000000
            cpu_share = 0.25

            [wasi]
            args = ["--interval", "60"]
            env = { UNITS = "metric", LANG = "C" }
            dirs = [{ host = "/var/lib/weather", guest = "/data", readonly = false }]

            [[gpio]]
            pin = 11
            alias = "led"
            modes = ["output"]
            safe_level = "low"

            [[i2c]]
            bus = 1
            addresses = [0x76, 0x77]

            [restart]
            policy = "on-failure"
            max_restarts = 5
            backoff_ms = 2000
            """))
        XCTAssertEqual(m.name, "weather")
        XCTAssertEqual(m.version, "2.1.0")
        XCTAssertEqual(m.moduleFile, "weather.wasm")
        XCTAssertEqual(m.moduleSHA256, Self.sha)
        XCTAssertEqual(m.budgets, ManifestBudgets(memoryBytes: 16 << 20, stackSlots: 65536, fuel: 1_000_000, cpuShare: 0.25))
        XCTAssertEqual(m.wasi.arguments, ["--interval", "60"])
        XCTAssertEqual(m.wasi.environment.map { "\($0.0)=\($0.1)" }, ["LANG=C", "UNITS=metric"])
        XCTAssertEqual(m.wasi.directories, [DirectoryGrant(host: "/var/lib/weather", guest: "/data", readOnly: false)])
        XCTAssertEqual(m.restart, RestartPolicy(when: .onFailure, maxRestarts: 5, backoffMilliseconds: 2000))
        let gpio = try GPIOExtension.parseGrants(m.extensionSections["gpio"])
        XCTAssertEqual(gpio, [GPIOGrant(pin: .header(11), alias: "led", modes: [.output], safeLevel: .low, field: "gpio[0]")])
        let i2c = try I2CExtension.parseGrants(m.extensionSections["i2c"])
        XCTAssertEqual(i2c, [I2CGrant(bus: 1, addresses: [0x76, 0x77], field: "i2c[0]")])
    }

    func testDefaultsDenyEverything() throws {
        let m = try parse(manifest())
        XCTAssertEqual(m.budgets, ManifestBudgets())
        XCTAssertEqual(m.wasi, WASIGrants())
        XCTAssertEqual(m.restart.when, .never)
        XCTAssert(m.extensionSections.isEmpty)
        XCTAssertEqual(try GPIOExtension.parseGrants(nil), [])
    }

    func testEveryExampleManifestIsValidAndMatchesItsModule() throws {
        for name in ["blink", "button", "bme280", "i2cscan"] {
            let (wasm, path) = example(name)
            let m = try Manifest.load(path)
            XCTAssertEqual(m.name, name)
            try m.verifyModule([UInt8](try Data(contentsOf: URL(fileURLWithPath: wasm))), modulePath: wasm, manifestPath: path)
        }
    }

    func testIdentityErrorsNameTheField() {
        assertRejected(manifest(header: "version = \"1\"\n[module]\nfile = \"a.wasm\"\nsha256 = \"\(Self.sha)\""), field: "name", containing: "required")
        assertRejected(manifest(header: "name = \"my app\"\nversion = \"1\"\n[module]\nfile = \"a.wasm\"\nsha256 = \"\(Self.sha)\""), field: "name")
        assertRejected(manifest(header: "name = \"a\"\n[module]\nfile = \"a.wasm\"\nsha256 = \"\(Self.sha)\""), field: "version")
        assertRejected(manifest(header: "name = \"a\"\nversion = \"1\""), field: "module", containing: "required")
        assertRejected(manifest(header: "name = \"a\"\nversion = \"1\"\n[module]\nsha256 = \"\(Self.sha)\""), field: "module.file")
        assertRejected(manifest(header: "name = \"a\"\nversion = \"1\"\n[module]\nfile = \"a.wasm\"\nsha256 = \"abc\""), field: "module.sha256", containing: "64 hex")
        assertRejected(manifest(header: "name = 7\nversion = \"1\""), field: "name", containing: "expected a string")
    }

    func testBudgetWASIAndRestartErrorsNameTheField() {
        assertRejected(manifest("[budgets]\nmemory = \"lots\""), field: "budgets.memory")
        assertRejected(manifest("[budgets]\nstack = 2"), field: "budgets.stack", containing: "out of range")
        assertRejected(manifest("[budgets]\nfuel = 0"), field: "budgets.fuel")
        assertRejected(manifest("[budgets]\ncpu_share = 1.5"), field: "budgets.cpu_share")
        assertRejected(manifest("[budgets]\nmemmory = 1"), field: "budgets.memmory", containing: "unknown field")
        assertRejected(manifest("[wasi]\nargs = [1]"), field: "wasi.args[0]")
        assertRejected(manifest("[wasi]\nenv = { A = 1 }"), field: "wasi.env.A")
        assertRejected(manifest("[wasi]\ndirs = [{ guest = \"/d\" }]"), field: "wasi.dirs[0].host")
        assertRejected(manifest("[restart]\npolicy = \"sometimes\""), field: "restart.policy")
        assertRejected(manifest("[restart]\nbackoff_ms = -1"), field: "restart.backoff_ms")
    }

    func testGPIOGrantErrorsNameTheField() {
        let ok = "[[gpio]]\npin = \"GPIO17\"\nmodes = [\"input\"]\n"
        assertRejected(manifest(ok + "[[gpio]]\nalias = \"x\"\nmodes = [\"input\"]"), field: "gpio[1].pin", containing: "required")
        assertRejected(manifest("[[gpio]]\npin = 41\nmodes = [\"input\"]"), field: "gpio[0].pin")
        assertRejected(manifest("[[gpio]]\npin = true\nmodes = [\"input\"]"), field: "gpio[0].pin")
        assertRejected(manifest("[[gpio]]\npin = \"GPIO4\""), field: "gpio[0].modes", containing: "required")
        assertRejected(manifest("[[gpio]]\npin = \"GPIO4\"\nmodes = [\"input\", \"pwm\"]"), field: "gpio[0].modes[1]", containing: "\"pwm\"")
        assertRejected(manifest("[[gpio]]\npin = \"GPIO4\"\nmodes = [\"output\"]"), field: "gpio[0].safe_level", containing: "required")
        assertRejected(manifest("[[gpio]]\npin = \"GPIO4\"\nmodes = [\"output\"]\nsafe_level = \"off\""), field: "gpio[0].safe_level")
        assertRejected(manifest("[[gpio]]\npin = \"GPIO4\"\nmodes = [\"input\"]\nbias = [\"pull-sideways\"]"), field: "gpio[0].bias[0]")
        assertRejected(manifest("[[gpio]]\npin = \"GPIO4\"\nmodes = [\"output\"]\nsafe_level = \"low\"\ndrive = [\"totem\"]"), field: "gpio[0].drive[0]")
        assertRejected(manifest("[[gpio]]\npin = \"GPIO4\"\nmodes = [\"output\"]\nsafe_level = \"low\"\nedges = [\"both\"]"), field: "gpio[0].edges",
                       containing: "input")
        assertRejected(manifest(ok + "alias = \"a,b\""), field: "gpio[0].alias")
        assertRejected(manifest(ok + "alias = \"x\"\n[[gpio]]\npin = \"GPIO5\"\nmodes = [\"input\"]\nalias = \"x\""), field: "gpio[1].alias")
        assertRejected(manifest(ok + "debounce = 5"), field: "gpio[0].debounce", containing: "unknown field")
        assertRejected("gpio = 3\n" + manifest(), field: "gpio", containing: "array of tables")
    }

    func testI2CGrantErrorsNameTheField() {
        assertRejected(manifest("[[i2c]]\naddresses = [0x76]"), field: "i2c[0].bus")
        assertRejected(manifest("[[i2c]]\nbus = 1"), field: "i2c[0].addresses", containing: "required")
        assertRejected(manifest("[[i2c]]\nbus = 1\naddresses = []"), field: "i2c[0].addresses")
        assertRejected(manifest("[[i2c]]\nbus = 1\naddresses = [0x76, 0x78]"), field: "i2c[0].addresses[1]", containing: "out of range")
        assertRejected(manifest("[[i2c]]\nbus = 1\naddresses = [0x76]\n[[i2c]]\nbus = 1\naddresses = [0x20]"), field: "i2c[1].bus")
    }

    func testUnknownTopLevelKeysAreRejected() {
        assertRejected(manifest("[[gpoi]]\npin = \"GPIO17\""), field: "gpoi", containing: "unknown field")
    }

    func testTOMLSyntaxErrorsGiveTheLine() {
        XCTAssertThrowsError(try parse(manifest("[[gpio]\npin = 1"))) { error in
            XCTAssert("\(error)".contains("line 7"), "\(error)")
        }
    }

    func testAModuleWithAnotherHashIsRejected() throws {
        let m = try parse(manifest())
        XCTAssertThrowsError(try m.verifyModule([0, 0x61, 0x73, 0x6d], modulePath: "weather.wasm", manifestPath: "weather.toml")) { error in
            XCTAssert("\(error)".contains("module.sha256"), "\(error)")
            XCTAssert("\(error)".contains(Manifest.sha256([0, 0x61, 0x73, 0x6d])), "\(error)")
        }
        XCTAssertEqual(Manifest.sha256(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testGrantsForLinesTheBoardLacksAreRejectedAtStartup() throws {
        let sim = try makeSimulator()
        func session(_ grant: ConfigValue, _ section: String = "gpio") throws -> HardwareSession {
            try HardwareSession(module: "m", board: sim.definition, backends: sim.backends, sections: [section: .array([grant])])
        }
        XCTAssertThrowsError(try session(gpioGrant("GPIO40", modes: ["input"]))) { error in
            XCTAssertEqual((error as? ConfigError)?.field, "gpio[0].pin")
            XCTAssert("\(error)".contains("no GPIO line GPIO40"), "\(error)")
        }
        XCTAssertThrowsError(try session(.table(["pin": .integer(6), "modes": .array([.string("input")])]))) { error in
            XCTAssertEqual("\(error)", "gpio[0].pin: header pin 6 is GND on board sim, not a GPIO line")
        }
        XCTAssertThrowsError(try session(.table(["bus": .integer(3), "addresses": .array([.integer(0x20)])]), "i2c")) { error in
            XCTAssertEqual((error as? ConfigError)?.field, "i2c[0].bus")
        }
        // Header pin 11 is GPIO17: the alias and the board name both open it.
        let s = try session(.table(["pin": .integer(11), "alias": .string("led"), "modes": .array([.string("input")])]))
        XCTAssertNil(s.gpio.check(.init(names: ["led"], settings: LineSettings())))
        XCTAssertNil(s.gpio.check(.init(names: ["gpio17"], settings: LineSettings())))
        s.release(.exited)
    }
}
