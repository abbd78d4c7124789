// PinionWASI: the witx constants of wasi_snapshot_preview1 (typenames.witx) that
// describe descriptors and calls: filetype, fdflags, oflags, lookupflags, fstflags,
// rights. Struct layouts are written where each struct is stored.

/// witx `filetype` (u8).
enum WASIFiletype: UInt8 {
    case unknown = 0, blockDevice = 1, characterDevice = 2, directory = 3
    case regularFile = 4, socketDgram = 5, socketStream = 6, symbolicLink = 7
}

/// witx `fdflags` (u16) bits.
enum WASIFdflags {
    static let append: UInt16 = 1 << 0
    static let dsync: UInt16 = 1 << 1
    static let nonblock: UInt16 = 1 << 2
    static let rsync: UInt16 = 1 << 3
    static let sync: UInt16 = 1 << 4
    static let all: UInt16 = (1 << 5) - 1
}

/// witx `oflags` (u16) bits for path_open.
enum WASIOflags {
    static let creat: UInt16 = 1 << 0
    static let directory: UInt16 = 1 << 1
    static let excl: UInt16 = 1 << 2
    static let trunc: UInt16 = 1 << 3
    static let all: UInt16 = (1 << 4) - 1
}

/// witx `lookupflags` (u32): whether the last path component may be a symlink to follow.
enum WASILookupflags {
    static let symlinkFollow: UInt32 = 1 << 0
}

/// witx `fstflags` (u16) for the set_times calls.
enum WASIFstflags {
    static let atim: UInt16 = 1 << 0
    static let atimNow: UInt16 = 1 << 1
    static let mtim: UInt16 = 1 << 2
    static let mtimNow: UInt16 = 1 << 3
    static let all: UInt16 = (1 << 4) - 1
}

/// witx `rights` (u64): what may be done with a descriptor. Bit numbers are witx's.
enum WASIRights {
    static let fdDatasync: UInt64 = 1 << 0
    static let fdRead: UInt64 = 1 << 1
    static let fdSeek: UInt64 = 1 << 2
    static let fdFdstatSetFlags: UInt64 = 1 << 3
    static let fdSync: UInt64 = 1 << 4
    static let fdTell: UInt64 = 1 << 5
    static let fdWrite: UInt64 = 1 << 6
    static let fdAdvise: UInt64 = 1 << 7
    static let fdAllocate: UInt64 = 1 << 8
    static let pathCreateDirectory: UInt64 = 1 << 9
    static let pathCreateFile: UInt64 = 1 << 10
    static let pathLinkSource: UInt64 = 1 << 11
    static let pathLinkTarget: UInt64 = 1 << 12
    static let pathOpen: UInt64 = 1 << 13
    static let fdReaddir: UInt64 = 1 << 14
    static let pathReadlink: UInt64 = 1 << 15
    static let pathRenameSource: UInt64 = 1 << 16
    static let pathRenameTarget: UInt64 = 1 << 17
    static let pathFilestatGet: UInt64 = 1 << 18
    static let pathFilestatSetSize: UInt64 = 1 << 19
    static let pathFilestatSetTimes: UInt64 = 1 << 20
    static let fdFilestatGet: UInt64 = 1 << 21
    static let fdFilestatSetSize: UInt64 = 1 << 22
    static let fdFilestatSetTimes: UInt64 = 1 << 23
    static let pathSymlink: UInt64 = 1 << 24
    static let pathRemoveDirectory: UInt64 = 1 << 25
    static let pathUnlinkFile: UInt64 = 1 << 26
    static let pollFdReadwrite: UInt64 = 1 << 27
    static let sockShutdown: UInt64 = 1 << 28
    static let sockAccept: UInt64 = 1 << 29
    /// All 30 rights.
    static let all: UInt64 = (1 << 30) - 1

    /// Everything that changes the file system or a file's contents, size or times:
    /// what a read-only preopen (`--dir-ro`) and everything opened under it lack.
    /// (Syncing and a descriptor's own flags change nothing: wasmtime allows them.)
    static let modifying: UInt64 = fdWrite | fdAllocate
        | pathCreateDirectory | pathCreateFile | pathLinkSource | pathLinkTarget
        | pathRenameSource | pathRenameTarget | pathFilestatSetSize | pathFilestatSetTimes
        | fdFilestatSetSize | fdFilestatSetTimes | pathSymlink | pathRemoveDirectory | pathUnlinkFile
}

/// The rights each kind of descriptor has, as wasmtime reports them, so that programs
/// which copy a descriptor's rights into path_open (Rust's std does) work the same.
/// Rights requested in path_open only choose read and/or write access, as in wasmtime;
/// what a descriptor may do follows from its kind and access mode.
extension WASIRights {
    /// A preopened directory: the directory and path rights (0x7B7FE00), no file rights.
    static let preopenBase: UInt64 = pathCreateDirectory | pathCreateFile | pathLinkSource | pathLinkTarget
        | pathOpen | fdReaddir | pathReadlink | pathRenameSource | pathRenameTarget | pathFilestatGet
        | pathFilestatSetTimes | fdFilestatGet | fdFilestatSetTimes | pathSymlink | pathRemoveDirectory
        | pathUnlinkFile
    /// What a preopened directory passes on: its own rights and a file's (0xFF7FFFF).
    static let preopenInheriting: UInt64 = preopenBase | fdDatasync | fdRead | fdSeek | fdFdstatSetFlags
        | fdSync | fdTell | fdWrite | fdAdvise | fdAllocate | fdFilestatSetSize | pollFdReadwrite
    /// A directory opened with path_open (0x3FB7FFBB): nothing that seeks, writes or
    /// sets a size.
    static let openedDirectory: UInt64 = all & ~(fdSeek | fdWrite | pathFilestatSetSize | fdFilestatSetSize)
    /// What it passes on (0x3FF7FFFF). wasmtime reports `openedDirectory` here too, so
    /// wasi-libc's openat(dir, name, O_RDWR) below it opens the file read-only there;
    /// Pinion offers the file rights, so such a file is writable.
    static let openedDirectoryInheriting: UInt64 = openedDirectory | fdSeek | fdWrite | fdFilestatSetSize

    /// A file opened with path_open, base and inheriting: everything but the reading
    /// rights (FD_READ, FD_READDIR) when not open for reading, and FD_WRITE when not
    /// open for writing (0x3FFFFFBF read-only, 0x3FFFBFFD write-only, 0x3FFFFFFF both).
    static func file(read: Bool, write: Bool) -> UInt64 {
        all & ~(read ? 0 : fdRead | fdReaddir) & ~(write ? 0 : fdWrite)
    }

    /// path_open opens for writing when fs_rights_base holds FD_WRITE (or it creates or
    /// truncates), and for reading when it holds FD_READ or not FD_WRITE: wasmtime's
    /// rule, in which FD_DATASYNC, FD_READDIR or the append flag alone do not count.
    static let askWrite: UInt64 = fdWrite
    static let askRead: UInt64 = fdRead
}
