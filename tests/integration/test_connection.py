"""What a logged-in connection does: commands, shells, SFTP per thread, jump hosts,
keepalive and closing, against real servers."""

import threading
import time
from pathlib import Path

import pytest

from sshdesk.core.connection import Connection, connect
from sshdesk.core.errors import CommandTimeoutError, ConnectionLostError
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import NoPrompter
from tests.helpers.clients import profile_for, trusting
from tests.helpers.keys import ClientKeys, known_hosts_name
from tests.helpers.netsockets import FreezableProxy
from tests.helpers.sshd import SshdServer


@pytest.fixture
def connection(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path):
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    with connect(profile, NoPrompter(), trusting(tmp_path, sshd)) as opened:
        yield opened


def test_exec_returns_status_and_both_streams(connection: Connection) -> None:
    result = connection.exec("echo out; echo err >&2; exit 7", timeout=10)
    assert (result.exit_status, result.stdout, result.stderr) == (7, b"out\n", b"err\n")


def test_exec_streams_large_output(connection: Connection) -> None:
    result = connection.exec("seq 1 200000", timeout=20)
    assert result.stdout.splitlines()[-1] == b"200000"
    assert len(result.stdout.splitlines()) == 200000


def test_exec_timeout(connection: Connection) -> None:
    started = time.monotonic()
    with pytest.raises(CommandTimeoutError):
        connection.exec("sleep 30", timeout=0.5)
    assert time.monotonic() - started < 3


def test_shell_round_trip(connection: Connection) -> None:
    shell = connection.open_shell("xterm-256color", 100, 30)
    try:
        shell.send(b"stty size; echo sshdesk-$((6*7))\n")
        output = b""
        deadline = time.monotonic() + 10
        while b"sshdesk-42" not in output and time.monotonic() < deadline:
            output += shell.recv(4096)
        assert b"sshdesk-42" in output
        assert b"30 100" in output
        shell.send(b"exit 3\n")
        while not shell.closed and time.monotonic() < deadline:
            if not shell.recv(4096):
                break
        deadline = time.monotonic() + 5
        while shell.exit_status is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert shell.exit_status == 3
    finally:
        shell.close()


def test_one_sftp_session_serves_many_threads_at_once(connection: Connection) -> None:
    # paramiko's SFTPClient deadlocked when threads shared it; ours matches replies to
    # requests by id, so threads share one channel.
    files = connection.open_sftp()
    assert connection.open_sftp() is files
    expected = sorted(entry.name for entry in files.list_folder("/etc"))
    assert "passwd" in expected
    results: list[list[str]] = []
    workers = [threading.Thread(target=lambda: results.append(
        sorted(e.name for e in files.list_folder("/etc")))) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    assert results == [expected] * 8


def test_through_a_jump_host(
    jump_sshd: SshdServer, jump_target_sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    keys = (str(client_keys.ed25519),)
    hop = profile_for(jump_sshd, key_files=keys)
    profile = profile_for(jump_target_sshd, key_files=keys, jump_hosts=(hop,))
    known = trusting(tmp_path, jump_sshd, jump_target_sshd)
    with connect(profile, NoPrompter(), known) as connection:
        assert connection.exec("echo through", timeout=10).stdout == b"through\n"
    jump_sshd.assert_direct_tcpip(jump_target_sshd.port)


def test_through_two_jump_hosts(
    jump_sshd: SshdServer, jump_target_sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    keys = (str(client_keys.ed25519),)
    hop = profile_for(jump_sshd, key_files=keys)
    profile = profile_for(jump_target_sshd, key_files=keys, jump_hosts=(hop, hop))
    known = trusting(tmp_path, jump_sshd, jump_target_sshd)
    with connect(profile, NoPrompter(), known) as connection:
        assert connection.exec("echo twice", timeout=10).stdout == b"twice\n"
    # The second hop is the jump host reached through itself.
    jump_sshd.assert_direct_tcpip(jump_sshd.port)
    jump_sshd.assert_direct_tcpip(jump_target_sshd.port)


def _via_proxy(proxy: FreezableProxy, sshd: SshdServer, keys: ClientKeys, tmp_path: Path,
               **options: object) -> Connection:
    host, port = proxy.address
    profile = SessionProfile(host=host, port=port, username="root",
                             key_files=(str(keys.ed25519),), allow_agent=False,
                             look_for_keys=False, **options)  # type: ignore[arg-type]
    line = f"{known_hosts_name(host, port)} {sshd.host_key_type} {sshd.host_key_base64}"
    return connect(profile, NoPrompter(), trusting(tmp_path, extra_lines=(line,)))


def test_keepalive_notices_a_silent_server(
    freezable_proxy: FreezableProxy, sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    connection = _via_proxy(freezable_proxy, sshd, client_keys, tmp_path,
                            keepalive_interval=0.3, keepalive_count_max=2)
    lost = threading.Event()
    connection.on_lost(lambda reason: lost.set())
    try:
        time.sleep(1.0)  # probes are answered while the link works
        assert not lost.is_set() and connection.is_alive
        freezable_proxy.freeze()
        started = time.monotonic()
        assert lost.wait(5), "the dead server was not noticed"
        # Two unanswered intervals after the next probe; generous, since CI machines stall.
        assert time.monotonic() - started < 3.0
        assert not connection.is_alive
        with pytest.raises(ConnectionLostError) as caught:
            connection.exec("true")
        assert "keepalive" in caught.value.message
    finally:
        started = time.monotonic()
        connection.close()
        assert time.monotonic() - started < 3


def test_close_never_hangs_on_a_dead_server(
    freezable_proxy: FreezableProxy, sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    connection = _via_proxy(freezable_proxy, sshd, client_keys, tmp_path)
    shell = connection.open_shell()
    freezable_proxy.freeze()
    shell.send(b"x" * 4096)
    started = time.monotonic()
    connection.close()
    assert time.monotonic() - started < 3
