// poll_oneoff: relative and absolute clocks, fd readiness, several subscriptions at
// once. stdin is a file holding 11 bytes.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures, checks;
#define CHECK(cond) do { checks++; if (!(cond)) { failures++; printf("FAIL %d: %s\n", __LINE__, #cond); } } while (0)

static __wasi_timestamp_t now(__wasi_clockid_t id) {
    __wasi_timestamp_t t = 0;
    CHECK(__wasi_clock_time_get(id, 1, &t) == 0);
    return t;
}

static __wasi_subscription_t clock_sub(__wasi_userdata_t ud, __wasi_clockid_t id, __wasi_timestamp_t timeout, __wasi_subclockflags_t flags) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = __WASI_EVENTTYPE_CLOCK;
    s.u.u.clock.id = id;
    s.u.u.clock.timeout = timeout;
    s.u.u.clock.flags = flags;
    return s;
}

static __wasi_subscription_t fd_sub(__wasi_userdata_t ud, __wasi_eventtype_t type, __wasi_fd_t fd) {
    __wasi_subscription_t s;
    memset(&s, 0, sizeof s);
    s.userdata = ud;
    s.u.tag = type;
    s.u.u.fd_read.file_descriptor = fd;
    return s;
}

int main(void) {
    __wasi_event_t ev[4];
    __wasi_size_t n = 0;

    // A relative monotonic sleep of 30 ms.
    __wasi_subscription_t s[4];
    s[0] = clock_sub(7, __WASI_CLOCKID_MONOTONIC, 30000000, 0);
    __wasi_timestamp_t t0 = now(__WASI_CLOCKID_MONOTONIC);
    CHECK(__wasi_poll_oneoff(s, ev, 1, &n) == 0);
    __wasi_timestamp_t t1 = now(__WASI_CLOCKID_MONOTONIC);
    CHECK(n == 1 && ev[0].userdata == 7 && ev[0].error == 0 && ev[0].type == __WASI_EVENTTYPE_CLOCK);
    CHECK(t1 - t0 >= 30000000);
    CHECK(t1 - t0 < 2000000000ull);

    // Absolute deadlines, on the monotonic and the realtime clock.
    s[0] = clock_sub(8, __WASI_CLOCKID_MONOTONIC, now(__WASI_CLOCKID_MONOTONIC) + 20000000, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    t0 = now(__WASI_CLOCKID_MONOTONIC);
    CHECK(__wasi_poll_oneoff(s, ev, 1, &n) == 0 && n == 1 && ev[0].userdata == 8);
    CHECK(now(__WASI_CLOCKID_MONOTONIC) - t0 >= 15000000);
    s[0] = clock_sub(9, __WASI_CLOCKID_REALTIME, now(__WASI_CLOCKID_REALTIME) + 20000000, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    t0 = now(__WASI_CLOCKID_MONOTONIC);
    CHECK(__wasi_poll_oneoff(s, ev, 1, &n) == 0 && n == 1 && ev[0].userdata == 9 && ev[0].error == 0);
    CHECK(now(__WASI_CLOCKID_MONOTONIC) - t0 >= 15000000);
    // A deadline in the past fires at once.
    s[0] = clock_sub(10, __WASI_CLOCKID_MONOTONIC, 1, __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME);
    CHECK(__wasi_poll_oneoff(s, ev, 1, &n) == 0 && n == 1 && ev[0].userdata == 10);

    // Two clocks: only the earlier one fires.
    s[0] = clock_sub(1, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    s[1] = clock_sub(2, __WASI_CLOCKID_MONOTONIC, 10000000, 0);
    CHECK(__wasi_poll_oneoff(s, ev, 2, &n) == 0 && n == 1 && ev[0].userdata == 2);

    // stdin is a file with 11 bytes: readable at once, with its byte count; stdout writable.
    s[0] = fd_sub(20, __WASI_EVENTTYPE_FD_READ, 0);
    s[1] = clock_sub(21, __WASI_CLOCKID_MONOTONIC, 5000000000ull, 0);
    CHECK(__wasi_poll_oneoff(s, ev, 2, &n) == 0 && n == 1);
    CHECK(ev[0].userdata == 20 && ev[0].type == __WASI_EVENTTYPE_FD_READ && ev[0].error == 0);
#ifndef DIFFERENTIAL  // wasmtime does not report how many bytes stdin holds
    CHECK(ev[0].fd_readwrite.nbytes == 11);
#endif
    s[0] = fd_sub(30, __WASI_EVENTTYPE_FD_READ, 0);
    s[1] = fd_sub(31, __WASI_EVENTTYPE_FD_WRITE, 1);
    CHECK(__wasi_poll_oneoff(s, ev, 2, &n) == 0 && n == 2);
    CHECK(ev[0].userdata == 30 && ev[1].userdata == 31 && ev[1].type == __WASI_EVENTTYPE_FD_WRITE && ev[1].error == 0);

#ifndef DIFFERENTIAL  // wasmtime fails the whole call with EBADF
    // A bad fd is an event with EBADF, not a failed call, so other subscriptions still count.
    s[0] = fd_sub(40, __WASI_EVENTTYPE_FD_READ, 99);
    CHECK(__wasi_poll_oneoff(s, ev, 1, &n) == 0 && n == 1 && ev[0].userdata == 40 && ev[0].error == __WASI_ERRNO_BADF);
#endif

    // No subscriptions: EINVAL.
    CHECK(__wasi_poll_oneoff(s, ev, 0, &n) == __WASI_ERRNO_INVAL);

    // libc's sleeps are poll_oneoff too.
    t0 = now(__WASI_CLOCKID_MONOTONIC);
    struct timespec req = {0, 25000000};
    CHECK(nanosleep(&req, NULL) == 0);
    CHECK(usleep(5000) == 0);
    CHECK(now(__WASI_CLOCKID_MONOTONIC) - t0 >= 30000000);
    CHECK(__wasi_sched_yield() == 0);

    printf("%d checks, %d failed\n", checks, failures);
    return failures != 0;
}
