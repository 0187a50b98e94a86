"""Small files, many at a time, each driven by its replies.

Copying a small file is a chain of round trips (open, read or write, close, rename). A
thread per file waiting for each reply lost to OpenSSH's ``sftp`` by 2-4x: every reply
woke a thread, and the handoffs between sixteen threads on one interpreter cost more than
the copying. Here the reply callbacks themselves (on the channel's reader thread) send each
file's next request, with up to ``_IN_FLIGHT`` files under way per channel, and the worker
that started the batch only waits for its end.

A file that needs a decision (its target or a ``.part`` exists) or that did not go as
planned (a short read: it changed meanwhile) is handed back, untouched on the target side,
for the one-file path in :mod:`sshdesk.core.transfers`, which asks, resumes and verifies.
"""

import contextlib
import os
import stat
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from sshdesk.core import sftp_packets as wire
from sshdesk.core.errors import ConnectionLostError, SshdeskError
from sshdesk.core.i18n import tr
from sshdesk.core.remotefs import file_error
from sshdesk.core.sftp_client import LOST, Request, SftpChannel, StatusError, status_of
from sshdesk.core.sftp_packets import Attributes

PART_SUFFIX = ".part"
_IN_FLIGHT = 64
_NO_SUCH_FILE = wire.NO_SUCH_FILE


@dataclass
class SmallFile:
    """One small file for a batch (the fields of a transfer plan the batch needs)."""

    source: str
    target: str
    size: int
    mtime: int
    mode: int


@dataclass
class BatchResult:
    """What a batch did: files copied, files handed back, files that failed, and the
    connection error that ended it early (the rest are in ``handed_back``)."""

    copied: list[SmallFile] = field(default_factory=list)
    handed_back: list[SmallFile] = field(default_factory=list)
    failed: list[tuple[SmallFile, SshdeskError]] = field(default_factory=list)
    lost: ConnectionLostError | None = None


@dataclass(frozen=True)
class BatchSettings:
    encode: Callable[[str], bytes]
    host: str
    keep_times: bool
    keep_permissions: bool
    on_copied: Callable[[SmallFile], None]  # progress, as each file lands
    stopping: Callable[[], bool]
    # Existing targets are replaced (the queue's policy says so): no decision to hand back.
    overwrite: bool = False


class _Batch:
    def __init__(self, channel: SftpChannel, files: list[SmallFile],
                 settings: BatchSettings) -> None:
        self._channel = channel
        self._waiting = deque(files)
        self._settings = settings
        self._lock = threading.Lock()
        self._running = 0
        self._all_done = threading.Event()
        self.result = BatchResult()

    def run(self) -> BatchResult:
        self._start_more()
        self._all_done.wait()
        return self.result

    def _start_more(self) -> None:
        # The first requests of every file started here go out together, in one packet.
        requests: list[Request] = []
        started: list[SmallFile] = []
        while True:
            with self._lock:
                if self.result.lost is not None or self._settings.stopping():
                    self.result.handed_back.extend(self._waiting)
                    self._waiting.clear()
                if not self._waiting or self._running >= _IN_FLIGHT:
                    if not self._waiting and not self._running:
                        self._all_done.set()
                    break
                small = self._waiting.popleft()
                self._running += 1
            if self._start(small, requests):
                started.append(small)
        if not requests:
            return
        try:
            self._channel.send_batch(requests)
        except ConnectionLostError as error:
            for small in started:
                self._end(small, error)

    def _end(self, small: SmallFile, outcome: SshdeskError | str | None) -> None:
        """A file's chain ended: copied (None), handed back ("back") or failed."""
        with self._lock:
            self._running -= 1
            if outcome is None:
                self.result.copied.append(small)
            elif outcome == "back":
                self.result.handed_back.append(small)
            elif isinstance(outcome, ConnectionLostError):
                self.result.lost = self.result.lost or outcome
                self.result.handed_back.append(small)
            elif isinstance(outcome, SshdeskError):
                self.result.failed.append((small, outcome))
        if outcome is None:
            self._settings.on_copied(small)
        self._start_more()

    def _lost(self) -> ConnectionLostError:
        return ConnectionLostError(self._settings.host, self._channel.lost_reason or "")

    def _start(self, small: SmallFile, requests: list[Request]) -> bool:
        """Adds the file's first requests to ``requests``; False if it ended at once."""
        raise NotImplementedError


