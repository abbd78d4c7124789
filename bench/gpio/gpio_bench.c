/* gpio_bench.c - GPIO writes per second from a module, and the cost of one host call.
 * Usage: gpio_bench [N [LOOP]]  (default 20000000, every loop; LOOP is one of the names
 * below, for counting instructions of one loop under callgrind). Times with the WASI monotonic clock (real
 * time, unlike the simulated board's virtual GPIO clock). Prints one line per loop:
 *   NAME  N  SECONDS  NS_PER_ITERATION  ITERATIONS_PER_SECOND */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "pinion_hw.h"

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void report(const char *name, long n, double t) {
    printf("%-14s %10ld %8.4f s %8.2f ns %14.0f /s\n", name, n, t, t * 1e9 / (double)n, (double)n / t);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000000;
    const char *only = argc > 2 ? argv[2] : NULL;
#define RUN(name) if (!only || strcmp(only, name) == 0)
    int32_t led = pinion_gpio_open("led", PINION_GPIO_OUTPUT, 0);
    if (led < 0) {
        fprintf(stderr, "gpio_bench: %s\n", pinion_strerror(led));
        return 1;
    }
    volatile uint32_t sink = 0;
    double t;

    /* The same loop without a call: what the loop itself costs. */
    RUN("empty-loop") {
        t = seconds();
        for (long i = 0; i < n; i++) sink += (uint32_t)i & 1;
        report("empty-loop", n, seconds() - t);
    }

    /* The cheapest host call there is: returns a field. */
    RUN("host-call") {
        t = seconds();
        for (long i = 0; i < n; i++) sink += (uint32_t)pinion_gpio_now_ns();
        report("host-call", n, seconds() - t);
    }

    /* GPIO writes, toggling the line each time. */
    RUN("gpio-write") {
        t = seconds();
        for (long i = 0; i < n; i++) sink += (uint32_t)pinion_gpio_write(led, (uint32_t)i & 1);
        report("gpio-write", n, seconds() - t);
    }

    /* GPIO reads of the output's value. */
    RUN("gpio-read") {
        t = seconds();
        for (long i = 0; i < n; i++) sink += (uint32_t)pinion_gpio_read(led);
        report("gpio-read", n, seconds() - t);
    }
    return sink == 12345 ? 2 : 0;
}
