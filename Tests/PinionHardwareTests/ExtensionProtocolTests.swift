// PinionHardwareTests: a new host extension (a toy PWM) written only against the
// HostExtension protocol: grants from its own manifest section, checks, denials, release,
// with no change to the engine or to the GPIO/I2C extensions.
import PinionBinary
import PinionHardware
import PinionManifest
import PinionRuntime
import PinionSimulator
import PinionTestSupport
import PinionValidation
import XCTest

/// PWM channels: `[[pwm]] channel = 0, max_hz = 1000`; `pinion_pwm.set(channel, hz, duty_permille)`.
final class ToyPWMExtension: HostExtension {
    struct Grant { var channel: Int; var maxHertz: Int }
    struct Request: CustomStringConvertible {
        var channel: Int, hertz: Int
        var description: String { "set channel \(channel) to \(hertz) Hz" }
    }
    static let namespace = "pinion_pwm"
    static let manifestSection = "pwm"

    static func parseGrants(_ section: ConfigValue?) throws(ConfigError) -> [Grant] {
        guard let section else { return [] }
        var root = try ConfigTable(.table(["pwm": section]), path: "")
        var grants: [Grant] = []
        for var t in try root.tables("pwm") {
            grants.append(Grant(channel: Int(try t.requiredInteger("channel", in: 0...3)),
                                maxHertz: Int(try t.requiredInteger("max_hz", in: 1...100_000))))
            try t.rejectUnknownKeys()
        }
        return grants
    }

    let grants: [Grant]
    let log: DenialLog
    /// Duty cycles by channel: the "hardware".
    var outputs: [Int: (hertz: Int, permille: Int)] = [:]

    init(grants: [Grant], log: DenialLog) {
        self.grants = grants
        self.log = log
    }

    func check(_ request: Request) -> HardwareError? {
        guard let g = grants.first(where: { $0.channel == request.channel }) else { return .pinNotAllowed }
        return request.hertz <= g.maxHertz ? nil : .modeNotAllowed
    }

    func hostFunctions() -> [HostFunctionDefinition] {
        [HostFunctionDefinition("set", [.i32, .i32, .i32], [.i32]) { [unowned self] _, slots throws(Trap) in
            let request = Request(channel: Int(Int32(truncatingIfNeeded: slots[0])), hertz: Int(Int32(truncatingIfNeeded: slots[1])))
            if let error = check(request) {
                slots[0] = UInt64(UInt32(bitPattern: log.deny(Self.namespace, request.description, error).guestCode))
                return
            }
            outputs[request.channel] = (request.hertz, Int(Int32(truncatingIfNeeded: slots[2])))
            slots[0] = 0
        }]
    }

    func release(_ reason: ReleaseReason) {
        for channel in outputs.keys { outputs[channel] = (0, 0) }  // safe: off
    }
}

final class ExtensionProtocolTests: XCTestCase {
    func testANewExtensionPlugsInThroughTheProtocolAlone() throws {
        guard Tools.find("wasm-tools") != nil else { throw Tools.missing("wasm-tools not found") }
        let manifest = try Manifest.parse(toml: """
            name = "fan"
            version = "1"
            [module]
            file = "fan.wasm"
            sha256 = "\(String(repeating: "0", count: 64))"
            [[pwm]]
            channel = 1
            max_hz = 25000
            """, extensions: Manifest.hardwareExtensions + [ToyPWMExtension.self])
        let pwm = ToyPWMExtension(grants: try ToyPWMExtension.parseGrants(manifest.extensionSections["pwm"]),
                                  log: DenialLog(module: manifest.name))
        // Alongside GPIO and I2C in a module's session: defined and released with them.
        let sim = try makeSimulator()
        let session = try HardwareSession(module: manifest.name, board: sim.definition, backends: sim.backends,
                                          sections: manifest.extensionSections)
        session.add(pwm)
        let store = Store()
        var imports = Imports()
        session.define(in: &imports, store: store)
        XCTAssertEqual(pwm.functionNames, ["set"])
        let module = try WAT.binary("""
            (module
              (import "pinion_pwm" "set" (func $set (param i32 i32 i32) (result i32)))
              (func (export "set") (param i32 i32 i32) (result i32) local.get 0 local.get 1 local.get 2 call $set))
            """)
        let instance = try store.instantiate(try ValidatedModule.load(module), imports: imports)
        let set = instance.function("set")!
        XCTAssertEqual(try set.invoke([.i32(1), .i32(25000), .i32(400)]), [.i32(0)])
        XCTAssertEqual(pwm.outputs[1]?.permille, 400)
        XCTAssertEqual(try set.invoke([.i32(2), .i32(100), .i32(500)]), [.i32(UInt32(bitPattern: -1))], "channel 2 not granted")
        XCTAssertEqual(try set.invoke([.i32(1), .i32(30000), .i32(500)]), [.i32(UInt32(bitPattern: -2))], "above max_hz")
        XCTAssertEqual(pwm.log.denials.map(\.description), [
            "module 'fan' denied pinion_pwm: set channel 2 to 100 Hz: pin-not-allowed",
            "module 'fan' denied pinion_pwm: set channel 1 to 30000 Hz: mode-not-allowed",
        ])
        session.release(.stopped)
        XCTAssertEqual(pwm.outputs[1]?.permille, 0)

        XCTAssertThrowsError(try Manifest.parse(toml: "name = \"f\"\nversion = \"1\"\n[[pwm]]\nchannel = 9\nmax_hz = 1\n[module]\nfile = \"f\"\nsha256 = \"\(String(repeating: "0", count: 64))\"",
                                                extensions: [ToyPWMExtension.self])) { error in
            XCTAssert("\(error)".contains("pwm[0].channel"), "\(error)")
        }
    }
}
