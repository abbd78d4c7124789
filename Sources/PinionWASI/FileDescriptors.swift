// PinionWASI: calls about descriptors themselves: fd_close, fd_renumber, fd_fdstat_get,
// fd_fdstat_set_flags, fd_fdstat_set_rights, fd_prestat_get, fd_prestat_dir_name.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

#if canImport(Glibc)
private let hostSocketStream = Int32(SOCK_STREAM.rawValue)
private let hostSocketDatagram = Int32(SOCK_DGRAM.rawValue)
#else
private let hostSocketStream = Int32(SOCK_STREAM)
private let hostSocketDatagram = Int32(SOCK_DGRAM)
#endif

extension WASI {
    static var fileDescriptorFunctions: [WASIFunction] {
        [
            WASIFunction("fd_close", [.i32], { $0.fdClose }),
            WASIFunction("fd_renumber", [.i32, .i32], { $0.fdRenumber }),
            WASIFunction("fd_fdstat_get", [.i32, .i32], { $0.fdFdstatGet }),
            WASIFunction("fd_fdstat_set_flags", [.i32, .i32], { $0.fdFdstatSetFlags }),
            WASIFunction("fd_fdstat_set_rights", [.i32, .i64, .i64], { $0.fdFdstatSetRights }),
            WASIFunction("fd_prestat_get", [.i32, .i32], { $0.fdPrestatGet }),
            WASIFunction("fd_prestat_dir_name", [.i32, .i32, .i32], { $0.fdPrestatDirName }),
        ]
    }

    /// The descriptor for one of the embedder's stdio fds: all rights, its own filetype.
    static func stdioDescriptor(_ hostFD: Int32) -> Descriptor {
        var st = stat()
        let type: WASIFiletype = fstat(hostFD, &st) == 0 ? filetype(hostFD, mode: st.st_mode) : .unknown
        return Descriptor(hostFD: hostFD, isStdio: true, filetype: type,
                          rightsBase: WASIRights.all, rightsInheriting: WASIRights.all)
    }

    /// fd_close(fd). Stdio's host descriptors belong to the embedder and stay open;
    /// the guest fd is gone either way.
    func fdClose(_ call: WASICall) throws(WASIError) {
        guard let descriptor = descriptors.remove(call.i32(0)) else { throw .errno(.badf) }
        if !descriptor.isStdio, close(descriptor.hostFD) != 0, errno != EINTR { throw .errno(.lastHostError) }
    }

    /// fd_renumber(fd, to): `to` (which must be open) now refers to what `fd` did, and
    /// `fd` is closed.
    func fdRenumber(_ call: WASICall) throws(WASIError) {
        let from = call.i32(0), to = call.i32(1)
        let descriptor = try descriptors.get(from)
        _ = try descriptors.get(to)
        if from == to { return }
        _ = descriptors.remove(from)
        if let old = descriptors.place(descriptor, at: to), !old.isStdio { close(old.hostFD) }
    }

    /// fd_fdstat_get(fd) -> fdstat: filetype u8 at 0, flags u16 at 2, rights_base u64
    /// at 8, rights_inheriting u64 at 16 (24 bytes). Character devices lack seek and
    /// tell, which is how wasi-libc's isatty() knows a tty.
    func fdFdstatGet(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.get(call.i32(0))
        let out = try call.memory().bytes(at: call.i32(1), count: 24)
        let hostFlags = fcntl(descriptor.hostFD, F_GETFL)
        guard hostFlags >= 0 else { throw .errno(.lastHostError) }
        var flags: UInt16 = 0
        if hostFlags & O_APPEND != 0 { flags |= WASIFdflags.append }
        if descriptor.hostAlwaysNonblocking || descriptor.isStdio ? descriptor.nonblocking : hostFlags & O_NONBLOCK != 0 {
            flags |= WASIFdflags.nonblock
        }
        if hostFlags & O_SYNC == O_SYNC { flags |= WASIFdflags.sync }
        else if hostFlags & O_DSYNC != 0 { flags |= WASIFdflags.dsync }
        var rights = descriptor.rightsBase
        if descriptor.filetype == .characterDevice { rights &= ~(WASIRights.fdSeek | WASIRights.fdTell) }
        out.initializeMemory(as: UInt8.self, repeating: 0)
        out.storeLE(descriptor.filetype.rawValue, at: 0)
        out.storeLE(flags, at: 2)
        out.storeLE(rights, at: 8)
        out.storeLE(descriptor.rightsInheriting, at: 16)
    }