class _DownloadBatch(_Batch):
    def _start(self, small: SmallFile, requests: list[Request]) -> bool:
        if os.path.lexists(small.target + PART_SUFFIX) or (
                not self._settings.overwrite and os.path.lexists(small.target)):
            self._end(small, "back")
            return False
        raw = self._settings.encode(small.source)

        def opened(kind: int, body: memoryview) -> None:
            if kind != wire.HANDLE:
                self._end(small, self._error(kind, body, small))
                return
            handle = wire.Reader(body).string()
            received: list[bytes] = []
            read_kind = [0]

            def data(kind: int, body: memoryview) -> None:
                read_kind[0] = kind
                if kind == wire.DATA:
                    received.append(wire.Reader(body).string())
                elif kind != wire.STATUS or (status_of(kind, body) or _OK).code != wire.EOF:
                    received.append(b"")
                    read_kind[0] = -2 if kind != LOST else LOST

            def closed(kind: int, body: memoryview) -> None:
                if kind == LOST or read_kind[0] == LOST:
                    self._end(small, self._lost())
                    return
                content = b"".join(received)
                if read_kind[0] == -2 or len(content) != small.size:
                    self._end(small, "back")  # the one-file path will tell what is wrong
                    return
                self._end(small, self._write_local(small, content))

            try:
                if small.size:
                    self._channel.send_read(handle, 0, small.size, data)
                self._channel.send(wire.CLOSE, wire.string(handle), closed)
            except ConnectionLostError as error:
                self._end(small, error)

        requests.append((wire.OPEN, wire.string(raw) + wire._U32.pack(wire.OPEN_READ)
                         + wire.NO_ATTRIBUTES.encode(), opened))
        return True

    def _write_local(self, small: SmallFile, content: bytes) -> SshdeskError | None:
        part = small.target + PART_SUFFIX
        try:
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_BINARY", 0), 0o666)
            try:
                view = memoryview(content)
                while view:
                    view = view[os.write(fd, view):]
                if self._settings.keep_permissions:
                    os.fchmod(fd, stat.S_IMODE(small.mode) & 0o777 or 0o644)
            finally:
                os.close(fd)
            if self._settings.keep_times and small.mtime:
                os.utime(part, (small.mtime, small.mtime))
            os.replace(part, small.target)
        except OSError as error:
            with contextlib.suppress(OSError):
                os.unlink(part)
            return file_error(tr("this computer"), tr("download"), small.target, error)
        return None

    def _error(self, kind: int, body: memoryview, small: SmallFile) -> SshdeskError:
        if kind == LOST:
            return self._lost()
        status = status_of(kind, body) or StatusError(wire.FAILURE, "")
        return file_error(self._settings.host, tr("download"), small.source, status)


_OK = StatusError(wire.OK, "")


