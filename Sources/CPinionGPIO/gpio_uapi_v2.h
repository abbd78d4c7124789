/* CPinionGPIO (libgpiod 1.6 build): line requests made straight through the kernel's
 * GPIO v2 character-device uAPI (Linux 5.10+), which libgpiod 1.6 does not speak; used
 * for requests that ask for debounce. Private to CPinionGPIO. Each function works on a
 * line request's fd and the request's offsets; -1 and errno on failure. */
#ifndef PINION_GPIO_UAPI_V2_H
#define PINION_GPIO_UAPI_V2_H

#include <stdint.h>
#include "pinion_gpio.h"

/** Requests `count` lines from the open gpiochip `chip_fd`: the new line fd
 *  (non-blocking reads), or -1 (the kernel's errno: ENOTTY/EINVAL on kernels without
 *  the v2 uAPI or debounce). */
int pinion_uapi2_request(int chip_fd, const unsigned int *offsets, unsigned int count,
                         const pinion_gpio_settings *settings, const int *initial, const char *consumer);
int pinion_uapi2_reconfigure(int fd, unsigned int count, const pinion_gpio_settings *settings, const int *initial);
int pinion_uapi2_get_values(int fd, unsigned int count, int *values);
int pinion_uapi2_set_values(int fd, unsigned int count, const int *values);
/** 1 when an event is ready, 0 on timeout (negative timeout_ns: none), -1 on error. */
int pinion_uapi2_wait_event(int fd, int64_t timeout_ns);
/** Reads one pending event (EAGAIN when none): the index of its line in `offsets`, its
 *  kind (1 rising, 2 falling) and the kernel's CLOCK_MONOTONIC timestamp. */
int pinion_uapi2_read_event(int fd, const unsigned int *offsets, unsigned int count,
                            unsigned int *index, int *kind, uint64_t *timestamp_ns);

#endif
