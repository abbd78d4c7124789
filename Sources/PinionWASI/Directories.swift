// PinionWASI: fd_readdir. A directory is listed once (when the guest starts at cookie
// 0) and kept with its descriptor; an entry's cookie is its index in that listing, so
// a guest reading in small buffers resumes exactly where the last call stopped.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

extension WASI {
    static var directoryFunctions: [WASIFunction] {
        [WASIFunction("fd_readdir", [.i32, .i32, .i32, .i64, .i32], { $0.fdReaddir })]
    }

    /// fd_readdir(fd, buf, buf_len, cookie) -> size. Fills the buffer with dirents
    /// (24-byte header: d_next u64 at 0, d_ino u64 at 8, d_namlen u32 at 16, d_type u8
    /// at 20; then the name, no NUL), the last one cut short if it does not fit. A
    /// result equal to buf_len tells the guest there may be more.
    func fdReaddir(_ call: WASICall) throws(WASIError) {
        let fd = call.i32(0)
        // A file is EBADF (as in wasmtime), whatever its rights.
        let descriptor = try descriptors.get(fd)
        guard descriptor.filetype == .directory else { throw .errno(.badf) }
        try descriptor.require(WASIRights.fdReaddir)
        let memory = try call.memory()
        let buffer = try memory.bytes(at: call.i32(1), count: call.i32(2))
        try memory.check(UInt32.self, at: call.i32(4))
        let cookie = call.i64(3)

        var listing = descriptor.listing ?? []
        if cookie == 0 || descriptor.listing == nil {
            listing = try WASI.list(descriptor.hostFD)
            descriptors.update(fd) { $0.listing = listing }
        }
        var used = 0
        var index = cookie < UInt64(listing.count) ? Int(cookie) : listing.count
        while index < listing.count && used < buffer.count {
            let entry = listing[index]
            var header = [UInt8](repeating: 0, count: 24)
            header.withUnsafeMutableBytes { h in
                h.storeLE(UInt64(index + 1), at: 0)
                h.storeLE(entry.inode, at: 8)
                h.storeLE(UInt32(entry.name.count), at: 16)
                h.storeLE(entry.filetype.rawValue, at: 20)
            }
            for bytes in [header, entry.name] {
                let n = min(bytes.count, buffer.count - used)
                bytes.withUnsafeBytes { buffer.baseAddress!.advanced(by: used).copyMemory(from: $0.baseAddress!, byteCount: n) }
                used += n
            }
            index += 1
        }
        try memory.store(UInt32(used), at: call.i32(4))
    }

    /// Every entry of the directory open as `hostFD` ("." and ".." included), read
    /// through a fresh descriptor so the guest's one keeps its own position.
    static func list(_ hostFD: Int32) throws(WASIError) -> [DirectoryEntry] {
        let fd = openat(hostFD, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .errno(.lastHostError) }
        guard let dir = fdopendir(fd) else {
            let code = errno
            close(fd)
            throw .errno(WASIErrno(hostErrno: code))
        }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let raw = readdir(dir) else {
                if errno != 0 { throw .errno(.lastHostError) }
                return entries
            }
            let name = withUnsafeBytes(of: raw.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            var type = filetype(direntType: raw.pointee.d_type)
            if type == .unknown {
                var st = stat()
                if cString(name, { fstatat(fd, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 { type = filetype(mode: st.st_mode) }
            }
            entries.append(DirectoryEntry(inode: UInt64(raw.pointee.d_ino), filetype: type, name: name))
        }
    }

    /// The WASI filetype for a dirent's d_type (unknown when the file system does not say).
    private static func filetype(direntType: UInt8) -> WASIFiletype {
        switch Int(direntType) {
        case Int(DT_BLK): .blockDevice
        case Int(DT_CHR): .characterDevice
        case Int(DT_DIR): .directory
        case Int(DT_REG): .regularFile
        case Int(DT_LNK): .symbolicLink
        case Int(DT_SOCK): .socketStream
        default: .unknown
        }
    }
}
