// PinionWASI: keeping the symlinks a program makes pointing inside its directories, for
// host programs that later follow them (Pinion's own walk never leaves anyway).
//
// The rule for a link's contents: relative, every ".." before the first name
// ("../../lib/x", never "a/../../x"), and no more of them than the link is deep below
// the directory descriptor it is made through. Such a link climbs only real parent
// directories, then descends by names; a name that is itself a link of the same kind
// again stays inside, so every chain does. (A purely lexical check is not enough:
// "sub/s" -> ".." and "l" -> "sub/s/../../x" each look inside, yet l leads out.)
// Moving a link higher breaks its depth, so path_rename and path_link check the links
// they move: the link itself, or every link below a renamed directory (a bounded walk).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CPinionSys

enum SymlinkContainment {
    /// Most entries and directory levels one rename may have to look through; a larger
    /// tree moved higher is refused with EXDEV, on which `mv` copies instead.
    static let maxEntries = 10_000
    static let maxLevels = 64

    /// Whether a link with contents `target`, `depth` directories below the descriptor
    /// it is made through, keeps to the rule above.
    static func allows(_ target: [UInt8], depth: Int) -> Bool {
        if target.isEmpty || target.first == UInt8(ascii: "/") { return false }
        var climbs = 0
        var descended = false
        for component in target.split(separator: UInt8(ascii: "/")) {
            if component.elementsEqual([UInt8(ascii: ".")]) { continue }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                if descended { return false }
                climbs += 1
            } else {
                descended = true
            }
        }
        return climbs <= depth
    }

    /// Checks that the entry `name` in `directory` may sit `depth` directories below
    /// the target descriptor: if it is a link, its contents; if it is a directory and
    /// `walk` is set, every link below it. EPERM (`escapeErrno`) when one would lead
    /// out, EXDEV when the tree is too large to check.
    static func checkMove(_ directory: Int32, _ name: [UInt8], toDepth depth: Int, walk: Bool) throws(WASIError) {
        var st = stat()
        guard cString(name, { fstatat(directory, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { return }  // the call reports it
        switch st.st_mode & S_IFMT {
        case S_IFLNK:
            guard let target = Beneath.readLink(directory, name), allows(target, depth: depth) else { throw .errno(escapeErrno) }
        case S_IFDIR where walk:
            let top = cString(name) { openat(directory, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            guard top >= 0 else { throw .errno(.lastHostError) }
            try checkTree(top, depth: depth + 1)
        default:
            return
        }
    }

    /// Every link below the directory `root` (which this closes), whose entries are
    /// `depth` below the target descriptor.
    private static func checkTree(_ root: Int32, depth: Int) throws(WASIError) {
        var pending: [(fd: Int32, depth: Int)] = [(root, depth)]
        defer { for p in pending { close(p.fd) } }
        var entries = 0
        while let (fd, level) = pending.popLast() {
            guard let dir = fdopendir(fd) else {
                let code = errno
                close(fd)
                throw .errno(WASIErrno(hostErrno: code))
            }
            defer { closedir(dir) }
            while let raw = readdir(dir) {
                let name = withUnsafeBytes(of: raw.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
                entries += 1
                if entries > maxEntries { throw .errno(.xdev) }
                var type = Int32(raw.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var st = stat()
                    guard cString(name, { fstatat(fd, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
                    type = st.st_mode & S_IFMT == S_IFLNK ? Int32(DT_LNK) : st.st_mode & S_IFMT == S_IFDIR ? Int32(DT_DIR) : 0
                }
                if type == Int32(DT_LNK) {
                    guard let target = Beneath.readLink(fd, name), allows(target, depth: level) else { throw .errno(escapeErrno) }
                } else if type == Int32(DT_DIR) {
                    if level - depth + 1 >= maxLevels { throw .errno(.xdev) }
                    let child = cString(name) { openat(fd, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
                    guard child >= 0 else { throw .errno(.lastHostError) }
                    pending.append((child, level + 1))
                }
            }
        }
    }
}
