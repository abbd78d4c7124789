// PinionCLI: `pinion doctor`: why hardware might not work on this machine.
import ArgumentParser
import PinionLinuxHardware
import PinionHardware
import PinionManifest

extension Pinion {
    /// `pinion doctor [--board NAME_OR_FILE]`
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check this machine for GPIO and I2C: board, device nodes, permissions, groups, I2C enabled.",
            discussion: "Exit codes: 0 no problems (warnings allowed); 1 at least one problem; 2 no board definitions.")

        @Option(help: ArgumentHelp("Check for this board instead of the detected one. Example: --board rpi4", valueName: "NAME_OR_FILE"))
        var board: String?

        func run() throws {
            let model = BoardCatalog.machineModel()
            var definition: BoardDefinition?
            if board != nil || model != nil {
                do { definition = try BoardSelection.board(board) } catch {
                    if board != nil {
                        printError("pinion: \(error)")
                        throw ExitCode(PinionExit.loadFailed)
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
            if findings.contains(where: { $0.status == .problem }) { throw ExitCode(1) }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
