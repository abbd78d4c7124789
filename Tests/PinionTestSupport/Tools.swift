// PinionTestSupport: finding the external tools tests use (clang-16, python3 + wasmtime),
// and what happens when one is missing.
import Foundation
import XCTest

public enum Tools {
    /// The first executable named `name` on `$PATH`, or in /usr/bin.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map { "\($0)/\(name)" } + ["/usr/bin/\(name)"])
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The error for a missing tool: a skip on a developer's machine, a failure when
    /// `PINION_REQUIRE_TOOLS=1` (as scripts/test.sh sets it), so CI cannot pass by skipping.
    public static func missing(_ message: String) -> Error {
        if ProcessInfo.processInfo.environment["PINION_REQUIRE_TOOLS"] == "1" {
            return WAT.Failure(description: "required tool missing: \(message)")
        }
        return XCTSkip(message)
    }
}
