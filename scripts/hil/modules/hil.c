/* hil.c - the guest side of the hardware-in-the-loop scenarios (scripts/hil/run.sh).
 *
 * Usage: hil SCENARIO   (run by /init in the VM, under gpio.toml or i2c.toml)
 *
 * The VM's /init drives the other side: it reads and pulls gpio-sim lines through sysfs
 * and reads i2c-stub registers with i2cget. The two sides keep in step over two lines:
 * the module toggles "ready" (GPIO22) when it has done a step, and /init toggles the
 * pull of "ack" (GPIO23) when it has checked it; the module waits for that edge.
 *
 * Exit status 0 when every check made here held; otherwise a message on stderr
 * ("hil: ...") and status 1. /init makes its own checks on top.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pinion_hw.h"

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { fprintf(stderr, "hil: " __VA_ARGS__); fputc('\n', stderr); failures++; } } while (0)
#define REQUIRE(cond, ...) do { if (!(cond)) { fprintf(stderr, "hil: " __VA_ARGS__); fputc('\n', stderr); exit(1); } } while (0)

static int32_t ready = -1, ack = -1;
static uint32_t ready_level;
static uint64_t ack_ns;  /* the kernel's timestamp of the last ack edge */

/* Opens the handshake lines. */
static void handshake_open(void) {
    ready = pinion_gpio_open("ready", PINION_GPIO_OUTPUT, 0);
    REQUIRE(ready >= 0, "open ready: %s", pinion_strerror(ready));
    ack = pinion_gpio_open("ack", PINION_GPIO_INPUT | PINION_GPIO_EDGE_BOTH, 0);
    REQUIRE(ack >= 0, "open ack: %s", pinion_strerror(ack));
}

/* Tells /init a step is done (toggles ready) and waits (up to 60 s) for its ack edge. */
static void step(const char *what) {
    ready_level ^= 1;
    int32_t r = pinion_gpio_write(ready, ready_level);
    REQUIRE(r == 0, "write ready: %s", pinion_strerror(r));
    pinion_edge_event e;
    r = pinion_gpio_wait_edge(ack, 60000000000LL, &e);
    REQUIRE(r == 1, "no ack from /init after step '%s' (%s)", what, r == 0 ? "timeout" : pinion_strerror(r));
    ack_ns = e.timestamp_ns;
}

/* ---- GPIO scenarios ------------------------------------------------------------------- */

/* An output driven by the module: /init sees low, high, low at gpio-sim's value. */
static int scenario_output(void) {
    handshake_open();
    int32_t led = pinion_gpio_open("led", PINION_GPIO_OUTPUT, 0);
    REQUIRE(led >= 0, "open led: %s", pinion_strerror(led));
    step("led low");
    CHECK(pinion_gpio_write(led, 1) == 0, "write led 1");
    CHECK(pinion_gpio_read(led) == 1, "led reads back %d, not 1", pinion_gpio_read(led));
    step("led high");
    CHECK(pinion_gpio_write(led, 0) == 0, "write led 0");
    step("led low again");
    CHECK(pinion_gpio_close(led) == 0, "close led");
    /* Two lines in one request: bit i of a write goes to line i of the list. */
    int32_t pair = pinion_gpio_open("led,GPIO13", PINION_GPIO_OUTPUT, 0);
    REQUIRE(pair >= 0, "open led,GPIO13: %s", pinion_strerror(pair));
    CHECK(pinion_gpio_write(pair, 1) == 0, "write pair 0b01");
    step("pair 0b01");
    CHECK(pinion_gpio_write(pair, 2) == 0, "write pair 0b10");
    CHECK(pinion_gpio_read(pair) == 2, "pair reads back %d, not 2", pinion_gpio_read(pair));
    step("pair 0b10");
    return failures;
}

/* Open drain: a 1 is not driven (gpiolib emulates it by making the line an input), a 0
 * is driven low. */
