"""A real shell through TerminalSession into the emulator: bytes in, screen out. The
connection lives in the network process, as the app makes it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from sshdesk.core.netclient import RemoteConnection as Connection
from sshdesk.core.netclient import connect
from sshdesk.core.prompts import NoPrompter
from sshdesk.terminal.emulator import TerminalEmulator
from sshdesk.terminal.session import MAX_BACKLOG_BYTES, TerminalSession
from tests.helpers.accounts import TestUser
from tests.helpers.clients import profile_for, trusting
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer


@pytest.fixture
def connection(sshd: SshdServer, client_keys: ClientKeys, password_user: TestUser,
               tmp_path: Path) -> Iterator[Connection]:
    # A fresh account: root's shell start-up on a developer's machine can take seconds.
    profile = profile_for(sshd, password_user.name, key_files=(str(client_keys.ed25519),))
    with connect(profile, NoPrompter(), trusting(tmp_path, sshd)) as opened:
        yield opened


def start(connection: Connection, encoding: str = "utf-8") -> TerminalSession:
    emulator = TerminalEmulator(80, 24, encoding=encoding)
    session = TerminalSession(connection.open_shell("xterm-256color", 80, 24), emulator)
    session.start()
    return session


def screen(session: TerminalSession) -> str:
    return "\n".join(line.rstrip() for line in session.emulator.display())


def test_commands_show_on_screen_and_exit_status_arrives(
    qtbot: QtBot, connection: Connection
) -> None:
    session = start(connection)
    try:
        session.send_text("export PS1='$ '; echo hello-$((6*7)) 中文\n")
        qtbot.waitUntil(lambda: "hello-42 中文" in screen(session), timeout=10_000)
        with qtbot.waitSignal(session.closed, timeout=10_000) as closed:
            session.send_text("exit 4\n")
        assert closed.args == [4]
        assert session.ended
    finally:
        session.close(wait=True)


def test_gbk_server_output_and_input(qtbot: QtBot, connection: Connection) -> None:
    session = start(connection, encoding="gbk")
    try:
        # The shell prints GBK bytes (what a GBK server's files and programs produce)...
        session.send_text("printf '\\326\\320\\316\\304-gbk\\n'\n")
        qtbot.waitUntil(lambda: "中文-gbk" in screen(session), timeout=10_000)
        # ...and what we type goes out as GBK: od shows the bytes the server received.
        session.send_text("printf %s 汉 | od -An -tx1\n")
        qtbot.waitUntil(lambda: "ba ba" in screen(session), timeout=10_000)
    finally:
        session.close(wait=True)


def test_resize_reaches_the_server(qtbot: QtBot, connection: Connection) -> None:
    session = start(connection)
    try:
        session.resize(100, 30)
        qtbot.wait(300)  # the window-change is debounced
        session.send_text("stty size\n")
        qtbot.waitUntil(lambda: "30 100" in screen(session), timeout=10_000)
    finally:
        session.close(wait=True)


def test_flood_keeps_the_event_loop_responsive(qtbot: QtBot, connection: Connection) -> None:
    """A log flood is fed a bounded slice per frame: timers keep firing meanwhile."""
    session = start(connection)
    ticks: list[int] = []
    heartbeat = QTimer(interval=20)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()
    try:
        session.send_text("seq 1 300000; echo flood-$((2*3))\n")
        qtbot.waitUntil(lambda: "flood-6" in screen(session), timeout=30_000)
        assert session.bytes_received > 2_000_000
        assert len(ticks) >= 5
    finally:
        heartbeat.stop()
        session.close(wait=True)


def test_ctrl_c_stops_a_flood_at_once(qtbot: QtBot, connection: Connection) -> None:
    """Output waiting to be fed is capped, so little arrives after Ctrl+C."""
    session = start(connection)
    try:
        session.send_text("yes 'a flood of text, line after line'\n")
        qtbot.waitUntil(lambda: session.bytes_received > 20_000_000, timeout=30_000)
        assert session.backlog <= MAX_BACKLOG_BYTES + 1_000_000
        before = session.bytes_received
        session.send(b"\x03")
        session.send_text("echo stopped-$((6*7))\n")
        qtbot.waitUntil(lambda: "stopped-42" in screen(session), timeout=10_000)
        # What was in flight: the backlog, two socket buffers and the SSH window (2 MiB).
        assert session.bytes_received - before < MAX_BACKLOG_BYTES + 6_000_000
    finally:
        session.close(wait=True)
