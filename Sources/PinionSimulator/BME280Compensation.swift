// PinionSimulator: the BME280 calibration data and the datasheet's fixed-point
// compensation formulas (Bosch BST-BME280-DS002, section 4.2.3), which the model inverts
// to turn a temperature, pressure and humidity into raw ADC values.
import PinionHardware

/// The BME280's trimming parameters (registers 0x88...0xA1 and 0xE1...0xE7).
public struct BME280Calibration: Sendable, Hashable {
    public var t1: UInt16, t2: Int16, t3: Int16
    public var p1: UInt16, p2: Int16, p3: Int16, p4: Int16, p5: Int16, p6: Int16, p7: Int16, p8: Int16, p9: Int16
    public var h1: UInt8, h2: Int16, h3: UInt8, h4: Int16, h5: Int16, h6: Int8

    /// Values of the kind real parts carry (the temperature and pressure ones are the
    /// datasheet's worked example).
    public static let typical = BME280Calibration(
        t1: 27504, t2: 26435, t3: -1000,
        p1: 36477, p2: -10685, p3: 3024, p4: 2855, p5: 140, p6: -7, p7: 15500, p8: -14600, p9: 6000,
        h1: 75, h2: 362, h3: 0, h4: 313, h5: 50, h6: 30)

    /// The 26 bytes at 0x88...0xA1 (0xA0 unused).
    public var block1: [UInt8] {
        var b: [UInt8] = []
        func le(_ v: UInt16) { b += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        le(t1); le(UInt16(bitPattern: t2)); le(UInt16(bitPattern: t3))
        le(p1)
        for p in [p2, p3, p4, p5, p6, p7, p8, p9] { le(UInt16(bitPattern: p)) }
        b += [0, h1]
        return b
    }

    /// The 7 bytes at 0xE1...0xE7: H4 and H5 are 12-bit values sharing 0xE5.
    public var block2: [UInt8] {
        let h2u = UInt16(bitPattern: h2), h4u = UInt16(bitPattern: h4), h5u = UInt16(bitPattern: h5)
        return [UInt8(h2u & 0xFF), UInt8(h2u >> 8), h3,
                UInt8((h4u >> 4) & 0xFF), UInt8((h4u & 0x0F) | ((h5u & 0x0F) << 4)), UInt8((h5u >> 4) & 0xFF),
                UInt8(bitPattern: h6)]
    }

    // Wrapping operators: the formulas are C's, where these never overflow for real
    // inputs; bisection over the whole ADC range must not trap either.
    /// Temperature in 0.01 °C, and t_fine for the other two.
    func temperature(adc: Int32) -> (centiCelsius: Int32, tFine: Int32) {
        let var1 = (((adc &>> 3) &- (Int32(t1) &<< 1)) &* Int32(t2)) &>> 11
        let d = (adc &>> 4) &- Int32(t1)
        let var2 = (((d &* d) &>> 12) &* Int32(t3)) &>> 14
        let tFine = var1 &+ var2
        return ((tFine &* 5 &+ 128) &>> 8, tFine)
    }

    /// Pressure in Pa as Q24.8.
    func pressure(adc: Int32, tFine: Int32) -> UInt32 {
        var var1 = Int64(tFine) &- 128000
        var var2 = var1 &* var1 &* Int64(p6)
        var2 = var2 &+ ((var1 &* Int64(p5)) &<< 17)
        var2 = var2 &+ (Int64(p4) &<< 35)
        var1 = ((var1 &* var1 &* Int64(p3)) &>> 8) &+ ((var1 &* Int64(p2)) &<< 12)
        var1 = (((Int64(1) &<< 47) &+ var1) &* Int64(p1)) &>> 33
        if var1 == 0 { return 0 }
        var p = Int64(1048576 &- adc)
        p = (((p &<< 31) &- var2) &* 3125) / var1
        var1 = (Int64(p9) &* (p &>> 13) &* (p &>> 13)) &>> 25
        var2 = (Int64(p8) &* p) &>> 19
        p = ((p &+ var1 &+ var2) &>> 8) &+ (Int64(p7) &<< 4)
        return UInt32(truncatingIfNeeded: p)
    }

    /// Relative humidity in % as Q22.10.
    func humidity(adc: Int32, tFine: Int32) -> UInt32 {
        var x = tFine &- 76800
        let a = ((adc &<< 14) &- (Int32(h4) &<< 20) &- (Int32(h5) &* x) &+ 16384) &>> 15
        let b = (((((x &* Int32(h6)) &>> 10) &* (((x &* Int32(h3)) &>> 11) &+ 32768)) &>> 10) &+ 2097152) &* Int32(h2) &+ 8192
        x = a &* (b &>> 14)
        x = x &- (((((x &>> 15) &* (x &>> 15)) &>> 7) &* Int32(h1)) &>> 4)
        x = min(max(x, 0), 419430400)
        return UInt32(x &>> 12)
    }

    /// The raw ADC value in `range` whose compensated result is closest to `target`, for
    /// a function that rises (or, with `increasing: false`, falls) with the raw value.
    static func invert(_ range: ClosedRange<Int32>, target: Double, increasing: Bool, _ f: (Int32) -> Double) -> Int32 {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if (f(mid) < target) == increasing { lo = mid + 1 } else { hi = mid }
        }
        let candidates = [lo - 1, lo].filter { range.contains($0) }
        return candidates.min { abs(f($0) - target) < abs(f($1) - target) }!
    }

    /// Raw ADC values that compensate to the given readings (°C, hPa, %RH).
    public func rawValues(celsius: Double, hectopascals: Double, humidity percent: Double) -> (temperature: Int32, pressure: Int32, humidity: Int32) {
        let adcT = Self.invert(0...0xFFFFF, target: celsius * 100, increasing: true) { Double(temperature(adc: $0).centiCelsius) }
        let tFine = temperature(adc: adcT).tFine
        let adcP = Self.invert(0...0xFFFFF, target: hectopascals * 100 * 256, increasing: false) { Double(pressure(adc: $0, tFine: tFine)) }
        let adcH = Self.invert(0...0xFFFF, target: percent * 1024, increasing: true) { Double(humidity(adc: $0, tFine: tFine)) }
        return (adcT, adcP, adcH)
    }
}
