// PinionCLI: the hardware options of `pinion run` (--manifest, --board, --sim-trace).

/// Options that give a module GPIO and I2C: a manifest with grants, and a board.
struct HardwareOptions {
    static let manifest = Option<String>(
        "manifest", valueName: "FILE",
        help: "The module's manifest (TOML): its sha256, and the GPIO lines and I2C devices it may use. Without one, --board still defines the hardware functions but denies every request; with neither, a module importing pinion_gpio or pinion_i2c does not link (exit 2). Example: --manifest examples/blink/blink.toml")
    static let board = Option<String>(
        "board", valueName: "NAME_OR_FILE",
        help: "The board: a name from `pinion boards` (sim, rpi4, ...) or a board file. Default: detected from /proc/device-tree/model when --manifest is given. Example: --board sim")
    static let simTrace = Flag(
        "sim-trace", help: "On the simulated board, print every output level change (virtual time) when the module ends.")

    /// The declarations, for the command that takes these options.
    static let parameters: [any ParameterDeclaration] = [manifest, board, simTrace]

    var manifest: String?
    var board: String?
    var simTrace = false

    init(_ arguments: ParsedArguments) {
        manifest = arguments[Self.manifest]
        board = arguments[Self.board]
        simTrace = arguments[Self.simTrace]
    }

    /// Whether the run uses hardware at all.
    var isRequested: Bool { manifest != nil || board != nil }
}
