/* CPinionGPIO on libgpiod 1.6: line bulks, request flags, event wait on a bulk. Requests
 * with debounce, which the v1 uAPI cannot express, go to the kernel's v2 uAPI instead
 * (gpio_uapi_v2.c) on the same chip's device node. */
#include "gpiod_generation.h"
#ifdef PINION_GPIOD_V1

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "pinion_gpio.h"
#include "gpio_uapi_v2.h"

struct pinion_gpio_chip {
    struct gpiod_chip *chip;
    int fd;  /* the chip's own fd for v2 requests, opened on first use; -1 until then */
};
struct pinion_gpio_request {
    struct gpiod_line_bulk bulk;
    int events;  /* requested for edge events: its configuration cannot change in place */
    int fd;      /* >= 0: a v2 uAPI request (debounce), not a libgpiod one */
    unsigned int count;
    unsigned int offsets[64];
};

/* The request flags for bias, drive and active-low. */
static int request_flags(const pinion_gpio_settings *s) {
    int flags = 0;
    if (s->active_low) flags |= GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW;
    if (s->drive == 1) flags |= GPIOD_LINE_REQUEST_FLAG_OPEN_DRAIN;
    if (s->drive == 2) flags |= GPIOD_LINE_REQUEST_FLAG_OPEN_SOURCE;
    if (s->bias == 1) flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE;
    if (s->bias == 2) flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
    if (s->bias == 3) flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
    return flags;
}

int pinion_gpio_api_version(void) { return 1; }
const char *pinion_gpio_library_version(void) { return gpiod_version_string(); }

pinion_gpio_chip *pinion_gpio_chip_open_by_label(const char *label) {
    struct gpiod_chip *chip = gpiod_chip_open_by_label(label);
    if (!chip) return NULL;
    pinion_gpio_chip *c = malloc(sizeof *c);
    if (!c) { gpiod_chip_close(chip); errno = ENOMEM; return NULL; }
    c->chip = chip;
    c->fd = -1;
    return c;
}

const char *pinion_gpio_chip_name(pinion_gpio_chip *chip) { return gpiod_chip_name(chip->chip); }
unsigned int pinion_gpio_chip_num_lines(pinion_gpio_chip *chip) { return gpiod_chip_num_lines(chip->chip); }

void pinion_gpio_chip_close(pinion_gpio_chip *chip) {
    if (!chip) return;
    if (chip->fd >= 0) close(chip->fd);
    gpiod_chip_close(chip->chip);
    free(chip);
}

/* Requests the lines through the v2 uAPI (for debounce). A kernel that does not know
 * the v2 request or its debounce attribute answers ENOTTY or EINVAL: EOPNOTSUPP. */
static pinion_gpio_request *request_v2(pinion_gpio_chip *chip, const unsigned int *offsets, unsigned int count,
                                       const pinion_gpio_settings *s, const int *initial, const char *consumer) {
    if (chip->fd < 0) {
        char path[96];
        snprintf(path, sizeof path, "/dev/%s", gpiod_chip_name(chip->chip));
        chip->fd = open(path, O_RDWR | O_CLOEXEC);
        if (chip->fd < 0) return NULL;
    }
    pinion_gpio_request *r = calloc(1, sizeof *r);
    if (!r) { errno = ENOMEM; return NULL; }
    r->fd = pinion_uapi2_request(chip->fd, offsets, count, s, initial, consumer);
    if (r->fd < 0) {
        int saved = errno;
        free(r);
        errno = saved == ENOTTY || saved == EINVAL ? EOPNOTSUPP : saved;
        return NULL;
    }
    r->count = count;
    memcpy(r->offsets, offsets, count * sizeof *offsets);
    return r;
}

