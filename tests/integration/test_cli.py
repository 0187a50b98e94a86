"""``sshdesk exec`` and ``sshdesk ls`` as a user runs them: a new process, no terminal."""

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

from tests.helpers.accounts import TestUser
from tests.helpers.keys import (
    ClientKeys,
    foreign_host_key_line,
    known_hosts_line,
    sha256_fingerprint,
)
from tests.helpers.sshd import SshdServer

ROOT = Path(__file__).resolve().parents[2]


def sshdesk(*args: str, home: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Runs the CLI in a new session, so it has no controlling terminal (like cron or CI)."""
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"))
    env.pop("SSH_AUTH_SOCK", None)
    return subprocess.run([sys.executable, "-m", "sshdesk", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, start_new_session=True, check=False)


def our_known_hosts(home: Path) -> Path:
    return home / "data" / "sshdesk" / "known_hosts"


def target(server: SshdServer) -> str:
    return f"root@{server.host}:{server.port}"


def test_unknown_key_without_terminal_is_refused(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    result = sshdesk("exec", "-i", str(client_keys.ed25519), target(sshd), "--", "true",
                     home=tmp_path)
    assert result.returncode == 255
    assert sshd.host_key_sha256 in result.stderr
    assert "--accept-new-host-key" in result.stderr
    assert not our_known_hosts(tmp_path).exists()


def test_accept_new_runs_streams_exits_with_status_and_remembers(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    result = sshdesk("exec", "--accept-new-host-key", "-i", str(client_keys.ed25519),
                     target(sshd), "--", "echo", "hello;", "echo", "oops", ">&2;", "exit", "3",
                     home=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (3, "hello\n", "oops\n")
    assert our_known_hosts(tmp_path).read_text() == known_hosts_line(sshd) + "\n"
    again = sshdesk("exec", "-i", str(client_keys.ed25519), target(sshd), "--", "true",
                    home=tmp_path)
    assert again.returncode == 0, again.stderr


def test_changed_key_exits_255_with_both_fingerprints(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    our_known_hosts(tmp_path).parent.mkdir(parents=True)
    old = foreign_host_key_line(sshd.host, sshd.port)
    our_known_hosts(tmp_path).write_text(old + "\n")
    result = sshdesk("exec", "--accept-new-host-key", "-i", str(client_keys.ed25519),
                     target(sshd), "--", "true", home=tmp_path)
    assert result.returncode == 255
    assert sshd.host_key_sha256 in result.stderr
    assert "CHANGED" in result.stderr
    assert sha256_fingerprint(old.split()[2]) in result.stderr
    assert our_known_hosts(tmp_path).read_text() == old + "\n"


def test_ls_lists_one_entry_a_line(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
                                   ) -> None:
    result = sshdesk("ls", "--accept-new-host-key", "-i", str(client_keys.ed25519),
                     f"{target(sshd)}:/etc", home=tmp_path)
    assert result.returncode == 0, result.stderr
    names = result.stdout.splitlines()
    assert "passwd" in names and "hostname" in names
    assert names == sorted(names)


def test_exec_through_jump_host(
    jump_sshd: SshdServer, jump_target_sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    result = sshdesk("exec", "--accept-new-host-key", "-i", str(client_keys.ed25519),
                     "-J", f"root@{jump_sshd.host}:{jump_sshd.port}", target(jump_target_sshd),
                     "--", "echo", "via-jump", home=tmp_path)
    assert (result.returncode, result.stdout) == (0, "via-jump\n"), result.stderr
    jump_sshd.assert_direct_tcpip(jump_target_sshd.port)


def test_never_answering_host_fails_within_timeout_with_a_hint(
    silent_server: tuple[str, int], tmp_path: Path
) -> None:
    host, port = silent_server
    started = time.monotonic()
    result = sshdesk("exec", "--timeout", "2", f"{host}:{port}", "--", "true", home=tmp_path)
    elapsed = time.monotonic() - started
    assert result.returncode == 255
    assert f"{host}:{port}" in result.stderr
    assert "2 seconds" in result.stderr and "Check" in result.stderr
    assert "Traceback" not in result.stderr
    # Python start-up and imports come on top of the 2 s, and the bound is timeout + 1 s.
    assert elapsed < 2 + 1 + 1.0


def test_bad_target_is_a_usage_error(tmp_path: Path) -> None:
    result = sshdesk("exec", "host:99999", "--", "true", home=tmp_path)
    assert result.returncode == 2
    assert "between 1 and 65535" in result.stderr


def _on_terminal(args: list[str], home: Path) -> "tuple[subprocess.Popen[bytes], int]":
    """Starts the CLI with a pseudo-terminal as its controlling terminal, like a person's."""
    master, slave = pty.openpty()
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"))
    env.pop("SSH_AUTH_SOCK", None)

    def take_terminal() -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen([sys.executable, "-m", "sshdesk", *args], env=env, cwd=ROOT,
                               stdin=slave, stdout=slave, stderr=slave,
                               preexec_fn=take_terminal)
    os.close(slave)
    return process, master


def _read_until(master: int, text: bytes, seen: bytearray, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while text not in seen:
        ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"{text!r} never appeared in {bytes(seen)!r}")
        seen.extend(os.read(master, 4096))


def test_host_key_and_password_are_asked_on_the_terminal(
    sshd: SshdServer, password_user: TestUser, tmp_path: Path
) -> None:
    process, master = _on_terminal(
        ["exec", f"{password_user.name}@{sshd.host}:{sshd.port}", "--", "whoami"], tmp_path)
    seen = bytearray()
    try:
        _read_until(master, sshd.host_key_sha256.encode(), seen)
        _read_until(master, b"[N] no: ", seen)
        os.write(master, b"y\n")
        _read_until(master, b"Password:", seen)
        os.write(master, password_user.password.encode() + b"\n")
        _read_until(master, password_user.name.encode() + b"\r\n", seen)
        assert process.wait(10) == 0
    finally:
        process.kill()
        process.wait()
        os.close(master)
    assert password_user.password.encode() not in seen  # typed with echo off
    assert our_known_hosts(tmp_path).read_text() == known_hosts_line(sshd) + "\n"
