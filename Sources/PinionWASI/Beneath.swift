// PinionWASI: resolving guest paths so they can never leave the directory they are
// relative to (a preopen or a directory opened from one). Two mechanisms:
//  - `open`: the kernel's openat2 with RESOLVE_BENEATH, which refuses "..", absolute
//    paths and symlinks that would leave the directory, atomically (no races);
//  - `resolve`: a component-by-component walk with O_NOFOLLOW opens, for calls that act
//    on a name in a directory (mkdirat, unlinkat, renameat, ...) and for `open` when
//    the kernel lacks openat2. ".." pops the walk's own stack of opened directories
//    (never opens ".."), symlinks are read and expanded by the walk itself, so a
//    concurrent rename or symlink swap can at worst make a call fail, never escape.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CPinionSys
import Synchronization

/// The errno for a path that would leave its directory. wasmtime reports EPERM for
/// these (cap-std's "a path led outside of the filesystem"); so does Pinion.
let escapeErrno = WASIErrno.perm

/// A name in a directory, the end of a walk: call `*at(directory, name, ...)` with it.
struct ResolvedName: ~Copyable {
    /// The directory holding `name`: opened by the walk (closed by `deinit`), or the
    /// walk's starting directory (not owned).
    let directory: Int32
    private let ownsDirectory: Bool
    /// One component without slashes ("." when the path names the directory itself),
    /// with a trailing "/" kept when the guest wrote one (so the kernel requires a directory).
    let name: [UInt8]
    /// How many directories below the starting directory `directory` is.
    let depth: Int

    init(directory: Int32, owned: Bool, name: [UInt8], depth: Int) {
        self.directory = directory
        ownsDirectory = owned
        self.name = name
        self.depth = depth
    }

    deinit { if ownsDirectory { close(directory) } }

    /// Runs `body` with the name as a C string.
    func withName<R>(_ body: (UnsafePointer<CChar>) -> R) -> R {
        (name + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }
}

enum Beneath {
    /// Symlinks one resolution may expand, as Linux's MAXSYMLINKS.
    static let maxSymlinks = 40
    /// Set once openat2 turns out to be missing (ENOSYS) or filtered (EPERM by seccomp),
    /// so later opens go straight to the walk.
    private static let openat2Missing = Atomic<Bool>(false)

    /// Opens `path` below `directory` with open(2) `flags` (O_CLOEXEC is added). With
    /// `followFinal` false, a symlink as the last component is not followed (ELOOP).
    static func open(_ directory: Int32, _ path: [UInt8], flags: Int32, mode: mode_t,
                     followFinal: Bool, forceWalk: Bool = false) throws(WASIError) -> Int32 {
        try check(path)
        let flags = flags | O_CLOEXEC | (followFinal ? 0 : O_NOFOLLOW)
        if !forceWalk && !openat2Missing.load(ordering: .relaxed) {
            var retries = 0
            while true {
                // openat2, unlike openat, rejects a mode without O_CREAT.
                let hostMode = flags & O_CREAT != 0 ? UInt64(mode) : 0
                let fd = cString(path) { pinion_openat2_beneath(directory, $0, UInt64(UInt32(bitPattern: flags)), hostMode) }
                if fd >= 0 { return fd }
                let code = errno
                switch code {
                case EINTR: continue
                case EAGAIN where retries < 16:  // a concurrent rename; retry as the kernel asks
                    retries += 1
                    continue
                case EAGAIN: break  // renames keep racing: the walk copes with them
                case EXDEV: throw .errno(escapeErrno)
                case ENOSYS, E2BIG:  // no openat2, or an older open_how
                    openat2Missing.store(true, ordering: .relaxed)
                case EPERM where !isRealPermissionError(directory, path):  // seccomp refused it
                    openat2Missing.store(true, ordering: .relaxed)
                default: throw .errno(WASIErrno(hostErrno: code))
                }
                break
            }
        }
        let resolved = try resolve(directory, path, followFinal: followFinal)
        let fd = resolved.withName { openat(resolved.directory, $0, flags | O_NOFOLLOW, mode) }
        guard fd >= 0 else { throw .errno(.lastHostError) }
        return fd
    }