    /// fd_fdstat_set_flags(fd, flags: fdflags). Linux can change append and nonblock on
    /// an open file, not the sync flags (ENOTSUP; path_open takes them). On stdio only
    /// nonblock, emulated without touching the embedder's descriptor.
    func fdFdstatSetFlags(_ call: WASICall) throws(WASIError) {
        let fd = call.i32(0)
        let descriptor = try descriptors.file(fd, requiring: WASIRights.fdFdstatSetFlags)
        guard call.i32(1) <= UInt32(WASIFdflags.all) else { throw .errno(.inval) }
        let flags = UInt16(call.i32(1))
        if flags & (WASIFdflags.dsync | WASIFdflags.rsync | WASIFdflags.sync) != 0 { throw .errno(.notSup) }
        if descriptor.isStdio {
            // The host's stdio is shared with the embedder (often a terminal shared with a
            // shell): its flags are not the guest's to change. Nonblocking is emulated.
            guard flags & WASIFdflags.append == 0 else { throw .errno(.notSup) }
            descriptors.update(fd) { $0.nonblocking = flags & WASIFdflags.nonblock != 0 }
            return
        }
        var hostFlags = fcntl(descriptor.hostFD, F_GETFL)
        guard hostFlags >= 0 else { throw .errno(.lastHostError) }
        hostFlags &= ~(O_APPEND | O_NONBLOCK)
        if flags & WASIFdflags.append != 0 { hostFlags |= O_APPEND }
        if flags & WASIFdflags.nonblock != 0 || descriptor.hostAlwaysNonblocking { hostFlags |= O_NONBLOCK }
        guard fcntl(descriptor.hostFD, F_SETFL, hostFlags) == 0 else { throw .errno(.lastHostError) }
        descriptors.update(fd) { $0.nonblocking = flags & WASIFdflags.nonblock != 0 }
    }

    /// fd_fdstat_set_rights(fd, base, inheriting): rights can only be dropped; dropped
    /// ones stay dropped, also for descriptors path_open makes from this one. (wasmtime
    /// answers ENOTSUP; Pinion keeps preview1's way to narrow a descriptor.)
    func fdFdstatSetRights(_ call: WASICall) throws(WASIError) {
        let fd = call.i32(0)
        let descriptor = try descriptors.get(fd)
        let base = call.i64(1), inheriting = call.i64(2)
        guard base & ~descriptor.rightsBase == 0, inheriting & ~descriptor.rightsInheriting == 0 else {
            throw .errno(.notCapable)
        }
        descriptors.update(fd) {
            $0.droppedBase |= $0.rightsBase & ~base
            $0.droppedInheriting |= $0.rightsInheriting & ~inheriting
            $0.rightsBase = base
            $0.rightsInheriting = inheriting
        }
    }

    /// fd_prestat_get(fd) -> prestat: tag u8 at 0 (0 = directory), name length u32 at
    /// 4. EBADF for anything but a preopened directory, which ends wasi-libc's scan.
    func fdPrestatGet(_ call: WASICall) throws(WASIError) {
        guard let name = try descriptors.get(call.i32(0)).preopenName else { throw .errno(.badf) }
        let out = try call.memory().bytes(at: call.i32(1), count: 8)
        out.initializeMemory(as: UInt8.self, repeating: 0)
        out.storeLE(UInt32(name.count), at: 4)
    }

    /// fd_prestat_dir_name(fd, path: ptr<u8>, path_len): the preopen's guest name (no NUL).
    func fdPrestatDirName(_ call: WASICall) throws(WASIError) {
        guard let name = try descriptors.get(call.i32(0)).preopenName else { throw .errno(.badf) }
        let out = try call.memory().bytes(at: call.i32(1), count: call.i32(2))
        guard out.count >= name.count else { throw .errno(.nameTooLong) }
        out.copyBytes(from: name)
    }

    /// The WASI filetype of a host descriptor with mode `mode`. Pipes have no WASI
    /// type and are `unknown`.
    static func filetype(_ fd: Int32, mode: mode_t) -> WASIFiletype {
        switch mode & S_IFMT {
        case S_IFSOCK:
            var type: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else { return .unknown }
            if type == hostSocketStream { return .socketStream }
            if type == hostSocketDatagram { return .socketDgram }
            return .unknown
        default: return filetype(mode: mode)
        }
    }

    /// The WASI filetype for a host file mode (sockets as stream sockets).
    static func filetype(mode: mode_t) -> WASIFiletype {
        switch mode & S_IFMT {
        case S_IFBLK: .blockDevice
        case S_IFCHR: .characterDevice
        case S_IFDIR: .directory
        case S_IFREG: .regularFile
        case S_IFLNK: .symbolicLink
        case S_IFSOCK: .socketStream
        default: .unknown
        }
    }
}
