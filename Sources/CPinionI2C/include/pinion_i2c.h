/* CPinionI2C: i2c-dev and libi2c (SMBus) for PinionLinuxHardware. Every function returns
 * a non-negative value on success and -errno on failure; the caller serializes calls on
 * one bus (each call selects its device address first). */
#ifndef PINION_I2C_H
#define PINION_I2C_H

#include <stdint.h>

/** Opens an adapter, e.g. "/dev/i2c-1". Returns the fd. */
int pinion_i2c_open_adapter(const char *path);
/** Closes an adapter fd. */
void pinion_i2c_close_adapter(int fd);
/** The adapter's I2C_FUNC_* bits (I2C_FUNCS), into *functions. */
int pinion_i2c_functions(int fd, unsigned long *functions);
/** Whether the adapter can do plain I2C transfers (I2C_FUNC_I2C), from a functions mask. */
int pinion_i2c_has_plain_i2c(unsigned long functions);

/** One combined transfer with I2C_RDWR: a write of write_len bytes (if any), then a read
 *  of read_len bytes (if any) after a repeated start; one STOP at the end. */
int pinion_i2c_transfer(int fd, uint16_t address, const uint8_t *write_data, uint16_t write_len,
                        uint8_t *read_data, uint16_t read_len);

/** SMBus transactions through libi2c on `address`. Reads return the value. */
int pinion_i2c_smbus_read_byte(int fd, uint16_t address);
int pinion_i2c_smbus_write_byte(int fd, uint16_t address, uint8_t value);
int pinion_i2c_smbus_read_byte_data(int fd, uint16_t address, uint8_t command);
int pinion_i2c_smbus_write_byte_data(int fd, uint16_t address, uint8_t command, uint8_t value);
int pinion_i2c_smbus_read_word_data(int fd, uint16_t address, uint8_t command);
int pinion_i2c_smbus_write_word_data(int fd, uint16_t address, uint8_t command, uint16_t value);
/** Block read into data[0..<32]; returns the count. */
int pinion_i2c_smbus_read_block_data(int fd, uint16_t address, uint8_t command, uint8_t *data);
int pinion_i2c_smbus_write_block_data(int fd, uint16_t address, uint8_t command, uint8_t length, const uint8_t *data);

#endif
