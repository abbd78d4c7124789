/* hello.c - the smallest Pinion module: prints its arguments and one environment
 * variable. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    const char *who = getenv("PINION_USER");
    printf("hello from wasm, %s\n", who ? who : "stranger");
    for (int i = 1; i < argc; i++)
        printf("  arg %d: %s\n", i, argv[i]);
    return 0;
}
