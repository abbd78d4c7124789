// PinionWASI: the guest's file descriptor table and the witx constants that
// describe descriptors (filetype, fdflags, rights).

/// One open guest descriptor.
struct Descriptor {
    /// The host descriptor behind it.
    var hostFD: Int32
    /// Guest fds 0-2. Borrowed from the embedder (never closed by WASI) and, as in
    /// wasmtime, not seekable: `fd_seek` on them is ESPIPE.
    var isStdio: Bool
}

/// Guest fd -> host descriptor. Starts with stdio only (no preopened directories yet).
struct DescriptorTable {
    private var entries: [UInt32: Descriptor] = [:]

    init(stdin: Int32, stdout: Int32, stderr: Int32) {
        entries[0] = Descriptor(hostFD: stdin, isStdio: true)
        entries[1] = Descriptor(hostFD: stdout, isStdio: true)
        entries[2] = Descriptor(hostFD: stderr, isStdio: true)
    }

    /// The descriptor for guest fd `fd`, or EBADF.
    func get(_ fd: UInt32) throws(WASIError) -> Descriptor {
        guard let d = entries[fd] else { throw .errno(.badf) }
        return d
    }

    /// Forgets guest fd `fd`; returns what it was, or nil if it was not open.
    mutating func remove(_ fd: UInt32) -> Descriptor? {
        entries.removeValue(forKey: fd)
    }
}

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
}

/// witx `rights` (u64) bits used here; there are 30 rights, bits 0 through 29.
enum WASIRights {
    static let fdSeek: UInt64 = 1 << 2
    static let fdTell: UInt64 = 1 << 5
    static let all: UInt64 = (1 << 30) - 1
}