static int scenario_open_drain(void) {
    handshake_open();
    int32_t od = pinion_gpio_open("od", PINION_GPIO_OUTPUT | PINION_GPIO_DRIVE_OPEN_DRAIN, 0);
    REQUIRE(od >= 0, "open od: %s", pinion_strerror(od));
    step("od low");
    CHECK(pinion_gpio_write(od, 1) == 0, "write od 1");
    step("od released");
    CHECK(pinion_gpio_write(od, 0) == 0, "write od 0");
    step("od low again");
    return failures;
}

static const char *kind_name(uint32_t kind) {
    return kind == PINION_EDGE_RISING ? "rising" : kind == PINION_EDGE_FALLING ? "falling" : "?";
}

/* Edges injected through gpio-sim's pull reach the module in order, with kernel
 * timestamps on the module's clock; events that arrive while the module is busy queue. */
static int scenario_edges(void) {
    handshake_open();
    const uint32_t flags = PINION_GPIO_INPUT | PINION_GPIO_EDGE_BOTH;
    int32_t button = pinion_gpio_open("button", flags, 20000);
    int debounce = button >= 0;
    if (button == -PINION_E_UNSUPPORTED) {
        printf("debounce: unsupported by this backend (refused cleanly)\n");
        button = pinion_gpio_open("button", flags, 0);
    } else if (button >= 0) {
        printf("debounce: supported (20 ms)\n");
    }
    REQUIRE(button >= 0, "open button: %s", pinion_strerror(button));

    /* 1: /init pulls up, waits 300 ms, pulls down. */
    int64_t t0 = pinion_gpio_now_ns();
    step("edges armed");
    pinion_edge_event e1, e2;
    int32_t r = pinion_gpio_wait_edge(button, 10000000000LL, &e1);
    REQUIRE(r == 1, "first edge: %s", r == 0 ? "timeout" : pinion_strerror(r));
    r = pinion_gpio_wait_edge(button, 10000000000LL, &e2);
    REQUIRE(r == 1, "second edge: %s", r == 0 ? "timeout" : pinion_strerror(r));
    int64_t t1 = pinion_gpio_now_ns();
    CHECK(e1.kind == PINION_EDGE_RISING && e2.kind == PINION_EDGE_FALLING, "edges %s, %s; expected rising, falling",
          kind_name(e1.kind), kind_name(e2.kind));
    CHECK(e1.line == 0 && e2.line == 0, "line index %u, %u", e1.line, e2.line);
    CHECK((int64_t)e1.timestamp_ns >= t0 && e1.timestamp_ns < e2.timestamp_ns && (int64_t)e2.timestamp_ns <= t1,
          "timestamps out of order: armed %lld, rising %llu, falling %llu, now %lld", (long long)t0,
          (unsigned long long)e1.timestamp_ns, (unsigned long long)e2.timestamp_ns, (long long)t1);
    int64_t gap_ms = (int64_t)(e2.timestamp_ns - e1.timestamp_ns) / 1000000;
    CHECK(gap_ms >= 250 && gap_ms < 5000, "rising-to-falling %lld ms; /init waited 300 ms", (long long)gap_ms);
    printf("edges: rising at +%lld ms, falling %lld ms later\n", (long long)((int64_t)e1.timestamp_ns - t0) / 1000000,
           (long long)gap_ms);

    /* 2: /init makes three edges while the module waits for something else (the ack,
     * which /init gives after the edges); all three are queued for it. */
    step("queue");
    uint32_t expected[3] = {PINION_EDGE_RISING, PINION_EDGE_FALLING, PINION_EDGE_RISING};
    uint64_t last = 0;
    for (int i = 0; i < 3; i++) {
        pinion_edge_event e;
        r = pinion_gpio_wait_edge(button, 2000000000LL, &e);
        if (r != 1) { CHECK(0, "queued edge %d missing (%s)", i + 1, r == 0 ? "none pending" : pinion_strerror(r)); break; }
        CHECK(e.kind == expected[i], "queued edge %d is %s, expected %s", i + 1, kind_name(e.kind), kind_name(expected[i]));
        CHECK(e.timestamp_ns > last, "queued edge %d timestamp not increasing", i + 1);
        last = e.timestamp_ns;
    }
    pinion_edge_event extra;
    CHECK(pinion_gpio_wait_edge(button, 300000000LL, &extra) == 0, "a fourth edge was queued");
    int64_t t2 = pinion_gpio_now_ns();
    CHECK(last > e2.timestamp_ns && (int64_t)last <= t2, "queued edges' timestamps not between the first two and now");

    /* 3 (only when debounce is supported): a burst of bounces (made by /init after its
     * ack) and then a stable low level gives one falling edge, the debounce time after
     * the burst: at least 16 ms after the ack (20 ms less one 4 ms jiffy, as the kernel's
     * debounce timer counts in jiffies). Then, reconfigured without debounce, the same
     * burst gives several edges, the first right after the ack: it really bounces. */
    if (debounce) {
        step("debounce");
        pinion_edge_event e, first = {0};
        int n = 0;
        while (pinion_gpio_wait_edge(button, 1000000000LL, &e) == 1) {
            if (n++ == 0) first = e;
        }
        int64_t after_ms = n ? (int64_t)(first.timestamp_ns - ack_ns) / 1000000 : -1;
        printf("debounce: %d edge(s) after a burst, first %s %lld ms after the ack\n", n, n ? kind_name(first.kind) : "-",
               (long long)after_ms);
        CHECK(n == 1, "%d edges after a debounced burst; expected 1", n);
        CHECK(n == 0 || first.kind == PINION_EDGE_FALLING, "debounced edge is %s, expected falling", kind_name(first.kind));
        CHECK(n == 0 || after_ms >= 16, "debounced edge %lld ms after the ack; expected about 20", (long long)after_ms);
        r = pinion_gpio_reconfigure(button, flags, 0);
        CHECK(r == 0, "reconfigure without debounce: %s", pinion_strerror(r));
        step("raw burst");
        int raw = 0;
        while (pinion_gpio_wait_edge(button, 1000000000LL, &e) == 1) {
            if (raw++ == 0) first = e;
        }
        printf("debounce: the same burst without debounce gave %d edge(s), the first %lld ms after the ack\n", raw,
               raw ? (long long)((int64_t)(first.timestamp_ns - ack_ns) / 1000000) : -1LL);
        CHECK(raw >= 2, "%d edges after a burst without debounce; expected several", raw);
    }
    return failures;
}

