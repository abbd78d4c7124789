/* matmul.c - integer matrix multiply.
 * C = A * B for N x N uint32 matrices (wrapping arithmetic), ROUNDS times, feeding a bit of
 * C back into A each round. Classic i-k-j loop order: loads, multiplies, adds, address arithmetic. */
#include <stdint.h>
#include <stdio.h>

#ifndef N
#define N 200
#endif
#ifndef ROUNDS
#define ROUNDS 20
#endif

static uint32_t A[N][N], B[N][N], C[N][N];

int main(void) {
    uint32_t s = 1u;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            s = s * 1664525u + 1013904223u;
            A[i][j] = s >> 20;
            s = s * 1664525u + 1013904223u;
            B[i][j] = s >> 20;
        }

    uint32_t checksum = 0;
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) C[i][j] = 0;
            for (int k = 0; k < N; k++) {
                uint32_t a = A[i][k];
                for (int j = 0; j < N; j++) C[i][j] += a * B[k][j];
            }
        }
        uint32_t h = 0;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) h = h * 31u + C[i][j];
        checksum ^= h + (uint32_t)r;
        /* perturb A with the result so every round is different */
        for (int i = 0; i < N; i++) A[i][(i + r) % N] = C[i][i] & 0xfffu;
    }
    printf("matmul checksum: %08x C[0][0]=%u C[N-1][N-1]=%u\n", (unsigned)checksum,
           (unsigned)C[0][0], (unsigned)C[N - 1][N - 1]);
    return 0;
}
