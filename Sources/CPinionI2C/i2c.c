/* CPinionI2C: combined transfers with I2C_RDWR and SMBus through libi2c. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/i2c.h>
#include <linux/i2c-dev.h>
#include <i2c/smbus.h>
#include "pinion_i2c.h"

int pinion_i2c_open_adapter(const char *path) {
    int fd = open(path, O_RDWR | O_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

void pinion_i2c_close_adapter(int fd) { close(fd); }

int pinion_i2c_functions(int fd, unsigned long *functions) {
    return ioctl(fd, I2C_FUNCS, functions) < 0 ? -errno : 0;
}

int pinion_i2c_has_plain_i2c(unsigned long functions) { return (functions & I2C_FUNC_I2C) != 0; }

int pinion_i2c_transfer(int fd, uint16_t address, const uint8_t *write_data, uint16_t write_len,
                        uint8_t *read_data, uint16_t read_len) {
    struct i2c_msg messages[2];
    unsigned int n = 0;
    if (write_len > 0 || read_len == 0) {
        /* A zero-length write alone is an address probe (like SMBus quick write). */
        messages[n++] = (struct i2c_msg){ .addr = address, .flags = 0, .len = write_len, .buf = (uint8_t *)write_data };
    }
    if (read_len > 0) {
        messages[n++] = (struct i2c_msg){ .addr = address, .flags = I2C_M_RD, .len = read_len, .buf = read_data };
    }
    struct i2c_rdwr_ioctl_data data = { .msgs = messages, .nmsgs = n };
    return ioctl(fd, I2C_RDWR, &data) < 0 ? -errno : 0;
}

/* Selects the device for the SMBus call that follows. EBUSY when a kernel driver has it. */
static int select_device(int fd, uint16_t address) {
    return ioctl(fd, I2C_SLAVE, (unsigned long)address) < 0 ? -errno : 0;
}

/* libi2c returns a negative value and leaves errno set on failure. */
#define SMBUS(call) do { int s = select_device(fd, address); if (s < 0) return s; \
    int r = (call); return r < 0 ? -errno : r; } while (0)

int pinion_i2c_smbus_read_byte(int fd, uint16_t address) { SMBUS(i2c_smbus_read_byte(fd)); }
int pinion_i2c_smbus_write_byte(int fd, uint16_t address, uint8_t value) { SMBUS(i2c_smbus_write_byte(fd, value)); }
int pinion_i2c_smbus_read_byte_data(int fd, uint16_t address, uint8_t command) { SMBUS(i2c_smbus_read_byte_data(fd, command)); }
int pinion_i2c_smbus_write_byte_data(int fd, uint16_t address, uint8_t command, uint8_t value) {
    SMBUS(i2c_smbus_write_byte_data(fd, command, value));
}
int pinion_i2c_smbus_read_word_data(int fd, uint16_t address, uint8_t command) { SMBUS(i2c_smbus_read_word_data(fd, command)); }
int pinion_i2c_smbus_write_word_data(int fd, uint16_t address, uint8_t command, uint16_t value) {
    SMBUS(i2c_smbus_write_word_data(fd, command, value));
}
int pinion_i2c_smbus_read_block_data(int fd, uint16_t address, uint8_t command, uint8_t *data) {
    SMBUS(i2c_smbus_read_block_data(fd, command, data));
}
int pinion_i2c_smbus_write_block_data(int fd, uint16_t address, uint8_t command, uint8_t length, const uint8_t *data) {
    SMBUS(i2c_smbus_write_block_data(fd, command, length, data));
}
