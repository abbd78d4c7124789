/* CPinionGPIO on libgpiod 2.x: settings and line-config objects, requests with kernel
 * debounce, edge-event buffers. Chips are found by label by scanning /dev/gpiochip*. */
#include "gpiod_generation.h"
#ifdef PINION_GPIOD_V2

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pinion_gpio.h"

struct pinion_gpio_chip { struct gpiod_chip *chip; char name[64]; };
struct pinion_gpio_request {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *events;
    unsigned int count;
    unsigned int offsets[64];
    enum gpiod_line_value values[64];
};

int pinion_gpio_api_version(void) { return 2; }
const char *pinion_gpio_library_version(void) { return gpiod_api_version(); }

pinion_gpio_chip *pinion_gpio_chip_open_by_label(const char *label) {
    DIR *dir = opendir("/dev");
    if (!dir) return NULL;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (strncmp(entry->d_name, "gpiochip", 8) != 0) continue;
        char path[300];
        snprintf(path, sizeof path, "/dev/%s", entry->d_name);
        struct gpiod_chip *chip = gpiod_chip_open(path);
        if (!chip) continue;
        struct gpiod_chip_info *info = gpiod_chip_get_info(chip);
        int match = info && strcmp(gpiod_chip_info_get_label(info), label) == 0;
        if (info) gpiod_chip_info_free(info);
        if (!match) { gpiod_chip_close(chip); continue; }
        closedir(dir);
        pinion_gpio_chip *c = calloc(1, sizeof *c);
        if (!c) { gpiod_chip_close(chip); errno = ENOMEM; return NULL; }
        c->chip = chip;
        snprintf(c->name, sizeof c->name, "%s", entry->d_name);
        return c;
    }
    closedir(dir);
    errno = ENOENT;
    return NULL;
}

const char *pinion_gpio_chip_name(pinion_gpio_chip *chip) { return chip->name; }

unsigned int pinion_gpio_chip_num_lines(pinion_gpio_chip *chip) {
    struct gpiod_chip_info *info = gpiod_chip_get_info(chip->chip);
    if (!info) return 0;
    unsigned int n = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return n;
}

void pinion_gpio_chip_close(pinion_gpio_chip *chip) {
    if (!chip) return;
    gpiod_chip_close(chip->chip);
    free(chip);
}

/* A line config with `s` for every line of `offsets` (and output values from `initial`,
 * staged in `values`). NULL and errno on failure. */
static struct gpiod_line_config *line_config_for(const unsigned int *offsets, unsigned int count,
                                                 const pinion_gpio_settings *s, const int *initial,
                                                 enum gpiod_line_value *values) {
    static const enum gpiod_line_bias biases[] = {
        GPIOD_LINE_BIAS_AS_IS, GPIOD_LINE_BIAS_DISABLED, GPIOD_LINE_BIAS_PULL_UP, GPIOD_LINE_BIAS_PULL_DOWN,
    };
    static const enum gpiod_line_drive drives[] = {
        GPIOD_LINE_DRIVE_PUSH_PULL, GPIOD_LINE_DRIVE_OPEN_DRAIN, GPIOD_LINE_DRIVE_OPEN_SOURCE,
    };
    static const enum gpiod_line_edge edges[] = {
        GPIOD_LINE_EDGE_NONE, GPIOD_LINE_EDGE_RISING, GPIOD_LINE_EDGE_FALLING, GPIOD_LINE_EDGE_BOTH,
    };
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    struct gpiod_line_config *config = gpiod_line_config_new();
    int saved = ENOMEM;
    if (!settings || !config) goto fail;
    gpiod_line_settings_set_direction(settings, s->output ? GPIOD_LINE_DIRECTION_OUTPUT : GPIOD_LINE_DIRECTION_INPUT);
    gpiod_line_settings_set_bias(settings, biases[s->bias & 3]);
    gpiod_line_settings_set_active_low(settings, s->active_low != 0);
    if (s->output) {
        gpiod_line_settings_set_drive(settings, drives[s->drive < 3 ? s->drive : 0]);
    } else {
        gpiod_line_settings_set_edge_detection(settings, edges[s->edge & 3]);
        gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC);
        gpiod_line_settings_set_debounce_period_us(settings, s->debounce_us);
    }
    if (gpiod_line_config_add_line_settings(config, offsets, count, settings) < 0) { saved = errno; goto fail; }
    if (s->output) {
        for (unsigned int i = 0; i < count; i++)
            values[i] = initial[i] ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
        if (gpiod_line_config_set_output_values(config, values, count) < 0) { saved = errno; goto fail; }
    }
    gpiod_line_settings_free(settings);
    return config;
