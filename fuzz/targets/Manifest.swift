// fuzz: libFuzzer target (c): parse arbitrary bytes as TOML (PinionTOML, which must reject
// invalid UTF-8 itself), then as text as a manifest, validating every field, hardware
// grants included. Rejections are fine; crashes, sanitizer reports and hangs are not.
import PinionManifest
import PinionTOML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let table = try? TOMLParser.parse(Array(bytes)) {
        _ = table.count
    }
    // Invalid UTF-8 repaired to U+FFFD, so the manifest checks see the text.
    let text = String(decoding: bytes, as: UTF8.self)
    if let manifest = try? Manifest.parse(toml: text) {
        _ = manifest.name.utf8.count  // touch the result so parsing is not optimised away
    }
    return 0
}