/* Bias and active-low: a pull-up request pulls gpio-sim's line up, an active-low input
 * reads inverted, an active-low output drives the inverse. */
static int scenario_bias(void) {
    handshake_open();
    int32_t pu = pinion_gpio_open("pu", PINION_GPIO_INPUT | PINION_GPIO_BIAS_PULL_UP, 0);
    REQUIRE(pu >= 0, "open pu: %s", pinion_strerror(pu));
    int32_t pd = pinion_gpio_open("pd", PINION_GPIO_INPUT | PINION_GPIO_BIAS_PULL_DOWN | PINION_GPIO_ACTIVE_LOW, 0);
    REQUIRE(pd >= 0, "open pd: %s", pinion_strerror(pd));
    int32_t al = pinion_gpio_open("al", PINION_GPIO_OUTPUT | PINION_GPIO_ACTIVE_LOW, 0);
    REQUIRE(al >= 0, "open al: %s", pinion_strerror(al));
    CHECK(pinion_gpio_read(pu) == 1, "pull-up input reads %d, expected 1", pinion_gpio_read(pu));
    CHECK(pinion_gpio_read(pd) == 1, "active-low pull-down input reads %d, expected 1 (physical 0)", pinion_gpio_read(pd));
    step("biased");  /* /init: pull and value of GPIO5/6 follow the bias, GPIO13 is high; then pulls GPIO6 up */
    CHECK(pinion_gpio_read(pd) == 0, "active-low input pulled up reads %d, expected 0", pinion_gpio_read(pd));
    CHECK(pinion_gpio_write(al, 1) == 0, "write al 1");
    step("active-low output set");  /* /init: GPIO13 is low */
    return failures;
}