fail:
    if (config) gpiod_line_config_free(config);
    if (settings) gpiod_line_settings_free(settings);
    errno = saved;
    return NULL;
}

/* Makes sure a request with edge detection has an event buffer. */
static int ensure_event_buffer(pinion_gpio_request *r, const pinion_gpio_settings *s) {
    if (s->output || s->edge == 0 || r->events) return 0;
    r->events = gpiod_edge_event_buffer_new(16);
    if (!r->events) { errno = ENOMEM; return -1; }
    return 0;
}

pinion_gpio_request *pinion_gpio_request_lines(pinion_gpio_chip *chip, const unsigned int *offsets,
                                               unsigned int count, const pinion_gpio_settings *s,
                                               const int *initial, const char *consumer) {
    if (count == 0 || count > 64) { errno = EINVAL; return NULL; }
    pinion_gpio_request *r = calloc(1, sizeof *r);
    if (!r) { errno = ENOMEM; return NULL; }
    struct gpiod_line_config *line_config = line_config_for(offsets, count, s, initial, r->values);
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    int saved = ENOMEM;
    if (!line_config || !request_config) { saved = line_config ? ENOMEM : errno; goto fail; }
    gpiod_request_config_set_consumer(request_config, consumer);
    r->request = gpiod_chip_request_lines(chip->chip, request_config, line_config);
    if (!r->request) { saved = errno; goto fail; }
    if (ensure_event_buffer(r, s) < 0) { saved = errno; gpiod_line_request_release(r->request); goto fail; }
    r->count = count;
    memcpy(r->offsets, offsets, count * sizeof *offsets);
    gpiod_request_config_free(request_config);
    gpiod_line_config_free(line_config);
    return r;

fail:
    if (request_config) gpiod_request_config_free(request_config);
    if (line_config) gpiod_line_config_free(line_config);
    free(r);
    errno = saved;
    return NULL;
}

int pinion_gpio_reconfigure(pinion_gpio_request *r, const pinion_gpio_settings *s, const int *initial) {
    struct gpiod_line_config *config = line_config_for(r->offsets, r->count, s, initial, r->values);
    if (!config) return -1;
    int result = gpiod_line_request_reconfigure_lines(r->request, config);
    int saved = errno;
    gpiod_line_config_free(config);
    if (result < 0) { errno = saved; return -1; }
    return ensure_event_buffer(r, s);
}

int pinion_gpio_get_values(pinion_gpio_request *r, int *values) {
    if (gpiod_line_request_get_values(r->request, r->values) < 0) return -1;
    for (unsigned int i = 0; i < r->count; i++) values[i] = r->values[i] == GPIOD_LINE_VALUE_ACTIVE;
    return 0;
}

int pinion_gpio_set_values(pinion_gpio_request *r, const int *values) {
    for (unsigned int i = 0; i < r->count; i++) r->values[i] = values[i] ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
    return gpiod_line_request_set_values(r->request, r->values);
}

int pinion_gpio_wait_event(pinion_gpio_request *r, int64_t timeout_ns) {
    if (!r->events) { errno = EINVAL; return -1; }
    return gpiod_line_request_wait_edge_events(r->request, timeout_ns);
}

int pinion_gpio_read_event(pinion_gpio_request *r, unsigned int *index, int *kind, uint64_t *timestamp_ns) {
    if (!r->events) { errno = EINVAL; return -1; }
    /* One at a time, so that no event is read and then dropped. */
    if (gpiod_line_request_read_edge_events(r->request, r->events, 1) < 1) return -1;
    struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(r->events, 0);
    if (!event) { errno = EIO; return -1; }
    unsigned int offset = gpiod_edge_event_get_line_offset(event);
    for (unsigned int i = 0; i < r->count; i++) {
        if (r->offsets[i] == offset) { *index = i; break; }
    }
    *kind = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE ? 1 : 2;
    *timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
    return 0;
}

void pinion_gpio_release(pinion_gpio_request *r) {
    if (!r) return;
    gpiod_line_request_release(r->request);
    if (r->events) gpiod_edge_event_buffer_free(r->events);
    free(r);
}

#endif
