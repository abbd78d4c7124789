// PinionSupervisorTests: a real OpenSSH server for `pinion push` tests: Debian's sshd on
// 127.0.0.1 and a free port, with a temporary host key and an authorized key for the
// current user, and the client configuration (`ssh -F`) that reaches it.
import Foundation
import PinionTestSupport
import XCTest

final class TestSSHServer {
    let directory: String
    let port: UInt16
    /// A port nothing listens on (for unreachable destinations).
    let closedPort: UInt16
    let user: String
    /// The ssh command for PINION_SSH: `ssh -F <config>`.
    var sshCommand: String { "ssh -F \(directory)/ssh_config" }
    private var pid: pid_t = 0

    /// Starts sshd; throws a skip (or a failure under PINION_REQUIRE_TOOLS=1) without it.
    init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            throw Tools.missing("/usr/sbin/sshd (Debian: openssh-server)")
        }
        directory = try Command.temporaryDirectory("sshd")
        port = try Self.freePort()
        closedPort = try Self.freePort()
        user = try Command.run("id", ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for key in ["host", "client"] {
            try Command.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", "\(directory)/\(key)"])
        }
        try FileManager.default.copyItem(atPath: "\(directory)/client.pub", toPath: "\(directory)/authorized_keys")
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory)/host
            AuthorizedKeysFile \(directory)/authorized_keys
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            StrictModes no
            UsePAM no
            PidFile \(directory)/sshd.pid
            """.write(toFile: "\(directory)/sshd_config", atomically: true, encoding: .utf8)
        // "closed" is an alias for a port without a server; every host uses the test key and
        // trusts whatever host key it is shown (a fresh one per run).
        try """
            Host closed
              HostName 127.0.0.1
              Port \(closedPort)
            Host *
              Port \(port)
              IdentityFile \(directory)/client
              IdentitiesOnly yes
              StrictHostKeyChecking no
              UserKnownHostsFile /dev/null
              LogLevel ERROR
            """.write(toFile: "\(directory)/ssh_config", atomically: true, encoding: .utf8)
        // sshd wants its privilege-separation directory.
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        // In the foreground (-D), as this test's own child, stopped in stop(). Spawned
        // directly: Foundation's Process waits on a running child in a way that stalls the
        // exit of every later Process (the pushes) until this one ends.
        let arguments: [String] = ["/usr/sbin/sshd", "-D", "-f", "\(directory)/sshd_config", "-E", "\(directory)/sshd.log"]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let spawned = posix_spawn(&pid, "/usr/sbin/sshd", &actions, nil, argv, environ)
        guard spawned == 0 else { throw WAT.Failure(description: "cannot run sshd: \(String(cString: strerror(spawned)))") }
        // Ready once it has written its pid file (after binding the port).
        var status: Int32 = 0
        for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 {
            if FileManager.default.fileExists(atPath: "\(directory)/sshd.pid") { return }
            usleep(50_000)
        }
        let log = (try? String(contentsOfFile: "\(directory)/sshd.log", encoding: .utf8)) ?? ""
        stop()
        throw WAT.Failure(description: "sshd did not start: \(log)")
    }

    /// Stops this test's sshd (its own child process, by pid) and removes its files.
    func stop() {
        if pid > 0 {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            pid = 0
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WAT.Failure(description: "socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard bound else { throw WAT.Failure(description: "bind failed") }
        return UInt16(bigEndian: address.sin_port)
    }
}
