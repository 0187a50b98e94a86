"""Binds a shell's byte stream to an emulator: the threads that move bytes and the GUI-side
drain that feeds the emulator at most once per frame.

The session does not know where its bytes come from (an SSH channel, a local pty, a test
pipe): anything shaped like :class:`ByteSource` will do.
"""

import collections
import logging
import queue
import select
import threading
import time
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from sshdesk.core.errors import SshdeskError
from sshdesk.terminal.emulator import (
    EmulatorCore,
)
from sshdesk.terminal.model import (
    Bell,
    ClipboardWrite,
    PwdChanged,
    TitleChanged,
)

log = logging.getLogger(__name__)

#: One frame at 60 Hz: output is fed and painted at most this often.
FRAME_MS = 16
#: Per frame, feed at most this much time and data, so the window stays responsive during a
#: flood (``cat`` of a huge log); the rest waits for the next frame.
FRAME_BUDGET_SECONDS = 0.010
FRAME_BUDGET_BYTES = 4 * 1024 * 1024
#: A terminal without the keyboard focus (a background tab, another window) gets this much
#: of a frame, so typing in the focused one stays immediate whatever floods elsewhere.
BACKGROUND_BUDGET_SECONDS = 0.0015
#: Output waiting to be fed is capped: past this the reader stops reading, the network
#: process stops sending and the SSH window closes, so the server waits. Memory stays flat
#: and Ctrl+C stops a flood at once instead of after seconds of queued output.
MAX_BACKLOG_BYTES = 2 * 1024 * 1024
#: Output arriving after a pause this long (an echo, not the next piece of a flood) is fed
#: at once instead of at the next frame: that wait would be most of the key-to-screen delay.
QUIET_ARRIVAL_SECONDS = 0.005
#: The window-change request waits for the user to stop dragging the window edge.
RESIZE_DEBOUNCE_MS = 120
_READ_SIZE = 65536
_POLL_SECONDS = 0.25
_JOIN_SECONDS = 2.0


class ByteSource(Protocol):
    """A shell's byte stream, e.g. :class:`sshdesk.core.shell.ShellChannel`."""

    def fileno(self) -> int: ...
    def recv(self, max_bytes: int = ...) -> bytes: ...
    def send(self, data: bytes) -> None: ...
    def resize(self, columns: int, rows: int) -> None: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    @property
    def exit_status(self) -> int | None: ...


class _Resize(tuple[int, int]):
    """A queued window-change, told apart from keystrokes in the writer's queue."""


_STOP = object()
_EOF = b""  # queued by the reader when output ends


