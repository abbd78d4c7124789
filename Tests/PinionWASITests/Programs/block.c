// Blocks forever, as argv[1] says: "sleep" (poll_oneoff on a clock), "read" (fd_read
// on stdin, a pipe nobody writes to) or "poll" (poll_oneoff on stdin and a long clock),
// or "spin" (a loop). "nonblock" makes stdin nonblocking and reads: EAGAIN at once.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "sleep";
    if (strcmp(mode, "sleep") == 0) {
        sleep(3600);
    } else if (strcmp(mode, "read") == 0) {
        char c;
        read(0, &c, 1);
    } else if (strcmp(mode, "poll") == 0) {
        __wasi_subscription_t s[2];
        memset(s, 0, sizeof s);
        s[0].u.tag = __WASI_EVENTTYPE_FD_READ;
        s[0].u.u.fd_read.file_descriptor = 0;
        s[1].u.tag = __WASI_EVENTTYPE_CLOCK;
        s[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
        s[1].u.u.clock.timeout = 3600ull * 1000000000ull;
        __wasi_event_t ev[2];
        __wasi_size_t n;
        __wasi_poll_oneoff(s, ev, 2, &n);
    } else if (strcmp(mode, "nonblock") == 0) {
        char c;
        int flags = fcntl(0, F_GETFL);
        printf("set: %d\n", fcntl(0, F_SETFL, flags | O_NONBLOCK));
        printf("flag: %d\n", (fcntl(0, F_GETFL) & O_NONBLOCK) != 0);
        ssize_t n = read(0, &c, 1);
        printf("read: %zd %s\n", n, n < 0 && errno == EAGAIN ? "EAGAIN" : "?");
        return 0;
    } else if (strcmp(mode, "spin") == 0) {
        for (volatile unsigned i = 0;; i++) {}
    }
    puts("returned");
    return 0;
}
