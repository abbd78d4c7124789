// fuzz: libFuzzer target (c): parse arbitrary text as a TOML manifest and validate every
// field, hardware grants included. Rejections (ManifestError) are fine; crashes,
// sanitizer reports and hangs are not.
import PinionManifest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Invalid UTF-8 is repaired the way `Manifest.load` repairs a file's bytes.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let manifest = try? Manifest.parse(toml: text) {
        _ = manifest.name.utf8.count  // touch the result so parsing is not optimised away
    }
    return 0
}
