// PinionWASI: calls on paths below a directory descriptor: path_open,
// path_create_directory, path_remove_directory, path_unlink_file, path_rename,
// path_link, path_symlink, path_readlink, path_filestat_get, path_filestat_set_times.
// Every path goes through `Beneath`, so none can leave its directory.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

extension WASI {
    static var pathFunctions: [WASIFunction] {
        [
            WASIFunction("path_open", [.i32, .i32, .i32, .i32, .i32, .i64, .i64, .i32, .i32], { $0.pathOpen }),
            WASIFunction("path_create_directory", [.i32, .i32, .i32], { $0.pathCreateDirectory }),
            WASIFunction("path_remove_directory", [.i32, .i32, .i32], { $0.pathRemoveDirectory }),
            WASIFunction("path_unlink_file", [.i32, .i32, .i32], { $0.pathUnlinkFile }),
            WASIFunction("path_rename", [.i32, .i32, .i32, .i32, .i32, .i32], { $0.pathRename }),
            WASIFunction("path_link", [.i32, .i32, .i32, .i32, .i32, .i32, .i32], { $0.pathLink }),
            WASIFunction("path_symlink", [.i32, .i32, .i32, .i32, .i32], { $0.pathSymlink }),
            WASIFunction("path_readlink", [.i32, .i32, .i32, .i32, .i32, .i32], { $0.pathReadlink }),
            WASIFunction("path_filestat_get", [.i32, .i32, .i32, .i32, .i32], { $0.pathFilestatGet }),
            WASIFunction("path_filestat_set_times", [.i32, .i32, .i32, .i32, .i64, .i64, .i32], { $0.pathFilestatSetTimes }),
        ]
    }

    /// path_open(fd, dirflags: lookupflags, path, path_len, oflags, fs_rights_base,
    /// fs_rights_inheriting, fdflags) -> fd. As in wasmtime, the requested rights only
    /// decide whether the host file is opened for reading, writing or both (a program
    /// may pass its directory's own rights, FD_WRITE included, to open a directory);
    /// the new descriptor gets the rights of its kind and access mode (`WASIRights.file`,
    /// `.openedDirectory`). Asking for a right the directory dropped is ENOTCAPABLE.
    func pathOpen(_ call: WASICall) throws(WASIError) {
        let directory = try self.directory(call.i32(0), requiring: WASIRights.pathOpen)
        let follow = try lookupFollows(call.i32(1))
        let path = try call.bytes(at: call.i32(2), length: call.i32(3))
        let memory = try call.memory()
        try memory.check(UInt32.self, at: call.i32(8))
        guard call.i32(4) <= UInt32(WASIOflags.all), call.i32(7) <= UInt32(WASIFdflags.all) else {
            throw .errno(.inval)
        }
        let oflags = UInt16(call.i32(4)), fdflags = UInt16(call.i32(7))
        let base = call.i64(5), inheriting = call.i64(6)

        // O_TRUNC needs no right of its own: wasmtime's directories lack
        // PATH_FILESTAT_SET_SIZE, yet File::create (create + truncate) must work.
        if oflags & WASIOflags.creat != 0 { try directory.require(WASIRights.pathCreateFile) }
        guard (base | inheriting) & directory.droppedInheriting == 0 else { throw .errno(.notCapable) }
        let wantsRead = base & WASIRights.askRead != 0 || base & WASIRights.askWrite == 0
        let wantsWrite = base & WASIRights.askWrite != 0 || oflags & (WASIOflags.creat | WASIOflags.trunc) != 0
        if directory.readOnly && wantsWrite { throw .errno(.perm) }
        var flags: Int32
        if oflags & WASIOflags.directory != 0 {
            // With O_CREAT or O_TRUNC the kernel answers (EINVAL, EISDIR).
            if base & WASIRights.askWrite != 0 { throw .errno(.isDir) }
            flags = O_RDONLY | O_DIRECTORY
        } else if wantsWrite {
            flags = wantsRead ? O_RDWR : O_WRONLY
        } else {
            flags = O_RDONLY
        }
        if oflags & WASIOflags.creat != 0 { flags |= O_CREAT }
        if oflags & WASIOflags.excl != 0 { flags |= O_EXCL }
        if oflags & WASIOflags.trunc != 0 { flags |= O_TRUNC }
        if fdflags & WASIFdflags.append != 0 { flags |= O_APPEND }
        if fdflags & WASIFdflags.nonblock != 0 { flags |= O_NONBLOCK }
        if fdflags & WASIFdflags.dsync != 0 { flags |= O_DSYNC }
        if fdflags & WASIFdflags.rsync != 0 { flags |= O_RSYNC }
        if fdflags & WASIFdflags.sync != 0 { flags |= O_SYNC }

        // Always opened nonblocking: opening a FIFO would otherwise wait for its other
        // end in the kernel, where no interrupt can reach. Files and directories get
        // blocking mode back; anything else stays nonblocking on the host (blockingIO).
        let hostFD = try Beneath.open(directory.hostFD, path, flags: flags | O_NONBLOCK, mode: 0o666,
                                      followFinal: follow, forceWalk: forceWalk)
        var st = stat()
        guard fstat(hostFD, &st) == 0 else {
            let code = errno
            close(hostFD)
            throw .errno(WASIErrno(hostErrno: code))
        }
        let type = st.st_mode & S_IFMT
        let canBlock = type != S_IFREG && type != S_IFDIR && type != S_IFBLK
        let guestNonblocking = fdflags & WASIFdflags.nonblock != 0
        if !canBlock && !guestNonblocking {
            _ = fcntl(hostFD, F_SETFL, fcntl(hostFD, F_GETFL) & ~O_NONBLOCK)
        }
        // Below a read-only preopen, the changing rights (e.g. fd_filestat_set_times)
        // are missing and fail with EPERM; writing to a file opened for reading is
        // EBADF, as in POSIX and wasmtime. Rights the directory dropped stay dropped.
        let filetype = WASI.filetype(hostFD, mode: st.st_mode)
        let isDirectory = filetype == .directory
        let rights = (isDirectory ? WASIRights.openedDirectory : WASIRights.file(read: wantsRead, write: wantsWrite))
            & ~directory.droppedInheriting
        let passedOn = (isDirectory ? WASIRights.openedDirectoryInheriting : rights) & ~directory.droppedInheriting
        let denied = directory.readOnly ? WASIRights.modifying : 0
        var descriptor = Descriptor(hostFD: hostFD, isStdio: false, filetype: filetype,
                                    rightsBase: rights & ~denied, rightsInheriting: passedOn,
                                    readOnly: directory.readOnly, deniedByReadOnly: denied & ~WASIRights.fdWrite,
                                    hostAlwaysNonblocking: canBlock, nonblocking: guestNonblocking)
        descriptor.droppedBase = directory.droppedInheriting
        descriptor.droppedInheriting = directory.droppedInheriting
        let fd: UInt32
        do throws(WASIError) { fd = try descriptors.insert(descriptor) } catch { close(hostFD); throw error }
        try memory.store(fd, at: call.i32(8))
    }

