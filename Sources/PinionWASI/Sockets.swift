// PinionWASI: sock_accept, sock_recv, sock_send, sock_shutdown. Preview1 cannot create
// or bind sockets; these work on sockets the embedder hands in (e.g. as stdin, the way
// inetd and systemd socket activation do). Other descriptors are ENOTSOCK.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PinionBinary

extension WASI {
    static var socketFunctions: [WASIFunction] {
        [
            WASIFunction("sock_accept", [.i32, .i32, .i32], { $0.sockAccept }),
            WASIFunction("sock_recv", [.i32, .i32, .i32, .i32, .i32, .i32], { $0.sockRecv }),
            WASIFunction("sock_send", [.i32, .i32, .i32, .i32, .i32], { $0.sockSend }),
            WASIFunction("sock_shutdown", [.i32, .i32], { $0.sockShutdown }),
        ]
    }

    /// The socket descriptor `fd` with `rights`; ENOTSOCK for anything else.
    private func socket(_ fd: UInt32, requiring rights: UInt64) throws(WASIError) -> Descriptor {
        let d = try descriptors.get(fd)
        guard d.filetype == .socketStream || d.filetype == .socketDgram else { throw .errno(.notSock) }
        try d.require(rights)
        return d
    }

    /// sock_accept(fd, flags: fdflags) -> fd. Only nonblock may be asked for. Waits for
    /// a connection like a blocking read.
    func sockAccept(_ call: WASICall) throws(WASIError) {
        let listener = try socket(call.i32(0), requiring: WASIRights.sockAccept)
        let flags = call.i32(1)
        guard flags & ~UInt32(WASIFdflags.nonblock) == 0 else { throw .errno(.inval) }
        let memory = try call.memory()
        try memory.check(UInt32.self, at: call.i32(2))
        let fd = try blockingIO(listener, events: Int16(POLLIN), call) { Int(accept(listener.hostFD, nil, nil)) }
        _ = fcntl(Int32(fd), F_SETFD, FD_CLOEXEC)
        // Pinion's own: kept nonblocking on the host, blocking as the guest asked (see blockingIO).
        _ = fcntl(Int32(fd), F_SETFL, fcntl(Int32(fd), F_GETFL) | O_NONBLOCK)
        let connection = Descriptor(hostFD: Int32(fd), isStdio: false, filetype: .socketStream,
                                    rightsBase: listener.rightsInheriting & ~WASIRights.sockAccept,
                                    rightsInheriting: listener.rightsInheriting,
                                    hostAlwaysNonblocking: true, nonblocking: flags != 0)
        let guestFD: UInt32
        do throws(WASIError) { guestFD = try descriptors.insert(connection) } catch { close(Int32(fd)); throw error }
        try memory.store(guestFD, at: call.i32(2))
    }

    // The iovec array must stay put during the host call. 6.0's stdlib
    // `withUnsafeMutableBufferPointer` rethrows only untyped errors, so the typed
    // WASIError travels out of it inside a Result.

    /// sock_recv(fd, ri_data: iovec_array, ri_flags) -> (size, roflags). riflags: peek
    /// 1, waitall 2; roflags: 1 when a datagram was cut short.
    func sockRecv(_ call: WASICall) throws(WASIError) {
        let descriptor = try socket(call.i32(0), requiring: WASIRights.fdRead)
        let memory = try call.memory()
        let riFlags = call.i32(3)
        guard riFlags & ~UInt32(3) == 0 else { throw .errno(.inval) }
        try memory.check(UInt32.self, at: call.i32(4))
        try memory.check(UInt16.self, at: call.i32(5))
        var vectors = try hostVectors(memory, at: call.i32(1), count: call.i32(2))
        var hostFlags: Int32 = 0
        if riFlags & 1 != 0 { hostFlags |= Int32(MSG_PEEK_FLAG) }
        if riFlags & 2 != 0 { hostFlags |= Int32(MSG_WAITALL_FLAG) }
        var message = msghdr()
        let n = try vectors.withUnsafeMutableBufferPointer { v in
            message.msg_iov = v.baseAddress
            message.msg_iovlen = v.count
            return Result { () throws(WASIError) in
                try blockingIO(descriptor, events: Int16(POLLIN), call) { recvmsg(descriptor.hostFD, &message, hostFlags) }
            }
        }.get()
        try memory.store(UInt32(truncatingIfNeeded: n), at: call.i32(4))
        try memory.store(UInt16(message.msg_flags & Int32(MSG_TRUNC_FLAG) != 0 ? 1 : 0), at: call.i32(5))
    }

    /// sock_send(fd, si_data: ciovec_array, si_flags) -> size. No siflags are defined.
    func sockSend(_ call: WASICall) throws(WASIError) {
        let descriptor = try socket(call.i32(0), requiring: WASIRights.fdWrite)
        let memory = try call.memory()
        guard call.i32(3) == 0 else { throw .errno(.inval) }
        try memory.check(UInt32.self, at: call.i32(4))
        var vectors = try hostVectors(memory, at: call.i32(1), count: call.i32(2))
        let n = try vectors.withUnsafeMutableBufferPointer { v in
            var message = msghdr()
            message.msg_iov = v.baseAddress
            message.msg_iovlen = v.count
            return Result { () throws(WASIError) in
                try blockingIO(descriptor, events: Int16(POLLOUT), call) { sendmsg(descriptor.hostFD, &message, Int32(MSG_NOSIGNAL_FLAG)) }
            }
        }.get()
        try memory.store(UInt32(truncatingIfNeeded: n), at: call.i32(4))
    }

    /// sock_shutdown(fd, how: sdflags): rd 1, wr 2, or both.
    func sockShutdown(_ call: WASICall) throws(WASIError) {
        let descriptor = try socket(call.i32(0), requiring: WASIRights.sockShutdown)
        let how: Int32
        switch call.i32(1) {
        case 1: how = Int32(SHUT_RD)
        case 2: how = Int32(SHUT_WR)
        case 3: how = Int32(SHUT_RDWR)
        default: throw .errno(.inval)
        }
        guard shutdown(descriptor.hostFD, how) == 0 else { throw .errno(.lastHostError) }
    }
}

private let MSG_PEEK_FLAG = Int32(MSG_PEEK)
private let MSG_WAITALL_FLAG = Int32(MSG_WAITALL)
private let MSG_TRUNC_FLAG = Int32(MSG_TRUNC)
private let MSG_NOSIGNAL_FLAG = Int32(MSG_NOSIGNAL)