    /// Whether EPERM from openat2 is the file system's answer rather than a seccomp
    /// filter rejecting the system call: a plain openat of "." tells them apart.
    private static func isRealPermissionError(_ directory: Int32, _ path: [UInt8]) -> Bool {
        let probe = pinion_openat2_beneath(directory, ".", UInt64(pinion_O_PATH | O_CLOEXEC), 0)
        if probe >= 0 { close(probe); return true }
        return false
    }

    /// Walks `path` below `directory` to the directory holding its last component.
    /// Intermediate symlinks are always expanded (inside the walk), the last one only
    /// with `followFinal` or a trailing slash. Fails with EPERM (`escapeErrno`) for
    /// absolute paths and anything that would climb above `directory`.
    static func resolve(_ directory: Int32, _ path: [UInt8], followFinal: Bool) throws(WASIError) -> ResolvedName {
        try check(path)
        var stack: [Int32] = []  // directories opened below `directory`, innermost last
        var success = false
        defer { if !success { for fd in stack { close(fd) } } }
        var current: Int32 { stack.last ?? directory }

        var pending = components(path)  // reversed: the next component is last
        var trailingSlash = path.last == UInt8(ascii: "/")
        if path.first == UInt8(ascii: "/") { throw .errno(escapeErrno) }
        var symlinks = 0

        while let component = pending.popLast() {
            let isLast = pending.isEmpty
            if component == [UInt8(ascii: ".")] {
                continue
            }
            if component == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                guard let top = stack.popLast() else { throw .errno(escapeErrno) }
                close(top)
                continue
            }
            let follow = !isLast || followFinal || trailingSlash
            if follow, let target = readLink(current, component) {
                symlinks += 1
                if symlinks > maxSymlinks { throw .errno(.loop) }
                if target.first == UInt8(ascii: "/") || target.isEmpty { throw .errno(escapeErrno) }
                pending += components(target)
                if isLast { trailingSlash = trailingSlash || target.last == UInt8(ascii: "/") }
                continue
            }
            if isLast {
                success = true
                let name = trailingSlash ? component + [UInt8(ascii: "/")] : component
                return takeTop(&stack, directory, name: name)
            }
            let next = cString(component) { openat(current, $0, pinion_O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            guard next >= 0 else { throw .errno(.lastHostError) }
            stack.append(next)
        }
        // Every component was "." or "..", or a symlink to one: the path names a directory.
        success = true
        return takeTop(&stack, directory, name: [UInt8(ascii: ".")])
    }

    /// Hands the innermost opened directory (or the start) to a `ResolvedName`, closing the others.
    private static func takeTop(_ stack: inout [Int32], _ start: Int32, name: [UInt8]) -> ResolvedName {
        let depth = stack.count
        guard let top = stack.popLast() else {
            return ResolvedName(directory: start, owned: false, name: name, depth: 0)
        }
        for fd in stack { close(fd) }
        stack.removeAll()
        return ResolvedName(directory: top, owned: true, name: name, depth: depth)
    }

    /// The target of the symlink `name` in `directory`, or nil if it is not a symlink
    /// (or does not exist: the call itself will then report that).
    static func readLink(_ directory: Int32, _ name: [UInt8]) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = cString(name) { cname in
            buffer.withUnsafeMutableBufferPointer { b in
                b.withMemoryRebound(to: CChar.self) { readlinkat(directory, cname, $0.baseAddress!, $0.count) }
            }
        }
        guard n >= 0 else { return nil }
        return Array(buffer[0..<n])
    }

    /// The path's components, without empty ones (repeated slashes), last first.
    private static func components(_ path: [UInt8]) -> [[UInt8]] {
        path.split(separator: UInt8(ascii: "/")).map(Array.init).reversed()
    }

    /// Paths must be non-empty and free of NUL bytes (which would cut them short in C).
    private static func check(_ path: [UInt8]) throws(WASIError) {
        if path.isEmpty { throw .errno(.noEnt) }
        if path.contains(0) { throw .errno(.inval) }
    }
}

/// Runs `body` with `bytes` as a NUL-terminated C string.
func cString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
    (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
}
