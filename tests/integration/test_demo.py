"""The demo server, against the real thing: sshdesk connects to it as to any server.

RemoteFiles only lists and stats, so the SFTP write operations use a plain paramiko
client logged in with the demo's client key.
"""

import contextlib
import dataclasses
import os
import re
import select
import socket
import stat
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from sshdesk.core.connection import Connection, connect
from sshdesk.core.demo import DemoServer
from sshdesk.core.errors import AuthenticationFailedError, RemoteFileError, SshdeskError
from sshdesk.core.hostkeys import KnownHosts, Verdict
from sshdesk.core.shell import ShellChannel
from tests.helpers.stubs import ScriptedPrompter


@pytest.fixture
def server() -> Iterator[DemoServer]:
    with DemoServer() as demo:
        yield demo


def _known_hosts(server: DemoServer, tmp_path: Path) -> KnownHosts:
    """Nothing trusted of our own: only the demo's known_hosts file, read only."""
    return KnownHosts(tmp_path / "kh", [server.known_hosts_file])


@pytest.fixture
def connection(server: DemoServer, tmp_path: Path) -> Iterator[Connection]:
    with connect(server.profile(), ScriptedPrompter(), _known_hosts(server, tmp_path)) as opened:
        yield opened


@contextlib.contextmanager
def raw_transport(server: DemoServer) -> Iterator[paramiko.Transport]:
    """A plain paramiko connection, logged in with the demo's key after checking its host
    key against the demo's known_hosts file."""
    transport = paramiko.Transport((server.host, server.port))
    try:
        transport.start_client(timeout=10)
        key = transport.get_remote_server_key()
        known = KnownHosts(server.known_hosts_file)
        assert known.check(server.host, server.port, key.get_name(),
                           key.asbytes()).verdict is Verdict.KNOWN
        transport.auth_publickey(server.username, paramiko.PKey.from_path(server.client_key_file))
        yield transport
    finally:
        transport.close()


@contextlib.contextmanager
def raw_sftp(server: DemoServer) -> Iterator[paramiko.SFTPClient]:
    with raw_transport(server) as transport:
        client = paramiko.SFTPClient.from_transport(transport)
        assert client is not None
        with client:
            yield client


def read_until(shell: ShellChannel, marker: bytes, seconds: float = 10) -> bytes:
    """Reads until ``marker`` (a regular expression) matches the output so far."""
    output = b""
    deadline = time.monotonic() + seconds
    while not re.search(marker, output):
        assert time.monotonic() < deadline, f"{marker!r} never came; got {output[-500:]!r}"
        ready, _, _ = select.select([shell], [], [], 0.5)
        if ready:
            chunk = shell.recv(4096)
            assert chunk, f"the shell closed before {marker!r}; got {output[-500:]!r}"
            output += chunk
    return output


def wait_for_exit_status(shell: ShellChannel, seconds: float = 10) -> int | None:
    deadline = time.monotonic() + seconds
    while shell.exit_status is None and time.monotonic() < deadline:
        if select.select([shell], [], [], 0.2)[0] and not shell.recv(4096):
            time.sleep(0.05)  # closed: the status came before the close
    return shell.exit_status


def assert_dead(pids: tuple[int, ...]) -> None:
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def wait_dead(pids: list[int], seconds: float = 5) -> None:
    """Waits for processes to end; a zombie counts as ended (killed orphans wait for
    init to reap them)."""
    deadline = time.monotonic() + seconds
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [pid for pid in alive if _running(pid)]
    assert not alive, f"still running: {alive}"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] != b"Z"
    return True


def numbers(pattern: bytes, output: bytes) -> list[int]:
    match = re.search(pattern, output)
    assert match is not None, output
    return [int(group) for group in match.groups()]


def new_key_file(path: Path) -> Path:
    text = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption())
    path.write_bytes(text)
    path.chmod(0o600)
    return path


# -- set-up ------------------------------------------------------------------------------


