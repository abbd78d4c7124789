// PinionHardwareTests: a small module that calls the hardware host functions from wasm
// (as a real module would), so tests can make any request and see the result code.
import PinionHardware
import PinionRuntime
import PinionSimulator
import PinionTestSupport
import PinionValidation
import XCTest

/// One module instance with a hardware session on a simulator.
final class GuestHarness {
    static let wat = """
        (module
          (import "pinion_gpio" "open" (func $gopen (param i32 i32 i32 i32) (result i32)))
          (import "pinion_gpio" "read" (func $gread (param i32) (result i32)))
          (import "pinion_gpio" "write" (func $gwrite (param i32 i32) (result i32)))
          (import "pinion_gpio" "wait_edge" (func $gwait (param i32 i64 i32) (result i32)))
          (import "pinion_gpio" "close" (func $gclose (param i32) (result i32)))
          (import "pinion_gpio" "reconfigure" (func $greconf (param i32 i32 i32) (result i32)))
          (import "pinion_i2c" "open" (func $iopen (param i32 i32) (result i32)))
          (import "pinion_i2c" "write" (func $iwrite (param i32 i32 i32) (result i32)))
          (import "pinion_i2c" "write_read" (func $iwr (param i32 i32 i32 i32 i32) (result i32)))
          (import "pinion_i2c" "smbus_read_byte_data" (func $irbd (param i32 i32) (result i32)))
          (import "pinion_i2c" "smbus_write_byte_data" (func $iwbd (param i32 i32 i32) (result i32)))
          (import "pinion_i2c" "smbus_read_word_data" (func $irwd (param i32 i32) (result i32)))
          (import "pinion_i2c" "close" (func $iclose (param i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "gpio_open") (param i32 i32 i32 i32) (result i32)
            local.get 0 local.get 1 local.get 2 local.get 3 call $gopen)
          (func (export "gpio_read") (param i32) (result i32) local.get 0 call $gread)
          (func (export "gpio_write") (param i32 i32) (result i32) local.get 0 local.get 1 call $gwrite)
          (func (export "gpio_wait_edge") (param i32 i64 i32) (result i32)
            local.get 0 local.get 1 local.get 2 call $gwait)
          (func (export "gpio_close") (param i32) (result i32) local.get 0 call $gclose)
          (func (export "gpio_reconfigure") (param i32 i32 i32) (result i32)
            local.get 0 local.get 1 local.get 2 call $greconf)
          (func (export "i2c_open") (param i32 i32) (result i32) local.get 0 local.get 1 call $iopen)
          (func (export "i2c_write") (param i32 i32 i32) (result i32) local.get 0 local.get 1 local.get 2 call $iwrite)
          (func (export "i2c_write_read") (param i32 i32 i32 i32 i32) (result i32)
            local.get 0 local.get 1 local.get 2 local.get 3 local.get 4 call $iwr)
          (func (export "i2c_read_byte_data") (param i32 i32) (result i32) local.get 0 local.get 1 call $irbd)
          (func (export "i2c_write_byte_data") (param i32 i32 i32) (result i32) local.get 0 local.get 1 local.get 2 call $iwbd)
          (func (export "i2c_read_word_data") (param i32 i32) (result i32) local.get 0 local.get 1 call $irwd)
          (func (export "i2c_close") (param i32) (result i32) local.get 0 call $iclose)
          ;; n writes alternating 1 and 0: the benchmark's loop
          (func (export "gpio_toggle") (param $h i32) (param $n i32) (local $i i32)
            (loop $l
              (drop (call $gwrite (local.get $h) (i32.and (local.get $i) (i32.const 1))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
        )
        """
    nonisolated(unsafe) static var binary: [UInt8]?

    let session: HardwareSession
    let instance: Instance
    let memory: Memory

    /// A module named `name` with `sections` as its manifest grants, on `simulator`.
    init(name: String = "harness", sections: [String: ConfigValue], simulator: SimulatedBoard) throws {
        if Self.binary == nil {
            guard Tools.find("wasm-tools") != nil else { throw Tools.missing("wasm-tools not found (scripts/setup.sh installs it)") }
            Self.binary = try WAT.binary(Self.wat)
        }
        session = try HardwareSession(module: name, board: simulator.definition, backends: simulator.backends, sections: sections)
        let store = Store()
        var imports = Imports()
        session.define(in: &imports, store: store)
        instance = try store.instantiate(try ValidatedModule.load(Self.binary!), imports: imports)
        guard case .memory(let m)? = instance.export("memory") else { throw WAT.Failure(description: "no memory") }
        memory = m
    }

    func call(_ name: String, _ arguments: [Value]) throws -> Int32 {
        let results = try instance.function(name)!.invoke(arguments)
        guard case .i32(let r)? = results.first else { return 0 }
        return Int32(bitPattern: r)
    }

    /// `pinion_gpio.open` with `names` placed in guest memory.
    func openGPIO(_ names: String, flags: UInt32, debounceMicroseconds: UInt32 = 0) throws -> Int32 {
        let bytes = Array(names.utf8)
        try memory.view.write(bytes, at: 1024)
        return try call("gpio_open", [.i32(1024), .i32(UInt32(bytes.count)), .i32(flags), .i32(debounceMicroseconds)])
    }

    func writeGPIO(_ handle: Int32, _ values: UInt32) throws -> Int32 {
        try call("gpio_write", [.i32(UInt32(bitPattern: handle)), .i32(values)])
    }

    func reconfigureGPIO(_ handle: Int32, flags: UInt32, debounceMicroseconds: UInt32 = 0) throws -> Int32 {
        try call("gpio_reconfigure", [.i32(UInt32(bitPattern: handle)), .i32(flags), .i32(debounceMicroseconds)])
    }

    func readGPIO(_ handle: Int32) throws -> Int32 { try call("gpio_read", [.i32(UInt32(bitPattern: handle))]) }

    func openI2C(bus: UInt32, address: UInt32) throws -> Int32 { try call("i2c_open", [.i32(bus), .i32(address)]) }
}

/// Flag words, as in pinion_hw.h.
enum Flags {
    static let output: UInt32 = 1
    static let activeLow: UInt32 = 1 << 2
    static let pullUp: UInt32 = 2 << 3
    static let pullDown: UInt32 = 3 << 3
    static let openDrain: UInt32 = 1 << 5
    static let rising: UInt32 = 1 << 7
    static let falling: UInt32 = 2 << 7
    static let both: UInt32 = 3 << 7
}

/// `[[gpio]]` grant tables for tests.
func gpioGrant(_ pin: String, alias: String? = nil, modes: [String], bias: [String]? = nil, drive: [String]? = nil,
               edges: [String]? = nil, safe: String? = nil) -> ConfigValue {
    var t: [String: ConfigValue] = ["pin": .string(pin), "modes": .array(modes.map { .string($0) })]
    if let alias { t["alias"] = .string(alias) }
    if let bias { t["bias"] = .array(bias.map { .string($0) }) }
    if let drive { t["drive"] = .array(drive.map { .string($0) }) }
    if let edges { t["edges"] = .array(edges.map { .string($0) }) }
    if let safe { t["safe_level"] = .string(safe) }
    return .table(t)
}
