/* pinion_hw.h - GPIO and I2C for Pinion modules.
 *
 * Host functions imported from the `pinion_gpio` and `pinion_i2c` namespaces. They are
 * shaped after the WASI hardware drafts (wasi-gpio, wasi-i2c) but are plain core-wasm
 * functions on integer handles.
 *
 * Every function returns a non-negative value on success and a negative PINION_E_* code
 * on failure. Nothing is allowed unless the module's manifest grants it: opening a line,
 * bus or address that is not granted fails with PINION_E_PIN_NOT_ALLOWED, asking for a
 * direction, bias, drive or edge the grant does not list with PINION_E_MODE_NOT_ALLOWED;
 * both are logged with the module's name. Handles are small integers, valid until
 * closed; everything a module holds is released when it exits, traps or is stopped, and
 * granted outputs are driven to the manifest's `safe_level` first.
 *
 * Build: clang-16 --target=wasm32-wasi --sysroot=/usr -I examples/include -O2 app.c -o app.wasm
 */
#ifndef PINION_HW_H
#define PINION_HW_H

#include <stdint.h>
#include <string.h>

#define PINION_IMPORT(ns, name) __attribute__((import_module(ns), import_name(name)))

/* ---- Error codes (returned negated) ------------------------------------------------ */

#define PINION_E_PIN_NOT_ALLOWED    1  /* line, I2C bus or address not granted (or absent) */
#define PINION_E_MODE_NOT_ALLOWED   2  /* granted, but not this direction/bias/drive/edge */
#define PINION_E_ALREADY_IN_USE     3  /* another request or module holds the line */
#define PINION_E_NO_ACKNOWLEDGE     4  /* the I2C device did not acknowledge */
#define PINION_E_BUS                5  /* I2C bus error */
#define PINION_E_ARBITRATION_LOSS   6  /* another I2C master won arbitration */
#define PINION_E_TIMEOUT            7  /* the operation timed out */
#define PINION_E_INVALID_ARGUMENT   8  /* bad flags, length, pointer or value */
#define PINION_E_HARDWARE           9  /* the hardware or driver failed otherwise */
#define PINION_E_BAD_HANDLE        10  /* not an open handle of this module */
#define PINION_E_UNSUPPORTED       11  /* the board cannot do this (e.g. I2C_RDWR on an SMBus-only adapter) */

/** A short name for a (negative) result, e.g. "pin-not-allowed". */
static inline const char *pinion_strerror(int32_t result) {
    static const char *names[] = {
        "ok", "pin-not-allowed", "mode-not-allowed", "already-in-use", "no-acknowledge",
        "bus-error", "arbitration-loss", "timeout", "invalid-argument", "hardware-fault",
        "bad-handle", "unsupported",
    };
    int32_t code = result < 0 ? -result : 0;
    return code < (int32_t)(sizeof names / sizeof names[0]) ? names[code] : "unknown";
}

/* ---- GPIO: flags for pinion_gpio_open ----------------------------------------------- */

#define PINION_GPIO_INPUT             0u
#define PINION_GPIO_OUTPUT            (1u << 0)
#define PINION_GPIO_INITIAL_HIGH      (1u << 1)  /* outputs: start (logically) high */
#define PINION_GPIO_ACTIVE_LOW        (1u << 2)  /* values are inverted on the wire */
#define PINION_GPIO_BIAS_AS_IS        (0u << 3)
#define PINION_GPIO_BIAS_DISABLED     (1u << 3)
#define PINION_GPIO_BIAS_PULL_UP      (2u << 3)
#define PINION_GPIO_BIAS_PULL_DOWN    (3u << 3)
#define PINION_GPIO_DRIVE_PUSH_PULL   (0u << 5)
#define PINION_GPIO_DRIVE_OPEN_DRAIN  (1u << 5)
#define PINION_GPIO_DRIVE_OPEN_SOURCE (2u << 5)
#define PINION_GPIO_EDGE_NONE         (0u << 7)
#define PINION_GPIO_EDGE_RISING       (1u << 7)
#define PINION_GPIO_EDGE_FALLING      (2u << 7)
#define PINION_GPIO_EDGE_BOTH         (3u << 7)

/** An edge event, as pinion_gpio_wait_edge writes it (16 bytes). */
typedef struct {
    uint64_t timestamp_ns; /* on the board's clock (pinion_gpio_now_ns); kernel time on Linux */
    uint32_t line;         /* index of the line within its request */
    uint32_t kind;         /* PINION_EDGE_RISING or PINION_EDGE_FALLING (of the logical value) */
} pinion_edge_event;

#define PINION_EDGE_RISING  1u
#define PINION_EDGE_FALLING 2u

/** Opens one or more lines as one request. `names` is a comma-separated list of manifest
 *  aliases ("led") or board line names ("GPIO17"), up to 31; `flags` is PINION_GPIO_*;
 *  `debounce_us` applies to edge detection (0: none). Returns a handle. */
PINION_IMPORT("pinion_gpio", "open")
int32_t pinion_gpio_open_n(const char *names, uint32_t names_len, uint32_t flags, uint32_t debounce_us);

/** Reads logical values: bit i is line i of the request. */
PINION_IMPORT("pinion_gpio", "read")
int32_t pinion_gpio_read(int32_t handle);

