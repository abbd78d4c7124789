// PinionWASI: the table of every wasi_snapshot_preview1 function (name, core wasm
// signature, implementation) that `WASI.define` walks. Each group of calls lists its
// own entries in its file; this one only assembles them.
import PinionBinary

/// One preview1 function. Its implementation returns normally for `success`, throws
/// `.errno` for any other result, or `.trap` to stop the program.
///
/// Tables write each body as a closure, `{ $0.argsGet }`: Swift 6.0 rejects the unapplied
/// method reference `WASI.argsGet` here ("implicit capture of 'self' requires that 'WASI'
/// conforms to Sendable"), and 6.0.3 is what Debian and Raspberry Pi OS ship.
struct WASIFunction {
    let name: String
    let type: FunctionType
    let body: (WASI) -> (WASICall) throws(WASIError) -> Void

    /// A function returning an errno (every preview1 call but `proc_exit`).
    init(_ name: String, _ parameters: [ValueType],
         _ body: @escaping (WASI) -> (WASICall) throws(WASIError) -> Void) {
        self.init(name, parameters, results: [.i32], body)
    }

    init(_ name: String, _ parameters: [ValueType], results: [ValueType],
         _ body: @escaping (WASI) -> (WASICall) throws(WASIError) -> Void) {
        self.name = name
        self.type = FunctionType(parameters: parameters, results: results)
        self.body = body
    }
}

extension WASI {
    /// All 46 wasi_snapshot_preview1 functions.
    static var functions: [WASIFunction] {
        argsEnvironmentFunctions + clockFunctions + fileDescriptorFunctions + fileDataFunctions
            + fileAttributeFunctions + directoryFunctions + pathFunctions + pollFunctions
            + socketFunctions + randomFunctions + processFunctions
    }
}
