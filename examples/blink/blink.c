/* blink.c - blinks the LED the manifest grants as "led", then leaves it on: pinion drives
 * it to the manifest's safe_level ("low") when the module exits, as it would on a crash.
 * Usage: blink [COUNT]  (default 5 blinks, 250 ms on and off) */
#include <stdio.h>
#include <stdlib.h>
#include "pinion_hw.h"

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 5;
    int32_t led = pinion_gpio_open("led", PINION_GPIO_OUTPUT, 0);
    if (led < 0) {
        fprintf(stderr, "blink: cannot open led: %s\n", pinion_strerror(led));
        return 1;
    }
    int64_t start = pinion_gpio_now_ns();
    for (int i = 0; i < count; i++) {
        pinion_gpio_write(led, 1);
        printf("%5lld ms  led on\n", (long long)((pinion_gpio_now_ns() - start) / 1000000));
        pinion_gpio_sleep_ns(250000000);
        pinion_gpio_write(led, 0);
        printf("%5lld ms  led off\n", (long long)((pinion_gpio_now_ns() - start) / 1000000));
        pinion_gpio_sleep_ns(250000000);
    }
    pinion_gpio_write(led, 1);
    printf("done: leaving the led on; pinion drives it to its safe level on exit\n");
    return 0;
}
