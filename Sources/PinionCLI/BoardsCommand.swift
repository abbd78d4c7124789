// PinionCLI: `pinion boards`: the board definitions, and one board's pins.
import PinionHardware
import PinionManifest

extension Pinion {
    /// `pinion boards [NAME]`
    struct Boards: PinionCommand {
        static let name = Argument<String>(valueName: "NAME", help: "A board to show pin by pin. Example: pinion boards rpi4", .optional)

        static let definition = CommandDefinition(
            "boards",
            abstract: "List the boards modules can run on, or show one board's pins.",
            discussion: """
                Boards are defined in boards/*.toml (or $PINION_BOARDS). The board this \
                machine is, detected from /proc/device-tree/model, is marked with '*'. \
                'sim' is a simulator: no hardware is touched.
                """,
            parameters: [name])

        let name: String?

        init(_ arguments: ParsedArguments) { name = arguments[Self.name] }

        func run() {
            let catalog: BoardCatalog
            do { catalog = try BoardSelection.catalog() } catch {
                printError("pinion: \(error)")
                terminate(PinionExit.loadFailed)
            }
            if let name {
                guard let board = catalog.board(named: name) else {
                    printError("pinion: unknown board '\(name)'; known: \(catalog.boards.map(\.name).joined(separator: ", "))")
                    terminate(PinionExit.loadFailed)
                }
                show(board)
                return
            }
            let detected = BoardCatalog.machineModel().flatMap { catalog.board(forModel: $0) }
            print("Boards in \(catalog.directory):")
            for board in catalog.boards {
                let mark = board.name == detected?.name ? "*" : " "
                let kind = board.simulated ? "SIMULATOR, no hardware" : "gpiochip '\(board.gpioChipLabel)'"
                let buses = board.i2cBuses.map { "i2c-\($0.bus)" }.joined(separator: ", ")
                print("\(mark) \(pad(board.name, 10)) \(pad(board.title, 32)) \(kind); \(board.lines.count) lines; \(buses.isEmpty ? "no I2C" : buses)")
            }
            if detected == nil { print("(this machine is not a known board: use --board sim to run on the simulator)") }
        }

        func show(_ board: BoardDefinition) {
            print("\(board.name): \(board.title)\(board.simulated ? " (SIMULATOR: no hardware is touched)" : "")")
            print("gpiochip label: \(board.gpioChipLabel)")
            for bus in board.i2cBuses {
                print("I2C bus \(bus.bus): \(bus.device)\(bus.sda.map { ", SDA \($0)" } ?? "")\(bus.scl.map { ", SCL \($0)" } ?? "")")
            }
            print("header  line     functions")
            let pins = (board.lines.compactMap(\.headerPin) + board.powerPins.map(\.headerPin)).sorted()
            for pin in pins {
                if let line = board.line(onHeaderPin: pin) {
                    print("\(pad(String(pin), 7)) \(pad(line.name, 8)) \(line.functions.joined(separator: ", "))")
                } else if let power = board.powerPins.first(where: { $0.headerPin == pin }) {
                    print("\(pad(String(pin), 7)) \(power.name)")
                }
            }
        }

        func pad(_ s: String, _ width: Int) -> String {
            s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
        }
    }
}
