// PinionTOML: RFC 3339 date-times as TOML 1.0 writes them (`1979-05-27T07:32:00Z`,
// `1979-05-27 07:32:00.999`, `1979-05-27`, `07:32:00`), with calendar checks.

enum TOMLDateTimeParsing {
    /// Parses `token` (the whole date-time, a space separator already replaced by `T`).
    static func parse(_ token: ArraySlice<UInt8>) throws(TOMLNumberError) -> TOMLDateTime {
        var k = token.startIndex
        var date: TOMLDateTime.Date?
        if token.count >= 5 && token[k + 4] == .minus {
            let year = try number(token, &k, digits: 4, "year")
            try expect(token, &k, .minus, "'-' after the year")
            let month = try number(token, &k, digits: 2, "month")
            try expect(token, &k, .minus, "'-' after the month")
            let day = try number(token, &k, digits: 2, "day")
            guard (1...12).contains(month) else { throw TOMLNumberError("month \(month) is not 1-12") }
            guard day >= 1 && day <= daysIn(month: month, year: year) else {
                throw TOMLNumberError("day \(day) does not exist in \(year)-\(month < 10 ? "0" : "")\(month)")
            }
            date = TOMLDateTime.Date(year: year, month: month, day: day)
            if k == token.endIndex { return TOMLDateTime(date: date, time: nil, offsetMinutes: nil) }
            guard token[k] | 0x20 == UInt8(ascii: "t") else {
                throw TOMLNumberError("expected 'T' or a space between the date and the time, found \(TOMLNumbers.quoted(token[k]))")
            }
            k += 1
        }

        let hour = try number(token, &k, digits: 2, "hour")
        try expect(token, &k, .colon, "':' after the hour")
        let minute = try number(token, &k, digits: 2, "minute")
        try expect(token, &k, .colon, "':' after the minute (TOML 1.0 requires seconds)")
        let second = try number(token, &k, digits: 2, "second")
        guard hour < 24 else { throw TOMLNumberError("hour \(hour) is not 00-23") }
        guard minute < 60 else { throw TOMLNumberError("minute \(minute) is not 00-59") }
        guard second <= 60 else { throw TOMLNumberError("second \(second) is not 00-60") }
        var nanosecond = 0
        if k < token.endIndex && token[k] == .dot {
            k += 1
            var count = 0
            while k < token.endIndex && token[k].isDigit {
                // Digits past nanoseconds are truncated, as TOML requires.
                if count < 9 { nanosecond = nanosecond * 10 + Int(token[k] - 0x30) }
                count += 1
                k += 1
            }
            guard count > 0 else { throw TOMLNumberError("expected digits after the '.' of the seconds") }
            for _ in min(count, 9)..<9 { nanosecond *= 10 }
        }
        let time = TOMLDateTime.Time(hour: hour, minute: minute, second: second, nanosecond: nanosecond)

        var offset: Int?
        if k < token.endIndex && date != nil {
            if token[k] | 0x20 == UInt8(ascii: "z") {
                offset = 0
                k += 1
            } else if token[k] == .plus || token[k] == .minus {
                let sign = token[k] == .minus ? -1 : 1
                k += 1
                let hours = try number(token, &k, digits: 2, "offset hours")
                try expect(token, &k, .colon, "':' in the offset")
                let minutes = try number(token, &k, digits: 2, "offset minutes")
                guard hours < 24 && minutes < 60 else { throw TOMLNumberError("offset \(hours):\(minutes) is out of range") }
                offset = sign * (hours * 60 + minutes)
            }
        }
        guard k == token.endIndex else { throw TOMLNumberError("unexpected \(TOMLNumbers.quoted(token[k])) in a date-time") }
        return TOMLDateTime(date: date, time: time, offsetMinutes: offset)
    }

    private static func number(_ token: ArraySlice<UInt8>, _ k: inout Int, digits: Int, _ what: String) throws(TOMLNumberError) -> Int {
        var value = 0
        for _ in 0..<digits {
            guard k < token.endIndex, token[k].isDigit else {
                throw TOMLNumberError("the \(what) must have exactly \(digits) digits")
            }
            value = value * 10 + Int(token[k] - 0x30)
            k += 1
        }
        return value
    }

    private static func expect(_ token: ArraySlice<UInt8>, _ k: inout Int, _ byte: UInt8, _ what: String) throws(TOMLNumberError) {
        guard k < token.endIndex, token[k] == byte else { throw TOMLNumberError("expected \(what)") }
        k += 1
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
