// PinionCLI: byte counts on the command line: "16777216", "64K", "16M", "1G" (powers of 1024).

/// A byte count parsed from a number with an optional K, M or G suffix (KiB/MiB/GiB).
struct ByteSize: ArgumentValue {
    let bytes: UInt64

    static var expectation: String { "a byte count such as 65536, 64K, 16M or 1G" }

    init?(argument: String) {
        var digits = Substring(argument.uppercased())
        for suffix in ["IB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
            digits = digits.dropLast(suffix.count)
            break
        }
        var multiplier: UInt64 = 1
        switch digits.last {
        case "K": multiplier = 1 << 10
        case "M": multiplier = 1 << 20
        case "G": multiplier = 1 << 30
        default: break
        }
        if multiplier != 1 { digits = digits.dropLast() }
        guard let value = UInt64(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        bytes = product
    }
}
