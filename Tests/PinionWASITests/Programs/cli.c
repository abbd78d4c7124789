// For `pinion run` option tests. argv[1] picks what to do: "show" prints argv and the
// environment variables named in the rest of argv; "exit N"; "trap"; "spin" (loops
// forever); "sleep" (an hour); "write PATH TEXT"; "read PATH"; "grow" (asks for 64 MiB).
// -DWITH_MISSING_IMPORT adds "call-missing", calling an import nothing provides.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef WITH_MISSING_IMPORT
__attribute__((import_module("env"), import_name("missing_function")))
int missing_function(int);
#endif

int main(int argc, char **argv) {
    const char *what = argc > 1 ? argv[1] : "show";
    if (strcmp(what, "show") == 0) {
        printf("argv[0]=%s argc=%d\n", argv[0], argc);
        for (int i = 2; i < argc; i++) {
            const char *value = getenv(argv[i]);
            printf("%s=%s\n", argv[i], value ? value : "(unset)");
        }
    } else if (strcmp(what, "exit") == 0 && argc > 2) {
        exit(atoi(argv[2]));
    } else if (strcmp(what, "trap") == 0) {
        __builtin_trap();
    } else if (strcmp(what, "spin") == 0) {
        for (volatile unsigned i = 0;; i++) {}
    } else if (strcmp(what, "sleep") == 0) {
        sleep(3600);
    } else if (strcmp(what, "write") == 0 && argc > 3) {
        FILE *f = fopen(argv[2], "w");
        if (!f) { printf("fopen: %s\n", strerror(errno)); return 1; }
        fputs(argv[3], f);
        fclose(f);
        puts("written");
    } else if (strcmp(what, "read") == 0 && argc > 2) {
        FILE *f = fopen(argv[2], "r");
        if (!f) { printf("fopen: %s\n", strerror(errno)); return 1; }
        char buf[128] = {0};
        fread(buf, 1, sizeof buf - 1, f);
        printf("read: %s\n", buf);
    } else if (strcmp(what, "grow") == 0) {
        void *p = malloc(64 << 20);
        printf("malloc: %s\n", p ? "ok" : "failed");
    }
#ifdef WITH_MISSING_IMPORT
    else if (strcmp(what, "call-missing") == 0) {
        return missing_function(1);
    }
#endif
    return 0;
}
