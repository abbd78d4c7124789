// PinionTestSupport: turns WebAssembly text into binary for tests, through `wasm-tools parse`.
import Foundation

public enum WAT {
    /// Errors from the text-to-binary step (a test bug, not an engine result).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The binary module for `text`, assembled by `wasm-tools parse`.
    public static func binary(_ text: String) throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinion-wat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("m.wat")
        let output = dir.appendingPathComponent("m.wasm")
        try text.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["wasm-tools", "parse", input.path, "-o", output.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "wasm-tools parse failed (is wasm-tools installed?): \(message)")
        }
        return [UInt8](try Data(contentsOf: output))
    }
}
