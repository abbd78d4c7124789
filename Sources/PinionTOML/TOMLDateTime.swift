// PinionTOML: TOML's four date/time kinds as plain components (no calendar library),
// with their canonical RFC 3339 text.

/// An offset date-time, local date-time, local date or local time.
///
/// Which of `date`, `time` and `offsetMinutes` are present decides the kind. Fractional
/// seconds beyond nanoseconds are truncated, as TOML requires.
public struct TOMLDateTime: Sendable, Equatable, CustomStringConvertible {
    /// The four kinds TOML distinguishes.
    public enum Kind: Sendable, Equatable {
        case offsetDateTime, localDateTime, localDate, localTime

        /// "an offset date-time", for error messages.
        public var name: String {
            switch self {
            case .offsetDateTime: "an offset date-time"
            case .localDateTime: "a local date-time"
            case .localDate: "a local date"
            case .localTime: "a local time"
            }
        }
    }

    /// A calendar date (proleptic Gregorian, year 0-9999).
    public struct Date: Sendable, Equatable {
        public var year: Int
        public var month: Int
        public var day: Int
        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }
    }

    /// A time of day; `second` may be 60 (a leap second).
    public struct Time: Sendable, Equatable {
        public var hour: Int
        public var minute: Int
        public var second: Int
        public var nanosecond: Int
        public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
            self.hour = hour
            self.minute = minute
            self.second = second
            self.nanosecond = nanosecond
        }
    }

    public var date: Date?
    public var time: Time?
    /// Minutes east of UTC (`Z` is 0); nil for the local kinds.
    public var offsetMinutes: Int?

    public init(date: Date?, time: Time?, offsetMinutes: Int?) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    public var kind: Kind {
        if date == nil { return .localTime }
        if time == nil { return .localDate }
        return offsetMinutes == nil ? .localDateTime : .offsetDateTime
    }

    /// RFC 3339 text: `1979-05-27T07:32:00.5-07:00`, `T` and `Z` upper case, fractional
    /// seconds without trailing zeros, a zero offset as `Z`.
    public var description: String {
        var text = ""
        if let date {
            text += Self.digits(date.year, 4) + "-" + Self.digits(date.month, 2) + "-" + Self.digits(date.day, 2)
        }
        if let time {
            if date != nil { text += "T" }
            text += Self.digits(time.hour, 2) + ":" + Self.digits(time.minute, 2) + ":" + Self.digits(time.second, 2)
            if time.nanosecond > 0 {
                var fraction = Self.digits(time.nanosecond, 9)
                while fraction.hasSuffix("0") { fraction.removeLast() }
                text += "." + fraction
            }
        }
        if let offset = offsetMinutes {
            if offset == 0 {
                text += "Z"
            } else {
                text += (offset < 0 ? "-" : "+") + Self.digits(abs(offset) / 60, 2) + ":" + Self.digits(abs(offset) % 60, 2)
            }
        }
        return text
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
