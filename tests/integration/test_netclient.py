"""The network process: connections made there, shells read here, prompts answered here,
errors carried back whole, and nothing left running, against the real sshd."""

import dataclasses
import logging
import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sshdesk.core import i18n
from sshdesk.core.errors import (
    CancelledError,
    ConnectionLostError,
    ConnectRefusedError,
    HostKeyChangedError,
)
from sshdesk.core.hostkeys import KnownHosts
from sshdesk.core.netclient import NetworkProcess, RemoteConnection, RemoteShell, connect
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt
from tests.helpers.accounts import TestUser
from tests.helpers.clients import profile_for, trusting
from tests.helpers.keys import ClientKeys, foreign_host_key_line
from tests.helpers.sshd import SshdServer
from tests.helpers.stubs import ScriptedPrompter


@pytest.fixture
def process() -> Iterator[NetworkProcess]:
    started = NetworkProcess()
    yield started
    started.stop()


@pytest.fixture
def connection(process: NetworkProcess, sshd: SshdServer, client_keys: ClientKeys,
               tmp_path: Path) -> Iterator[RemoteConnection]:
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    with connect(profile, ScriptedPrompter(), trusting(tmp_path, sshd), process) as opened:
        yield opened


def read_until(shell: RemoteShell, marker: bytes, seconds: float = 10) -> bytes:
    output = b""
    deadline = time.monotonic() + seconds
    while marker not in output and time.monotonic() < deadline:
        data = shell.recv(65536)
        if not data:
            break
        output += data
    assert marker in output, output[-500:]
    return output


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_shell_round_trip_resize_and_exit_status(connection: RemoteConnection) -> None:
    shell = connection.open_shell("xterm-256color", 100, 30)
    try:
        shell.send(b"stty size; echo one-$((6*7))\n")
        assert b"30 100" in read_until(shell, b"one-42")
        shell.resize(132, 50)
        time.sleep(0.2)  # window-change is a notice: no reply to wait for
        shell.send(b"stty size; echo two-$((6*7))\n")
        assert b"50 132" in read_until(shell, b"two-42")
        shell.send(b"exit 3\n")
        while shell.recv(65536):
            pass
        # The status is sent ahead of the end of output.
        assert shell.exit_status == 3
    finally:
        shell.close()


def test_large_output_arrives_whole(connection: RemoteConnection) -> None:
    shell = connection.open_shell("xterm", 80, 24)
    try:
        shell.send(b"stty -echo; seq 1 300000; exit\n")
        output = b""
        while data := shell.recv(65536):
            output += data
        # The first number follows the end of bracketed paste mode (ESC [?2004l CR).
        lines = [line.rsplit(b"\r", 1)[-1] for line in output.split(b"\r\n")]
        numbers = [line for line in lines if line.isdigit()]
        assert numbers[-1] == b"300000"
        assert numbers[-300000:] == [str(n).encode() for n in range(1, 300001)]
    finally:
        shell.close()


