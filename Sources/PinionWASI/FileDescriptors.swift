// PinionWASI: fd_write, fd_read, fd_close, fd_seek, fd_fdstat_get, fd_prestat_get,
// fd_prestat_dir_name, fd_tell: the descriptor calls stdio needs.
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
            WASIFunction("fd_close", [.i32], WASI.fdClose),
            WASIFunction("fd_fdstat_get", [.i32, .i32], WASI.fdFdstatGet),
            WASIFunction("fd_prestat_get", [.i32, .i32], WASI.fdPrestatGet),
            WASIFunction("fd_prestat_dir_name", [.i32, .i32, .i32], WASI.fdPrestatDirName),
            WASIFunction("fd_read", [.i32, .i32, .i32, .i32], WASI.fdRead),
            WASIFunction("fd_seek", [.i32, .i64, .i32, .i32], WASI.fdSeek),
            WASIFunction("fd_tell", [.i32, .i32], WASI.fdTell),
            WASIFunction("fd_write", [.i32, .i32, .i32, .i32], WASI.fdWrite),
        ]
    }

    /// fd_write(fd, iovs: ciovec_array) -> size: gathers the buffers and writes them
    /// with one host writev.
    func fdWrite(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.get(call.i32(0))
        let memory = try call.memory()
        try memory.check(UInt32.self, at: call.i32(3))
        let vectors = try hostVectors(memory, at: call.i32(1), count: call.i32(2))
        let n = try retryingOnEINTR { vectors.withUnsafeBufferPointer { writev(descriptor.hostFD, $0.baseAddress, Int32($0.count)) } }
        try memory.store(UInt32(truncatingIfNeeded: n), at: call.i32(3))
    }

    /// fd_read(fd, iovs: iovec_array) -> size: one host readv scattering into the buffers.
    func fdRead(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.get(call.i32(0))
        let memory = try call.memory()
        try memory.check(UInt32.self, at: call.i32(3))
        let vectors = try hostVectors(memory, at: call.i32(1), count: call.i32(2))
        let n = try retryingOnEINTR { vectors.withUnsafeBufferPointer { readv(descriptor.hostFD, $0.baseAddress, Int32($0.count)) } }
        try memory.store(UInt32(truncatingIfNeeded: n), at: call.i32(3))
    }

    /// fd_close(fd). Stdio's host descriptors belong to the embedder and stay open;
    /// the guest fd is gone either way.
    func fdClose(_ call: WASICall) throws(WASIError) {
        guard let descriptor = descriptors.remove(call.i32(0)) else { throw .errno(.badf) }
        if !descriptor.isStdio, close(descriptor.hostFD) != 0 { throw .errno(.lastHostError) }
    }

    /// fd_seek(fd, offset: filedelta, whence) -> filesize. Whence: set 0, cur 1, end 2.
    func fdSeek(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.get(call.i32(0))
        let whence: Int32
        switch call.i32(2) {
        case 0: whence = SEEK_SET
        case 1: whence = SEEK_CUR
        case 2: whence = SEEK_END
        default: throw .errno(.inval)
        }
        try seek(descriptor, Int64(bitPattern: call.i64(1)), whence, result: call.i32(3), call)
    }

    /// fd_tell(fd) -> filesize: the current offset, as wasi-libc's lseek(fd, 0, SEEK_CUR) asks.
    func fdTell(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.get(call.i32(0))
        try seek(descriptor, 0, SEEK_CUR, result: call.i32(1), call)
    }

    /// fd_fdstat_get(fd) -> fdstat: filetype u8 at 0, flags u16 at 2, rights_base u64
    /// at 8, rights_inheriting u64 at 16 (24 bytes). Rights are all rights, except that
    /// character devices lack seek and tell, which is how wasi-libc's isatty() knows a tty.
    func fdFdstatGet(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.get(call.i32(0))
        let out = try call.memory().bytes(at: call.i32(1), count: 24)
        var st = stat()
        guard fstat(descriptor.hostFD, &st) == 0 else { throw .errno(.lastHostError) }
        let filetype = self.filetype(descriptor.hostFD, mode: st.st_mode)
        let hostFlags = fcntl(descriptor.hostFD, F_GETFL)
        guard hostFlags >= 0 else { throw .errno(.lastHostError) }
        var flags: UInt16 = 0
        if hostFlags & O_APPEND != 0 { flags |= WASIFdflags.append }
        if hostFlags & O_NONBLOCK != 0 { flags |= WASIFdflags.nonblock }
        if hostFlags & O_SYNC == O_SYNC { flags |= WASIFdflags.sync }
        else if hostFlags & O_DSYNC != 0 { flags |= WASIFdflags.dsync }
        var rights = WASIRights.all
        if filetype == .characterDevice { rights &= ~(WASIRights.fdSeek | WASIRights.fdTell) }
        out.initializeMemory(as: UInt8.self, repeating: 0)
        out.storeLE(filetype.rawValue, at: 0)
        out.storeLE(flags, at: 2)
        out.storeLE(rights, at: 8)
        out.storeLE(WASIRights.all, at: 16)
    }

    /// fd_prestat_get(fd) -> prestat. No directories are preopened yet, so every fd is
    /// EBADF, which ends wasi-libc's start-up scan of preopens.
    func fdPrestatGet(_ call: WASICall) throws(WASIError) {
        throw .errno(.badf)
    }

    /// fd_prestat_dir_name(fd, path: ptr<u8>, path_len): EBADF, as for fd_prestat_get.
    func fdPrestatDirName(_ call: WASICall) throws(WASIError) {
        throw .errno(.badf)
    }

    // MARK: Helpers

    /// lseek on the host, storing the new offset (u64) at `result`. Stdio is ESPIPE.
    private func seek(_ descriptor: Descriptor, _ offset: Int64, _ whence: Int32,
                      result: UInt32, _ call: WASICall) throws(WASIError) {
        if descriptor.isStdio { throw .errno(.spipe) }
        let memory = try call.memory()
        try memory.check(UInt64.self, at: result)
        guard let hostOffset = off_t(exactly: offset) else { throw .errno(.overflow) }  // 32-bit off_t
        let position = lseek(descriptor.hostFD, hostOffset, whence)
        guard position >= 0 else { throw .errno(.lastHostError) }
        try memory.store(UInt64(position), at: result)
    }

    /// The WASI filetype of a host descriptor with mode `mode`. Pipes have no WASI
    /// type and are `unknown`.
    private func filetype(_ fd: Int32, mode: mode_t) -> WASIFiletype {
        switch mode & S_IFMT {
        case S_IFBLK: return .blockDevice
        case S_IFCHR: return .characterDevice
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile
        case S_IFLNK: return .symbolicLink
        case S_IFSOCK:
            var type: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 else { return .unknown }
            if type == hostSocketStream { return .socketStream }
            if type == hostSocketDatagram { return .socketDgram }
            return .unknown
        default: return .unknown
        }
    }

    /// Most buffers one host call takes, and most bytes (so the count fits a u32 and
    /// a 32-bit host's ssize_t). Longer requests are short reads/writes, as POSIX allows.
    private static let maxVectors = 1024
    private static let maxTransfer = Int(Int32.max)

    /// Host iovecs for the guest's (c)iovec array at `address` (8 bytes each: buf u32,
    /// buf_len u32). Every entry used, and every buffer, must lie in memory (EFAULT).
    private func hostVectors(_ memory: GuestMemory, at address: UInt32, count: UInt32) throws(WASIError) -> [iovec] {
        let used = Int(min(count, UInt32(WASI.maxVectors)))
        let table = try memory.array(at: address, count: UInt32(used), stride: 8)
        var vectors: [iovec] = []
        vectors.reserveCapacity(used)
        var total = 0
        for i in 0..<used {
            let base = table.loadLE(UInt32.self, at: i * 8)
            let length = table.loadLE(UInt32.self, at: i * 8 + 4)
            let buffer = try memory.bytes(at: base, count: length)
            let take = min(buffer.count, WASI.maxTransfer - total)
            vectors.append(iovec(iov_base: buffer.baseAddress, iov_len: take))
            total += take
            if total == WASI.maxTransfer { break }
        }
        return vectors
    }

    /// Runs a host I/O call until it is not interrupted; its result, or the errno.
    private func retryingOnEINTR(_ body: () -> Int) throws(WASIError) -> Int {
        while true {
            let n = body()
            if n >= 0 { return n }
            let code = errno
            if code != EINTR { throw .errno(WASIErrno(hostErrno: code)) }
        }
    }
}
