// fuzz: libFuzzer target (a): decode and validate arbitrary bytes as a module.
// Any outcome but a crash, a sanitizer report or a hang is fine: malformed and invalid
// modules must come back as errors.
import PinionBinary
import PinionValidation

/// Decoded state is bounded as the CLI bounds it under a 16 MiB memory budget, so a
/// short input asking for huge counts is an error, not an out-of-memory report.
private let maxStateBytes: UInt64 = 16 << 20

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeValidate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = try? ValidatedModule.load(bytes, maxStateBytes: maxStateBytes)
    return 0
}
