// PinionSupervisor: a minimal ustar writer (POSIX.1-1988 headers, regular files only):
// how `pinion push` streams a spool entry's files to `tar -x` on a device over ssh.

enum TarArchive {
    /// An archive of `files` (short plain names, mode 0644, owner 0, mtime `mtime`).
    static func make(_ files: [(name: String, bytes: [UInt8])], mtime: Int = 0) -> [UInt8] {
        var archive: [UInt8] = []
        for file in files {
            archive += header(name: file.name, size: file.bytes.count, mtime: mtime)
            archive += file.bytes
            archive += [UInt8](repeating: 0, count: (512 - file.bytes.count % 512) % 512)
        }
        return archive + [UInt8](repeating: 0, count: 1024)  // two zero blocks end it
    }

    private static func header(name: String, size: Int, mtime: Int) -> [UInt8] {
        precondition(name.utf8.count < 100, "tar member name too long: \(name)")
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ offset: Int, _ bytes: [UInt8]) { block.replaceSubrange(offset..<offset + bytes.count, with: bytes) }
        /// `value` in octal, zero-padded to `width - 1` digits and NUL-terminated.
        func octal(_ value: Int, _ width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(0, Array(name.utf8))
        put(100, octal(0o644, 8))
        put(108, octal(0, 8))                   // uid
        put(116, octal(0, 8))                   // gid
        put(124, octal(size, 12))
        put(136, octal(mtime, 12))
        put(148, Array("        ".utf8))        // checksum counted as spaces
        put(156, [UInt8(ascii: "0")])           // regular file
        put(257, Array("ustar".utf8) + [0])
        put(263, Array("00".utf8))
        let sum = block.reduce(0) { $0 + Int($1) }
        put(148, octal(sum, 7) + [UInt8(ascii: " ")])
        return block
    }
}
