/* fib.c - recursive function calls.
 * Computes fib(FIB_N) naively REPEAT times (argument perturbed through a volatile so
 * the compiler cannot fold or hoist the calls). Exercises call/return, locals, i32 add/compare. */
#include <stdint.h>
#include <stdio.h>

#ifndef FIB_N
#define FIB_N 32
#endif
#ifndef REPEAT
#define REPEAT 20
#endif

static volatile uint32_t zero = 0;

__attribute__((noinline)) static uint32_t fib(uint32_t n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}

int main(void) {
    uint32_t sum = 0;
    for (uint32_t r = 0; r < REPEAT; r++) {
        uint32_t n = FIB_N + zero;
        sum = sum * 31u + fib(n - (r & 1));
    }
    printf("fib checksum: fib(%d)=%u sum=%u\n", FIB_N, (unsigned)fib(FIB_N + zero), (unsigned)sum);
    return 0;
}
