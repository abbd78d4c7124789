// PinionWASITests: sock_recv, sock_send, sock_shutdown and sock_accept on sockets handed
// to the program as stdin (preview1 numbers only stdio and preopens): a connected
// socketpair, and a listening TCP socket the test connects to.
import Foundation
import PinionWASI
import XCTest

final class SocketTests: XCTestCase {
    /// The peer: sends "ping", reads the 4-byte answer, then closes.
    private static func playPeer(_ fd: Int32) {
        _ = "ping".withCString { write(fd, $0, 4) }
        var buffer = [UInt8](repeating: 0, count: 4)
        var got = 0
        while got < 4 {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, 4 - got) }
            if n <= 0 { break }
            got += n
        }
        close(fd)
    }

    func testConnectedSocket() throws {
        var pair: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair), 0)
        defer { close(pair[0]) }
        let peer = pair[1]
        Thread { SocketTests.playPeer(peer) }.start()
        let result = try Harness.runPinion(try Harness.compile("sockets"), arguments: ["sockets", "pair"], stdinFD: pair[0])
        XCTAssertEqual(result.stderr, "15 checks, 0 failed\n")
        XCTAssertEqual(result.exitCode, 0)
    }

    func testAcceptOnAListeningSocket() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                bind(listener, a, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, a, &length) == 0
            }
        }
        guard bound else { throw XCTSkip("no loopback TCP here") }
        let target = address
        Thread {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var to = target
            _ = withUnsafePointer(to: &to) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            SocketTests.playPeer(client)
        }.start()
        let result = try Harness.runPinion(try Harness.compile("sockets"), arguments: ["sockets", "listen"], stdinFD: listener)
        XCTAssertEqual(result.stderr, "20 checks, 0 failed\n")
        XCTAssertEqual(result.exitCode, 0)
    }
}
