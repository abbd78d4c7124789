/* bme280.c - reads a BME280 over I2C (bus 1, address 0x76) and prints compensated
 * temperature, pressure and humidity, using the datasheet's fixed-point formulas.
 * Registers are read with a combined write-then-read (I2C_RDWR); on SMBus-only adapters,
 * which refuse that as unsupported, one SMBus byte read per register instead.
 * Usage: bme280 [READINGS]  (default 3, one per second) */
#include <stdio.h>
#include <stdlib.h>
#include "pinion_hw.h"

typedef struct {
    uint16_t t1; int16_t t2, t3;
    uint16_t p1; int16_t p2, p3, p4, p5, p6, p7, p8, p9;
    uint8_t h1, h3; int16_t h2, h4, h5; int8_t h6;
} calibration;

static int32_t t_fine;

/* Temperature in 0.01 degrees C. */
static int32_t compensate_t(const calibration *c, int32_t adc) {
    int32_t var1 = (((adc >> 3) - ((int32_t)c->t1 << 1)) * (int32_t)c->t2) >> 11;
    int32_t d = (adc >> 4) - (int32_t)c->t1;
    int32_t var2 = (((d * d) >> 12) * (int32_t)c->t3) >> 14;
    t_fine = var1 + var2;
    return (t_fine * 5 + 128) >> 8;
}

/* Pressure in Pa, Q24.8. */
static uint32_t compensate_p(const calibration *c, int32_t adc) {
    int64_t var1 = (int64_t)t_fine - 128000;
    int64_t var2 = var1 * var1 * c->p6;
    var2 += (var1 * c->p5) << 17;
    var2 += (int64_t)c->p4 << 35;
    var1 = ((var1 * var1 * c->p3) >> 8) + ((var1 * c->p2) << 12);
    var1 = ((((int64_t)1) << 47) + var1) * c->p1 >> 33;
    if (var1 == 0) return 0;
    int64_t p = 1048576 - adc;
    p = (((p << 31) - var2) * 3125) / var1;
    var1 = ((int64_t)c->p9 * (p >> 13) * (p >> 13)) >> 25;
    var2 = ((int64_t)c->p8 * p) >> 19;
    return (uint32_t)(((p + var1 + var2) >> 8) + ((int64_t)c->p7 << 4));
}

/* Relative humidity in %, Q22.10. */
static uint32_t compensate_h(const calibration *c, int32_t adc) {
    int32_t x = t_fine - 76800;
    x = (((adc << 14) - ((int32_t)c->h4 << 20) - ((int32_t)c->h5 * x) + 16384) >> 15) *
        (((((((x * c->h6) >> 10) * (((x * (int32_t)c->h3) >> 11) + 32768)) >> 10) + 2097152) * c->h2 + 8192) >> 14);
    x -= ((((x >> 15) * (x >> 15)) >> 7) * (int32_t)c->h1) >> 4;
    if (x < 0) x = 0;
    if (x > 419430400) x = 419430400;
    return (uint32_t)(x >> 12);
}

static int check(const char *what, int32_t r) {
    if (r < 0) fprintf(stderr, "bme280: %s: %s\n", what, pinion_strerror(r));
    return r < 0;
}

/* Reads `len` registers from `reg` on: one write-then-read burst, or, once the adapter
 * has refused that (SMBus only), a byte-data read per register. The byte reads are not
 * one burst, but in forced mode the data registers do not change after a measurement. */
static int smbus_only;
static int32_t read_registers(int32_t dev, uint8_t reg, uint8_t *out, uint32_t len) {
    if (!smbus_only) {
        int32_t r = pinion_i2c_write_read(dev, &reg, 1, out, len);
        if (r != -PINION_E_UNSUPPORTED) return r;
        smbus_only = 1;
        fprintf(stderr, "bme280: the adapter cannot write-then-read (SMBus only); reading registers byte by byte\n");
    }
    for (uint32_t i = 0; i < len; i++) {
        int32_t v = pinion_i2c_smbus_read_byte_data(dev, (uint32_t)reg + i);
        if (v < 0) return v;
        out[i] = (uint8_t)v;
    }
    return 0;
}

