// Every file system call on a preopen named /sandbox (an empty host directory), with
// assertions on results. -DDIFFERENTIAL leaves out the checks where wasmtime differs on
// purpose (it traps on invalid enum values).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures, checks;
#define CHECK(cond) do { checks++; if (!(cond)) { failures++; printf("FAIL %d: %s (errno %d %s)\n", __LINE__, #cond, errno, strerror(errno)); } } while (0)
#define OK(expr) do { errno = 0; CHECK((expr) >= 0); } while (0)
#define ERR(expr, code) do { errno = 0; long r_ = (long)(expr); checks++; if (r_ >= 0 || errno != (code)) { failures++; printf("FAIL %d: %s = %ld errno %d (%s), want %s\n", __LINE__, #expr, r_, errno, strerror(errno), #code); } } while (0)
#define WERR(expr, code) do { __wasi_errno_t e_ = (expr); checks++; if (e_ != (code)) { failures++; printf("FAIL %d: %s = %d, want %s\n", __LINE__, #expr, e_, #code); } } while (0)

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    CHECK(close(fd) == 0);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    // Preopens: fd 3 is the sandbox directory, named "/sandbox".
    __wasi_prestat_t pre;
    WERR(__wasi_fd_prestat_get(3, &pre), 0);
    CHECK(pre.tag == __WASI_PREOPENTYPE_DIR && pre.u.dir.pr_name_len == 8);
    char name[16] = {0};
    WERR(__wasi_fd_prestat_dir_name(3, (uint8_t *)name, 8), 0);
    CHECK(strcmp(name, "/sandbox") == 0);
    WERR(__wasi_fd_prestat_get(0, &pre), __WASI_ERRNO_BADF);
    WERR(__wasi_fd_prestat_get(99, &pre), __WASI_ERRNO_BADF);
    CHECK(chdir("/sandbox") == 0);

    // Create, write, read, seek, tell.
    write_file("a.txt", "hello, file\n");
    int fd = open("a.txt", O_RDWR);
    CHECK(fd >= 0);
    char buf[256] = {0};
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 5);
    CHECK(lseek(fd, -4, SEEK_END) == 8);
    CHECK(read(fd, buf, 10) == 4 && memcmp(buf, "ile\n", 4) == 0);
    CHECK(read(fd, buf, 10) == 0);
    ERR(lseek(fd, -100, SEEK_SET), EINVAL);
    __wasi_filesize_t pos;
#ifndef DIFFERENTIAL  // wasmtime traps on an invalid whence; Pinion returns EINVAL
    WERR(__wasi_fd_seek(fd, 0, 7, &pos), __WASI_ERRNO_INVAL);
#endif
    WERR(__wasi_fd_tell(fd, &pos), 0);
    CHECK(pos == 12);

    // pread/pwrite leave the position alone; writing past the end leaves a hole.
    CHECK(lseek(fd, 2, SEEK_SET) == 2);
    CHECK(pwrite(fd, "XY", 2, 100) == 2);
    CHECK(pread(fd, buf, 5, 0) == 5 && memcmp(buf, "hello", 5) == 0);
    CHECK(pread(fd, buf, 10, 99) == 3 && buf[0] == 0 && buf[1] == 'X' && buf[2] == 'Y');
    CHECK(lseek(fd, 0, SEEK_CUR) == 2);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 102 && S_ISREG(st.st_mode) && st.st_nlink == 1);

    // Size, times, sync, advice, allocation.
    CHECK(ftruncate(fd, 5) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 5);
    struct timespec times[2] = {{1000000000, 123456789}, {1200000000, 5}};
    CHECK(futimens(fd, times) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 5);
    CHECK(st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789);
    WERR(__wasi_fd_filestat_set_times(fd, 1, 2, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), __WASI_ERRNO_INVAL);
    CHECK(fsync(fd) == 0);
    CHECK(fdatasync(fd) == 0);
    CHECK(posix_fadvise(fd, 0, 5, POSIX_FADV_SEQUENTIAL) == 0);
#ifndef DIFFERENTIAL  // wasmtime traps on an invalid advice; Pinion returns EINVAL
    CHECK(posix_fadvise(fd, 0, 5, 99) == EINVAL);
