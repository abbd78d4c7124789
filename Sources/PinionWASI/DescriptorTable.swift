// PinionWASI: the guest's file descriptor table.

/// One open guest descriptor.
struct Descriptor {
    /// The host descriptor behind it.
    var hostFD: Int32
    /// Guest fds 0-2 as configured. Borrowed from the embedder (never closed by WASI)
    /// and, as in wasmtime, not seekable: `fd_seek` on them is ESPIPE.
    var isStdio: Bool
    /// What the host descriptor is, fixed when it was opened.
    var filetype: WASIFiletype
    /// Rights for calls on this descriptor, and for descriptors path_open makes from it.
    var rightsBase: UInt64
    var rightsInheriting: UInt64
    /// Below a read-only preopen (--dir-ro): nothing may be created, written or changed.
    var readOnly = false
    /// The rights this descriptor lacks only because it is read-only: calls needing
    /// them fail with EPERM (as in wasmtime) rather than ENOTCAPABLE.
    var deniedByReadOnly: UInt64 = 0
    /// Rights the guest gave up with fd_fdstat_set_rights (base and inheriting): calls
    /// needing them fail with ENOTCAPABLE, and descriptors opened below lack them too.
    var droppedBase: UInt64 = 0
    var droppedInheriting: UInt64 = 0
    /// Pinion opened this pipe, FIFO, device or socket itself and keeps it O_NONBLOCK on
    /// the host, so no read, write or accept can block where an interrupt cannot reach
    /// (a FIFO without writers, say); `nonblocking` is what the guest asked for.
    var hostAlwaysNonblocking = false
    var nonblocking = false
    /// For a preopened directory: the name the guest knows it by (fd_prestat_*).
    var preopenName: [UInt8]? = nil
    /// For a directory: the entries fd_readdir last listed, so its cookies (indexes
    /// into this list) stay valid across calls that each return part of it.
    var listing: [DirectoryEntry]? = nil

    /// Fails unless the descriptor has every right in `rights`: ENOTCAPABLE when the
    /// guest dropped one, EPERM when read-only is the reason, and otherwise EBADF (the
    /// call does not fit this kind of descriptor or its access mode, as in wasmtime:
    /// fd_write on a file open for reading, say).
    func require(_ rights: UInt64) throws(WASIError) {
        let missing = rights & ~rightsBase
        if missing == 0 { return }
        if missing & droppedBase != 0 { throw .errno(.notCapable) }
        throw .errno(missing & deniedByReadOnly != 0 ? .perm : .badf)
    }
}

/// One name in a directory, as fd_readdir reports it.
struct DirectoryEntry {
    var inode: UInt64
    var filetype: WASIFiletype
    var name: [UInt8]
}

/// Guest fd -> descriptor. New descriptors take the lowest free number, as POSIX does.
struct DescriptorTable {
    private var entries: [UInt32: Descriptor] = [:]

    /// The descriptor for guest fd `fd`, or EBADF.
    func get(_ fd: UInt32) throws(WASIError) -> Descriptor {
        guard let d = entries[fd] else { throw .errno(.badf) }
        return d
    }

    /// The descriptor for `fd` if it has every right in `rights`: EBADF if it is not
    /// open, ENOTCAPABLE if it lacks a right.
    func get(_ fd: UInt32, requiring rights: UInt64) throws(WASIError) -> Descriptor {
        let d = try get(fd)
        try d.require(rights)
        return d
    }

    /// The descriptor for `fd` if it is not a directory and has every right in
    /// `rights`: the calls that read, write, seek or sync bytes. On a directory they
    /// are EBADF whatever its rights say (wasmtime answers so too).
    func file(_ fd: UInt32, requiring rights: UInt64) throws(WASIError) -> Descriptor {
        let d = try get(fd)
        if d.filetype == .directory { throw .errno(.badf) }
        try d.require(rights)
        return d
    }

    /// Stores `descriptor` under the lowest unused fd and returns that fd.
    mutating func insert(_ descriptor: Descriptor) throws(WASIError) -> UInt32 {
        var fd: UInt32 = 0
        while entries[fd] != nil {
            if fd == UInt32.max { throw .errno(.mfile) }
            fd += 1
        }
        entries[fd] = descriptor
        return fd
    }

    /// Replaces what `fd` refers to (it must be open).
    mutating func update(_ fd: UInt32, _ body: (inout Descriptor) -> Void) {
        if var d = entries[fd] {
            body(&d)
            entries[fd] = d
        }
    }

    /// Puts `descriptor` at `fd`, replacing and returning anything there.
    mutating func place(_ descriptor: Descriptor, at fd: UInt32) -> Descriptor? {
        entries.updateValue(descriptor, forKey: fd)
    }

    /// Forgets guest fd `fd`; returns what it was, or nil if it was not open.
    mutating func remove(_ fd: UInt32) -> Descriptor? {
        entries.removeValue(forKey: fd)
    }

    /// Every open descriptor, for closing them all.
    var all: [Descriptor] { Array(entries.values) }
}
