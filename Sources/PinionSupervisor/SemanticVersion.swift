// PinionSupervisor: semantic versions (semver.org 2.0.0): parsing and precedence, which
// decide whether a version in the spool is newer than the installed one.

/// `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`. Build metadata is kept but does not count
/// in comparisons, as the specification says.
public struct SemanticVersion: Comparable, Sendable, CustomStringConvertible {
    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    public var prerelease: [String]
    public var build: String?

    /// Parses `text`; nil unless it is a valid semantic version.
    public init?(_ text: String) {
        var rest = Substring(text)
        if let plus = rest.firstIndex(of: "+") {
            let b = rest[rest.index(after: plus)...]
            guard Self.validIdentifiers(b, numericLeadingZeroAllowed: true) else { return nil }
            build = String(b)
            rest = rest[..<plus]
        }
        prerelease = []
        if let dash = rest.firstIndex(of: "-") {
            let p = rest[rest.index(after: dash)...]
            guard Self.validIdentifiers(p, numericLeadingZeroAllowed: false) else { return nil }
            prerelease = p.split(separator: ".").map(String.init)
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3, let numbers = Optional(core.compactMap(Self.number)), numbers.count == 3 else { return nil }
        (major, minor, patch) = (numbers[0], numbers[1], numbers[2])
    }

    public var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease.joined(separator: ".")) + (build.map { "+" + $0 } ?? "")
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) {
            return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
        // A pre-release sorts before its release.
        if a.prerelease.isEmpty || b.prerelease.isEmpty { return !a.prerelease.isEmpty && b.prerelease.isEmpty }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (UInt64(x), UInt64(y)) {
            case let (m?, n?): return m < n
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }

    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool {
        (a.major, a.minor, a.patch) == (b.major, b.minor, b.patch) && a.prerelease == b.prerelease
    }

    /// A numeric identifier: digits, no leading zero.
    private static func number(_ s: Substring) -> UInt64? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), s == "0" || s.first != "0" else { return nil }
        return UInt64(s)
    }

    /// Dot-separated non-empty identifiers of [0-9A-Za-z-].
    private static func validIdentifiers(_ s: Substring, numericLeadingZeroAllowed: Bool) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { id in
            guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 }) else { return false }
            let numeric = id.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
            return numericLeadingZeroAllowed || !numeric || id == "0" || id.first != "0"
        }
    }
}
