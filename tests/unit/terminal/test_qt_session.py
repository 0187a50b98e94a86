"""TerminalSession's pacing, fed from a local socket: the backlog cap and the focus budget."""

import itertools
import socket
import threading
import time
import types
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sshdesk.terminal import session as session_module
from sshdesk.terminal.emulator import TerminalEmulator
from sshdesk.terminal.session import (
    BACKGROUND_BUDGET_SECONDS,
    FRAME_BUDGET_SECONDS,
    MAX_BACKLOG_BYTES,
    TerminalSession,
)


class SocketSource:
    """A byte source over one end of a socket pair (the network process's shape)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.closed = False
        self.exit_status: int | None = None

    def fileno(self) -> int:
        return self._sock.fileno()

    def recv(self, max_bytes: int = 65536) -> bytes:
        return self._sock.recv(max_bytes)

    def send(self, data: bytes) -> None:
        self._sock.sendall(data)

    def resize(self, columns: int, rows: int) -> None:
        pass

    def close(self) -> None:
        self.closed = True
        self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()


@pytest.fixture
def host_end() -> Iterator[tuple[socket.socket, SocketSource]]:
    ours, theirs = socket.socketpair()
    yield theirs, SocketSource(ours)
    theirs.close()


LINES = b"".join(b"%06d a line of a log flood, long enough to wrap nothing\r\n" % n
                for n in range(1000))


def flood_size(size: int) -> int:
    """What :func:`flood` sends for ``size``: whole batches of LINES."""
    return -(-size // len(LINES)) * len(LINES)


def flood(sock: socket.socket, size: int) -> threading.Thread:
    line = LINES

    def write() -> None:
        sent = 0
        try:
            while sent < size:
                sock.sendall(line)
                sent += len(line)
        except OSError:
            pass  # the session closed its end

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def test_reading_stops_when_the_backlog_is_full(
    qtbot: QtBot, host_end: tuple[socket.socket, SocketSource]
) -> None:
    theirs, source = host_end
    session = TerminalSession(source, TerminalEmulator(120, 40))
    session._drain_timer.setInterval(60_000)  # nothing is fed: the backlog only grows
    session.start()
    writer = flood(theirs, 40 * MAX_BACKLOG_BYTES)
    try:
        qtbot.waitUntil(lambda: not session._room.is_set(), timeout=10_000)
        qtbot.wait(300)
        # Full: the reader stopped, the writer is blocked on the socket.
        assert MAX_BACKLOG_BYTES // 2 < session.backlog <= MAX_BACKLOG_BYTES + 65536
        assert writer.is_alive()
        session._drain_timer.setInterval(16)  # feeding resumes, and so does reading
        qtbot.waitUntil(lambda: session.bytes_received > 4 * MAX_BACKLOG_BYTES, timeout=30_000)
    finally:
        session.close(wait=True)


def test_an_unfocused_terminal_is_fed_a_smaller_slice(
    qtbot: QtBot, host_end: tuple[socket.socket, SocketSource], monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs, source = host_end
    emulator = TerminalEmulator(120, 40)
    session = TerminalSession(source, emulator)
    session._drain_timer.setInterval(60_000)  # drained by hand below
    session.start()
    flood(theirs, 40 * MAX_BACKLOG_BYTES)
    feeds: list[int] = []
    monkeypatch.setattr(emulator, "feed", lambda data: feeds.append(len(data)))
    # A clock that moves 1 ms per reading: a drain's slice is counted in feeds, not timed.
    ticks = itertools.count()
    clock = types.SimpleNamespace(perf_counter=lambda: next(ticks) / 1000,
                                  monotonic=time.monotonic, sleep=time.sleep)
    fed: dict[bool, int] = {}
    try:
        for focused in (True, False):
            # Full: the reader waits for room and reads no clock meanwhile.
            qtbot.waitUntil(lambda: session.backlog > MAX_BACKLOG_BYTES, timeout=10_000)
            session.set_focused(focused)
            feeds.clear()
            with monkeypatch.context() as patch:
                patch.setattr(session_module, "time", clock)
                session._drain()
            fed[focused] = len(feeds)
            session._drain_timer.setInterval(16)  # refill for the next round
            qtbot.waitUntil(lambda: session.backlog < MAX_BACKLOG_BYTES // 2, timeout=10_000)
            session._drain_timer.setInterval(60_000)
    finally:
        session.close(wait=True)
    assert fed == {True: round(FRAME_BUDGET_SECONDS * 1000),
                   False: round(BACKGROUND_BUDGET_SECONDS * 1000)}


def test_an_idle_session_stops_its_frame_timer(
    qtbot: QtBot, host_end: tuple[socket.socket, SocketSource]
) -> None:
    theirs, source = host_end
    session = TerminalSession(source, TerminalEmulator(80, 24))
    session.start()
    try:
        theirs.sendall(b"an echo\r\n")  # after a pause: fed at once, no timer needed
        qtbot.waitUntil(lambda: session.bytes_received == 9, timeout=5_000)
        assert not session._drain_timer.isActive()
        flood(theirs, 3 * MAX_BACKLOG_BYTES)  # a flood is paced by the timer...
        qtbot.waitUntil(lambda: session._drain_timer.isActive(), timeout=5_000)
        total = 9 + flood_size(3 * MAX_BACKLOG_BYTES)
        qtbot.waitUntil(lambda: session.bytes_received == total, timeout=10_000)
        qtbot.waitUntil(lambda: not session._drain_timer.isActive(), timeout=5_000)
        assert session.backlog == 0  # ... which stops once everything is fed
        theirs.sendall(b"late\r\n")
        qtbot.waitUntil(lambda: "late" in "".join(session.emulator.display()), timeout=5_000)
    finally:
        session.close(wait=True)
