// A reactor (built with -mexec-model=reactor): no _start, exports for --invoke.
#include <stdint.h>
#include <stdio.h>

static int initialized;
__attribute__((constructor)) static void setup(void) { initialized = 42; }

__attribute__((export_name("add"))) int32_t add(int32_t a, int32_t b) { return a + b; }
__attribute__((export_name("mul64"))) int64_t mul64(int64_t a, int64_t b) { return a * b; }
__attribute__((export_name("half"))) double half(double x) { return x / 2; }
__attribute__((export_name("initialized"))) int32_t was_initialized(void) { return initialized; }
__attribute__((export_name("hello"))) void hello(void) { printf("hello from a reactor\n"); fflush(stdout); }