class _UploadBatch(_Batch):
    def _start(self, small: SmallFile, requests: list[Request]) -> bool:
        try:
            with open(small.source, "rb") as file:
                content = file.read(small.size + 1)
        except OSError as error:
            self._end(small, file_error(tr("this computer"), tr("upload"), small.source,
                                        error))
            return False
        if len(content) != small.size:
            self._end(small, "back")
            return False
        encode = self._settings.encode
        raw_target, raw_part = encode(small.target), encode(small.target + PART_SUFFIX)
        channel = self._channel
        seen: dict[str, bool] = {}

        def exists(name: str) -> Callable[[int, memoryview], None]:
            def reply(kind: int, body: memoryview) -> None:
                seen[name] = kind == wire.ATTRS or kind == LOST
            return reply

        def opened(kind: int, body: memoryview) -> None:
            # Replacing in one step needs posix-rename; without it the one-file path
            # removes the old file first.
            replaces = self._settings.overwrite and channel.has_posix_rename
            if seen.get("part") or (seen.get("target") and not replaces):
                if kind == wire.HANDLE:
                    # We made this .part (the open was exclusive), but the decision on the
                    # target is not ours to take: leave the server as it was.
                    handle = wire.Reader(body).string()
                    with contextlib.suppress(ConnectionLostError):
                        channel.send(wire.CLOSE, wire.string(handle), lambda *_: None)
                        channel.send(wire.REMOVE, wire.string(raw_part), lambda *_: None)
                self._end(small, "back")
                return
            if kind != wire.HANDLE:
                self._end(small, self._error(kind, body, small, small.target))
                return
            handle = wire.Reader(body).string()
            failures: list[tuple[int, bytes]] = []

            def checked(kind: int, body: memoryview) -> None:
                if kind != wire.STATUS or status_of(kind, body) is not None:
                    failures.append((kind, body.tobytes()))

            def closed(kind: int, body: memoryview) -> None:
                checked(kind, body)
                if failures:
                    failed_kind, failed_body = failures[0]
                    with contextlib.suppress(ConnectionLostError):
                        channel.send(wire.REMOVE, wire.string(raw_part), lambda *_: None)
                    self._end(small, self._error(failed_kind, memoryview(failed_body), small,
                                                 small.target))
                    return
                if channel.has_posix_rename:
                    channel.send(wire.EXTENDED, wire.string(b"posix-rename@openssh.com")
                                 + wire.string(raw_part) + wire.string(raw_target), renamed)
                else:
                    channel.send(wire.RENAME, wire.string(raw_part) + wire.string(raw_target),
                                 renamed)

            def renamed(kind: int, body: memoryview) -> None:
                status = None if kind == LOST else status_of(kind, body)
                self._end(small, None if kind != LOST and status is None
                          else self._error(kind, body, small, small.target))

            attributes = Attributes(
                mode=stat.S_IMODE(small.mode) if self._settings.keep_permissions else None,
                mtime=small.mtime if self._settings.keep_times and small.mtime else None)
            try:
                if content:
                    channel.send_write(handle, 0, content, checked)
                channel.send(wire.FSETSTAT, wire.string(handle) + attributes.encode(),
                             checked)
                channel.send(wire.CLOSE, wire.string(handle), closed)
            except ConnectionLostError as error:
                self._end(small, error)

        requests += [
            (wire.LSTAT, wire.string(raw_target), exists("target")),
            (wire.LSTAT, wire.string(raw_part), exists("part")),
            (wire.OPEN, wire.string(raw_part) + wire._U32.pack(
                wire.OPEN_WRITE | wire.OPEN_CREATE | wire.OPEN_EXCLUSIVE)
             + wire.NO_ATTRIBUTES.encode(), opened)]
        return True

    def _error(self, kind: int, body: memoryview, small: SmallFile,
               path: str) -> SshdeskError:
        if kind == LOST:
            return self._lost()
        status = status_of(kind, body) or StatusError(wire.FAILURE, "")
        return file_error(self._settings.host, tr("upload"), path, status)


def download(channel: SftpChannel, files: list[SmallFile],
             settings: BatchSettings) -> BatchResult:
    """Downloads ``files`` (each no larger than one read request). Blocking until all are
    copied, failed or handed back."""
    return _DownloadBatch(channel, files, settings).run()


def upload(channel: SftpChannel, files: list[SmallFile],
           settings: BatchSettings) -> BatchResult:
    """Uploads ``files`` (each no larger than one write request). Blocking."""
    return _UploadBatch(channel, files, settings).run()