#endif
    CHECK(close(fd) == 0);
    ERR(close(fd), EBADF);
    ERR(read(fd, buf, 1), EBADF);

    // Open flags.
    ERR(open("a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
    ERR(open("missing.txt", O_RDONLY), ENOENT);
    ERR(open("a.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);
    ERR(open("a.txt/x", O_RDONLY), ENOTDIR);
    ERR(open(".", O_WRONLY), EISDIR);
    fd = open("a.txt", O_WRONLY | O_APPEND);
    CHECK(fd >= 0 && write(fd, "+app", 4) == 4);
    int flags = fcntl(fd, F_GETFL);
    CHECK(flags >= 0 && (flags & O_APPEND) && (flags & O_ACCMODE) == O_WRONLY);
    CHECK(fcntl(fd, F_SETFL, 0) == 0);
    CHECK((fcntl(fd, F_GETFL) & O_APPEND) == 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "J", 1) == 1);
    ERR(read(fd, buf, 1), EBADF);
    close(fd);
    fd = open("a.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, sizeof buf) == 9 && strcmp(buf, "Jello+app") == 0);
    ERR(write(fd, "x", 1), EBADF);
    close(fd);
    fd = open("a.txt", O_WRONLY | O_TRUNC);
    CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
    close(fd);

    // Directories.
    OK(mkdir("d", 0755));
    ERR(mkdir("d", 0755), EEXIST);
    ERR(mkdir("nope/d", 0755), ENOENT);
    write_file("d/inner.txt", "inner");
    ERR(rmdir("d"), ENOTEMPTY);
    ERR(rmdir("a.txt"), ENOTDIR);
    ERR(unlink("d"), EISDIR);
    CHECK(stat("d", &st) == 0 && S_ISDIR(st.st_mode));

    // Listing a directory in small pieces: cookies resume where the last call stopped.
    OK(mkdir("many", 0755));
    for (int i = 0; i < 40; i++) {
        char path[64];
        snprintf(path, sizeof path, "many/file-with-a-longish-name-%02d", i);
        write_file(path, "x");
    }
    fd = open("many", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    char *names[64];
    int count = 0;
    __wasi_dircookie_t cookie = 0;
    for (int round = 0; round < 1000; round++) {
        uint8_t small[60];
        __wasi_size_t used;
        WERR(__wasi_fd_readdir(fd, small, sizeof small, cookie, &used), 0);
        if (used < sizeof(__wasi_dirent_t)) break;
        __wasi_dirent_t ent;
        memcpy(&ent, small, sizeof ent);
        if (sizeof ent + ent.d_namlen > used) {
            // Name cut short: ask again from this entry with a bigger buffer.
            uint8_t big[256];
            WERR(__wasi_fd_readdir(fd, big, sizeof big, cookie, &used), 0);
            memcpy(&ent, big, sizeof ent);
            CHECK(sizeof ent + ent.d_namlen <= used);
            if (count < 64) names[count++] = strndup((char *)big + sizeof ent, ent.d_namlen);
        } else if (count < 64) {
            names[count++] = strndup((char *)small + sizeof ent, ent.d_namlen);
        }
        CHECK(ent.d_next != cookie);
        cookie = ent.d_next;
    }
    close(fd);
    CHECK(count == 42);
    qsort(names, count, sizeof names[0], cmp);
    CHECK(count >= 3 && strcmp(names[0], ".") == 0 && strcmp(names[1], "..") == 0);
    CHECK(count >= 42 && strcmp(names[41], "file-with-a-longish-name-39") == 0);
    DIR *dir = opendir("many");
    int seen = 0;
    struct dirent *entry;
    while (dir && (entry = readdir(dir))) {
        if (entry->d_name[0] != '.') { seen++; CHECK(entry->d_type == DT_REG); }
    }
    CHECK(seen == 40);
    closedir(dir);

    // Rename, link, symlink, readlink, stat through links.
    write_file("r1.txt", "one");
    write_file("r2.txt", "two");
    OK(rename("r1.txt", "r2.txt"));
    ERR(stat("r1.txt", &st), ENOENT);
    fd = open("r2.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    CHECK(read(fd, buf, 10) == 3 && strcmp(buf, "one") == 0);
    close(fd);
    OK(rename("d", "d2"));
    CHECK(stat("d2/inner.txt", &st) == 0 && st.st_size == 5);
    ERR(rename("missing", "x"), ENOENT);
    OK(link("r2.txt", "hard.txt"));
    CHECK(stat("r2.txt", &st) == 0 && st.st_nlink == 2);
    ERR(link("r2.txt", "hard.txt"), EEXIST);
    OK(symlink("r2.txt", "sym"));
    OK(symlink("d2", "dirsym"));
    OK(symlink("no-such-target", "dangling"));
    ssize_t n = readlink("sym", buf, sizeof buf);
    CHECK(n == 6 && memcmp(buf, "r2.txt", 6) == 0);
    CHECK(readlink("sym", buf, 3) == 3 && memcmp(buf, "r2.", 3) == 0);
    ERR(readlink("r2.txt", buf, sizeof buf), EINVAL);
    CHECK(lstat("sym", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat("sym", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3);
    CHECK(stat("dirsym/inner.txt", &st) == 0 && st.st_size == 5);
    ERR(stat("dangling", &st), ENOENT);
    CHECK(lstat("dangling", &st) == 0 && S_ISLNK(st.st_mode));
    fd = open("sym", O_RDONLY);
    CHECK(fd >= 0);
    close(fd);
    ERR(open("sym", O_RDONLY | O_NOFOLLOW), ELOOP);
    fd = open("dangling", O_CREAT | O_WRONLY, 0644);   // creates the target
    CHECK(fd >= 0);
    close(fd);
    CHECK(stat("no-such-target", &st) == 0);
    struct timespec t2[2] = {{1300000000, 0}, {1400000000, 0}};
    CHECK(utimensat(AT_FDCWD, "r2.txt", t2, 0) == 0);
    CHECK(stat("hard.txt", &st) == 0 && st.st_mtim.tv_sec == 1400000000);
    struct timespec t3[2] = {{0, UTIME_OMIT}, {1500000000, 0}};
    CHECK(utimensat(AT_FDCWD, "sym", t3, 0) == 0);
    CHECK(stat("r2.txt", &st) == 0 && st.st_mtim.tv_sec == 1500000000 && st.st_atim.tv_sec == 1300000000);
    OK(unlink("sym"));
    CHECK(stat("r2.txt", &st) == 0);
    OK(unlink("hard.txt"));
    OK(unlink("dirsym"));
    OK(unlink("d2/inner.txt"));
    OK(rmdir("d2"));
    ERR(unlink("d2"), ENOENT);

    // Trailing slashes: a directory is required.
    OK(mkdir("slash/", 0755));
    ERR(open("r2.txt/", O_RDONLY), ENOTDIR);
    ERR(unlink("r2.txt/"), ENOTDIR);
    ERR(rename("r2.txt", "other/"), ENOTDIR);
    OK(rename("slash/", "slash2/"));
    CHECK(access("slash2/..", F_OK) == 0);
#ifndef DIFFERENTIAL  // wasmtime: EINVAL here, though POSIX (and Linux) remove the directory
    OK(rmdir("slash2/"));
#else
    OK(rmdir("slash2"));
#endif

#ifndef DIFFERENTIAL  // wasmtime: fd_allocate is ENOTSUP; Pinion allocates
    fd = open("alloc.bin", O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0 && posix_fallocate(fd, 0, 1000) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 1000);
    close(fd);
    OK(unlink("alloc.bin"));
#endif

    // fd_renumber moves a descriptor onto another.
    int a = open("r2.txt", O_RDONLY), b = open("no-such-target", O_RDONLY);
    CHECK(a >= 0 && b >= 0);
    WERR(__wasi_fd_renumber(a, b), 0);
    memset(buf, 0, sizeof buf);
    CHECK(read(b, buf, 10) == 3 && strcmp(buf, "one") == 0);
    ERR(read(a, buf, 1), EBADF);
    WERR(__wasi_fd_renumber(b, 77), __WASI_ERRNO_BADF);
    WERR(__wasi_fd_renumber(77, b), __WASI_ERRNO_BADF);
    close(b);

    // fdstat of files and directories.
    __wasi_fdstat_t fs;
    fd = open("r2.txt", O_RDONLY);
    WERR(__wasi_fd_fdstat_get(fd, &fs), 0);
    CHECK(fs.fs_filetype == __WASI_FILETYPE_REGULAR_FILE);
    CHECK(fs.fs_rights_base & __WASI_RIGHTS_FD_READ);
    close(fd);
    WERR(__wasi_fd_fdstat_get(3, &fs), 0);
    CHECK(fs.fs_filetype == __WASI_FILETYPE_DIRECTORY);
    __wasi_filestat_t fst;
    WERR(__wasi_path_filestat_get(3, 0, "r2.txt", &fst), 0);
    CHECK(fst.filetype == __WASI_FILETYPE_REGULAR_FILE && fst.size == 3);
    WERR(__wasi_path_filestat_get(3, 0, "", &fst), __WASI_ERRNO_NOENT);

    printf("%d checks, %d failed\n", checks, failures);
    return failures != 0;
}