def test_start_prepares_keys_known_hosts_and_profile(server: DemoServer) -> None:
    assert server.host == "127.0.0.1" and server.port > 0
    assert stat.S_IMODE(server.client_key_file.stat().st_mode) == 0o600
    assert server.client_key_file.read_text().startswith("-----BEGIN OPENSSH PRIVATE KEY")
    line = server.known_hosts_file.read_text()
    assert line.startswith(f"[127.0.0.1]:{server.port} ssh-ed25519 ") and line.count("\n") == 1
    profile = server.profile()
    assert (profile.host, profile.port, profile.username) == (server.host, server.port,
                                                              server.username)
    assert profile.key_files == (str(server.client_key_file),)
    assert not profile.allow_agent and not profile.look_for_keys
    assert profile.keepalive_interval == 0
    sizes = sum(p.stat().st_size for p in server.sandbox.rglob("*") if p.is_file())
    assert 0 < sizes < 1_000_000


def test_host_key_is_trusted_through_the_known_hosts_file(
    server: DemoServer, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter()
    with connect(server.profile(), prompter, _known_hosts(server, tmp_path)) as connection:
        assert connection.exec("true", timeout=10).exit_status == 0
    assert prompter.asked == []
    assert not (tmp_path / "kh").exists(), "nothing needed remembering"


def test_windows_is_refused_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    demo = DemoServer()
    with pytest.raises(SshdeskError) as caught:
        demo.start()
    assert "Linux or macOS" in caught.value.message
    demo.stop()


# -- authentication ----------------------------------------------------------------------


def test_another_key_is_refused(server: DemoServer, tmp_path: Path) -> None:
    other = new_key_file(tmp_path / "other_ed25519")
    profile = dataclasses.replace(server.profile(), key_files=(str(other),))
    with pytest.raises(AuthenticationFailedError) as caught:
        connect(profile, ScriptedPrompter(), _known_hosts(server, tmp_path))
    assert caught.value.allowed == ["publickey"]


def test_another_user_name_is_refused(server: DemoServer, tmp_path: Path) -> None:
    profile = dataclasses.replace(server.profile(), username=server.username + "-not")
    with pytest.raises(AuthenticationFailedError):
        connect(profile, ScriptedPrompter(), _known_hosts(server, tmp_path))


# -- shells and commands -----------------------------------------------------------------


def test_shell_echo_resize_and_exit_status(connection: Connection, server: DemoServer) -> None:
    shell = connection.open_shell("xterm", 80, 24)
    try:
        shell.send(b"echo hello-demo\n")
        # The output line, not the echo of the typed command.
        read_until(shell, rb"[\r\n]hello-demo\r\n")
        shell.send(b"stty size; echo $TERM; pwd\n")
        output = read_until(shell, re.escape(server.sandbox.as_posix().encode()) + rb"\r\n")
        assert b"24 80\r\nxterm\r\n" in output
        shell.resize(100, 30)
        shell.send(b"stty size\n")
        read_until(shell, b"30 100\r\n")
        shell.send(b"exit 3\n")
        assert wait_for_exit_status(shell) == 3
    finally:
        shell.close()


def test_shell_has_the_pty_as_controlling_terminal(connection: Connection) -> None:
    shell = connection.open_shell("xterm", 80, 24)
    try:
        # Job control needs it; without it bash says "no job control in this shell".
        shell.send(b"ps -o tty= -p $$ | sed 's/^/tty-is-/'\n")
        output = read_until(shell, rb"[\r\n]tty-is-\S+\r\n")
        assert re.search(rb"[\r\n]tty-is-\S*pts", output) or b"tty-is-ttys" in output, output
    finally:
        shell.close()


def test_exec_separates_streams_and_reports_status(
    connection: Connection, server: DemoServer
) -> None:
    result = connection.exec("echo out; echo err >&2; exit 5", timeout=10)
    assert (result.exit_status, result.stdout, result.stderr) == (5, b"out\n", b"err\n")
    result = connection.exec("pwd; test -t 0 || echo no-tty", timeout=10)
    assert result.stdout == server.sandbox.as_posix().encode() + b"\nno-tty\n"


def test_exec_large_output(connection: Connection) -> None:
    result = connection.exec("seq 1 100000", timeout=20)
    assert result.stdout.splitlines()[-1] == b"100000"


def test_exec_on_a_pty_with_locale_from_env_requests(server: DemoServer) -> None:
    with raw_transport(server) as transport:
        channel = transport.open_session(timeout=10)
        channel.update_environment({"LANG": "zh_CN.UTF-8", "NOT_ACCEPTED": "x"})
        channel.get_pty("vt100", 90, 20)
        channel.exec_command("echo $LANG/$TERM/${NOT_ACCEPTED:-unset}; stty size; exit 4")
        output = b""
        while chunk := channel.recv(4096):
            output += chunk
        assert channel.recv_exit_status() == 4
        assert output == b"zh_CN.UTF-8/vt100/unset\r\n20 90\r\n"
        channel.close()


def test_closing_the_shell_channel_ends_the_shell(
    connection: Connection, server: DemoServer
) -> None:
    shell = connection.open_shell("xterm", 80, 24)
    shell.send(b"echo ready-$((1+1))\n")
    read_until(shell, b"ready-2")
    pids = server.shell_pids()
    assert len(pids) == 1
    shell.close()
    deadline = time.monotonic() + 5
    while server.shell_pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.shell_pids() == ()
    assert_dead(pids)


# -- SFTP --------------------------------------------------------------------------------


def test_sftp_lists_the_sample_files(connection: Connection) -> None:
    files = connection.open_sftp()
    entries = {entry.name: entry for entry in files.list_folder("/")}
    assert {"README.txt", "logs", "配置", "数据.csv", "projects"} <= set(entries)
    assert entries["配置"].is_dir and not entries["README.txt"].is_dir
    assert [e.name for e in files.list_folder("/配置")] == ["设置.conf"]
    assert [e.name for e in files.list_folder("projects/web")] == ["index.html"]
    assert files.stat("/logs/app.log").size > 10_000
    assert files.stat("/").is_dir


def test_sftp_reads_writes_renames_and_removes(server: DemoServer) -> None:
    with raw_sftp(server) as sftp:
        assert sftp.normalize(".") == "/"
        with sftp.open("/README.txt") as stream:
            readme = stream.read().decode()
        assert "sshdesk" in readme and "演示" in readme
        with sftp.open("/配置/设置.conf") as stream:
            assert "演示服务器" in stream.read().decode()
        with sftp.open("/新文件.txt", "w") as stream:
            stream.write("第一行\n".encode())
        with sftp.open("/新文件.txt", "a") as stream:
            stream.write(b"second\n")
        assert (server.sandbox / "新文件.txt").read_bytes() == "第一行\nsecond\n".encode()
        sftp.chmod("/新文件.txt", 0o640)
        sftp.utime("/新文件.txt", (1_000_000_000, 1_000_000_000))
        attributes = sftp.stat("/新文件.txt")
        assert (stat.S_IMODE(attributes.st_mode or 0), attributes.st_mtime) == (
            0o640, 1_000_000_000)
        sftp.rename("/新文件.txt", "/logs/renamed.txt")
        with pytest.raises(OSError):
            sftp.rename("/logs/renamed.txt", "/README.txt")  # plain rename never overwrites
        sftp.posix_rename("/logs/renamed.txt", "/logs/final.txt")
        assert "final.txt" in sftp.listdir("/logs")
        sftp.remove("/logs/final.txt")
        assert not (server.sandbox / "logs" / "final.txt").exists()
        sftp.mkdir("/新目录")
        assert (server.sandbox / "新目录").is_dir()
        sftp.rmdir("/新目录")
        assert not (server.sandbox / "新目录").exists()
        with pytest.raises(FileNotFoundError):
            sftp.stat("/no-such-file")


def test_sftp_symlinks_inside_the_sandbox_work(server: DemoServer) -> None:
    with raw_sftp(server) as sftp:
        sftp.symlink("/logs/app.log", "/latest.log")
        assert sftp.readlink("/latest.log") == "/logs/app.log"
        assert stat.S_ISLNK(sftp.lstat("/latest.log").st_mode or 0)
        assert sftp.stat("/latest.log").st_size == (server.sandbox / "logs/app.log").stat().st_size
        sftp.remove("/latest.log")
        assert (server.sandbox / "logs" / "app.log").exists(), "the link went, not its target"


def test_sftp_cannot_leave_the_sandbox(
    connection: Connection, server: DemoServer, tmp_path: Path
) -> None:
    (server.sandbox / "etc-link").symlink_to("/etc")
    (server.sandbox / "passwd-link").symlink_to("/etc/passwd")
    files = connection.open_sftp()
    for attempt in ("/../", "..", "../../etc/passwd", "/etc-link", "/etc-link/passwd",
                    "/passwd-link", "/logs/../../"):
        with pytest.raises(RemoteFileError) as caught:
            if attempt.endswith("passwd"):
                files.stat(attempt)
            else:
                files.list_folder(attempt)
        assert "permission denied" in caught.value.message, attempt
    # The links themselves are listed, as links.
    entries = {entry.name: entry for entry in files.list_folder("/")}
    assert entries["etc-link"].is_link and entries["passwd-link"].is_link

    outside = server.sandbox.parent / "outside.txt"
    with raw_sftp(server) as sftp:
        for write in (
            lambda: sftp.open("/../outside.txt", "w"),
            lambda: sftp.open("/etc-link/sshdesk-demo-test", "w"),
            lambda: sftp.open("/passwd-link", "a"),
            lambda: sftp.rename("/README.txt", "/../outside.txt"),
            lambda: sftp.mkdir("/../outside-folder"),
            lambda: sftp.symlink("../../../etc", "/escape"),
            lambda: sftp.readlink("/etc-link"),
            lambda: sftp.remove("/etc-link/hostname"),
            lambda: sftp.rmdir("/"),
            lambda: sftp.chmod("/passwd-link", 0o777),
        ):
            with pytest.raises(PermissionError):
                write()
        # An absolute path means one inside the sandbox, never the real one.
        with pytest.raises(FileNotFoundError):
            sftp.stat("/etc/passwd")
        assert sftp.normalize("/../..") == "/"
    assert not outside.exists()
    assert not (server.sandbox.parent / "outside-folder").exists()
    assert not Path("/etc/sshdesk-demo-test").exists()
    assert (server.sandbox / "README.txt").exists()
    assert server.sandbox.is_dir()


# -- stopping ----------------------------------------------------------------------------


def test_stop_leaves_nothing_behind(connection: Connection, server: DemoServer) -> None:
    shell = connection.open_shell("xterm", 80, 24)
    # Background jobs have process groups of their own; one of them ignores SIGHUP.
    shell.send(b"sleep 300 & a=$!; (trap '' HUP; exec sleep 300) & echo jobs-$a-$!-\n")
    jobs = numbers(rb"jobs-(\d+)-(\d+)-", read_until(shell, rb"jobs-\d+-\d+-"))
    pids = server.shell_pids()
    assert len(pids) == 1
    folder = server.client_key_file.parent
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 5
    assert not folder.exists()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((server.host, server.port), timeout=2).close()
    assert server.shell_pids() == ()
    assert_dead(pids)
    wait_dead(jobs)  # orphans: init reaps them, a moment later
    server.stop()  # idempotent


def test_jobs_end_with_their_shell(connection: Connection, server: DemoServer) -> None:
    shell = connection.open_shell("xterm", 80, 24)
    shell.send(b"(trap '' HUP; exec sleep 300) & echo job-$!-\n")
    jobs = numbers(rb"job-(\d+)-", read_until(shell, rb"job-\d+-"))
    shell.send(b"exit\n")
    assert wait_for_exit_status(shell) is not None
    wait_dead(jobs)


def test_stop_does_not_hang_on_busy_shells_or_open_transfers(
    connection: Connection, server: DemoServer
) -> None:
    stubborn = connection.open_shell("xterm", 80, 24)
    stubborn.send(b"trap '' HUP; echo spinning-$((3+3)); while :; do :; done\n")
    read_until(stubborn, b"spinning-6")
    flooding = connection.open_shell("xterm", 80, 24)
    flooding.send(b"yes\n")  # and never read: the server blocks on a full window
    command = exec_in_background(connection, "sleep 300")
    pids = wait_for_sessions(server, 3)
    with raw_sftp(server) as sftp:
        upload = sftp.open("/upload.bin", "w")
        upload.write(b"x" * 100_000)
        time.sleep(0.5)  # let the flood fill the window
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 8
        with contextlib.suppress(OSError, EOFError, paramiko.SSHException):
            upload.close()
    command.join(10)
    assert not command.is_alive()
    assert_dead(pids)
    assert not server.sandbox.exists()


def exec_in_background(connection: Connection, command: str) -> threading.Thread:
    """Runs ``command`` on a thread; its result does not matter (it gets killed)."""

    def run() -> None:
        with contextlib.suppress(SshdeskError):
            connection.exec(command, timeout=30)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def wait_for_sessions(server: DemoServer, count: int) -> tuple[int, ...]:
    deadline = time.monotonic() + 10
    while len(server.shell_pids()) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = server.shell_pids()
    assert len(pids) == count
    return pids
