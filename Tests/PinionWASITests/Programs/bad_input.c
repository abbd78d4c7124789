// Bad input to every kind of call: pointers outside memory (EFAULT), fds that are not
// open (EBADF), the wrong kind of fd, bad flags and enums (EINVAL), missing rights
// (ENOTCAPABLE). fd 3 is a writable preopen /bd. Never a host crash.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static int failures, checks;
#define WERR(expr, code) do { __wasi_errno_t e_ = (expr); checks++; if (e_ != (code)) { failures++; printf("FAIL %d: %s = %d, want %s\n", __LINE__, #expr, e_, #code); } } while (0)
// proc_raise is deprecated; wasi-libc no longer declares it.
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
uint16_t wasi_proc_raise(uint32_t signal);

// The raw imports, taking (pointer, length) for paths: wasi-libc's wrappers would run
// strlen on a bad pointer in the guest and trap before WASI sees it.
#define RAW(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
RAW(path_open) uint16_t raw_path_open(uint32_t fd, uint32_t dirflags, const char *path, uint32_t len, uint32_t oflags, uint64_t base, uint64_t inheriting, uint32_t fdflags, uint32_t *out);
RAW(path_create_directory) uint16_t raw_path_create_directory(uint32_t fd, const char *path, uint32_t len);
RAW(path_symlink) uint16_t raw_path_symlink(const char *old, uint32_t oldlen, uint32_t fd, const char *path, uint32_t len);

#define FAULT __WASI_ERRNO_FAULT
#define BADF __WASI_ERRNO_BADF
#define INVAL __WASI_ERRNO_INVAL
// An address past the end of memory (wasm32 pointers are 32-bit).
#define FAR ((void *)0xFFFFFFF0u)
#define FARSTR ((const char *)0xFFFFFFF0u)

