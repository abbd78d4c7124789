/* loops.c - integer loops and arithmetic.
 * Nested counted loops mixing 32- and 64-bit add/mul/xor/shift/rotate, unsigned div/rem and
 * data-dependent branches; every iteration depends on the previous one so nothing folds. */
#include <stdint.h>
#include <stdio.h>

#ifndef OUTER
#define OUTER 8000
#endif
#ifndef INNER
#define INNER 10000
#endif

static inline uint32_t rotl32(uint32_t x, unsigned r) { return (x << r) | (x >> (32 - r)); }

int main(void) {
    uint32_t a = 0x12345678u, b = 0x9e3779b9u, c = 7u;
    uint64_t acc64 = 0x0123456789abcdefull;
    uint32_t divsum = 0, branches = 0;

    for (uint32_t i = 0; i < OUTER; i++) {
        for (uint32_t j = 0; j < INNER; j++) {
            a += b ^ j;
            b = rotl32(b, 5) + a * 3u;
            c ^= (a >> 3) + (b << 2) + i;
            if (c & 0x10u) {
                c += 0x6d2b79f5u;
                branches++;
            } else {
                c -= a >> 7;
            }
            acc64 = acc64 * 6364136223846793005ull + (uint64_t)(a ^ c);
        }
        /* a few divisions per outer iteration */
        uint32_t d = (b | 1u);
        divsum += (a / d) + (c % (d >> 16 | 3u)) + (uint32_t)(acc64 % 1000003ull);
    }

    printf("loops checksum: a=%08x b=%08x c=%08x acc=%016llx div=%u br=%u\n",
           (unsigned)a, (unsigned)b, (unsigned)c, (unsigned long long)acc64,
           (unsigned)divsum, (unsigned)branches);
    return 0;
}
