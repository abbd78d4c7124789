// PinionCLI: reading a module file (PinionFiles' RegularFile) straight into the bytes the
// engine keeps, refusing what is not a regular file or is larger than the module size
// limit before reading it.
import PinionBinary
import PinionFiles

/// Largest module `pinion run` reads unless told otherwise: 64 MiB. Real sensor apps are
/// tens to hundreds of KiB; the limit keeps `/dev/zero`, a FIFO or a huge file from
/// exhausting a board's memory before decoding starts.
let defaultMaxModuleBytes: UInt64 = 64 << 20

/// Reads a whole regular file of at most `limit` bytes straight into the `ModuleBytes`
/// the engine keeps, so a module is held once (not also as the array it was read into:
/// 933 KB less at the peak for a 933 KB module). On failure, the reason.
///
/// The file is read, not mapped: the interpreter runs the validated code in place, and a
/// mapped file rewritten while it runs would change that code under it. (A mapping would
/// not lower the peak either: decoding touches every byte, and a touched file page counts
/// as resident like a copied one.)
func readModule(_ path: String, limit: UInt64 = defaultMaxModuleBytes) -> Result<ModuleBytes, ModuleFileError> {
    do {
        let file = try RegularFile(path, limit: Int(clamping: limit))
        return .success(try ModuleBytes(count: file.size) { (buffer) throws(FileReadError) in try file.read(into: buffer) })
    } catch {
        return .failure(ModuleFileError(error: error))
    }
}

/// Why a module file could not be read: the file error, with the size limit named as the
/// option that sets it.
struct ModuleFileError: Error, CustomStringConvertible {
    let error: FileReadError
    var description: String {
        guard case .tooLarge(let size, let limit) = error.reason else { return error.description }
        return "module of \(size) bytes is larger than the limit of \(limit) bytes (--max-module-size)"
    }
}
