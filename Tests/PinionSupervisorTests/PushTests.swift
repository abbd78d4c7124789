// PinionSupervisorTests: `pinion push` through the built executable, into a local spool
// and over ssh to a real sshd: complete entries by rename, name collisions, signatures,
// unreachable devices, and --wait with a verdict written as the daemon would.
import Foundation
import PinionManifest
import PinionSupervisor
import PinionTestSupport
import XCTest

final class PushTests: XCTestCase {
    var dir = ""
    var manifest = ""
    var moduleBytes = Data()

    override func setUpWithError() throws {
        dir = try Command.temporaryDirectory("push")
        try FileManager.default.createDirectory(atPath: dir + "/app", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repositoryRoot + "/examples/hello/hello.wasm", toPath: dir + "/app/hello.wasm")
        moduleBytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/app/hello.wasm"))
        manifest = dir + "/app/hello.toml"
        try writeManifest(sha256: Manifest.sha256([UInt8](moduleBytes)))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    func writeManifest(sha256: String) throws {
        try "name = \"hello\"\nversion = \"1.0.0\"\n[module]\nfile = \"hello.wasm\"\nsha256 = \"\(sha256)\"\n"
            .write(toFile: manifest, atomically: true, encoding: .utf8)
    }

    func push(_ arguments: [String], ssh: String? = nil) throws -> Command.Result {
        try Command.run(try Command.pinionExecutable(), ["push", manifest] + arguments,
                        environment: ssh.map { ["PINION_SSH": $0] } ?? [:])
    }

    /// Asserts `spool/entry` holds exactly the version's files, with their contents.
    func assertEntry(_ spool: String, _ entry: String, signed: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(spool)/\(entry)").sorted()
        XCTAssertEqual(names, ["hello.wasm", "manifest.toml"] + (signed ? ["manifest.toml.sig"] : []), file: file, line: line)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(spool)/\(entry)/hello.wasm")), moduleBytes, file: file, line: line)
        XCTAssertEqual(try String(contentsOfFile: "\(spool)/\(entry)/manifest.toml", encoding: .utf8),
                       try String(contentsOfFile: manifest, encoding: .utf8), file: file, line: line)
    }

    /// The spool's names, asserting nothing temporary is left.
    func spoolNames(_ spool: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spool).sorted()
        XCTAssertFalse(names.contains { $0.hasPrefix(".") || $0.hasSuffix(".tmp") }, "left behind: \(names)", file: file, line: line)
        return names
    }

    /// Plays the daemon: once `spool/entry` appears, writes its verdict file atomically.
    func answer(_ spool: String, entry: String, verdict: String, reason: String? = nil) {
        let json = "{\"entry\":\"\(entry)\",\"name\":\"hello\",\"version\":\"1.0.0\",\"verdict\":\"\(verdict)\""
            + (reason.map { ",\"reason\":\"\($0)\"" } ?? "") + "}\n"
        DispatchQueue.global().async {
            for _ in 0..<200 {
                if FileManager.default.fileExists(atPath: "\(spool)/\(entry)/manifest.toml") {
                    try? FileManager.default.createDirectory(atPath: "\(spool)/verdicts", withIntermediateDirectories: true)
                    try? json.write(toFile: "\(spool)/verdicts/\(entry).json", atomically: true, encoding: .utf8)
                    return
                }
                usleep(50_000)
            }
        }
    }

    // MARK: local spool

