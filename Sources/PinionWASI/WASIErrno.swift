// PinionWASI: the WASI errno values (witx `errno`, a u16), returned by every call.

/// A `wasi_snapshot_preview1` error number. `success` (0) means the call worked.
/// The numbering is WASI's own, not the host's: see `WASIErrno.init(hostErrno:)`.
public enum WASIErrno: UInt16, Sendable, Hashable {
    case success = 0, tooBig = 1, acces = 2, addrInUse = 3, addrNotAvail = 4, afNoSupport = 5
    case again = 6, already = 7, badf = 8, badMsg = 9, busy = 10, canceled = 11
    case child = 12, connAborted = 13, connRefused = 14, connReset = 15, deadlk = 16, destAddrReq = 17
    case dom = 18, dquot = 19, exist = 20, fault = 21, fbig = 22, hostUnreach = 23
    case idrm = 24, ilseq = 25, inProgress = 26, intr = 27, inval = 28, io = 29
    case isConn = 30, isDir = 31, loop = 32, mfile = 33, mlink = 34, msgSize = 35
    case multihop = 36, nameTooLong = 37, netDown = 38, netReset = 39, netUnreach = 40, nfile = 41
    case noBufs = 42, noDev = 43, noEnt = 44, noExec = 45, noLck = 46, noLink = 47
    case noMem = 48, noMsg = 49, noProtoOpt = 50, noSpc = 51, noSys = 52, notConn = 53
    case notDir = 54, notEmpty = 55, notRecoverable = 56, notSock = 57, notSup = 58, notTTY = 59
    case nxio = 60, overflow = 61, ownerDead = 62, perm = 63, pipe = 64, proto = 65
    case protoNoSupport = 66, protoType = 67, range = 68, rofs = 69, spipe = 70, srch = 71
    case stale = 72, timedout = 73, txtBsy = 74, xdev = 75, notCapable = 76
}
