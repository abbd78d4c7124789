// PinionWASI: args_get, args_sizes_get, environ_get, environ_sizes_get.
import PinionBinary

extension WASI {
    static var argsEnvironmentFunctions: [WASIFunction] {
        [
            WASIFunction("args_get", [.i32, .i32], { $0.argsGet }),
            WASIFunction("args_sizes_get", [.i32, .i32], { $0.argsSizesGet }),
            WASIFunction("environ_get", [.i32, .i32], { $0.environGet }),
            WASIFunction("environ_sizes_get", [.i32, .i32], { $0.environSizesGet }),
        ]
    }

    /// args_get(argv: ptr<ptr<u8>>, argv_buf: ptr<u8>)
    func argsGet(_ call: WASICall) throws(WASIError) {
        try copyStrings(argumentStrings, call, pointers: call.i32(0), buffer: call.i32(1))
    }

    /// args_sizes_get() -> (argc: size, argv_buf_size: size)
    func argsSizesGet(_ call: WASICall) throws(WASIError) {
        try storeSizes(of: argumentStrings, call, count: call.i32(0), bufferSize: call.i32(1))
    }

    /// environ_get(environ: ptr<ptr<u8>>, environ_buf: ptr<u8>)
    func environGet(_ call: WASICall) throws(WASIError) {
        try copyStrings(environmentStrings, call, pointers: call.i32(0), buffer: call.i32(1))
    }

    /// environ_sizes_get() -> (count: size, buf_size: size)
    func environSizesGet(_ call: WASICall) throws(WASIError) {
        try storeSizes(of: environmentStrings, call, count: call.i32(0), bufferSize: call.i32(1))
    }

    /// Writes the NUL-terminated `strings` back to back at `buffer`, and a pointer to
    /// each at `pointers` (u32 each). Checks both areas before writing anything.
    private func copyStrings(_ strings: [[UInt8]], _ call: WASICall,
                             pointers: UInt32, buffer: UInt32) throws(WASIError) {
        let memory = try call.memory()
        let total = strings.reduce(0) { $0 + $1.count }
        guard total <= UInt32.max, strings.count <= UInt32.max else { throw .errno(.overflow) }
        let table = try memory.array(at: pointers, count: UInt32(strings.count), stride: 4)
        let bytes = try memory.bytes(at: buffer, count: UInt32(total))
        var offset = 0
        for (i, s) in strings.enumerated() {
            table.storeLE(buffer &+ UInt32(offset), at: i * 4)
            s.withUnsafeBytes { bytes.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: s.count) }
            offset += s.count
        }
    }

    private func storeSizes(of strings: [[UInt8]], _ call: WASICall,
                            count: UInt32, bufferSize: UInt32) throws(WASIError) {
        let memory = try call.memory()
        let total = strings.reduce(0) { $0 + $1.count }
        guard total <= UInt32.max, strings.count <= UInt32.max else { throw .errno(.overflow) }
        try memory.check(UInt32.self, at: count)
        try memory.check(UInt32.self, at: bufferSize)
        try memory.store(UInt32(strings.count), at: count)
        try memory.store(UInt32(total), at: bufferSize)
    }
}
