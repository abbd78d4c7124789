/* CPinionGPIO: a small, version-neutral C interface over libgpiod for PinionLinuxHardware.
 * The same functions are implemented on libgpiod 1.6 (Debian 12 / Raspberry Pi OS
 * bookworm) and libgpiod 2.x (trixie); which one is chosen at compile time from the
 * installed gpiod.h. Every function that can fail returns NULL or -1 and sets errno. */
#ifndef PINION_GPIO_H
#define PINION_GPIO_H

#include <stdint.h>

typedef struct pinion_gpio_chip pinion_gpio_chip;
typedef struct pinion_gpio_request pinion_gpio_request;

/** Line settings; the enums match PinionHardware's (LineBias etc.) by position. */
typedef struct {
    int output;            /* 0 input, 1 output */
    int bias;              /* 0 as-is, 1 disabled, 2 pull-up, 3 pull-down */
    int drive;             /* 0 push-pull, 1 open-drain, 2 open-source */
    int active_low;        /* 0 or 1 */
    int edge;              /* 0 none, 1 rising, 2 falling, 3 both */
    uint32_t debounce_us;  /* 0: none; on libgpiod 1.6 through the kernel's v2 uAPI
                              (EOPNOTSUPP on kernels without it) */
} pinion_gpio_settings;

/** The libgpiod API generation compiled against: 1 or 2. */
int pinion_gpio_api_version(void);
/** The libgpiod library version at run time, e.g. "1.6.3". */
const char *pinion_gpio_library_version(void);

/** Opens the gpiochip whose label is `label` (ENOENT when none has it). */
pinion_gpio_chip *pinion_gpio_chip_open_by_label(const char *label);
/** The chip's device name, e.g. "gpiochip0". */
const char *pinion_gpio_chip_name(pinion_gpio_chip *chip);
unsigned int pinion_gpio_chip_num_lines(pinion_gpio_chip *chip);
void pinion_gpio_chip_close(pinion_gpio_chip *chip);

/** Requests `count` lines (at most 64) with one set of settings. `initial` holds the
 *  logical output values (ignored for inputs). EBUSY when a line is held elsewhere. */
pinion_gpio_request *pinion_gpio_request_lines(pinion_gpio_chip *chip, const unsigned int *offsets,
                                               unsigned int count, const pinion_gpio_settings *settings,
                                               const int *initial, const char *consumer);
/** Changes the settings of all lines of a request in place (`initial` as for a request).
 *  libgpiod 1.6 cannot change edge detection or debounce this way: EOPNOTSUPP when the
 *  request has or asks for edges (release and request again instead), except for
 *  requests made with debounce, which go through the kernel's v2 uAPI. */
int pinion_gpio_reconfigure(pinion_gpio_request *request, const pinion_gpio_settings *settings, const int *initial);
/** Logical values of all lines of the request, into values[0..<count]. */
int pinion_gpio_get_values(pinion_gpio_request *request, int *values);
/** Sets the logical values of all lines of the request. */
int pinion_gpio_set_values(pinion_gpio_request *request, const int *values);
/** Waits up to timeout_ns (negative: forever) for an edge event: 1 ready, 0 timeout, -1 error. */
int pinion_gpio_wait_event(pinion_gpio_request *request, int64_t timeout_ns);
/** Reads one event: its line's index in the request, kind (1 rising, 2 falling) and the
 *  kernel's timestamp in nanoseconds. */
int pinion_gpio_read_event(pinion_gpio_request *request, unsigned int *index, int *kind, uint64_t *timestamp_ns);
/** Releases the lines and frees the request. */
void pinion_gpio_release(pinion_gpio_request *request);

#endif
