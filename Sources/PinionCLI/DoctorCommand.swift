// PinionCLI: `pinion doctor`: why hardware might not work on this machine.
import PinionLinuxHardware
import PinionHardware
import PinionManifest

extension Pinion {
    /// `pinion doctor [--board NAME_OR_FILE]`
    struct Doctor: PinionCommand {
        static let board = Option<String>("board", valueName: "NAME_OR_FILE",
                                          help: "Check for this board instead of the detected one. Example: --board rpi4")

        static let definition = CommandDefinition(
            "doctor",
            abstract: "Check this machine for GPIO and I2C: board, device nodes, permissions, groups, I2C enabled.",
            discussion: "Exit codes: 0 no problems (warnings allowed); 1 at least one problem; 2 no board definitions.",
            parameters: [board])

        let board: String?

        init(_ arguments: ParsedArguments) { board = arguments[Self.board] }

        func run() {
            let model = BoardCatalog.machineModel()
            var definition: BoardDefinition?
            if board != nil || model != nil {
                do { definition = try BoardSelection.board(board) } catch {
                    if board != nil {
                        printError("pinion: \(error)")
                        terminate(PinionExit.loadFailed)
                    }
                }
            }
            if let definition, definition.simulated {
                print("ok       board: \(definition.name) is the simulator: it needs nothing from this machine")
                return
            }
            let findings = SystemCheck().run(model: model, board: definition)
            for f in findings {
                print("\(f.status.rawValue.padding(8)) \(f.subject): \(f.detail)")
                if let fix = f.fix, f.status != .ok { print("         fix: \(fix)") }
            }
            if findings.contains(where: { $0.status == .problem }) { terminate(1) }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
