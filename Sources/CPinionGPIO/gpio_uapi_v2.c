/* CPinionGPIO on libgpiod 1.6: line requests through the kernel's GPIO v2 uAPI
 * (linux/gpio.h) for what the v1 uAPI under libgpiod 1.6 cannot do: kernel debounce.
 * Same settings as the libgpiod path; events carry the kernel's CLOCK_MONOTONIC
 * timestamp (the v2 default). */
#define _GNU_SOURCE 1  /* ppoll */
#include "gpiod_generation.h"
#ifdef PINION_GPIOD_V1

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/gpio.h>
#include "gpio_uapi_v2.h"

/* Bits 0..count-1. */
static uint64_t all_lines(unsigned int count) { return count >= 64 ? ~0ull : (1ull << count) - 1; }

/* The v2 flags for direction, active-low, drive (outputs), edges (inputs) and bias. */
static uint64_t line_flags(const pinion_gpio_settings *s) {
    uint64_t flags = s->output ? GPIO_V2_LINE_FLAG_OUTPUT : GPIO_V2_LINE_FLAG_INPUT;
    if (s->active_low) flags |= GPIO_V2_LINE_FLAG_ACTIVE_LOW;
    if (s->output) {
        if (s->drive == 1) flags |= GPIO_V2_LINE_FLAG_OPEN_DRAIN;
        if (s->drive == 2) flags |= GPIO_V2_LINE_FLAG_OPEN_SOURCE;
    } else {
        if (s->edge & 1) flags |= GPIO_V2_LINE_FLAG_EDGE_RISING;
        if (s->edge & 2) flags |= GPIO_V2_LINE_FLAG_EDGE_FALLING;
    }
    if (s->bias == 1) flags |= GPIO_V2_LINE_FLAG_BIAS_DISABLED;
    if (s->bias == 2) flags |= GPIO_V2_LINE_FLAG_BIAS_PULL_UP;
    if (s->bias == 3) flags |= GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN;
    return flags;
}

/* The config for every line of the request: flags, plus the initial values of outputs or
 * the debounce period of inputs as attributes over all lines. */
static void line_config(struct gpio_v2_line_config *config, unsigned int count,
                        const pinion_gpio_settings *s, const int *initial) {
    memset(config, 0, sizeof *config);
    config->flags = line_flags(s);
    struct gpio_v2_line_config_attribute *attr = &config->attrs[0];
    if (s->output) {
        uint64_t bits = 0;
        for (unsigned int i = 0; i < count; i++)
            if (initial[i]) bits |= 1ull << i;
        attr->attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
        attr->attr.values = bits;
    } else if (s->debounce_us != 0) {
        attr->attr.id = GPIO_V2_LINE_ATTR_ID_DEBOUNCE;
        attr->attr.debounce_period_us = s->debounce_us;
    } else {
        return;
    }
    attr->mask = all_lines(count);
    config->num_attrs = 1;
}

int pinion_uapi2_request(int chip_fd, const unsigned int *offsets, unsigned int count,
                         const pinion_gpio_settings *s, const int *initial, const char *consumer) {
    if (count == 0 || count > GPIO_V2_LINES_MAX) { errno = EINVAL; return -1; }
    struct gpio_v2_line_request request;
    memset(&request, 0, sizeof request);
    memcpy(request.offsets, offsets, count * sizeof *offsets);
    snprintf(request.consumer, sizeof request.consumer, "%s", consumer ? consumer : "");
    request.num_lines = count;
    line_config(&request.config, count, s, initial);
    if (ioctl(chip_fd, GPIO_V2_GET_LINE_IOCTL, &request) < 0) return -1;
    /* Reads of events must not block: the caller waits with pinion_uapi2_wait_event. */
    int fl = fcntl(request.fd, F_GETFL);
    if (fl < 0 || fcntl(request.fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        int saved = errno;
        close(request.fd);
        errno = saved;
        return -1;
    }
    return request.fd;
}

int pinion_uapi2_reconfigure(int fd, unsigned int count, const pinion_gpio_settings *s, const int *initial) {
    struct gpio_v2_line_config config;
    line_config(&config, count, s, initial);
    return ioctl(fd, GPIO_V2_LINE_SET_CONFIG_IOCTL, &config) < 0 ? -1 : 0;
}

int pinion_uapi2_get_values(int fd, unsigned int count, int *values) {
    struct gpio_v2_line_values v = { .bits = 0, .mask = all_lines(count) };
    if (ioctl(fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &v) < 0) return -1;
    for (unsigned int i = 0; i < count; i++) values[i] = (int)((v.bits >> i) & 1);
    return 0;
}

int pinion_uapi2_set_values(int fd, unsigned int count, const int *values) {
    struct gpio_v2_line_values v = { .bits = 0, .mask = all_lines(count) };
    for (unsigned int i = 0; i < count; i++)
        if (values[i]) v.bits |= 1ull << i;
    return ioctl(fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &v) < 0 ? -1 : 0;
}

int pinion_uapi2_wait_event(int fd, int64_t timeout_ns) {
    struct pollfd p = { .fd = fd, .events = POLLIN | POLLPRI };
    struct timespec ts = { .tv_sec = timeout_ns / 1000000000, .tv_nsec = timeout_ns % 1000000000 };
    int n = ppoll(&p, 1, timeout_ns < 0 ? NULL : &ts, NULL);
    if (n < 0) return -1;
    if (n > 0 && (p.revents & (POLLERR | POLLNVAL))) { errno = EIO; return -1; }
    return n > 0 ? 1 : 0;
}

int pinion_uapi2_read_event(int fd, const unsigned int *offsets, unsigned int count,
                            unsigned int *index, int *kind, uint64_t *timestamp_ns) {
    struct gpio_v2_line_event event;
    ssize_t n = read(fd, &event, sizeof event);
    if (n < 0) return -1;  /* EAGAIN: none pending */
    if ((size_t)n != sizeof event) { errno = EIO; return -1; }
    *index = 0;
    for (unsigned int i = 0; i < count; i++) {
        if (offsets[i] == event.offset) { *index = i; break; }
    }
    *kind = event.id == GPIO_V2_LINE_EVENT_RISING_EDGE ? 1 : 2;
    *timestamp_ns = event.timestamp_ns;
    return 0;
}

#endif