/* Requests the manifest does not grant are refused, and nothing reaches the chip. */
static int scenario_denied(void) {
    handshake_open();
    struct { const char *names; uint32_t flags; int32_t expect; } cases[] = {
        {"GPIO24", PINION_GPIO_OUTPUT, -PINION_E_PIN_NOT_ALLOWED},            /* on the chip, not granted */
        {"GPIO24", PINION_GPIO_INPUT, -PINION_E_PIN_NOT_ALLOWED},
        {"GPIO99", PINION_GPIO_INPUT, -PINION_E_PIN_NOT_ALLOWED},             /* not on the board at all */
        {"pu", PINION_GPIO_OUTPUT, -PINION_E_MODE_NOT_ALLOWED},               /* input-only grant */
        {"pu", PINION_GPIO_INPUT | PINION_GPIO_BIAS_PULL_DOWN, -PINION_E_MODE_NOT_ALLOWED},  /* only pull-up granted */
        {"pu", PINION_GPIO_INPUT | PINION_GPIO_EDGE_RISING, -PINION_E_MODE_NOT_ALLOWED},     /* no edges granted */
        {"led", PINION_GPIO_INPUT, -PINION_E_MODE_NOT_ALLOWED},               /* output-only grant */
        {"led,GPIO24", PINION_GPIO_OUTPUT, -PINION_E_PIN_NOT_ALLOWED},        /* one bad line spoils the request */
        {"led", PINION_GPIO_OUTPUT | PINION_GPIO_DRIVE_OPEN_DRAIN, -PINION_E_MODE_NOT_ALLOWED},  /* push-pull only */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t r = pinion_gpio_open(cases[i].names, cases[i].flags, 0);
        CHECK(r == cases[i].expect, "open %s flags 0x%x: got %s, expected %s", cases[i].names, cases[i].flags,
              r >= 0 ? "a handle" : pinion_strerror(r), pinion_strerror(cases[i].expect));
        if (r >= 0) pinion_gpio_close(r);
    }
    step("denied");  /* /init: GPIO24 and GPIO17 are not requested */
    return failures;
}

/* Drives the led high, then traps: pinion must drive it to its safe level (low) and
 * release it. */
static int scenario_trap(void) {
    handshake_open();
    int32_t led = pinion_gpio_open("led", PINION_GPIO_OUTPUT, 0);
    REQUIRE(led >= 0, "open led: %s", pinion_strerror(led));
    CHECK(pinion_gpio_write(led, 1) == 0, "write led 1");
    step("led high");
    fflush(stdout);
    __builtin_trap();
}

/* Drives the led high and spins until stopped (SIGTERM from /init). */
static int scenario_spin(void) {
    handshake_open();
    int32_t led = pinion_gpio_open("led", PINION_GPIO_OUTPUT, 0);
    REQUIRE(led >= 0, "open led: %s", pinion_strerror(led));
    CHECK(pinion_gpio_write(led, 1) == 0, "write led 1");
    ready_level ^= 1;
    pinion_gpio_write(ready, ready_level);
    for (;;) pinion_gpio_sleep_ns(10000000);
}

/* Holds the led until /init acks (for the contention scenario). */
static int scenario_hold(void) {
    handshake_open();
    int32_t led = pinion_gpio_open("led", PINION_GPIO_OUTPUT | PINION_GPIO_INITIAL_HIGH, 0);
    REQUIRE(led >= 0, "open led: %s", pinion_strerror(led));
    step("holding led");
    return failures;
}

/* Asks for the led; prints what happened (exit 0 either way, /init judges). */
static int scenario_claim(void) {
    int32_t led = pinion_gpio_open("led", PINION_GPIO_OUTPUT, 0);
    printf("claim led: %s\n", led >= 0 ? "granted" : pinion_strerror(led));
    return 0;
}

/* ---- I2C against i2c-stub (BME280 registers preloaded by /init) ---------------------- */

