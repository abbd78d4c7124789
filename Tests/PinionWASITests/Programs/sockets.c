// stdin is a socket: with argv[1] "pair" one end of a connected stream socketpair, with
// "listen" a listening TCP socket the test connects to once. The peer sends "ping",
// reads "pong" and closes. Exercises sock_recv, sock_send, sock_shutdown, sock_accept.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static int failures, checks;
#define WERR(expr, code) do { __wasi_errno_t e_ = (expr); checks++; if (e_ != (code)) { failures++; fprintf(stderr, "FAIL %d: %s = %d, want %s\n", __LINE__, #expr, e_, #code); } } while (0)
#define CHECK(cond) do { checks++; if (!(cond)) { failures++; fprintf(stderr, "FAIL %d: %s\n", __LINE__, #cond); } } while (0)

static void exchange(__wasi_fd_t fd) {
    char buf[16] = {0};
    __wasi_iovec_t iov = {(uint8_t *)buf, 4};
    __wasi_size_t n = 0;
    __wasi_roflags_t ro = 99;
    WERR(__wasi_sock_recv(fd, &iov, 1, __WASI_RIFLAGS_RECV_PEEK, &n, &ro), 0);
    CHECK(n == 4 && memcmp(buf, "ping", 4) == 0 && ro == 0);
    memset(buf, 0, sizeof buf);
    WERR(__wasi_sock_recv(fd, &iov, 1, __WASI_RIFLAGS_RECV_WAITALL, &n, &ro), 0);
    CHECK(n == 4 && memcmp(buf, "ping", 4) == 0);
    __wasi_ciovec_t out[2] = {{(const uint8_t *)"po", 2}, {(const uint8_t *)"ng", 2}};
    WERR(__wasi_sock_send(fd, out, 2, 0, &n), 0);
    CHECK(n == 4);
    WERR(__wasi_sock_send(fd, out, 2, 7, &n), __WASI_ERRNO_INVAL);
    WERR(__wasi_sock_recv(fd, &iov, 1, 0x10, &n, &ro), __WASI_ERRNO_INVAL);
    WERR(__wasi_sock_shutdown(fd, 9), __WASI_ERRNO_INVAL);
    WERR(__wasi_sock_shutdown(fd, __WASI_SDFLAGS_WR), 0);
    // The peer closes after reading "pong": end of stream.
    WERR(__wasi_sock_recv(fd, &iov, 1, 0, &n, &ro), 0);
    CHECK(n == 0);
}

int main(int argc, char **argv) {
    __wasi_fdstat_t fs;
    WERR(__wasi_fd_fdstat_get(0, &fs), 0);
    CHECK(fs.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
    __wasi_fd_t conn;
    if (argc > 1 && strcmp(argv[1], "listen") == 0) {
        WERR(__wasi_sock_accept(0, __WASI_FDFLAGS_APPEND, &conn), __WASI_ERRNO_INVAL);  // only nonblock
        WERR(__wasi_sock_accept(0, 0, &conn), 0);
        CHECK(conn > 2);
        WERR(__wasi_fd_fdstat_get(conn, &fs), 0);
        CHECK(fs.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM);
        exchange(conn);
        WERR(__wasi_fd_close(conn), 0);
    } else {
        WERR(__wasi_sock_accept(0, 0, &conn), __WASI_ERRNO_INVAL);  // connected, not listening
        exchange(0);
    }
    fprintf(stderr, "%d checks, %d failed\n", checks, failures);
    return failures != 0;
}
