// Prints, rather than asserts, what a runtime reports about rights and descriptor
// kinds, so a differential test can compare every value with wasmtime's line by line:
// fdstat (filetype, flags, base and inheriting rights) of a writable preopen /rw
// (fd 3) and a read-only one /ro (fd 4), and of files and directories path_open makes
// under each with the rights real programs pass (wasi-libc's, Rust std's, the
// directory's own); then the errno of every fd call on a directory and on a file that
// does not fit its kind. Each preopen holds f.txt ("data") and d/. Stdio is left out:
// Pinion reports the host file's type and every right, wasmtime an unknown stream.
// -DDIFFERENTIAL: below /ro, wasmtime reports the changing rights it then refuses
// (EPERM) and Pinion leaves them out, so there base rights are masked before printing;
// and a directory opened with path_open passes on FD_WRITE, FD_SEEK and
// FD_FILESTAT_SET_SIZE in Pinion (so openat(dir, name, O_RDWR) writes), not in wasmtime.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

#define R(name) __WASI_RIGHTS_##name

/// WASIRights.modifying: what a read-only preopen and everything below it lack.
#define MODIFYING (R(FD_WRITE) | R(FD_ALLOCATE) \
    | R(PATH_CREATE_DIRECTORY) | R(PATH_CREATE_FILE) | R(PATH_LINK_SOURCE) | R(PATH_LINK_TARGET) \
    | R(PATH_RENAME_SOURCE) | R(PATH_RENAME_TARGET) | R(PATH_FILESTAT_SET_SIZE) | R(PATH_FILESTAT_SET_TIMES) \
    | R(FD_FILESTAT_SET_SIZE) | R(FD_FILESTAT_SET_TIMES) | R(PATH_SYMLINK) | R(PATH_REMOVE_DIRECTORY) \
    | R(PATH_UNLINK_FILE))

/// Set while printing descriptors below /ro in a differential build.
static __wasi_rights_t mask = ~(__wasi_rights_t)0;

/// Rust std's OpenOptions::rights_base (library/std/src/sys/wasi/fs.rs): read adds
/// FD_READ | FD_READDIR, write adds the writing rights, and every open asks for the rest.
static __wasi_rights_t rust_base(int read, int write) {
    __wasi_rights_t base = R(FD_ADVISE) | R(FD_FDSTAT_SET_FLAGS) | R(FD_FILESTAT_GET) | R(FD_FILESTAT_SET_TIMES)
        | R(FD_SEEK) | R(FD_SYNC) | R(FD_TELL);
    if (read) base |= R(FD_READ) | R(FD_READDIR);
    if (write) base |= R(FD_WRITE) | R(FD_DATASYNC) | R(FD_ALLOCATE) | R(FD_FILESTAT_SET_SIZE);
    return base;
}

/// The inheriting rights compared with wasmtime's (see the top).
static __wasi_rights_t inheriting_mask(const __wasi_fdstat_t *st) {
#ifdef DIFFERENTIAL
    if (st->fs_filetype == __WASI_FILETYPE_DIRECTORY) return ~(R(FD_WRITE) | R(FD_SEEK) | R(FD_FILESTAT_SET_SIZE));
#endif
    (void)st;
    return ~(__wasi_rights_t)0;
}

static void show(const char *label, __wasi_fd_t fd) {
    __wasi_fdstat_t st;
    __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
    if (e != 0) { printf("%s: fdstat errno %d\n", label, e); return; }
    printf("%s: type %d flags %d base 0x%llx inheriting 0x%llx\n", label, st.fs_filetype, st.fs_flags,
           (unsigned long long)(st.fs_rights_base & mask), (unsigned long long)(st.fs_rights_inheriting & inheriting_mask(&st)));
}

/// path_open below `dir`; prints the errno or the new descriptor's fdstat, and closes it.
static void open_show(const char *label, __wasi_fd_t dir, const char *path, __wasi_oflags_t oflags,
                      __wasi_rights_t base, __wasi_rights_t inheriting, __wasi_fdflags_t fdflags) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, oflags, base, inheriting, fdflags, &fd);
    char full[128];
    snprintf(full, sizeof full, "fd %d %s %s", dir, path, label);
    if (e != 0) { printf("%s: errno %d\n", full, e); return; }
    show(full, fd);
    (void)__wasi_fd_close(fd);
}

/// The errno of every call that depends on what kind of descriptor `fd` is.
static void kinds(const char *label, __wasi_fd_t fd) {
    __wasi_filesize_t pos;
    char buf[8];
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf};
    __wasi_ciovec_t ciov = {(const uint8_t *)"x", 0};
    __wasi_size_t n;
    __wasi_fd_t out;
    uint8_t dirbuf[256];
    printf("%s: seek %d", label, __wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
    printf(" seek-cur %d", __wasi_fd_seek(fd, 0, __WASI_WHENCE_CUR, &pos));
    printf(" tell %d", __wasi_fd_tell(fd, &pos));
    printf(" read %d", __wasi_fd_read(fd, &iov, 1, &n));
    printf(" pread %d", __wasi_fd_pread(fd, &iov, 1, 0, &n));
    printf(" write %d", __wasi_fd_write(fd, &ciov, 1, &n));
    printf(" pwrite %d", __wasi_fd_pwrite(fd, &ciov, 1, 0, &n));
    printf(" readdir %d", __wasi_fd_readdir(fd, dirbuf, sizeof dirbuf, 0, &n));
    printf(" advise %d", __wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_NORMAL));
    printf(" sync %d datasync %d", __wasi_fd_sync(fd), __wasi_fd_datasync(fd));
    printf(" set-flags %d", __wasi_fd_fdstat_set_flags(fd, 0));
    printf(" open %d", __wasi_path_open(fd, 0, "f.txt", 0, R(FD_READ), 0, 0, &out));
    __wasi_filestat_t fst;
    printf(" filestat %d", __wasi_fd_filestat_get(fd, &fst));
    printf("\n");
}