typedef struct {
    uint16_t t1; int16_t t2, t3;
    uint16_t p1; int16_t p2, p3, p4, p5, p6, p7, p8, p9;
    uint8_t h1, h3; int16_t h2, h4, h5; int8_t h6;
} calibration;

static int32_t t_fine;

/* The BME280 datasheet's fixed-point compensation (as in examples/bme280). */
static int32_t compensate_t(const calibration *c, int32_t adc) {
    int32_t var1 = (((adc >> 3) - ((int32_t)c->t1 << 1)) * (int32_t)c->t2) >> 11;
    int32_t d = (adc >> 4) - (int32_t)c->t1;
    int32_t var2 = (((d * d) >> 12) * (int32_t)c->t3) >> 14;
    t_fine = var1 + var2;
    return (t_fine * 5 + 128) >> 8;
}

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

static uint32_t compensate_h(const calibration *c, int32_t adc) {
    int32_t x = t_fine - 76800;
    x = (((adc << 14) - ((int32_t)c->h4 << 20) - ((int32_t)c->h5 * x) + 16384) >> 15) *
        (((((((x * c->h6) >> 10) * (((x * (int32_t)c->h3) >> 11) + 32768)) >> 10) + 2097152) * c->h2 + 8192) >> 14);
    x -= ((((x >> 15) * (x >> 15)) >> 7) * (int32_t)c->h1) >> 4;
    if (x < 0) x = 0;
    if (x > 419430400) x = 419430400;
    return (uint32_t)(x >> 12);
}

/* Reads `n` registers from `first` one SMBus read-byte-data at a time (i2c-stub has no
 * I2C_RDWR, so no multi-byte read with a repeated start). */
static int read_registers(int32_t dev, uint8_t first, uint8_t *out, int n) {
    for (int i = 0; i < n; i++) {
        int32_t r = pinion_i2c_smbus_read_byte_data(dev, (uint32_t)(first + i));
        if (r < 0) { CHECK(0, "read register 0x%02x: %s", first + i, pinion_strerror(r)); return -1; }
        out[i] = (uint8_t)r;
    }
    return 0;
}

