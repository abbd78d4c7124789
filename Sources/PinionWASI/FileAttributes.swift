// PinionWASI: a file's metadata and storage: fd_filestat_get, fd_filestat_set_size,
// fd_filestat_set_times, fd_advise, fd_allocate, fd_sync, fd_datasync; and the
// filestat record and timestamp conversions path calls share.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CPinionSys
import PinionBinary

extension WASI {
    static var fileAttributeFunctions: [WASIFunction] {
        [
            WASIFunction("fd_filestat_get", [.i32, .i32], { $0.fdFilestatGet }),
            WASIFunction("fd_filestat_set_size", [.i32, .i64], { $0.fdFilestatSetSize }),
            WASIFunction("fd_filestat_set_times", [.i32, .i64, .i64, .i32], { $0.fdFilestatSetTimes }),
            WASIFunction("fd_advise", [.i32, .i64, .i64, .i32], { $0.fdAdvise }),
            WASIFunction("fd_allocate", [.i32, .i64, .i64], { $0.fdAllocate }),
            WASIFunction("fd_sync", [.i32], { $0.fdSync }),
            WASIFunction("fd_datasync", [.i32], { $0.fdDatasync }),
        ]
    }

    /// fd_filestat_get(fd) -> filestat.
    func fdFilestatGet(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.get(call.i32(0), requiring: WASIRights.fdFilestatGet)
        let out = try call.memory().bytes(at: call.i32(1), count: 64)
        var st = stat()
        guard fstat(descriptor.hostFD, &st) == 0 else { throw .errno(.lastHostError) }
        WASI.storeFilestat(st, filetype: descriptor.filetype, into: out)
    }

    /// fd_filestat_set_size(fd, size): truncates or extends with zeros.
    func fdFilestatSetSize(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdFilestatSetSize)
        guard let size = off_t(exactly: call.i64(1)) else { throw .errno(.inval) }
        guard ftruncate(descriptor.hostFD, size) == 0 else { throw .errno(.lastHostError) }
    }

    /// fd_filestat_set_times(fd, atim, mtim, fst_flags).
    func fdFilestatSetTimes(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.get(call.i32(0), requiring: WASIRights.fdFilestatSetTimes)
        var times = try WASI.hostTimes(atime: call.i64(1), mtime: call.i64(2), flags: call.i32(3))
        guard futimens(descriptor.hostFD, &times) == 0 else { throw .errno(.lastHostError) }
    }

    /// fd_advise(fd, offset, len, advice): a hint; advice normal 0 .. noreuse 5.
    func fdAdvise(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdAdvise)
        let advice: Int32
        switch call.i32(3) {
        case 0: advice = POSIX_FADV_NORMAL
        case 1: advice = POSIX_FADV_SEQUENTIAL
        case 2: advice = POSIX_FADV_RANDOM
        case 3: advice = POSIX_FADV_WILLNEED
        case 4: advice = POSIX_FADV_DONTNEED
        case 5: advice = POSIX_FADV_NOREUSE
        default: throw .errno(.inval)
        }
        guard let offset = off_t(exactly: call.i64(1)), let length = off_t(exactly: call.i64(2)) else {
            throw .errno(.inval)
        }
        let result = posix_fadvise(descriptor.hostFD, offset, length, advice)
        if result != 0 { throw .errno(WASIErrno(hostErrno: result)) }
    }

    /// fd_allocate(fd, offset, len): makes sure the range is backed by storage.
    func fdAllocate(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdAllocate)
        guard let offset = off_t(exactly: call.i64(1)), let length = off_t(exactly: call.i64(2)) else {
            throw .errno(.inval)
        }
        var result: Int32
        repeat { result = posix_fallocate(descriptor.hostFD, offset, length) } while result == EINTR
        if result != 0 { throw .errno(WASIErrno(hostErrno: result)) }
    }

    /// fd_sync(fd): data and metadata to storage.
    func fdSync(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdSync)
        guard fsync(descriptor.hostFD) == 0 else { throw .errno(.lastHostError) }
    }

    /// fd_datasync(fd): data to storage.
    func fdDatasync(_ call: WASICall) throws(WASIError) {
        let descriptor = try descriptors.file(call.i32(0), requiring: WASIRights.fdDatasync)
        guard fdatasync(descriptor.hostFD) == 0 else { throw .errno(.lastHostError) }
    }

    // MARK: Records

    /// Writes witx `filestat` (64 bytes): dev u64 at 0, ino u64 at 8, filetype u8 at 16,
    /// nlink u64 at 24, size u64 at 32, atim at 40, mtim at 48, ctim at 56 (ns).
    static func storeFilestat(_ st: stat, filetype: WASIFiletype?, into out: UnsafeMutableRawBufferPointer) {
        out.initializeMemory(as: UInt8.self, repeating: 0)
        out.storeLE(UInt64(truncatingIfNeeded: st.st_dev), at: 0)
        out.storeLE(UInt64(truncatingIfNeeded: st.st_ino), at: 8)
        out.storeLE((filetype ?? WASI.filetype(mode: st.st_mode)).rawValue, at: 16)
        out.storeLE(UInt64(truncatingIfNeeded: st.st_nlink), at: 24)
        out.storeLE(UInt64(truncatingIfNeeded: st.st_size), at: 32)
        out.storeLE(nanoseconds(st.st_atim), at: 40)
        out.storeLE(nanoseconds(st.st_mtim), at: 48)
        out.storeLE(nanoseconds(st.st_ctim), at: 56)
    }

    /// A timespec as a WASI timestamp; times before 1970 (negative) become 0.
    static func nanoseconds(_ t: timespec) -> UInt64 {
        if t.tv_sec < 0 { return 0 }
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(truncatingIfNeeded: t.tv_nsec)
    }

    /// The utimensat/futimens times for witx `fstflags`: a given time, now, or unchanged.
    /// Setting a time both to a value and to now is EINVAL, as are unknown flags.
    static func hostTimes(atime: UInt64, mtime: UInt64, flags: UInt32) throws(WASIError) -> [timespec] {
        guard flags <= UInt32(WASIFstflags.all) else { throw .errno(.inval) }
        let f = UInt16(flags)
        func one(_ value: UInt64, set: UInt16, now: UInt16) throws(WASIError) -> timespec {
            if f & set != 0 && f & now != 0 { throw .errno(.inval) }
            if f & now != 0 { return timespec(tv_sec: 0, tv_nsec: pinion_UTIME_NOW) }
            if f & set != 0 {
                return timespec(tv_sec: time_t(value / 1_000_000_000), tv_nsec: Int(value % 1_000_000_000))
            }
            return timespec(tv_sec: 0, tv_nsec: pinion_UTIME_OMIT)
        }
        return [try one(atime, set: WASIFstflags.atim, now: WASIFstflags.atimNow),
                try one(mtime, set: WASIFstflags.mtim, now: WASIFstflags.mtimNow)]
    }
}