    func testALocalPushAppearsCompleteAndASecondOneGetsTheNextName() throws {
        let spool = dir + "/spool"
        var r = try push(["--to", spool])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "\(spool): delivered as hello-1.0.0\n")
        XCTAssert(r.stderr.contains("pushing hello 1.0.0 (unsigned) to 1 destination"), r.stderr)
        try assertEntry(spool, "hello-1.0.0")
        r = try push(["--to", spool, "--to", spool])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try spoolNames(spool), ["hello-1.0.0", "hello-1.0.0.2", "hello-1.0.0.3"])
        try assertEntry(spool, "hello-1.0.0.2")
        try assertEntry(spool, "hello-1.0.0.3")
    }

    func testAnOldVerdictMakesTheNameTaken() throws {
        let spool = dir + "/spool"
        try FileManager.default.createDirectory(atPath: spool + "/verdicts", withIntermediateDirectories: true)
        try "{\"verdict\":\"running\"}".write(toFile: spool + "/verdicts/hello-1.0.0.json", atomically: true, encoding: .utf8)
        let r = try push(["--to", spool])
        XCTAssertEqual(r.stdout, "\(spool): delivered as hello-1.0.0.2\n", r.stderr)
    }

    func testSignSignsTheManifestAndTheSignatureTravels() throws {
        guard Tools.find("ssh-keygen") != nil else { throw Tools.missing("ssh-keygen (Debian: openssh-client)") }
        try Command.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", dir + "/key"])
        let spool = dir + "/spool"
        let r = try push(["--sign", dir + "/key", "--to", spool])
        XCTAssertEqual(r.status, 0, r.stderr)
        try assertEntry(spool, "hello-1.0.0", signed: true)
        let keys = try TrustedKeys(contentsOf: dir + "/key.pub")
        let fingerprint = try keys.verify(armoredSignature: String(contentsOfFile: spool + "/hello-1.0.0/manifest.toml.sig", encoding: .utf8),
                                          message: Array(try Data(contentsOf: URL(fileURLWithPath: spool + "/hello-1.0.0/manifest.toml"))),
                                          namespace: "pinion")
        XCTAssert(r.stderr.contains("signed by \(fingerprint)"), r.stderr)
        XCTAssert(FileManager.default.fileExists(atPath: manifest + ".sig"), "--sign leaves MANIFEST.sig for later pushes")

        // A manifest changed after signing: refused before anything is sent.
        try (try String(contentsOfFile: manifest, encoding: .utf8) + "# edited\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let stale = try push(["--to", dir + "/spool2"])
        XCTAssertEqual(stale.status, 2)
        XCTAssert(stale.stderr.contains("hello.toml.sig: bad signature"), stale.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/spool2"))
    }

    func testABadManifestOrModuleSendsNothing() throws {
        try writeManifest(sha256: String(repeating: "0", count: 64))
        var r = try push(["--to", dir + "/spool"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("module.sha256"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/spool"))
        r = try push([])
        XCTAssertEqual(r.status, 64, "no --to is a usage error")
    }

    func testWaitReportsTheDaemonsVerdict() throws {
        let spool = dir + "/spool"
        answer(spool, entry: "hello-1.0.0", verdict: "running")
        var r = try push(["--to", spool, "--wait", "10"])
        XCTAssertEqual(r.stdout, "\(spool): accepted, running hello 1.0.0\n", r.stderr)
        XCTAssertEqual(r.status, 0)

        answer(spool, entry: "hello-1.0.0.2", verdict: "rejected", reason: "version 1.0.0 is not newer than the installed 1.0.0")
        r = try push(["--to", spool, "--wait", "10"])
        XCTAssertEqual(r.stdout, "\(spool): rejected: version 1.0.0 is not newer than the installed 1.0.0\n", r.stderr)
        XCTAssertEqual(r.status, 1)

        r = try push(["--to", spool, "--wait", "0.3"])
        XCTAssertEqual(r.stdout, "\(spool): delivered as hello-1.0.0.3 (no verdict within 0.3 s)\n", r.stderr)
        XCTAssertEqual(r.status, 1)
    }

    // MARK: over ssh

    func testPushOverSSHDeliversWhileAnUnreachableDeviceIsReported() throws {
        let server = try TestSSHServer()
        defer { server.stop() }
        let spool = dir + "/remote-spool"
        let good = "\(server.user)@127.0.0.1:\(spool)"
        let dead = "\(server.user)@closed:\(spool)"
        let r = try push(["--to", good, "--to", dead, "--to", good], ssh: server.sshCommand)
        XCTAssertEqual(r.status, 1, "one destination failed")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, r.stdout)
        XCTAssertEqual(Set([lines[0], lines[2]]), ["\(good): delivered as hello-1.0.0", "\(good): delivered as hello-1.0.0.2"])
        XCTAssert(lines[1].hasPrefix("\(dead): unreachable: ssh: connect to host 127.0.0.1 port \(server.closedPort): Connection refused"), lines[1])
        XCTAssertEqual(try spoolNames(spool), ["hello-1.0.0", "hello-1.0.0.2"])
        try assertEntry(spool, "hello-1.0.0")
        try assertEntry(spool, "hello-1.0.0.2")
    }

    func testPushOverSSHWaitsForTheVerdict() throws {
        let server = try TestSSHServer()
        defer { server.stop() }
        let spool = dir + "/remote-spool"
        let destination = "\(server.user)@127.0.0.1:\(spool)"
        answer(spool, entry: "hello-1.0.0", verdict: "rolled-back", reason: "exited with status 1 within its health window")
        var r = try push(["--to", destination, "--wait", "10"], ssh: server.sshCommand)
        XCTAssertEqual(r.stdout, "\(destination): rolled back: exited with status 1 within its health window\n", r.stderr)
        XCTAssertEqual(r.status, 1)
        answer(spool, entry: "hello-1.0.0.2", verdict: "installed")
        r = try push(["--to", destination, "--wait", "10"], ssh: server.sshCommand)
        XCTAssertEqual(r.stdout, "\(destination): accepted, installed hello 1.0.0\n", r.stderr)
        XCTAssertEqual(r.status, 0)
    }

    func testDestinationsParseLikeSCP() throws {
        XCTAssertEqual(try PushDestination(parsing: "pi@kitchen"), .remote(host: "pi@kitchen", spool: "/var/spool/pinion"))
        XCTAssertEqual(try PushDestination(parsing: "kitchen:/srv/spool"), .remote(host: "kitchen", spool: "/srv/spool"))
        XCTAssertEqual(try PushDestination(parsing: "kitchen:"), .remote(host: "kitchen", spool: "/var/spool/pinion"))
        XCTAssertEqual(try PushDestination(parsing: "/var/spool/pinion"), .local(spool: "/var/spool/pinion"))
        XCTAssertEqual(try PushDestination(parsing: "./a:b"), .local(spool: "./a:b"))
        XCTAssertEqual(try PushDestination(parsing: "spool/dir"), .local(spool: "spool/dir"))
        XCTAssertEqual(try PushDestination(parsing: dir), .local(spool: dir))
        XCTAssertThrowsError(try PushDestination(parsing: "-oProxyCommand=x"))
        XCTAssertThrowsError(try PushDestination(parsing: ":/spool"))
    }
}
