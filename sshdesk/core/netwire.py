"""The wire between the GUI process and its network process (:mod:`sshdesk.core.netservice`).

Messages are pickled and framed over a Unix stream socket; file descriptors (a shell's end
of a socket pair) ride along with the frame that names them. Pickle is safe here: both ends
are our own processes joined by a socket pair that nothing else can reach.
"""

import collections
import contextlib
import pickle
import socket
import struct
import threading
from dataclasses import dataclass

_HEADER = struct.Struct("!IB")  # payload length, number of descriptors sent with it
_RECEIVE_SIZE = 1 << 16
_MAX_FDS = 16
# Descriptors arrive close-on-exec, so the shells of one session never leak into programs
# another part of the app starts.
_RECEIVE_FLAGS = getattr(socket, "MSG_CMSG_CLOEXEC", 0)


@dataclass(frozen=True)
class Call:
    """A request that gets a :class:`Result`: ``method`` of the network service with ``args``."""

    call_id: int
    method: str
    args: tuple[object, ...]


@dataclass(frozen=True)
class Result:
    """The answer to the :class:`Call` ``call_id``: its value, or the error it raised."""

    call_id: int
    value: object = None
    error: BaseException | None = None


@dataclass(frozen=True)
class Notice:
    """A one-way message: ``kind`` with ``args`` (a window-change, a lost connection ...)."""

    kind: str
    args: tuple[object, ...] = ()


class Reply:
    """A value (or error) one thread waits for and another thread sets: the result of a
    :class:`Call`, or a person's answer to a prompt."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self.value: object = None
        self.error: BaseException | None = None

    def resolve(self, value: object = None, error: BaseException | None = None) -> None:
        """Sets the reply and wakes the waiter; only the first call counts."""
        if not self._done.is_set():
            self.value, self.error = value, error
            self._done.set()

    def wait(self) -> None:
        """Blocks until :meth:`resolve` is called."""
        self._done.wait()


class MessageSocket:
    """Frames messages over a connected Unix stream socket.

    Any thread may :meth:`send`; one thread at a time may :meth:`receive`.
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._send_lock = threading.Lock()
        self._buffer = bytearray()
        self._fds: collections.deque[int] = collections.deque()

    def send(self, message: object, fds: tuple[int, ...] = ()) -> None:
        """Sends ``message`` (and duplicates of ``fds``). Blocking while the peer is behind.

        Raises:
            OSError: The other process is gone.
        """
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        frame = _HEADER.pack(len(payload), len(fds)) + payload
        with self._send_lock:
            if fds:
                # The descriptors travel with the frame's first bytes; the rest follows.
                sent = socket.send_fds(self._sock, [frame], list(fds))
                frame = frame[sent:]
            if frame:
                self._sock.sendall(frame)

    def receive(self) -> tuple[object, list[int]]:
        """Returns the next message and the descriptors sent with it. Blocking.

        Raises:
            EOFError: The other process closed its end (or exited).
        """
        while True:
            message = self._next_frame()
            if message is not None:
                return message
            try:
                data, fds, _flags, _address = socket.recv_fds(
                    self._sock, _RECEIVE_SIZE, _MAX_FDS, _RECEIVE_FLAGS)
            except ConnectionResetError as error:
                raise EOFError(str(error)) from error
            self._fds.extend(fds)
            if not data:
                raise EOFError("the other process closed the connection")
            self._buffer += data

    def _next_frame(self) -> tuple[object, list[int]] | None:
        if len(self._buffer) < _HEADER.size:
            return None
        length, count = _HEADER.unpack_from(self._buffer)
        end = _HEADER.size + length
        # A frame's descriptors arrive with its first bytes, so they are here once it is.
        if len(self._buffer) < end or len(self._fds) < count:
            return None
        message = pickle.loads(self._buffer[_HEADER.size:end])
        del self._buffer[:end]
        return message, [self._fds.popleft() for _ in range(count)]

    def close(self) -> None:
        """Closes the socket; a thread blocked in :meth:`receive` gets EOFError."""
        with contextlib.suppress(OSError):  # already disconnected
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
