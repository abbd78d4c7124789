// PinionSimulator: an MCP23008-style 8-bit I2C GPIO expander model.
import PinionHardware

/// A simulated MCP23008: IODIR (0x00), IPOL (0x01), GPPU (0x06), GPIO (0x09) and OLAT
/// (0x0A), with sequential addressing that wraps after OLAT. Pins set as inputs read
/// `inputs` (or high through an enabled pull-up when `floating` says nothing drives them).
public final class MCP23008Model: RegisterMapDevice {
    public override var model: String { "mcp23008" }
    /// Levels that the outside world drives onto the pins.
    public var inputs: UInt8
    /// Pins nothing drives: they read their pull-up (GPPU) or low.
    public var floating: UInt8

    public init(inputs: UInt8 = 0, floating: UInt8 = 0) {
        self.inputs = inputs
        self.floating = floating
        super.init()
        registers[0x00] = 0xFF  // all inputs after reset
    }

    /// Output levels the expander drives (OLAT, on pins set as outputs).
    public var outputs: UInt8 { registers[0x0A] & ~registers[0x00] }

    /// The levels of all eight pins as the GPIO register reports them (before IPOL).
    public var pins: UInt8 {
        let iodir = registers[0x00]
        let external = (inputs & ~floating) | (registers[0x06] & floating)
        return (external & iodir) | (registers[0x0A] & ~iodir)
    }

    public override func next(after register: UInt8) -> UInt8 { register >= 0x0A ? 0 : register + 1 }

    public override func registerWritten(_ register: UInt8, _ value: UInt8) {
        switch register {
        case 0x09, 0x0A: registers[0x0A] = value  // writing GPIO writes the latch
        case 0x07, 0x08: break                    // INTF, INTCAP are read-only
        case ...0x0A: registers[Int(register)] = value
        default: break
        }
    }

    public override func willRead() {
        registers[0x09] = pins ^ registers[0x01]
    }
}
