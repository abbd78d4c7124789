// PinionHardware: the process-wide record of which module holds which GPIO line, so two
// modules in one process (the supervisor) can never hold the same line.
import Synchronization

/// Who holds which line of which board, across every extension in the process.
public enum LineClaims {
    struct Key: Hashable { var chip: String; var offset: Int }
    private static let claims = Mutex<[Key: String]>([:])

    /// Claims every line or none: throws `.alreadyInUse` naming nothing if any is taken.
    public static func claim(chip: String, offsets: [Int], owner: String) throws(HardwareError) {
        let ok = claims.withLock { held -> Bool in
            if offsets.contains(where: { held[Key(chip: chip, offset: $0)] != nil }) { return false }
            for o in offsets { held[Key(chip: chip, offset: o)] = owner }
            return true
        }
        if !ok { throw .alreadyInUse }
    }

    public static func release(chip: String, offsets: [Int]) {
        claims.withLock { held in for o in offsets { held[Key(chip: chip, offset: o)] = nil } }
    }

    /// The module holding a line, if any.
    public static func owner(chip: String, offset: Int) -> String? {
        claims.withLock { $0[Key(chip: chip, offset: offset)] }
    }
}
