/* hello.c - minimal WASI program, used to measure peak RSS / startup of each runtime. */
#include <stdio.h>

int main(void) {
    printf("hello, world\n");
    return 0;
}