int main(void) {
    for (__wasi_fd_t dir = 3; dir <= 4; dir++) {
        __wasi_fdstat_t st;
        char label[16];
#ifdef DIFFERENTIAL
        if (dir == 4) mask = ~MODIFYING;
#endif
        snprintf(label, sizeof label, "preopen %d", dir);
        show(label, dir);
        if (__wasi_fd_fdstat_get(dir, &st) != 0) continue;
        __wasi_rights_t base = st.fs_rights_base, inheriting = st.fs_rights_inheriting;

        // Files, with the rights wasi-libc's open() passes, Rust std's, and the directory's.
        open_show("libc O_RDONLY", dir, "f.txt", 0, inheriting & ~R(FD_WRITE), inheriting, 0);
        open_show("libc O_RDWR", dir, "f.txt", 0, inheriting, inheriting, 0);
        open_show("rust read", dir, "f.txt", 0, rust_base(1, 0), rust_base(1, 0), 0);
        open_show("rust write", dir, "f.txt", 0, rust_base(0, 1), rust_base(0, 1), 0);
        open_show("rust read+write", dir, "f.txt", 0, rust_base(1, 1), rust_base(1, 1), 0);
        open_show("rust append", dir, "f.txt", 0, rust_base(0, 1), rust_base(0, 1), __WASI_FDFLAGS_APPEND);
        open_show("dir base", dir, "f.txt", 0, base, inheriting, 0);
        open_show("dir inheriting", dir, "f.txt", 0, inheriting, inheriting, 0);
        open_show("read only", dir, "f.txt", 0, R(FD_READ), 0, 0);
        open_show("write only", dir, "f.txt", 0, R(FD_WRITE), 0, 0);
        open_show("no rights", dir, "f.txt", 0, 0, 0, 0);
        open_show("as directory", dir, "f.txt", __WASI_OFLAGS_DIRECTORY, R(FD_READDIR), 0, 0);

        // Directories, opened as wasi-libc's opendir and Rust's read_dir do, and with
        // the preopen's own rights (what a program that copies them passes).
        open_show("libc opendir", dir, "d", __WASI_OFLAGS_DIRECTORY, inheriting & ~R(FD_WRITE), inheriting, 0);
        open_show("rust read_dir", dir, "d", __WASI_OFLAGS_DIRECTORY, rust_base(1, 0), rust_base(1, 0), 0);
        open_show("dir base", dir, "d", __WASI_OFLAGS_DIRECTORY, base, inheriting, 0);
        open_show("dir inheriting", dir, "d", __WASI_OFLAGS_DIRECTORY, inheriting, inheriting, 0);
        open_show("dir base, no O_DIRECTORY", dir, "d", 0, base, inheriting, 0);
        open_show("readdir+seek", dir, "d", __WASI_OFLAGS_DIRECTORY, R(FD_READDIR) | R(FD_SEEK) | R(FD_TELL), 0, 0);
        open_show("read, no O_DIRECTORY", dir, "d", 0, R(FD_READ), 0, 0);
        open_show("write, no O_DIRECTORY", dir, "d", 0, R(FD_WRITE), 0, 0);
        open_show("rust write", dir, "d", __WASI_OFLAGS_DIRECTORY, rust_base(0, 1), rust_base(0, 1), 0);
        open_show(".", dir, ".", __WASI_OFLAGS_DIRECTORY, base, inheriting, 0);

        // Creating, as Rust's File::create does (create + truncate, write rights).
        open_show("rust create", dir, "new.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, rust_base(0, 1), rust_base(0, 1), 0);
        open_show("create, dir inheriting", dir, "new2.txt", __WASI_OFLAGS_CREAT, inheriting, inheriting, 0);

        // What each call does on the directory itself, on a subdirectory and on a file.
        snprintf(label, sizeof label, "kinds %d", dir);
        kinds(label, dir);
        __wasi_fd_t fd;
        if (__wasi_path_open(dir, 0, "d", __WASI_OFLAGS_DIRECTORY, rust_base(1, 0), rust_base(1, 0), 0, &fd) == 0) {
            kinds("  subdirectory", fd);
            (void)__wasi_fd_close(fd);
        }
        if (__wasi_path_open(dir, 0, "f.txt", 0, rust_base(1, 0), 0, 0, &fd) == 0) {
            kinds("  file (read)", fd);
            (void)__wasi_fd_close(fd);
        }
#ifndef DIFFERENTIAL
        // wasi-libc's openat(dir, name, O_RDWR) below an opened directory: writable in
        // Pinion, read-only in wasmtime (its directories pass on no FD_WRITE).
        if (__wasi_path_open(dir, 0, "d", __WASI_OFLAGS_DIRECTORY, rust_base(1, 0), st.fs_rights_inheriting, 0, &fd) == 0) {
            __wasi_fdstat_t sub;
            __wasi_fd_t g;
            if (__wasi_path_open(fd, 0, "g.txt", __WASI_OFLAGS_CREAT, R(FD_READ), 0, 0, &g) == 0) (void)__wasi_fd_close(g);
            if (__wasi_fd_fdstat_get(fd, &sub) == 0) {
                open_show("libc O_RDWR", fd, "g.txt", 0, sub.fs_rights_inheriting, sub.fs_rights_inheriting, 0);
            }
            (void)__wasi_fd_close(fd);
        }
#endif
    }
    return 0;
}
