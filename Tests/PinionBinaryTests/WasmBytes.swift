// PinionBinaryTests: helpers shared by the side-table, validator and bad-input tests:
// building module bytes by hand, taking assembled modules apart by section, and
// asserting how a load fails.
import XCTest
import PinionBinary
import PinionValidation
import PinionTestSupport

/// Hand-built module bytes. (Namespaced so it cannot clash with DecoderTests' private helpers.)
enum Wasm {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    /// Unsigned LEB128, minimal length.
    static func leb(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }

    /// Signed LEB128, minimal length.
    static func sleb(_ value: Int64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while true {
            let b = UInt8(v & 0x7F)
            v >>= 7
            if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
                out.append(b)
                return out
            }
            out.append(b | 0x80)
        }
    }

    /// A section: id, LEB size, payload.
    static func section(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [id] + leb(UInt64(payload.count)) + payload
    }

    /// A vector: LEB count, then the items.
    static func vector(_ items: [[UInt8]]) -> [UInt8] {
        leb(UInt64(items.count)) + items.joined()
    }

    static func name(_ s: String) -> [UInt8] {
        leb(UInt64(s.utf8.count)) + Array(s.utf8)
    }

    static func module(_ sections: [UInt8]...) -> [UInt8] {
        header + sections.joined()
    }

    /// The binary encoding of a value type (references: `ref null?` and a heap type).
    static func encoding(_ t: ValueType) -> [UInt8] {
        switch t {
        case .i32: [0x7F]
        case .i64: [0x7E]
        case .f32: [0x7D]
        case .f64: [0x7C]
        case .v128: [0x7B]
        case .ref(let h, let nullable):
            [nullable ? 0x63 : 0x64] + {
                switch h {
                case .func: [0x70]
                case .extern: [0x6F]
                case .exn: [0x69]
                case .noFunc: [0x73]
                case .noExtern: [0x72]
                case .noExn: [0x74]
                case .index(let i): leb(UInt64(i))  // as an s33: indices below 64 only
                case .canonical, .recursive, .bottom: fatalError("\(h) has no binary encoding")
                }
            }()
        }
    }

    /// A function type `0x60 params results`.
    static func functionType(_ params: [ValueType], _ results: [ValueType]) -> [UInt8] {
        [0x60] + vector(params.map(encoding)) + vector(results.map(encoding))
    }

    /// A code entry: size, then local declarations and code (code must end with 0x0B).
    static func body(locals: [(count: UInt32, type: ValueType)] = [], _ code: [UInt8]) -> [UInt8] {
        let declarations = vector(locals.map { leb(UInt64($0.count)) + encoding($0.type) })
        let content = declarations + code
        return leb(UInt64(content.count)) + content
    }

    /// A module with one function of type `params -> results`, exported as "f", whose
    /// code section entry is `codeEntry` (see `body`). `memory` adds a one-page memory.
    static func oneFunction(_ params: [ValueType] = [], _ results: [ValueType] = [],
                            memory: Bool = false, codeEntry: [UInt8]) -> [UInt8] {
        var m = header
        m += section(1, vector([functionType(params, results)]))
        m += section(3, vector([[0x00]]))
        if memory { m += section(5, vector([[0x00, 0x01]])) }
        m += section(7, vector([name("f") + [0x00, 0x00]]))
        m += section(10, vector([codeEntry]))
        return m
    }

    /// The top-level sections of a module: id and the byte range of the whole section
    /// (id byte through the end of its payload). Assumes well-formed framing.
    static func sections(of bytes: [UInt8]) -> [(id: UInt8, range: Range<Int>)] {
        var out: [(UInt8, Range<Int>)] = []
        var p = 8
        while p < bytes.count {
            let start = p
            let id = bytes[p]
            p += 1
            var size = 0, shift = 0
            while true {
                let b = bytes[p]
                p += 1
                size |= Int(b & 0x7F) << shift
                shift += 7
                if b & 0x80 == 0 { break }
            }
            p += size
            out.append((id, start..<p))
        }
        return out
    }

    /// `bytes` without the sections whose id is `id`.
    static func removingSections(_ id: UInt8, from bytes: [UInt8]) -> [UInt8] {
        var out = Array(bytes[0..<8])
        for s in sections(of: bytes) where s.id != id { out += bytes[s.range] }
        return out
    }
}

/// Decodes and validates `bytes`, returning the error, or nil if the module loaded.
func loadError(_ bytes: [UInt8]) -> LoadError? {
    do {
        _ = try ValidatedModule.load(bytes)
        return nil
    } catch {
        return error
    }
}

/// Asserts that `bytes` is rejected by validation (`LoadError.invalid`) with a message
/// containing `message`.
func assertInvalid(_ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
    switch loadError(bytes) {
    case .invalid(let e)?:
        XCTAssertTrue(e.message.contains(message), "got \"\(e)\", expected \"\(message)\"", file: file, line: line)
    case let e?:
        XCTFail("expected invalid \"\(message)\", got \(e)", file: file, line: line)
    case nil:
        XCTFail("expected invalid \"\(message)\", but the module loaded", file: file, line: line)
    }
}

/// Asserts that `bytes` is rejected by the decoder (`LoadError.malformed`) with a message
/// containing `message`.
func assertMalformed(_ bytes: [UInt8], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
    switch loadError(bytes) {
    case .malformed(let e)?:
        XCTAssertTrue(e.message.contains(message), "got \"\(e)\", expected \"\(message)\"", file: file, line: line)
    case let e?:
        XCTFail("expected malformed \"\(message)\", got \(e)", file: file, line: line)
    case nil:
        XCTFail("expected malformed \"\(message)\", but the module loaded", file: file, line: line)
    }
}

/// Assembles `text` with wasm-tools (which does not validate) and asserts it is invalid.
func assertInvalid(wat text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
    assertInvalid(try WAT.binary(text), message, file: file, line: line)
}