/** Writes logical values (bit i to line i) to an output request. Returns 0. */
PINION_IMPORT("pinion_gpio", "write")
int32_t pinion_gpio_write(int32_t handle, uint32_t values);

/** Waits for the next edge on an input request opened with PINION_GPIO_EDGE_*. Returns 1
 *  and fills `event`, or 0 when `timeout_ns` passes (negative: wait forever). Events
 *  that happened while the module was busy are queued, not lost. */
PINION_IMPORT("pinion_gpio", "wait_edge")
int32_t pinion_gpio_wait_edge(int32_t handle, int64_t timeout_ns, pinion_edge_event *event);

/** Changes the settings of an open request (flags and debounce as for open), checked
 *  against the grants like open. Outputs start at PINION_GPIO_INITIAL_HIGH or low.
 *  PINION_E_UNSUPPORTED on libgpiod 1.6 when edges are involved: close and open again. */
PINION_IMPORT("pinion_gpio", "reconfigure")
int32_t pinion_gpio_reconfigure(int32_t handle, uint32_t flags, uint32_t debounce_us);

/** Releases the lines (outputs keep their level). Returns 0. */
PINION_IMPORT("pinion_gpio", "close")
int32_t pinion_gpio_close(int32_t handle);

/** Sleeps on the board's clock; on the simulated board virtual time just moves on. */
PINION_IMPORT("pinion_gpio", "sleep_ns")
int32_t pinion_gpio_sleep_ns(int64_t ns);

/** Nanoseconds on the board's clock, the one edge timestamps use. */
PINION_IMPORT("pinion_gpio", "now_ns")
int64_t pinion_gpio_now_ns(void);

/** pinion_gpio_open_n for a NUL-terminated name list. */
static inline int32_t pinion_gpio_open(const char *names, uint32_t flags, uint32_t debounce_us) {
    return pinion_gpio_open_n(names, (uint32_t)strlen(names), flags, debounce_us);
}

/* ---- I2C ---------------------------------------------------------------------------- */

/** Opens the device at 7-bit `address` on granted bus `bus`. Returns a handle. Opening
 *  does not touch the bus: an absent device shows as PINION_E_NO_ACKNOWLEDGE later. */
PINION_IMPORT("pinion_i2c", "open")
int32_t pinion_i2c_open(uint32_t bus, uint32_t address);

/** Writes `len` bytes (one transfer). Returns len. */
PINION_IMPORT("pinion_i2c", "write")
int32_t pinion_i2c_write(int32_t handle, const void *data, uint32_t len);

/** Reads `len` bytes (one transfer). Returns len. */
PINION_IMPORT("pinion_i2c", "read")
int32_t pinion_i2c_read(int32_t handle, void *data, uint32_t len);

/** Writes then reads with a repeated start between (e.g. a register address, then its
 *  contents). Returns read_len. */
PINION_IMPORT("pinion_i2c", "write_read")
int32_t pinion_i2c_write_read(int32_t handle, const void *write_data, uint32_t write_len,
                              void *read_data, uint32_t read_len);

/** SMBus "receive byte". Returns the byte. */
PINION_IMPORT("pinion_i2c", "smbus_read_byte")
int32_t pinion_i2c_smbus_read_byte(int32_t handle);
/** SMBus "send byte". */
PINION_IMPORT("pinion_i2c", "smbus_write_byte")
int32_t pinion_i2c_smbus_write_byte(int32_t handle, uint32_t value);
/** SMBus "read byte data": register `command`. Returns the byte. */
PINION_IMPORT("pinion_i2c", "smbus_read_byte_data")
int32_t pinion_i2c_smbus_read_byte_data(int32_t handle, uint32_t command);
/** SMBus "write byte data". */
PINION_IMPORT("pinion_i2c", "smbus_write_byte_data")
int32_t pinion_i2c_smbus_write_byte_data(int32_t handle, uint32_t command, uint32_t value);
/** SMBus "read word data" (little-endian). Returns the word. */
PINION_IMPORT("pinion_i2c", "smbus_read_word_data")
int32_t pinion_i2c_smbus_read_word_data(int32_t handle, uint32_t command);
/** SMBus "write word data". */
PINION_IMPORT("pinion_i2c", "smbus_write_word_data")
int32_t pinion_i2c_smbus_write_word_data(int32_t handle, uint32_t command, uint32_t value);
/** SMBus "block read": `data` must have room for 32 bytes. Returns the count. */
PINION_IMPORT("pinion_i2c", "smbus_read_block_data")
int32_t pinion_i2c_smbus_read_block_data(int32_t handle, uint32_t command, void *data);
/** SMBus "block write" of up to 32 bytes. */
PINION_IMPORT("pinion_i2c", "smbus_write_block_data")
int32_t pinion_i2c_smbus_write_block_data(int32_t handle, uint32_t command, const void *data, uint32_t len);

/** Copies up to `cap` addresses granted on `bus` (one byte each) to `out`; returns how
 *  many are granted. Lets a module scan exactly what it may use. */
PINION_IMPORT("pinion_i2c", "granted_addresses")
int32_t pinion_i2c_granted_addresses(uint32_t bus, uint8_t *out, uint32_t cap);

/** Closes the handle. */
PINION_IMPORT("pinion_i2c", "close")
int32_t pinion_i2c_close(int32_t handle);

#endif /* PINION_HW_H */
