// PinionWASI: random_get, from the host's getentropy (the kernel's CSPRNG).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

extension WASI {
    static var randomFunctions: [WASIFunction] {
        [WASIFunction("random_get", [.i32, .i32], { $0.randomGet })]
    }

    /// random_get(buf: ptr<u8>, buf_len: size): fills the buffer with random bytes.
    /// Charged fuel by size, and stops between 64 KiB chunks when interrupted.
    func randomGet(_ call: WASICall) throws(WASIError) {
        let buffer = try call.memory().bytes(at: call.i32(0), count: call.i32(1))
        try call.chargeFuel(forBytes: buffer.count)
        var offset = 0
        while offset < buffer.count {
            if offset & 0xFFFF == 0, offset > 0 { try call.checkInterrupt() }
            let chunk = min(256, buffer.count - offset)  // getentropy's limit per call
            guard getentropy(buffer.baseAddress! + offset, chunk) == 0 else {
                if errno == EINTR { continue }
                throw .errno(.lastHostError)
            }
            offset += chunk
        }
    }
}