    /// path_create_directory(fd, path, path_len)
    func pathCreateDirectory(_ call: WASICall) throws(WASIError) {
        let target = try resolve(call, fd: 0, path: 1, requiring: WASIRights.pathCreateDirectory, follow: false)
        guard target.withName({ mkdirat(target.directory, $0, 0o777) }) == 0 else { throw .errno(.lastHostError) }
    }

    /// path_remove_directory(fd, path, path_len): the directory must be empty.
    func pathRemoveDirectory(_ call: WASICall) throws(WASIError) {
        let target = try resolve(call, fd: 0, path: 1, requiring: WASIRights.pathRemoveDirectory, follow: false)
        guard target.withName({ unlinkat(target.directory, $0, AT_REMOVEDIR) }) == 0 else { throw .errno(.lastHostError) }
    }

    /// path_unlink_file(fd, path, path_len): a file or symlink, not a directory.
    func pathUnlinkFile(_ call: WASICall) throws(WASIError) {
        let target = try resolve(call, fd: 0, path: 1, requiring: WASIRights.pathUnlinkFile, follow: false)
        guard target.withName({ unlinkat(target.directory, $0, 0) }) == 0 else { throw .errno(.lastHostError) }
    }

    /// path_rename(fd, old_path, old_path_len, new_fd, new_path, new_path_len). Moving
    /// a link, or a directory holding links, higher up must not make one lead out
    /// (`SymlinkContainment`): EPERM. Moving within one descriptor and not higher
    /// cannot, so only the other moves are checked.
    func pathRename(_ call: WASICall) throws(WASIError) {
        let old = try resolve(call, fd: 0, path: 1, requiring: WASIRights.pathRenameSource, follow: false)
        let new = try resolve(call, fd: 3, path: 4, requiring: WASIRights.pathRenameTarget, follow: false)
        if call.i32(0) != call.i32(3) || new.depth < old.depth {
            try SymlinkContainment.checkMove(old.directory, old.name, toDepth: new.depth, walk: true)
        }
        let result = old.withName { o in new.withName { n in renameat(old.directory, o, new.directory, n) } }
        guard result == 0 else { throw .errno(.lastHostError) }
    }

    /// path_link(old_fd, old_flags: lookupflags, old_path, old_path_len, new_fd,
    /// new_path, new_path_len): a hard link. Following a symlink source is done by the
    /// walk, so the host link call never follows one itself.
    func pathLink(_ call: WASICall) throws(WASIError) {
        let follow = try lookupFollows(call.i32(1))
        let oldDirectory = try directory(call.i32(0), requiring: WASIRights.pathLinkSource)
        let oldPath = try call.bytes(at: call.i32(2), length: call.i32(3))
        let newDirectory = try directory(call.i32(4), requiring: WASIRights.pathLinkTarget)
        let newPath = try call.bytes(at: call.i32(5), length: call.i32(6))
        let old = try Beneath.resolve(oldDirectory.hostFD, oldPath, followFinal: follow)
        let new = try Beneath.resolve(newDirectory.hostFD, newPath, followFinal: false)
        // A hard link to a symlink is a copy of it elsewhere: it must still lead inside.
        try SymlinkContainment.checkMove(old.directory, old.name, toDepth: new.depth, walk: false)
        let result = old.withName { o in new.withName { n in linkat(old.directory, o, new.directory, n, 0) } }
        guard result == 0 else { throw .errno(.lastHostError) }
    }

