#!/usr/bin/env python3
"""BME280 data for the HIL I2C scenario (scripts/hil/run.sh).

  bme280.py registers   lines "REGISTER VALUE" (hex) to preload into i2c-stub at 0x76
  bme280.py expected    "CELSIUS HECTOPASCALS PERCENT_RH", from the datasheet's
                        floating-point compensation formulas

Temperature and pressure calibration and raw readings are the worked example of Bosch's
BMP280 datasheet (section 3.12: adc_T 519888 -> 25.08 degC, adc_P 415148 -> 100653.27
Pa); the humidity calibration (a BME280 addition) is a plausible device's. The module
under test uses the datasheet's fixed-point formulas instead; /init compares the two
within rounding tolerances.
"""
import sys

CAL = dict(T1=27504, T2=26435, T3=-1000,
           P1=36477, P2=-10685, P3=3024, P4=2855, P5=140, P6=-7, P7=15500, P8=-14600, P9=6000,
           H1=75, H2=362, H3=0, H4=313, H5=50, H6=30)
ADC_T, ADC_P, ADC_H = 519888, 415148, 27000
CHIP_ID = 0x60


def registers():
    regs = {0xD0: CHIP_ID, 0xF3: 0x00}  # status: not measuring
    order = ["T1", "T2", "T3", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"]
    for i, name in enumerate(order):  # 0x88..0x9F, little-endian 16-bit
        v = CAL[name] & 0xFFFF
        regs[0x88 + 2 * i], regs[0x89 + 2 * i] = v & 0xFF, v >> 8
    regs[0xA1] = CAL["H1"]
    h2 = CAL["H2"] & 0xFFFF
    regs[0xE1], regs[0xE2] = h2 & 0xFF, h2 >> 8
    regs[0xE3] = CAL["H3"]
    h4, h5 = CAL["H4"] & 0xFFF, CAL["H5"] & 0xFFF
    regs[0xE4] = h4 >> 4
    regs[0xE5] = (h4 & 0x0F) | (h5 & 0x0F) << 4
    regs[0xE6] = h5 >> 4
    regs[0xE7] = CAL["H6"] & 0xFF
    regs[0xF7], regs[0xF8], regs[0xF9] = ADC_P >> 12, (ADC_P >> 4) & 0xFF, (ADC_P & 0x0F) << 4
    regs[0xFA], regs[0xFB], regs[0xFC] = ADC_T >> 12, (ADC_T >> 4) & 0xFF, (ADC_T & 0x0F) << 4
    regs[0xFD], regs[0xFE] = ADC_H >> 8, ADC_H & 0xFF
    return regs


def expected():
    c = CAL
    var1 = (ADC_T / 16384.0 - c["T1"] / 1024.0) * c["T2"]
    var2 = (ADC_T / 131072.0 - c["T1"] / 8192.0) ** 2 * c["T3"]
    t_fine = var1 + var2
    celsius = t_fine / 5120.0

    var1 = t_fine / 2.0 - 64000.0
    var2 = var1 * var1 * c["P6"] / 32768.0 + var1 * c["P5"] * 2.0
    var2 = var2 / 4.0 + c["P4"] * 65536.0
    var1 = (c["P3"] * var1 * var1 / 524288.0 + c["P2"] * var1) / 524288.0
    var1 = (1.0 + var1 / 32768.0) * c["P1"]
    p = 1048576.0 - ADC_P
    p = (p - var2 / 4096.0) * 6250.0 / var1
    p += (c["P9"] * p * p / 2147483648.0 + p * c["P8"] / 32768.0 + c["P7"]) / 16.0

    h = t_fine - 76800.0
    h = (ADC_H - (c["H4"] * 64.0 + c["H5"] / 16384.0 * h)) * \
        (c["H2"] / 65536.0 * (1.0 + c["H6"] / 67108864.0 * h * (1.0 + c["H3"] / 67108864.0 * h)))
    h *= 1.0 - c["H1"] * h / 524288.0
    h = min(max(h, 0.0), 100.0)
    return celsius, p / 100.0, h


if __name__ == "__main__":
    if sys.argv[1:] == ["registers"]:
        for reg, value in sorted(registers().items()):
            print(f"0x{reg:02x} 0x{value:02x}")
    elif sys.argv[1:] == ["expected"]:
        print("%.4f %.4f %.4f" % expected())
    else:
        sys.exit(__doc__)
