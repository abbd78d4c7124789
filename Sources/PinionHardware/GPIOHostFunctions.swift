// PinionHardware: the `pinion_gpio` host functions (guest ABI; documented in pinion_hw.h).
// Each returns a non-negative value on success and a negated HardwareError otherwise.
import PinionBinary
import PinionRuntime

extension GPIOExtension {
    /// The bodies hold the extension strongly: the store keeps the bodies and the
    /// extension never refers to the store, so there is no cycle, and an unowned
    /// reference would cost an atomic check on every call.
    public func hostFunctions() -> [HostFunctionDefinition] {
        [
            // open(names_ptr, names_len, flags, debounce_us) -> handle
            HostFunctionDefinition("open", [.i32, .i32, .i32, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                do throws(HardwareError) {
                    let length = slots[1] & 0xFFFF_FFFF
                    if length > GPIOExtension.maxNamesBytes {
                        // No grant has names this long: refuse after reading only what the log shows,
                        // so a module passing megabytes on every call costs no more than a short one.
                        try caller.checkGuestRange(slots[0], UInt32(length))
                        let head = try caller.guestBytes(slots[0] & 0xFFFF_FFFF, UInt64(GPIOExtension.maxNameBytesShown))
                        let settings = GPIOFlags.settings(UInt32(truncatingIfNeeded: slots[2]), debounceMicroseconds: 0, lineCount: 1)
                        var request = Request(names: [String(decoding: head, as: UTF8.self)], settings: settings ?? LineSettings())
                        request.cutBytes = Int(length) - head.count
                        throw log.deny(GPIOExtension.namespace, request.description, .pinNotAllowed)
                    }
                    let bytes = try caller.guestBytes(slots[0] & 0xFFFF_FFFF, length)
                    let names = String(decoding: bytes, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
                        .map { String($0).trimmingSpaces }
                    guard !names.contains(where: \.isEmpty), names.count <= GPIOExtension.maxLinesPerRequest,
                          let settings = GPIOFlags.settings(UInt32(truncatingIfNeeded: slots[2]),
                                                            debounceMicroseconds: UInt32(truncatingIfNeeded: slots[3]),
                                                            lineCount: names.count)
                    else { throw .invalidArgument }
                    slots[0] = slot(try open(Request(names: names, settings: settings), interrupt: caller.instance?.interrupt))
                } catch { slots[0] = slot(error.guestCode) }
            },
            // read(handle) -> values
            HostFunctionDefinition("read", [.i32], [.i32]) { [self] _, slots throws(Trap) in
                do throws(HardwareError) {
                    let open = try lines(i32(slots[0]))
                    slots[0] = UInt64(try open.request.read() & open.mask)
                } catch { slots[0] = slot(error.guestCode) }
            },
            // write(handle, values) -> 0
            HostFunctionDefinition("write", [.i32, .i32], [.i32]) { [self] _, slots throws(Trap) in
                do throws(HardwareError) {
                    try write(i32(slots[0]), UInt32(truncatingIfNeeded: slots[1]))
                    slots[0] = 0
                } catch { slots[0] = slot(error.guestCode) }
            },
            // wait_edge(handle, timeout_ns, event_ptr) -> 1 event, 0 timeout
            HostFunctionDefinition("wait_edge", [.i32, .i64, .i32], [.i32]) { [self] caller, slots throws(Trap) in
                var interrupted = false
                var endlessSince: UInt64?
                do throws(HardwareError) {
                    let open = try lines(i32(slots[0]))
                    guard !open.isOutput, open.settings.edge != .none else { throw .modeNotAllowed }
                    let eventAddress = slots[2] & 0xFFFF_FFFF
                    try caller.checkGuestRange(eventAddress, 16)
                    var left = Int64(bitPattern: slots[1])
                    var event: EdgeEvent?
                    if backend.hasVirtualClock {
                        // Virtual time passes in one step. A wait no scheduled edge can end
                        // (or that passes the end of the clock) would never return: it ends
                        // the run instead of spinning.
                        let now = backend.now()
                        let endless = left < 0 || UInt64(left) > UInt64(Int64.max) - min(now, UInt64(Int64.max))
                        event = try open.request.waitForEdge(timeoutNanoseconds: endless ? -1 : left)
                        if event == nil && endless { endlessSince = now }
                        if caller.instance?.interrupt.isRaised == true { interrupted = true }
                    } else {
                        repeat {
                            let step = left < 0 ? blockingSlice : min(left, blockingSlice)
                            event = try open.request.waitForEdge(timeoutNanoseconds: step)
                            if left > 0 { left -= step }
                            if caller.instance?.interrupt.isRaised == true { interrupted = true; break }
                        } while event == nil && left != 0
                    }
                    if let event {
                        var record = [UInt8](repeating: 0, count: 16)
                        for i in 0..<8 { record[i] = UInt8(truncatingIfNeeded: event.timestampNanoseconds >> (8 * UInt64(i))) }
                        for i in 0..<4 { record[8 + i] = UInt8(truncatingIfNeeded: event.lineIndex >> (8 * UInt32(i))) }
                        for i in 0..<4 { record[12 + i] = UInt8(truncatingIfNeeded: event.kind.rawValue >> (8 * UInt32(i))) }
                        try caller.storeGuestBytes(record, at: eventAddress)
                        slots[0] = 1
                    } else {
                        slots[0] = 0
                    }
                } catch { slots[0] = slot(error.guestCode) }
                if let endlessSince { throw VirtualClock.endlessWait("wait_edge", now: endlessSince) }
                if interrupted { throw Trap(.interrupted) }
            },
            // reconfigure(handle, flags, debounce_us) -> 0: new settings for the open lines
            HostFunctionDefinition("reconfigure", [.i32, .i32, .i32], [.i32]) { [self] _, slots throws(Trap) in
                do throws(HardwareError) {
                    let open = try lines(i32(slots[0]))
                    guard let settings = GPIOFlags.settings(UInt32(truncatingIfNeeded: slots[1]),
                                                            debounceMicroseconds: UInt32(truncatingIfNeeded: slots[2]),
                                                            lineCount: open.grants.count)
                    else { throw .invalidArgument }
                    try reconfigure(i32(slots[0]), settings)
                    slots[0] = 0
                } catch { slots[0] = slot(error.guestCode) }
            },
            // close(handle) -> 0
            HostFunctionDefinition("close", [.i32], [.i32]) { [self] _, slots throws(Trap) in
                do throws(HardwareError) {
                    try close(i32(slots[0]))
                    slots[0] = 0
                } catch { slots[0] = slot(error.guestCode) }
            },
            // sleep_ns(ns) -> 0: the board's clock (virtual on the simulator)
            HostFunctionDefinition("sleep_ns", [.i64], [.i32]) { [self] caller, slots throws(Trap) in
                var left = Int64(bitPattern: slots[0])
                if backend.hasVirtualClock && left > 0 {
                    // One step of virtual time, up to the end of the i64 range now_ns reports.
                    let now = backend.now()
                    guard UInt64(left) <= UInt64(Int64.max) - min(now, UInt64(Int64.max)) else {
                        throw VirtualClock.endlessWait("sleep_ns", now: now)
                    }
                    backend.sleep(nanoseconds: UInt64(left))
                    left = 0
                }
                while left > 0 {
                    let step = min(left, blockingSlice)
                    backend.sleep(nanoseconds: UInt64(step))
                    left -= step
                    try caller.checkInterrupt()
                }
                try caller.checkInterrupt()
                slots[0] = 0
            },
            // now_ns() -> i64: the clock edge timestamps use
            HostFunctionDefinition("now_ns", [], [.i64]) { [self] _, slots throws(Trap) in
                slots[0] = backend.now()
            },
        ]
    }
}

/// Waits on a virtual clock that could never end.
enum VirtualClock {
    static func endlessWait(_ function: String, now: UInt64) -> Trap {
        Trap(.host("pinion_gpio.\(function): this wait never ends on the simulated board (no input change is scheduled, or it passes the end of the virtual clock at 2^63 ns; virtual time now \(now) ns)"))
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