def test_closing_the_shell_here_ends_it_on_the_server(connection: RemoteConnection) -> None:
    shell = connection.open_shell("xterm", 80, 24)
    shell.send(b"echo pid=$$-$((6*7))\n")
    found = re.search(rb"pid=(\d+)-42", read_until(shell, b"-42\r\n"))
    assert found is not None
    pid = int(found.group(1))
    assert process_exists(pid)  # the test sshd runs on this machine
    shell.close()
    deadline = time.monotonic() + 10
    while process_exists(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not process_exists(pid)


def test_unknown_host_key_is_asked_here_and_remembered_there(
    process: NetworkProcess, sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    own = tmp_path / "known_hosts"
    prompter = ScriptedPrompter(host_key=HostKeyDecision.ACCEPT_AND_REMEMBER)
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    connect(profile, prompter, KnownHosts(own), process).close()
    assert prompter.kinds() == ["host_key"]
    key = prompter.asked[0][1]
    assert key.fingerprint == sshd.host_key_sha256  # type: ignore[attr-defined]
    assert sshd.host_key_base64 in own.read_text()


def test_keyboard_interactive_password_answered_here(
    process: NetworkProcess, sshd: SshdServer, password_user: TestUser, tmp_path: Path
) -> None:
    seen: list[list[InteractivePrompt]] = []

    def answer(prompts: list[InteractivePrompt]) -> list[str]:
        seen.append(prompts)
        return [password_user.password]

    with connect(profile_for(sshd, password_user.name), ScriptedPrompter(rounds=answer),
                 trusting(tmp_path, sshd), process) as connection:
        shell = connection.open_shell("xterm", 80, 24)
        shell.send(b"echo user=$(whoami)=\n")
        read_until(shell, f"user={password_user.name}=".encode())
        shell.close()
    assert [[(p.text.strip(), p.echo) for p in prompts] for prompts in seen] == [
        [("Password:", False)]]


def test_cancelling_a_prompt_here_cancels_the_login(
    process: NetworkProcess, sshd: SshdServer, password_user: TestUser, tmp_path: Path
) -> None:
    def cancel(_prompts: list[InteractivePrompt]) -> list[str]:
        raise CancelledError(sshd.host, "authenticate")

    with pytest.raises(CancelledError):
        connect(profile_for(sshd, password_user.name), ScriptedPrompter(rounds=cancel),
                trusting(tmp_path, sshd), process)
    assert process.alive


def test_errors_come_back_as_their_own_class_with_their_details(
    process: NetworkProcess, sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path,
    closed_port: int,
) -> None:
    own = tmp_path / "known_hosts"
    own.write_text(foreign_host_key_line(sshd.host, sshd.port) + "\n")
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    with pytest.raises(HostKeyChangedError) as caught:
        connect(profile, ScriptedPrompter(), KnownHosts(own), process)
    assert caught.value.offered_fingerprint == sshd.host_key_sha256
    assert str(own) in caught.value.describe()
    with pytest.raises(ConnectRefusedError) as refused:
        connect(dataclasses.replace(profile_for(sshd), port=closed_port), ScriptedPrompter(),
                KnownHosts(own), process)
    assert refused.value.host == f"{sshd.host}:{closed_port}"


def test_errors_are_worded_by_this_process_translator(
    process: NetworkProcess, sshd: SshdServer, tmp_path: Path, closed_port: int,
) -> None:
    i18n.install_translator(str.upper)
    try:
        with pytest.raises(ConnectRefusedError) as refused:
            connect(dataclasses.replace(profile_for(sshd), port=closed_port), ScriptedPrompter(),
                    KnownHosts(tmp_path / "known_hosts"), process)
    finally:
        i18n.install_translator(lambda text: text)
    assert refused.value.message == refused.value.message.upper()
    assert "REFUSED" in refused.value.message


def test_a_killed_network_process_is_reported_as_lost(
    process: NetworkProcess, connection: RemoteConnection,
) -> None:
    reasons: list[str] = []
    connection.on_lost(reasons.append)
    shell = connection.open_shell("xterm", 80, 24)
    os.kill(process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while shell.recv(65536) and time.monotonic() < deadline:
        pass
    while not reasons and time.monotonic() < deadline:
        time.sleep(0.02)
    assert reasons and not connection.is_alive
    with pytest.raises(ConnectionLostError):
        connection.open_shell("xterm", 80, 24)
    shell.close()


def test_the_shared_process_restarts_after_it_died(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    first = NetworkProcess.shared()
    os.kill(first.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while first.alive and time.monotonic() < deadline:
        time.sleep(0.02)
    profile = profile_for(sshd, key_files=(str(client_keys.ed25519),))
    with connect(profile, ScriptedPrompter(), trusting(tmp_path, sshd)) as connection:
        assert connection.is_alive
        assert NetworkProcess.shared() is not first
    NetworkProcess.stop_shared()


def test_stopping_leaves_no_process_behind(connection: RemoteConnection,
                                           process: NetworkProcess) -> None:
    shell = connection.open_shell("xterm", 80, 24)
    started = time.monotonic()
    process.stop()
    assert time.monotonic() - started < 4
    assert not process_exists(process.pid)
    deadline = time.monotonic() + 5
    while shell.recv(65536) and time.monotonic() < deadline:
        pass  # the login banner, then the end
    assert shell.recv(65536) == b""
    shell.close()


def test_its_log_lines_reach_this_process_log_without_secrets(
    sshd: SshdServer, password_user: TestUser, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    process = NetworkProcess(log_level=logging.DEBUG)
    try:
        profile = profile_for(sshd, password_user.name, password=password_user.password)
        connect(profile, ScriptedPrompter(), trusting(tmp_path, sshd), process).close()
    finally:
        process.stop()
    forwarded = [record.getMessage() for record in caplog.records
                 if "[network process]" in record.getMessage()]
    assert any("Authentication (keyboard-interactive) successful" in line
               or "Authentication (password) successful" in line for line in forwarded)
    assert password_user.password not in caplog.text
