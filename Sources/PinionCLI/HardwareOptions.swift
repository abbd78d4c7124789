// PinionCLI: the hardware options of `pinion run` (--manifest, --board, --sim-trace).
import ArgumentParser

/// Options that give a module GPIO and I2C: a manifest with grants, and a board.
struct HardwareOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The module's manifest (TOML): its sha256, and the GPIO lines and I2C devices it may use. Without one, --board still defines the hardware functions but denies every request; with neither, a module importing pinion_gpio or pinion_i2c does not link (exit 2). Example: --manifest examples/blink/blink.toml",
        valueName: "FILE"))
    var manifest: String?

    @Option(help: ArgumentHelp(
        "The board: a name from `pinion boards` (sim, rpi4, ...) or a board file. Default: detected from /proc/device-tree/model when --manifest is given. Example: --board sim",
        valueName: "NAME_OR_FILE"))
    var board: String?

    @Flag(name: .customLong("sim-trace"), help: "On the simulated board, print every output level change (virtual time) when the module ends.")
    var simTrace = false

    /// Whether the run uses hardware at all.
    var isRequested: Bool { manifest != nil || board != nil }
}
