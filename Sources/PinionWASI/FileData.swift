// PinionWASI: moving bytes: fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell.
// The bytes moved are charged as fuel, like bulk memory operations.
// Reads and writes on pipes, terminals and sockets wait through `blockingIO`, so that
// an interrupt (e.g. pinion run --timeout) ends them promptly.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

extension WASI {
    static var fileDataFunctions: [WASIFunction] {
        [
            WASIFunction("fd_read", [.i32, .i32, .i32, .i32], { $0.fdRead }),
            WASIFunction("fd_write", [.i32, .i32, .i32, .i32], { $0.fdWrite }),
            WASIFunction("fd_pread", [.i32, .i32, .i32, .i64, .i32], { $0.fdPread }),
            WASIFunction("fd_pwrite", [.i32, .i32, .i32, .i64, .i32], { $0.fdPwrite }),
            WASIFunction("fd_seek", [.i32, .i64, .i32, .i32], { $0.fdSeek }),
            WASIFunction("fd_tell", [.i32, .i32], { $0.fdTell }),
        ]
    }

    /// fd_write(fd, iovs: ciovec_array) -> size: gathers the buffers and writes them
    /// with one host writev.
    func fdWrite(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdWrite)
        let memory = try call.memory()
        try memory.check(UInt32.self, at: call.i32(3))
        let vectors = try hostVectors(memory, at: call.i32(1), count: call.i32(2))
        let n = try blockingIO(descriptor, events: Int16(POLLOUT), call) {
            vectors.withUnsafeBufferPointer { writev(descriptor.hostFD, $0.baseAddress, Int32($0.count)) }
        }
        try call.chargeFuel(forBytes: n)
        try memory.store(UInt32(truncatingIfNeeded: n), at: call.i32(3))
    }

    /// fd_read(fd, iovs: iovec_array) -> size: one host readv scattering into the buffers.
    func fdRead(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdRead)
        let memory = try call.memory()
        try memory.check(UInt32.self, at: call.i32(3))
        let vectors = try hostVectors(memory, at: call.i32(1), count: call.i32(2))
        let n = try blockingIO(descriptor, events: Int16(POLLIN), call) {
            vectors.withUnsafeBufferPointer { readv(descriptor.hostFD, $0.baseAddress, Int32($0.count)) }
        }
        try call.chargeFuel(forBytes: n)
        try memory.store(UInt32(truncatingIfNeeded: n), at: call.i32(3))
    }

    /// fd_pread(fd, iovs, offset: filesize) -> size: reads at `offset` without moving
    /// the file position.
    func fdPread(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdRead | WASIRights.fdSeek)
        let memory = try call.memory()
        try memory.check(UInt32.self, at: call.i32(4))
        let vectors = try hostVectors(memory, at: call.i32(1), count: call.i32(2))
        let offset = try hostOffset(call.i64(3))
        if descriptor.isStdio { throw .errno(.spipe) }
        let n = try retryingOnEINTR { vectors.withUnsafeBufferPointer { preadv(descriptor.hostFD, $0.baseAddress, Int32($0.count), offset) } }
        try call.chargeFuel(forBytes: n)
        try memory.store(UInt32(truncatingIfNeeded: n), at: call.i32(4))
    }

    /// fd_pwrite(fd, iovs, offset: filesize) -> size: writes at `offset` without moving
    /// the file position. (On a file opened with append, Linux appends anyway.)
    func fdPwrite(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdWrite | WASIRights.fdSeek)
        let memory = try call.memory()
        try memory.check(UInt32.self, at: call.i32(4))
        let vectors = try hostVectors(memory, at: call.i32(1), count: call.i32(2))
        let offset = try hostOffset(call.i64(3))
        if descriptor.isStdio { throw .errno(.spipe) }
        let n = try retryingOnEINTR { vectors.withUnsafeBufferPointer { pwritev(descriptor.hostFD, $0.baseAddress, Int32($0.count), offset) } }
        try call.chargeFuel(forBytes: n)
        try memory.store(UInt32(truncatingIfNeeded: n), at: call.i32(4))
    }

    /// fd_seek(fd, offset: filedelta, whence) -> filesize. Whence: set 0, cur 1, end 2.
    /// Asking only for the position (0 from cur) needs just the fd_tell right.
    func fdSeek(_ call: WASICall) throws(WASIError) {
        let delta = Int64(bitPattern: call.i64(1))
        let whence: Int32
        switch call.i32(2) {
        case 0: whence = SEEK_SET
        case 1: whence = SEEK_CUR
        case 2: whence = SEEK_END
        default: throw .errno(.inval)
        }
        let needed = delta == 0 && whence == SEEK_CUR ? WASIRights.fdTell : WASIRights.fdSeek
        let descriptor = try descriptors.file(call.i32(0), requiring: needed)
        try seek(descriptor, delta, whence, result: call.i32(3), call)
    }

    /// fd_tell(fd) -> filesize: the current offset.
    func fdTell(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdTell)
        try seek(descriptor, 0, SEEK_CUR, result: call.i32(1), call)
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

    /// A guest file offset (u64) as a host off_t; EINVAL when it does not fit.
    private func hostOffset(_ offset: UInt64) throws(WASIError) -> off_t {
        guard let o = off_t(exactly: offset) else { throw .errno(.inval) }
        return o
    }

    /// Most buffers one host call takes, and most bytes (so the count fits a u32 and
    /// a 32-bit host's ssize_t). Longer requests are short reads/writes, as POSIX allows.
    private static let maxVectors = 1024
    private static let maxTransfer = Int(Int32.max)

    /// Host iovecs for the guest's (c)iovec array at `address` (8 bytes each: buf u32,
    /// buf_len u32). The array and every buffer used must lie in memory (EFAULT).
    func hostVectors(_ memory: GuestMemory, at address: UInt32, count: UInt32) throws(WASIError) -> [iovec] {
        // The whole array must lie in memory, even the part beyond what one call uses.
        _ = try memory.array(at: address, count: count, stride: 8)
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
    func retryingOnEINTR(_ body: () -> Int) throws(WASIError) -> Int {
        while true {
            let n = body()
            if n >= 0 { return n }
            let code = errno
            if code != EINTR { throw .errno(WASIErrno(hostErrno: code)) }
        }
    }
}
