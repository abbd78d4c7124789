// A read-only preopen (--dir-ro) at /ro holding data.txt and sub/: everything that
// reads works, everything that would change the file system is EPERM (as in wasmtime);
// writing to a file opened for reading is EBADF, as POSIX has it.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures, checks;
#define CHECK(cond) do { checks++; if (!(cond)) { failures++; printf("FAIL %d: %s (errno %d)\n", __LINE__, #cond, errno); } } while (0)
#define ERR(expr, code) do { errno = 0; long r_ = (long)(expr); checks++; if (r_ >= 0 || errno != (code)) { failures++; printf("FAIL %d: %s = %ld errno %d, want %s\n", __LINE__, #expr, r_, errno, #code); } } while (0)

int main(void) {
    char buf[64] = {0};
    int fd = open("/ro/data.txt", O_RDONLY);
    CHECK(fd >= 0 && read(fd, buf, sizeof buf) == 5 && strcmp(buf, "data\n") == 0);
    ERR(write(fd, "x", 1), EBADF);
    ERR(ftruncate(fd, 0), EPERM);
    close(fd);
    struct stat st;
    CHECK(stat("/ro/sub", &st) == 0 && S_ISDIR(st.st_mode));
    ERR(open("/ro/data.txt", O_WRONLY), EPERM);
    ERR(open("/ro/data.txt", O_RDWR), EPERM);
    ERR(open("/ro/data.txt", O_RDONLY | O_TRUNC), EPERM);
    ERR(open("/ro/new.txt", O_CREAT | O_WRONLY, 0644), EPERM);
    ERR(mkdir("/ro/newdir", 0755), EPERM);
    ERR(rmdir("/ro/sub"), EPERM);
    ERR(unlink("/ro/data.txt"), EPERM);
    ERR(rename("/ro/data.txt", "/ro/moved.txt"), EPERM);
    ERR(link("/ro/data.txt", "/ro/hard.txt"), EPERM);
    ERR(symlink("data.txt", "/ro/sym"), EPERM);
    struct timespec t[2] = {{1, 0}, {1, 0}};
    ERR(utimensat(AT_FDCWD, "/ro/data.txt", t, 0), EPERM);
    // A directory opened below it inherits no write rights either.
    int dir = open("/ro/sub", O_RDONLY | O_DIRECTORY);
    CHECK(dir >= 0);
    __wasi_fd_t out;
    CHECK(__wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &out) == __WASI_ERRNO_PERM);
    CHECK(__wasi_path_create_directory(dir, "d") == __WASI_ERRNO_PERM);
#ifndef DIFFERENTIAL  // wasmtime reports every right; Pinion reports the ones it grants
    __wasi_fdstat_t fs;
    CHECK(__wasi_fd_fdstat_get(3, &fs) == 0 && (fs.fs_rights_base & __WASI_RIGHTS_PATH_CREATE_FILE) == 0);
    CHECK(__wasi_fd_fdstat_get(dir, &fs) == 0 && (fs.fs_rights_base & __WASI_RIGHTS_PATH_CREATE_DIRECTORY) == 0);
#endif
    printf("%d checks, %d failed\n", checks, failures);
    return failures != 0;
}