int main(int argc, char **argv) {
    int readings = argc > 1 ? atoi(argv[1]) : 3;
    int32_t dev = pinion_i2c_open(1, 0x76);
    if (check("open bus 1 address 0x76", dev)) return 1;

    int32_t id = pinion_i2c_smbus_read_byte_data(dev, 0xD0);
    if (check("read chip id", id)) return 1;
    if (id != 0x60) {
        fprintf(stderr, "bme280: chip id 0x%02x is not a BME280's (0x60)\n", (unsigned)id);
        return 1;
    }

    uint8_t b1[26], b2[7];
    if (check("read calibration", read_registers(dev, 0x88, b1, sizeof b1))) return 1;
    if (check("read calibration", read_registers(dev, 0xE1, b2, sizeof b2))) return 1;
    calibration c = {
        .t1 = (uint16_t)(b1[0] | b1[1] << 8), .t2 = (int16_t)(b1[2] | b1[3] << 8), .t3 = (int16_t)(b1[4] | b1[5] << 8),
        .p1 = (uint16_t)(b1[6] | b1[7] << 8), .p2 = (int16_t)(b1[8] | b1[9] << 8), .p3 = (int16_t)(b1[10] | b1[11] << 8),
        .p4 = (int16_t)(b1[12] | b1[13] << 8), .p5 = (int16_t)(b1[14] | b1[15] << 8), .p6 = (int16_t)(b1[16] | b1[17] << 8),
        .p7 = (int16_t)(b1[18] | b1[19] << 8), .p8 = (int16_t)(b1[20] | b1[21] << 8), .p9 = (int16_t)(b1[22] | b1[23] << 8),
        .h1 = b1[25], .h2 = (int16_t)(b2[0] | b2[1] << 8), .h3 = b2[2],
        .h4 = (int16_t)((int16_t)(int8_t)b2[3] * 16 | (b2[4] & 0x0F)),
        .h5 = (int16_t)((int16_t)(int8_t)b2[5] * 16 | (b2[4] >> 4)),
        .h6 = (int8_t)b2[6],
    };

    for (int i = 0; i < readings; i++) {
        if (i > 0) pinion_gpio_sleep_ns(1000000000);
        /* Humidity x1 oversampling (takes effect with the ctrl_meas write), then
         * temperature x1, pressure x1, forced mode: one measurement. */
        if (check("write ctrl_hum", pinion_i2c_smbus_write_byte_data(dev, 0xF2, 0x01))) return 1;
        if (check("write ctrl_meas", pinion_i2c_smbus_write_byte_data(dev, 0xF4, 0x25))) return 1;
        int32_t status;
        do {
            status = pinion_i2c_smbus_read_byte_data(dev, 0xF3);
            if (check("read status", status)) return 1;
        } while (status & 0x08);
        uint8_t d[8];
        if (check("read data", read_registers(dev, 0xF7, d, sizeof d))) return 1;
        int32_t adc_p = (int32_t)((uint32_t)d[0] << 12 | (uint32_t)d[1] << 4 | d[2] >> 4);
        int32_t adc_t = (int32_t)((uint32_t)d[3] << 12 | (uint32_t)d[4] << 4 | d[5] >> 4);
        int32_t adc_h = (int32_t)((uint32_t)d[6] << 8 | d[7]);

        int32_t t = compensate_t(&c, adc_t);
        uint32_t pa = (compensate_p(&c, adc_p) + 128) / 256;
        uint32_t rh = (compensate_h(&c, adc_h) * 100 + 512) / 1024;
        printf("temperature %s%d.%02d C  pressure %u.%02u hPa  humidity %u.%02u %%RH\n",
               t < 0 ? "-" : "", abs(t) / 100, abs(t) % 100, pa / 100, pa % 100, rh / 100, rh % 100);
    }
    pinion_i2c_close(dev);
    return 0;
}