class TerminalSession(QObject):
    """One shell: a reader and a writer thread, and a GUI-thread drain into the emulator.

    Signals:
        screen_changed: The emulator was fed; repaint (at most once per frame).
        title_changed(str): The program set the window title.
        cwd_changed(str): The program reported its working directory (OSC 7).
        bell_rung: The program rang the bell.
        clipboard_write_requested(str, object): OSC 52: target and text (None clears); the
            UI decides whether to allow it.
        closed(object): The remote side ended; the exit status (int) or None if unknown.
    """

    screen_changed = Signal()
    title_changed = Signal(str)
    cwd_changed = Signal(str)
    bell_rung = Signal()
    clipboard_write_requested = Signal(str, object)
    closed = Signal(object)
    _output_arrived = Signal(bool)  # from the reader: into an empty queue; after a pause?

    def __init__(self, source: ByteSource, emulator: EmulatorCore,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.emulator = emulator
        self._source = source
        self._incoming: collections.deque[bytes] = collections.deque()
        self._backlog = 0  # bytes in _incoming
        self._backlog_lock = threading.Lock()
        self._room = threading.Event()  # clear while the backlog is full
        self._room.set()
        self._budget = FRAME_BUDGET_SECONDS
        self._outgoing: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._stopping = threading.Event()
        self._ended = False
        self.bytes_received = 0
        # Runs only while output waits, so an idle tab costs no wake-ups; during a flood it
        # alone paces the feeding (extra drains would only stall the event loop).
        self._drain_timer = QTimer(self, interval=FRAME_MS)
        self._drain_timer.timeout.connect(self._drain)
        self._wake_pending = threading.Event()
        self._output_arrived.connect(self._on_output_arrived, Qt.ConnectionType.QueuedConnection)
        self._resize_timer = QTimer(self, singleShot=True, interval=RESIZE_DEBOUNCE_MS)
        self._resize_timer.timeout.connect(self._send_size)
        self._threads = [
            threading.Thread(target=self._read_loop, name="shell-reader", daemon=True),
            threading.Thread(target=self._write_loop, name="shell-writer", daemon=True),
        ]

    def start(self) -> None:
        """Starts moving bytes. Call once, on the GUI thread."""
        for thread in self._threads:
            thread.start()

    # -- GUI thread -----------------------------------------------------------------------

    def send(self, data: bytes) -> None:
        """Queues keystrokes or pasted text for the host; never blocks."""
        if data and not self._ended:
            self._outgoing.put(data)

    def send_text(self, text: str) -> None:
        """Sends text typed or pasted, in the session's encoding."""
        self.send(self.emulator.encode_input(text))

    def resize(self, columns: int, rows: int) -> None:
        """Resizes the emulator now and tells the host once the size settles."""
        if (columns, rows) == self.emulator.size():
            return
        self.emulator.resize(columns, rows)
        self.screen_changed.emit()
        self._resize_timer.start()

    def _send_size(self) -> None:
        if not self._ended:
            self._outgoing.put(_Resize(self.emulator.size()))

    def set_focused(self, focused: bool) -> None:
        """Gives this terminal a full frame's budget while it has the keyboard focus, and a
        smaller one otherwise. Connect the widget's ``focus_changed`` here."""
        self._budget = FRAME_BUDGET_SECONDS if focused else BACKGROUND_BUDGET_SECONDS

    def _on_output_arrived(self, after_pause: bool) -> None:
        self._wake_pending.clear()  # first: output queued from now on wakes us again
        if after_pause:
            self._drain()
        with self._backlog_lock:
            waiting = bool(self._incoming)
        if waiting and not self._ended and not self._drain_timer.isActive():
            self._drain_timer.start()

    def _drain(self) -> None:
        if not self._incoming:
            return
        deadline = time.perf_counter() + self._budget
        fed = 0
        ended = False
        while self._incoming and fed < FRAME_BUDGET_BYTES:
            chunk = self._incoming.popleft()
            if not chunk:  # the reader saw the end of output
                ended = True
                break
            self.emulator.feed(chunk)
            fed += len(chunk)
            if time.perf_counter() >= deadline:
                break
        self.bytes_received += fed
        with self._backlog_lock:
            self._backlog -= fed
            if self._backlog <= MAX_BACKLOG_BYTES // 2:
                self._room.set()
            if not self._incoming:  # under the lock: the reader's next chunk wakes us
                self._drain_timer.stop()
        replies = self.emulator.take_replies()
        if replies:
            self.send(replies)  # DA, cursor position reports: the program waits for them
        self._dispatch_events()
        if fed:
            self.screen_changed.emit()
        if ended:
            self._finish()

    def _dispatch_events(self) -> None:
        for event in self.emulator.take_events():
            match event:
                case TitleChanged(title=title):
                    self.title_changed.emit(title)
                case PwdChanged(pwd=pwd):
                    self.cwd_changed.emit(pwd)
                case Bell():
                    self.bell_rung.emit()
                case ClipboardWrite(target=target):
                    self.clipboard_write_requested.emit(target, event.text)

    def _finish(self) -> None:
        self._ended = True
        self._drain_timer.stop()
        status = self._wait_exit_status()
        self._outgoing.put(_STOP)
        self.closed.emit(status)

    def _wait_exit_status(self) -> int | None:
        # The exit status travels just behind the end of output; give it a moment.
        deadline = time.monotonic() + 0.5
        while (status := self._source.exit_status) is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return status

    @property
    def backlog(self) -> int:
        """Bytes received and not yet fed (at most about MAX_BACKLOG_BYTES)."""
        with self._backlog_lock:
            return self._backlog

    @property
    def ended(self) -> bool:
        return self._ended

    def close(self, wait: bool = False) -> None:
        """Stops both threads and closes the source. Call on the GUI thread.

        Closing a channel may block on a dead link, so by default that and the joins
        happen on a throwaway thread; ``wait`` does them here (about two seconds at most).
        """
        self._ended = True
        self._drain_timer.stop()
        self._resize_timer.stop()
        self._stopping.set()
        self._room.set()
        self._outgoing.put(_STOP)
        if wait:
            self._close_source()
        else:
            threading.Thread(target=self._close_source, name="shell-close", daemon=True).start()

    def _close_source(self) -> None:
        try:
            self._source.close()  # wakes a reader blocked in select
        except (OSError, SshdeskError):
            log.debug("error closing a shell", exc_info=True)
        deadline = time.monotonic() + _JOIN_SECONDS
        for thread in self._threads:
            if thread.is_alive():
                thread.join(max(0.0, deadline - time.monotonic()))

    # -- worker threads -------------------------------------------------------------------

    def _read_loop(self) -> None:
        last_arrival = 0.0
        try:
            while not self._stopping.is_set():
                ready, _, _ = select.select([self._source], [], [], _POLL_SECONDS)
                if not ready:
                    continue
                data = self._source.recv(_READ_SIZE)
                now = time.perf_counter()
                self._queue(data, now - last_arrival >= QUIET_ARRIVAL_SECONDS)
                last_arrival = now
                if not data:
                    return
                while not self._room.wait(_POLL_SECONDS):  # the backlog is full: wait
                    if self._stopping.is_set():
                        return
        except (OSError, ValueError, SshdeskError) as error:
            log.info("shell output ended: %s", error)
            self._queue(_EOF, True)

    def _queue(self, data: bytes, after_pause: bool) -> None:
        with self._backlog_lock:
            was_empty = not self._incoming
            self._incoming.append(data)
            self._backlog += len(data)
            if self._backlog > MAX_BACKLOG_BYTES:
                self._room.clear()
        if was_empty and not self._wake_pending.is_set():
            self._wake_pending.set()
            self._output_arrived.emit(after_pause)

    def _write_loop(self) -> None:
        while True:
            item = self._outgoing.get()
            if item is _STOP or self._stopping.is_set():
                return
            try:
                if isinstance(item, _Resize):
                    self._source.resize(*item)
                else:
                    assert isinstance(item, bytes)
                    self._source.send(item)
            except (OSError, SshdeskError) as error:
                log.info("cannot write to the shell: %s", error)
                return
