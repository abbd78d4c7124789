// PinionHardware: decoding the `flags` word of `pinion_gpio.open` (guest ABI, see pinion_hw.h).

/// The bit layout of `pinion_gpio.open`'s flags.
public enum GPIOFlags {
    public static let output: UInt32 = 1 << 0
    public static let initialHigh: UInt32 = 1 << 1
    public static let activeLow: UInt32 = 1 << 2
    public static let biasShift: UInt32 = 3   // 2 bits: as-is, disabled, pull-up, pull-down
    public static let driveShift: UInt32 = 5  // 2 bits: push-pull, open-drain, open-source
    public static let edgeShift: UInt32 = 7   // 2 bits: none, rising, falling, both
    static let known: UInt32 = (1 << 9) - 1

    /// The settings `flags` ask for, or nil if they are malformed (unknown bits, an edge
    /// on an output, a drive other than push-pull on an input).
    public static func settings(_ flags: UInt32, debounceMicroseconds: UInt32, lineCount: Int) -> LineSettings? {
        guard flags & ~known == 0 else { return nil }
        var s = LineSettings()
        s.direction = flags & output != 0 ? .output : .input
        s.activeLow = flags & activeLow != 0
        s.bias = [LineBias.asIs, .disabled, .pullUp, .pullDown][Int((flags >> biasShift) & 3)]
        let drive = Int((flags >> driveShift) & 3)
        guard drive < 3 else { return nil }
        s.drive = [LineDrive.pushPull, .openDrain, .openSource][drive]
        s.edge = [LineEdge.none, .rising, .falling, .both][Int((flags >> edgeShift) & 3)]
        s.debounceMicroseconds = debounceMicroseconds
        if s.direction == .output {
            guard s.edge == .none, debounceMicroseconds == 0 else { return nil }
            s.initialValues = flags & initialHigh != 0 ? UInt32.max >> (32 - lineCount) : 0
        } else {
            guard s.drive == .pushPull, flags & initialHigh == 0 else { return nil }
            guard debounceMicroseconds == 0 || s.edge != .none else { return nil }
        }
        return s
    }
}
