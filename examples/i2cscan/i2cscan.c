/* i2cscan.c - probes each I2C address the manifest grants on bus 1 (a one-byte read;
 * a device that is there acknowledges), then shows that an ungranted address is refused. */
#include <stdio.h>
#include "pinion_hw.h"

int main(void) {
    uint8_t addresses[128];
    int32_t n = pinion_i2c_granted_addresses(1, addresses, sizeof addresses);
    if (n < 0) {
        fprintf(stderr, "i2cscan: %s\n", pinion_strerror(n));
        return 1;
    }
    printf("scanning %d granted address(es) on I2C bus 1\n", (int)n);
    int found = 0;
    for (int32_t i = 0; i < n && i < (int32_t)sizeof addresses; i++) {
        int32_t dev = pinion_i2c_open(1, addresses[i]);
        if (dev < 0) {
            printf("  0x%02x  cannot open: %s\n", addresses[i], pinion_strerror(dev));
            continue;
        }
        int32_t r = pinion_i2c_smbus_read_byte(dev);
        if (r >= 0) {
            printf("  0x%02x  device present\n", addresses[i]);
            found++;
        } else {
            printf("  0x%02x  no device (%s)\n", addresses[i], pinion_strerror(r));
        }
        pinion_i2c_close(dev);
    }
    printf("%d device(s) found\n", found);
    int32_t denied = pinion_i2c_open(1, 0x50);
    printf("  0x50  not granted: %s\n", pinion_strerror(denied));
    return 0;
}
