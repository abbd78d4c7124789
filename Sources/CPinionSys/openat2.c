// CPinionSys: openat2(2) through syscall(2), with the struct open_how the kernel
// expects; and the _GNU_SOURCE constants Swift cannot see.
#define _GNU_SOURCE
#include "CPinionSys.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef __has_include
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif
#endif

#ifndef RESOLVE_BENEATH
// Older kernel headers: the ABI is fixed (include/uapi/linux/openat2.h).
struct open_how { uint64_t flags; uint64_t mode; uint64_t resolve; };
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH 0x08
#endif

#ifndef SYS_openat2
#define SYS_openat2 437  // the same number on every architecture (unified syscall table)
#endif

int pinion_openat2_beneath(int dirfd, const char *path, uint64_t flags, uint64_t mode) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = flags;
    how.mode = mode;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

const int pinion_O_PATH = O_PATH;
const long pinion_UTIME_NOW = UTIME_NOW;
const long pinion_UTIME_OMIT = UTIME_OMIT;