pinion_gpio_request *pinion_gpio_request_lines(pinion_gpio_chip *chip, const unsigned int *offsets,
                                               unsigned int count, const pinion_gpio_settings *s,
                                               const int *initial, const char *consumer) {
    if (count == 0 || count > GPIOD_LINE_BULK_MAX_LINES) { errno = EINVAL; return NULL; }
    /* The v1 character-device API that libgpiod 1.6 uses has no debounce. */
    if (s->debounce_us != 0 && !s->output) return request_v2(chip, offsets, count, s, initial, consumer);
    pinion_gpio_request *r = calloc(1, sizeof *r);
    if (!r) { errno = ENOMEM; return NULL; }
    r->fd = -1;
    if (gpiod_chip_get_lines(chip->chip, (unsigned int *)offsets, count, &r->bulk) < 0) { free(r); return NULL; }

    struct gpiod_line_request_config config = { .consumer = consumer, .flags = request_flags(s) };
    if (s->output) {
        config.request_type = GPIOD_LINE_REQUEST_DIRECTION_OUTPUT;
    } else {
        static const int edges[] = {
            GPIOD_LINE_REQUEST_DIRECTION_INPUT, GPIOD_LINE_REQUEST_EVENT_RISING_EDGE,
            GPIOD_LINE_REQUEST_EVENT_FALLING_EDGE, GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES,
        };
        config.request_type = edges[s->edge & 3];
    }

    if (gpiod_line_request_bulk(&r->bulk, &config, s->output ? initial : NULL) < 0) {
        int saved = errno;
        free(r);
        errno = saved;
        return NULL;
    }
    r->events = !s->output && s->edge != 0;
    return r;
}

int pinion_gpio_reconfigure(pinion_gpio_request *r, const pinion_gpio_settings *s, const int *initial) {
    if (r->fd >= 0) return pinion_uapi2_reconfigure(r->fd, r->count, s, initial);
    if (r->events || (!s->output && s->edge != 0) || s->debounce_us != 0) { errno = EOPNOTSUPP; return -1; }
    int direction = s->output ? GPIOD_LINE_REQUEST_DIRECTION_OUTPUT : GPIOD_LINE_REQUEST_DIRECTION_INPUT;
    return gpiod_line_set_config_bulk(&r->bulk, direction, request_flags(s), s->output ? initial : NULL);
}

int pinion_gpio_get_values(pinion_gpio_request *r, int *values) {
    if (r->fd >= 0) return pinion_uapi2_get_values(r->fd, r->count, values);
    return gpiod_line_get_value_bulk(&r->bulk, values);
}

int pinion_gpio_set_values(pinion_gpio_request *r, const int *values) {
    if (r->fd >= 0) return pinion_uapi2_set_values(r->fd, r->count, values);
    return gpiod_line_set_value_bulk(&r->bulk, (int *)values);
}

int pinion_gpio_wait_event(pinion_gpio_request *r, int64_t timeout_ns) {
    if (r->fd >= 0) return pinion_uapi2_wait_event(r->fd, timeout_ns);
    struct gpiod_line_bulk ready;
    if (timeout_ns < 0) timeout_ns = INT64_MAX / 2;
    struct timespec ts = { .tv_sec = timeout_ns / 1000000000, .tv_nsec = timeout_ns % 1000000000 };
    return gpiod_line_event_wait_bulk(&r->bulk, &ts, &ready);
}

int pinion_gpio_read_event(pinion_gpio_request *r, unsigned int *index, int *kind, uint64_t *timestamp_ns) {
    if (r->fd >= 0) return pinion_uapi2_read_event(r->fd, r->offsets, r->count, index, kind, timestamp_ns);
    /* Find a line with a pending event without blocking, and read it. */
    struct timespec zero = { 0, 0 };
    struct gpiod_line_bulk ready;
    int n = gpiod_line_event_wait_bulk(&r->bulk, &zero, &ready);
    if (n < 0) return -1;
    if (n == 0) { errno = EAGAIN; return -1; }
    struct gpiod_line *line = gpiod_line_bulk_get_line(&ready, 0);
    struct gpiod_line_event event;
    if (gpiod_line_event_read(line, &event) < 0) return -1;
    for (unsigned int i = 0; i < gpiod_line_bulk_num_lines(&r->bulk); i++) {
        if (gpiod_line_bulk_get_line(&r->bulk, i) == line) { *index = i; break; }
    }
    *kind = event.event_type == GPIOD_LINE_EVENT_RISING_EDGE ? 1 : 2;
    *timestamp_ns = (uint64_t)event.ts.tv_sec * 1000000000u + (uint64_t)event.ts.tv_nsec;
    return 0;
}

void pinion_gpio_release(pinion_gpio_request *r) {
    if (!r) return;
    if (r->fd >= 0) close(r->fd);
    else gpiod_line_release_bulk(&r->bulk);
    free(r);
}

#endif