    /// path_symlink(old_path, old_path_len, fd, new_path, new_path_len): a symlink at
    /// new_path with contents old_path. Contents that could lead outside (absolute, a
    /// ".." after a name, or more ".." than the link is deep below `fd`) are refused
    /// with EPERM: the guest could not follow them anyway, and host programs that later
    /// would must not be led out (`SymlinkContainment`). Depth is counted from `fd`, as
    /// wasi-libc passes preopens.
    func pathSymlink(_ call: WASICall) throws(WASIError) {
        let contents = try call.bytes(at: call.i32(0), length: call.i32(1))
        let target = try resolve(call, fd: 2, path: 3, requiring: WASIRights.pathSymlink, follow: false)
        if contents.contains(0) { throw .errno(.inval) }
        if contents.isEmpty { throw .errno(.noEnt) }
        if !SymlinkContainment.allows(contents, depth: target.depth) {
            throw .errno(escapeErrno)
        }
        let result = cString(contents) { c in target.withName { symlinkat(c, target.directory, $0) } }
        guard result == 0 else { throw .errno(.lastHostError) }
    }

    /// path_readlink(fd, path, path_len, buf, buf_len) -> size: the contents, cut to
    /// the buffer (no NUL).
    func pathReadlink(_ call: WASICall) throws(WASIError) {
        let target = try resolve(call, fd: 0, path: 1, requiring: WASIRights.pathReadlink, follow: false)
        let memory = try call.memory()
        let buffer = try memory.bytes(at: call.i32(3), count: call.i32(4))
        try memory.check(UInt32.self, at: call.i32(5))
        var contents = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = target.withName { name in
            contents.withUnsafeMutableBytes { readlinkat(target.directory, name, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
        }
        guard n >= 0 else { throw .errno(.lastHostError) }
        let copied = min(n, buffer.count)
        buffer.copyBytes(from: contents[0..<copied])
        try memory.store(UInt32(copied), at: call.i32(5))
    }

    /// path_filestat_get(fd, flags: lookupflags, path, path_len) -> filestat
    func pathFilestatGet(_ call: WASICall) throws(WASIError) {
        let follow = try lookupFollows(call.i32(1))
        let directory = try self.directory(call.i32(0), requiring: WASIRights.pathFilestatGet)
        let path = try call.bytes(at: call.i32(2), length: call.i32(3))
        let out = try call.memory().bytes(at: call.i32(4), count: 64)
        let target = try Beneath.resolve(directory.hostFD, path, followFinal: follow)
        var st = stat()
        guard target.withName({ fstatat(target.directory, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else {
            throw .errno(.lastHostError)
        }
        WASI.storeFilestat(st, filetype: nil, into: out)
    }

    /// path_filestat_set_times(fd, flags: lookupflags, path, path_len, atim, mtim, fst_flags)
    func pathFilestatSetTimes(_ call: WASICall) throws(WASIError) {
        let follow = try lookupFollows(call.i32(1))
        let directory = try self.directory(call.i32(0), requiring: WASIRights.pathFilestatSetTimes)
        let path = try call.bytes(at: call.i32(2), length: call.i32(3))
        var times = try WASI.hostTimes(atime: call.i64(4), mtime: call.i64(5), flags: call.i32(6))
        let target = try Beneath.resolve(directory.hostFD, path, followFinal: follow)
        guard target.withName({ utimensat(target.directory, $0, &times, AT_SYMLINK_NOFOLLOW) }) == 0 else {
            throw .errno(.lastHostError)
        }
    }

    // MARK: Helpers

    /// The directory descriptor `fd` with `rights`: EBADF, ENOTCAPABLE, or ENOTDIR.
    private func directory(_ fd: UInt32, requiring rights: UInt64) throws(WASIError) -> Descriptor {
        let d = try descriptors.get(fd, requiring: rights)
        guard d.filetype == .directory else { throw .errno(.notDir) }
        return d
    }

    /// Resolves the (fd, path, path_len) arguments starting at argument `fd`.
    private func resolve(_ call: WASICall, fd: Int, path: Int, requiring rights: UInt64,
                         follow: Bool) throws(WASIError) -> ResolvedName {
        let d = try directory(call.i32(fd), requiring: rights)
        let bytes = try call.bytes(at: call.i32(path), length: call.i32(path + 1))
        return try Beneath.resolve(d.hostFD, bytes, followFinal: follow)
    }

    /// Whether witx `lookupflags` ask to follow a final symlink; unknown bits are EINVAL.
    private func lookupFollows(_ flags: UInt32) throws(WASIError) -> Bool {
        guard flags & ~WASILookupflags.symlinkFollow == 0 else { throw .errno(.inval) }
        return flags & WASILookupflags.symlinkFollow != 0
    }
}
