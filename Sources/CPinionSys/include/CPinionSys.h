// CPinionSys: the Linux system calls Swift cannot reach directly, for PinionWASI's
// sandboxed path resolution. (syscall(2) is variadic, which Swift does not import.)
#ifndef CPINIONSYS_H
#define CPINIONSYS_H

#include <stdint.h>

/// openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS: opens `path` relative to
/// `dirfd`, failing with EXDEV if resolution would leave `dirfd` (through "..", an
/// absolute path or a symlink). Returns the new fd, or -1 with errno set; errno is
/// ENOSYS when the kernel predates openat2 (Linux < 5.6).
int pinion_openat2_beneath(int dirfd, const char *path, uint64_t flags, uint64_t mode);

/// Constants glibc only defines under _GNU_SOURCE or that Swift does not import:
/// O_PATH, and the special utimensat nanosecond values UTIME_NOW and UTIME_OMIT.
extern const int pinion_O_PATH;
extern const long pinion_UTIME_NOW;
extern const long pinion_UTIME_OMIT;

#endif
