// PinionBinaryTests: modules using features Pinion does not implement (GC, memory64, SIMD,
// threads) fail with `LoadError.unsupported` naming the feature and the offset of the
// first byte that needs it, not as malformed or invalid.
import XCTest
import PinionBinary
import PinionValidation

/// Asserts `bytes` fails to load as unsupported `feature` at `offset`.
private func assertUnsupported(_ bytes: [UInt8], _ feature: WasmFeature, at offset: Int,
                               file: StaticString = #filePath, line: UInt = #line) {
    switch loadError(bytes) {
    case .unsupported(let f, let o, _)?:
        XCTAssertEqual(f, feature, file: file, line: line)
        XCTAssertEqual(o, offset, "offset", file: file, line: line)
        let text = "\(loadError(bytes)!)"
        XCTAssertTrue(text.hasPrefix("unsupported feature: \(feature) ("), text, file: file, line: line)
        XCTAssertTrue(text.contains("at offset 0x\(String(offset, radix: 16))"), text, file: file, line: line)
        XCTAssertFalse(text.contains("malformed"), text, file: file, line: line)
    case let e?: XCTFail("expected unsupported \(feature), got \(e)", file: file, line: line)
    case nil: XCTFail("expected unsupported \(feature), but the module loaded", file: file, line: line)
    }
}

final class UnsupportedFeatureTests: XCTestCase {
    // Header 8 bytes; a section's id at 8, its size at 9, a vector's count at 10, so the
    // first entry starts at 11.

    func testV128ValueTypeIsSIMD() {
        // type section: one func type (v128) -> ()
        assertUnsupported(Wasm.module(Wasm.section(1, [0x01, 0x60, 0x01, 0x7B, 0x00])), .simd, at: 13)
    }

    func testSIMDPrefixInCodeIsSIMD() {
        // v128.const (0xFD 12) in a function body.
        let code: [UInt8] = [0xFD, 0x0C] + [UInt8](repeating: 0, count: 16) + [0x1A, 0x0B]
        let bytes = Wasm.oneFunction(codeEntry: Wasm.body(code))
        let codeStart = bytes.count - code.count
        assertUnsupported(bytes, .simd, at: codeStart)
    }

    func testStructAndArrayTypesAreGC() {
        assertUnsupported(Wasm.module(Wasm.section(1, [0x01, 0x5F, 0x00])), .gc, at: 11)        // struct
        assertUnsupported(Wasm.module(Wasm.section(1, [0x01, 0x4E, 0x00])), .gc, at: 11)        // rec
        assertUnsupported(Wasm.module(Wasm.section(1, [0x01, 0x60, 0x01, 0x6E, 0x00])), .gc, at: 13)  // anyref param
    }

    func testGCPrefixInCodeIsGC() {
        let code: [UInt8] = [0x41, 0x00, 0xFB, 0x1C, 0x1A, 0x0B]  // i32.const 0, ref.i31, drop
        let bytes = Wasm.oneFunction(codeEntry: Wasm.body(code))
        assertUnsupported(bytes, .gc, at: bytes.count - code.count + 2)
    }

    func test64BitMemoryAndTableAreMemory64() {
        assertUnsupported(Wasm.module(Wasm.section(5, [0x01, 0x04, 0x01])), .memory64, at: 11)
        assertUnsupported(Wasm.module(Wasm.section(5, [0x01, 0x05, 0x01, 0x02])), .memory64, at: 11)
        assertUnsupported(Wasm.module(Wasm.section(4, [0x01, 0x70, 0x04, 0x01])), .memory64, at: 12)
    }

    func testSharedMemoryIsThreads() {
        assertUnsupported(Wasm.module(Wasm.section(5, [0x01, 0x03, 0x01, 0x02])), .threads, at: 11)
    }

    func testUnknownLimitsFlagsStayMalformed() {
        guard case .malformed? = loadError(Wasm.module(Wasm.section(5, [0x01, 0x10, 0x01]))) else {
            return XCTFail("flags 0x10 should be malformed")
        }
    }
}