static int scenario_i2c(void) {
    uint8_t granted[8];
    int32_t n = pinion_i2c_granted_addresses(1, granted, sizeof granted);
    CHECK(n == 2 && granted[0] == 0x50 && granted[1] == 0x76, "granted addresses on bus 1: %d", n);

    int32_t r = pinion_i2c_open(1, 0x77);
    CHECK(r == -PINION_E_PIN_NOT_ALLOWED, "open 0x77 (not granted): %s", r >= 0 ? "a handle" : pinion_strerror(r));
    r = pinion_i2c_open(2, 0x76);
    CHECK(r == -PINION_E_PIN_NOT_ALLOWED, "open bus 2 (not granted): %s", r >= 0 ? "a handle" : pinion_strerror(r));

    /* Granted but absent: the adapter reports no acknowledge. */
    int32_t absent = pinion_i2c_open(1, 0x50);
    REQUIRE(absent >= 0, "open 0x50: %s", pinion_strerror(absent));
    r = pinion_i2c_smbus_read_byte_data(absent, 0);
    CHECK(r == -PINION_E_NO_ACKNOWLEDGE, "read from absent 0x50: %s", r >= 0 ? "a value" : pinion_strerror(r));
    pinion_i2c_close(absent);

    int32_t dev = pinion_i2c_open(1, 0x76);
    REQUIRE(dev >= 0, "open 0x76: %s", pinion_strerror(dev));

    /* A plain I2C transfer: i2c-stub is SMBus-only, so the kernel refuses I2C_RDWR. */
    uint8_t reg = 0xD0, byte = 0;
    r = pinion_i2c_write_read(dev, &reg, 1, &byte, 1);
    CHECK(r == -PINION_E_UNSUPPORTED, "write_read on an SMBus-only adapter: %s", r >= 0 ? "succeeded" : pinion_strerror(r));

    /* SMBus calls of every size against scratch registers; /init reads them back. */
    CHECK(pinion_i2c_smbus_write_byte_data(dev, 0x10, 0x5A) == 0, "write byte data");
    CHECK(pinion_i2c_smbus_read_byte_data(dev, 0x10) == 0x5A, "read byte data 0x10");
    CHECK(pinion_i2c_smbus_write_word_data(dev, 0x12, 0xBEEF) == 0, "write word data");
    r = pinion_i2c_smbus_read_word_data(dev, 0x12);
    CHECK(r == 0xBEEF, "read word data 0x12: 0x%x", (unsigned)r);
    static const uint8_t block[5] = {1, 2, 3, 250, 251};
    CHECK(pinion_i2c_smbus_write_block_data(dev, 0x14, block, 5) == 0, "write block data");
    uint8_t back[32];
    r = pinion_i2c_smbus_read_block_data(dev, 0x14, back);
    CHECK(r == 5 && memcmp(back, block, 5) == 0, "read block data: %d bytes", r);
    CHECK(pinion_i2c_smbus_write_byte(dev, 0xD0) == 0, "send byte (register pointer)");
    r = pinion_i2c_smbus_read_byte(dev);
    CHECK(r == 0x60, "receive byte after pointer 0xD0: 0x%x", (unsigned)r);

    /* The BME280 driver path, over SMBus byte reads. */
    int32_t id = pinion_i2c_smbus_read_byte_data(dev, 0xD0);
    REQUIRE(id == 0x60, "chip id 0x%x, expected 0x60", (unsigned)id);
    uint8_t b1[26], b2[7], d[8];
    if (read_registers(dev, 0x88, b1, 26) || read_registers(dev, 0xE1, b2, 7)) return failures;
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
    CHECK(pinion_i2c_smbus_write_byte_data(dev, 0xF2, 0x01) == 0, "write ctrl_hum");
    CHECK(pinion_i2c_smbus_write_byte_data(dev, 0xF4, 0x25) == 0, "write ctrl_meas");
    int32_t status = pinion_i2c_smbus_read_byte_data(dev, 0xF3);
    CHECK(status >= 0 && !(status & 0x08), "status 0x%x", (unsigned)status);
    if (read_registers(dev, 0xF7, d, 8)) return failures;
    int32_t adc_p = (int32_t)((uint32_t)d[0] << 12 | (uint32_t)d[1] << 4 | d[2] >> 4);
    int32_t adc_t = (int32_t)((uint32_t)d[3] << 12 | (uint32_t)d[4] << 4 | d[5] >> 4);
    int32_t adc_h = (int32_t)((uint32_t)d[6] << 8 | d[7]);
    int32_t t = compensate_t(&c, adc_t);
    uint32_t pa = (compensate_p(&c, adc_p) + 128) / 256;
    uint32_t rh = (compensate_h(&c, adc_h) * 100 + 512) / 1024;
    /* Printed as plain numbers for /init to compare with the expected values. */
    printf("bme280 %s%d.%02d %u.%02u %u.%02u\n", t < 0 ? "-" : "", abs(t) / 100, abs(t) % 100,
           pa / 100, pa % 100, rh / 100, rh % 100);
    CHECK(pinion_i2c_close(dev) == 0, "close");
    CHECK(pinion_i2c_smbus_read_byte_data(dev, 0xD0) == -PINION_E_BAD_HANDLE, "use after close");
    return failures;
}

int main(int argc, char **argv) {
    static const struct { const char *name; int (*run)(void); } scenarios[] = {
        {"output", scenario_output}, {"open-drain", scenario_open_drain}, {"edges", scenario_edges}, {"bias", scenario_bias},
        {"denied", scenario_denied}, {"trap", scenario_trap}, {"spin", scenario_spin},
        {"hold", scenario_hold}, {"claim", scenario_claim}, {"i2c", scenario_i2c},
    };
    if (argc != 2) { fprintf(stderr, "usage: hil SCENARIO\n"); return 2; }
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        if (strcmp(argv[1], scenarios[i].name) == 0) return scenarios[i].run() ? 1 : 0;
    }
    fprintf(stderr, "hil: unknown scenario %s\n", argv[1]);
    return 2;
}
