// PinionWASI: translating the host's errno (glibc/musl numbering) to WASI's.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension WASIErrno {
    /// The WASI error for a host `errno` value. Host errors WASI has no name for
    /// become `io`. (EWOULDBLOCK = EAGAIN and EOPNOTSUPP = ENOTSUP on Linux.)
    public init(hostErrno code: Int32) {
        switch code {
        case 0: self = .success
        case E2BIG: self = .tooBig
        case EACCES: self = .acces
        case EADDRINUSE: self = .addrInUse
        case EADDRNOTAVAIL: self = .addrNotAvail
        case EAFNOSUPPORT: self = .afNoSupport
        case EAGAIN: self = .again
        case EALREADY: self = .already
        case EBADF: self = .badf
        case EBADMSG: self = .badMsg
        case EBUSY: self = .busy
        case ECANCELED: self = .canceled
        case ECHILD: self = .child
        case ECONNABORTED: self = .connAborted
        case ECONNREFUSED: self = .connRefused
        case ECONNRESET: self = .connReset
        case EDEADLK: self = .deadlk
        case EDESTADDRREQ: self = .destAddrReq
        case EDOM: self = .dom
        case EDQUOT: self = .dquot
        case EEXIST: self = .exist
        case EFAULT: self = .fault
        case EFBIG: self = .fbig
        case EHOSTUNREACH: self = .hostUnreach
        case EIDRM: self = .idrm
        case EILSEQ: self = .ilseq
        case EINPROGRESS: self = .inProgress
        case EINTR: self = .intr
        case EINVAL: self = .inval
        case EIO: self = .io
        case EISCONN: self = .isConn
        case EISDIR: self = .isDir
        case ELOOP: self = .loop
        case EMFILE: self = .mfile
        case EMLINK: self = .mlink
        case EMSGSIZE: self = .msgSize
        case EMULTIHOP: self = .multihop
        case ENAMETOOLONG: self = .nameTooLong
        case ENETDOWN: self = .netDown
        case ENETRESET: self = .netReset
        case ENETUNREACH: self = .netUnreach
        case ENFILE: self = .nfile
        case ENOBUFS: self = .noBufs
        case ENODEV: self = .noDev
        case ENOENT: self = .noEnt
        case ENOEXEC: self = .noExec
        case ENOLCK: self = .noLck
        case ENOLINK: self = .noLink
        case ENOMEM: self = .noMem
        case ENOMSG: self = .noMsg
        case ENOPROTOOPT: self = .noProtoOpt
        case ENOSPC: self = .noSpc
        case ENOSYS: self = .noSys
        case ENOTCONN: self = .notConn
        case ENOTDIR: self = .notDir
        case ENOTEMPTY: self = .notEmpty
        case ENOTRECOVERABLE: self = .notRecoverable
        case ENOTSOCK: self = .notSock
        case ENOTSUP: self = .notSup
        case ENOTTY: self = .notTTY
        case ENXIO: self = .nxio
        case EOVERFLOW: self = .overflow
        case EOWNERDEAD: self = .ownerDead
        case EPERM: self = .perm
        case EPIPE: self = .pipe
        case EPROTO: self = .proto
        case EPROTONOSUPPORT: self = .protoNoSupport
        case EPROTOTYPE: self = .protoType
        case ERANGE: self = .range
        case EROFS: self = .rofs
        case ESPIPE: self = .spipe
        case ESRCH: self = .srch
        case ESTALE: self = .stale
        case ETIMEDOUT: self = .timedout
        case ETXTBSY: self = .txtBsy
        case EXDEV: self = .xdev
        default: self = .io
        }
    }

    /// The WASI error for the calling thread's current host `errno`.
    static var lastHostError: WASIErrno { WASIErrno(hostErrno: errno) }
}
