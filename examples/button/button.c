/* button.c - toggles the LED on each press of the button, using edge events with a
 * 10 ms debounce, and stops after 3 s without an edge (or 10 presses).
 * The button pulls the line low when pressed: it is opened active-low with a pull-up,
 * so "pressed" is a rising edge of the logical value. */
#include <stdio.h>
#include "pinion_hw.h"

#define BUTTON_FLAGS (PINION_GPIO_INPUT | PINION_GPIO_ACTIVE_LOW | PINION_GPIO_BIAS_PULL_UP | PINION_GPIO_EDGE_BOTH)

int main(void) {
    int32_t button = pinion_gpio_open("button", BUTTON_FLAGS, 10000);
    if (button == -PINION_E_UNSUPPORTED) {
        /* No kernel debounce (Linux before 5.10): take raw edges rather than fail. */
        printf("debounce is not supported on this board; using raw edges\n");
        button = pinion_gpio_open("button", BUTTON_FLAGS, 0);
    }
    int32_t led = pinion_gpio_open("led", PINION_GPIO_OUTPUT, 0);
    if (button < 0 || led < 0) {
        fprintf(stderr, "button: cannot open lines: %s\n", pinion_strerror(button < 0 ? button : led));
        return 1;
    }
    int64_t start = pinion_gpio_now_ns();
    int presses = 0;
    uint32_t lit = 0;
    while (presses < 10) {
        pinion_edge_event event;
        int32_t r = pinion_gpio_wait_edge(button, 3000000000LL, &event);
        if (r < 0) {
            fprintf(stderr, "button: wait_edge: %s\n", pinion_strerror(r));
            return 1;
        }
        if (r == 0) {
            printf("no edge for 3 s: done after %d press(es)\n", presses);
            break;
        }
        uint64_t us = (event.timestamp_ns - (uint64_t)start) / 1000;
        if (event.kind == PINION_EDGE_RISING) {
            presses++;
            lit ^= 1;
            pinion_gpio_write(led, lit);
            printf("%4llu.%06llu s  pressed (#%d), led %s\n", (unsigned long long)(us / 1000000),
                   (unsigned long long)(us % 1000000), presses, lit ? "on" : "off");
        } else {
            printf("%4llu.%06llu s  released\n", (unsigned long long)(us / 1000000), (unsigned long long)(us % 1000000));
        }
    }
    return 0;
}
