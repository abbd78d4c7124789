// PinionTestSupport: running a program from a test (status, stdout, stderr), and finding
// the built `pinion` executable next to the test bundle.
import Foundation

public enum Command {
    /// What a finished program did.
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`, `stdin`
    /// text (or /dev/null), in `directory`, with `environment` added to this process's.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        let path = executable.contains("/") ? executable : Tools.find(executable)
        guard let path else { throw Tools.missing("\(executable) is not installed") }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // stderr goes to a file, so that reading stdout to its end cannot deadlock on a full
        // stderr pipe.
        let errPath = NSTemporaryDirectory() + "pinion-stderr-\(getpid())-\(UInt64.random(in: 0 ... .max))"
        guard FileManager.default.createFile(atPath: errPath, contents: nil),
              let err = FileHandle(forWritingAtPath: errPath) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        try err.close()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderrData = FileManager.default.contents(atPath: errPath) ?? Data()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// The `pinion` under test: `$PINION` if set (another build, or a wrapper that runs an
    /// aarch64 build under qemu-aarch64, as scripts/test-aarch64.sh does), else the one next
    /// to the test bundle (swift test builds it too).
    public static func pinionExecutable() throws -> String {
        if let pinion = ProcessInfo.processInfo.environment["PINION"], !pinion.isEmpty { return pinion }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var dir = (exe as NSString).deletingLastPathComponent
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: dir + "/pinion") { return dir + "/pinion" }
            dir = (dir as NSString).deletingLastPathComponent
        }
        throw Tools.missing("the pinion executable was not built next to the tests (\(exe))")
    }

    /// A fresh private directory under the temporary directory, named after `label`.
    public static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "pinion-\(label)-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
