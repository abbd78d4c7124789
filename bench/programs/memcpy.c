/* memcpy.c - memory copy.
 * ROUNDS times: memcpy a variable-length, variably-aligned slice of a source buffer into a
 * destination buffer, then memmove overlapping regions of the destination forwards and
 * backwards, and perturb a few bytes. Ends with a full FNV-1a hash of the destination.
 * Most of the time is spent inside libc memcpy/memmove (or memory.copy if libc uses it). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef BUF_SIZE
#define BUF_SIZE (256 * 1024)
#endif
#ifndef ROUNDS
#define ROUNDS 1600
#endif

static unsigned char src[BUF_SIZE];
static unsigned char dst[BUF_SIZE];
static uint32_t seed = 0x2545F491u;

static uint32_t rnd(void) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

int main(void) {
    for (uint32_t i = 0; i < BUF_SIZE; i += 4) {
        uint32_t r = rnd();
        memcpy(&src[i], &r, 4);
    }
    memset(dst, 0xA5, sizeof dst);

    uint32_t sample = 0;
    uint64_t copied = 0;
    for (uint32_t r = 0; r < ROUNDS; r++) {
        uint32_t len = BUF_SIZE / 2 + rnd() % (BUF_SIZE / 4);
        uint32_t soff = rnd() % (BUF_SIZE - len);
        uint32_t doff = rnd() % (BUF_SIZE - len);
        memcpy(dst + doff, src + soff, len);
        copied += len;

        /* overlapping moves, forwards then backwards */
        uint32_t mlen = BUF_SIZE / 4 + rnd() % (BUF_SIZE / 8);
        uint32_t shift = 1 + rnd() % 4096;
        uint32_t base = rnd() % (BUF_SIZE - mlen - shift);
        memmove(dst + base + shift, dst + base, mlen);
        memmove(dst + base, dst + base + shift - (shift > 7 ? 7 : 0), mlen);
        copied += 2ull * mlen;

        sample = sample * 31u + dst[rnd() % BUF_SIZE] + (uint32_t)dst[(r * 977u) % BUF_SIZE] * 7u;
        src[rnd() % BUF_SIZE] ^= (unsigned char)r;
    }

    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < BUF_SIZE; i++) h = (h ^ dst[i]) * 16777619u;
    printf("memcpy checksum: hash=%08x sample=%08x copied=%llu\n", (unsigned)h, (unsigned)sample,
           (unsigned long long)copied);
    return 0;
}