int main(void) {
    static uint8_t buf[256];
    __wasi_size_t size;
    __wasi_fd_t fd;
    __wasi_filestat_t st;
    __wasi_fdstat_t fs;
    __wasi_filesize_t pos;
    __wasi_iovec_t iov = {buf, 4};
    __wasi_ciovec_t ciov = {buf, 4};
    __wasi_iovec_t far_iov = {FAR, 100};

    // Pointers outside memory: EFAULT, and the call does nothing.
    WERR(__wasi_args_sizes_get(FAR, &size), FAULT);
    WERR(__wasi_args_get(FAR, FAR), FAULT);
    WERR(__wasi_environ_sizes_get(&size, FAR), FAULT);
    WERR(__wasi_environ_get(FAR, (uint8_t *)buf), FAULT);
    WERR(__wasi_clock_res_get(0, FAR), FAULT);
    WERR(__wasi_clock_time_get(0, 0, FAR), FAULT);
    WERR(__wasi_fd_fdstat_get(1, FAR), FAULT);
    WERR(__wasi_fd_filestat_get(3, FAR), FAULT);
    WERR(__wasi_fd_prestat_get(3, FAR), FAULT);
    WERR(__wasi_fd_prestat_dir_name(3, FAR, 8), FAULT);
    WERR(__wasi_fd_read(0, FAR, 1, &size), FAULT);
    WERR(__wasi_fd_read(0, &far_iov, 1, &size), FAULT);
    WERR(__wasi_fd_read(0, &iov, 1, FAR), FAULT);
    WERR(__wasi_fd_write(1, (const __wasi_ciovec_t *)&far_iov, 1, &size), FAULT);
    WERR(__wasi_fd_write(1, &ciov, 0x10000000, &size), FAULT);   // iovec array runs off the end
    WERR(__wasi_fd_write(1, &ciov, 0xFFFFFFFF, &size), FAULT);
    __wasi_fd_t ff;  // a file: on a directory these are EBADF before anything else
    WERR(__wasi_path_open(3, 0, "far.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, 0, &ff), 0);
    WERR(__wasi_fd_pread(ff, FAR, 1, 0, &size), FAULT);
    WERR(__wasi_fd_pwrite(ff, FAR, 1, 0, &size), FAULT);
    WERR(__wasi_fd_seek(ff, 0, __WASI_WHENCE_CUR, FAR), FAULT);
    WERR(__wasi_fd_tell(ff, FAR), FAULT);
    WERR(__wasi_fd_advise(ff, 0, 0, 9), INVAL);
    WERR(__wasi_fd_close(ff), 0);
    WERR(__wasi_path_unlink_file(3, "far.txt"), 0);
    WERR(__wasi_fd_readdir(3, FAR, 100, 0, &size), FAULT);
    WERR(__wasi_fd_readdir(3, buf, sizeof buf, 0, FAR), FAULT);
    WERR(raw_path_open(3, 0, FARSTR, 4, 0, 0, 0, 0, &fd), FAULT);
    WERR(__wasi_path_open(3, 0, "new-file", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, FAR), FAULT);
    WERR(__wasi_path_filestat_get(3, 0, ".", FAR), FAULT);
    WERR(raw_path_create_directory(3, FARSTR, 100), FAULT);
    WERR(__wasi_path_readlink(3, "x", FAR, 10, &size), FAULT);
    WERR(raw_path_open(3, 0, (const char *)buf, 0x7FFFFFFF, 0, 0, 0, 0, &fd), FAULT);
    WERR(raw_path_create_directory(3, "ok", 0xFFFFFFFF), FAULT);
    WERR(raw_path_symlink(FARSTR, 2, 3, "s", 1), FAULT);
    WERR(__wasi_random_get(FAR, 100), FAULT);
    WERR(__wasi_poll_oneoff(FAR, (__wasi_event_t *)buf, 1, &size), FAULT);
    WERR(__wasi_poll_oneoff((const __wasi_subscription_t *)buf, (__wasi_event_t *)buf, 0x10000000, &size), FAULT);
    WERR(__wasi_sock_recv(0, &iov, 1, 0, FAR, (__wasi_roflags_t *)buf), __WASI_ERRNO_NOTSOCK);  // the fd is checked first

    // Descriptors that are not open: EBADF.
    WERR(__wasi_fd_read(42, &iov, 1, &size), BADF);
    WERR(__wasi_fd_write(42, &ciov, 1, &size), BADF);
    WERR(__wasi_fd_close(42), BADF);
    WERR(__wasi_fd_seek(42, 0, 0, &pos), BADF);
    WERR(__wasi_fd_fdstat_get(42, &fs), BADF);
    WERR(__wasi_fd_filestat_get(-1, &st), BADF);
    WERR(__wasi_fd_sync(42), BADF);
    WERR(__wasi_fd_readdir(42, buf, sizeof buf, 0, &size), BADF);
    WERR(__wasi_path_open(42, 0, "x", 0, 0, 0, 0, &fd), BADF);
    WERR(__wasi_path_create_directory(42, "x"), BADF);
    WERR(__wasi_fd_renumber(42, 1), BADF);
    WERR(__wasi_sock_shutdown(42, __WASI_SDFLAGS_WR), BADF);

    // Wrong kind of descriptor.
    WERR(__wasi_path_open(1, 0, "x", 0, 0, 0, 0, &fd), __WASI_ERRNO_NOTDIR);
    WERR(__wasi_fd_readdir(1, buf, sizeof buf, 0, &size), BADF);  // as in wasmtime
    WERR(__wasi_fd_seek(3, 0, __WASI_WHENCE_SET, &pos), BADF);    // a directory: as in wasmtime
    WERR(__wasi_fd_read(3, &iov, 1, &size), BADF);
    WERR(__wasi_sock_shutdown(1, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
    WERR(__wasi_sock_send(1, &ciov, 1, 0, &size), __WASI_ERRNO_NOTSOCK);
    WERR(__wasi_sock_accept(3, 0, &fd), __WASI_ERRNO_NOTSOCK);
    WERR(__wasi_fd_seek(1, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_SPIPE);

    // Bad flags and enums: EINVAL.
    WERR(__wasi_path_open(3, 0, "x", 0x10, 0, 0, 0, &fd), INVAL);
    WERR(__wasi_path_open(3, 0, "x", 0, 0, 0, 0x20, &fd), INVAL);
    WERR(__wasi_path_open(3, 0x2, "x", 0, 0, 0, 0, &fd), INVAL);
    WERR(__wasi_path_filestat_get(3, 0x100, ".", &st), INVAL);
    WERR(__wasi_fd_seek(3, 0, 3, &pos), INVAL);
    WERR(__wasi_fd_fdstat_set_flags(1, 0x40), INVAL);
    WERR(__wasi_fd_filestat_set_times(3, 0, 0, 0x10), INVAL);
    WERR(__wasi_fd_filestat_set_times(3, 0, 0, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW), INVAL);
    WERR(__wasi_clock_time_get(99, 0, (__wasi_timestamp_t *)buf), INVAL);
    WERR(__wasi_clock_res_get(99, (__wasi_timestamp_t *)buf), INVAL);
    WERR(__wasi_sock_shutdown(0, 0), __WASI_ERRNO_NOTSOCK);   // fd checked before how
    WERR(__wasi_path_open(3, 0, "", 0, 0, 0, 0, &fd), __WASI_ERRNO_NOENT);
    WERR(raw_path_open(3, 0, "a\0b", 3, 0, 0, 0, 0, &fd), INVAL);
    WERR(wasi_proc_raise(15), __WASI_ERRNO_NOSYS);
    WERR(wasi_proc_raise(200), INVAL);

    // Rights: the requested ones pick the access mode (a file has the rights of its kind,
    // as in wasmtime); rights dropped with fd_fdstat_set_rights are gone for good.
    __wasi_fd_t file;
    WERR(__wasi_path_open(3, 0, "r.txt", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS, 0, 0, &file), 0);
    WERR(__wasi_fd_write(file, &ciov, 1, &size), 0);
    WERR(__wasi_fd_seek(file, 0, __WASI_WHENCE_SET, &pos), 0);
    WERR(__wasi_fd_filestat_get(file, &st), 0);
    WERR(__wasi_fd_sync(file), 0);
    WERR(__wasi_fd_fdstat_set_rights(file, __WASI_RIGHTS_FD_READ, 0), 0);
    WERR(__wasi_fd_write(file, &ciov, 1, &size), __WASI_ERRNO_NOTCAPABLE);
    WERR(__wasi_fd_seek(file, 0, __WASI_WHENCE_SET, &pos), __WASI_ERRNO_NOTCAPABLE);
    WERR(__wasi_fd_fdstat_set_flags(file, __WASI_FDFLAGS_APPEND), __WASI_ERRNO_NOTCAPABLE);
    WERR(__wasi_fd_fdstat_set_rights(file, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0), __WASI_ERRNO_NOTCAPABLE);
    WERR(__wasi_fd_fdstat_get(file, &fs), 0);
    WERR(fs.fs_rights_base == __WASI_RIGHTS_FD_READ ? 0 : 1, 0);
    WERR(__wasi_fd_close(file), 0);
    WERR(__wasi_path_create_directory(3, "d"), 0);
    WERR(__wasi_path_open(3, 0, "d", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, __WASI_RIGHTS_FD_READ, 0, &fd), 0);
    WERR(__wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN, __WASI_RIGHTS_FD_READ), 0);
    WERR(__wasi_path_open(fd, 0, "f", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, 0, &fd), __WASI_ERRNO_NOTCAPABLE);  // no path_create_file
    WERR(__wasi_path_create_directory(fd, "sub"), __WASI_ERRNO_NOTCAPABLE);
    WERR(__wasi_fd_fdstat_set_rights(3, __WASI_RIGHTS_PATH_OPEN, __WASI_RIGHTS_FD_READ), 0);
    WERR(__wasi_path_open(3, 0, "d", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &fd), __WASI_ERRNO_NOTCAPABLE);  // dropped from inheriting
    WERR(__wasi_path_unlink_file(3, "d"), __WASI_ERRNO_NOTCAPABLE);

    printf("%d checks, %d failed\n", checks, failures);
    return failures != 0;
}
