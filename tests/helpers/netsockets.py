"""Misbehaving TCP endpoints on 127.0.0.1, for testing how a client copes.

- :func:`closed_port`: a port with nothing listening (connection refused).
- :class:`SilentServer`: accepts and never says a word (banner timeout).
- :class:`HttpServer`: answers like a web server that got an SSH banner.
- :class:`FreezableProxy`: a forwarder that can stall both directions without
  closing anything, so the server looks dead but the TCP connection stays up
  (keepalive tests).

Each server runs its own threads, serves at most ``max_connections`` connections
at once, and :meth:`stop` closes every socket and joins every thread.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from typing import Self

LOOPBACK = "127.0.0.1"

HTTP_400_RESPONSE = (
    b"HTTP/1.1 400 Bad Request\r\n"
    b"Content-Type: text/html\r\n"
    b"Connection: close\r\n"
    b"\r\n"
    b"<html>bad request</html>"
)

# How often loops wake up to notice stop(); bounds how long stop() takes.
_POLL_INTERVAL = 0.05
_JOIN_TIMEOUT = 5.0


def closed_port(host: str = LOOPBACK) -> int:
    """Return a port that nothing listens on: bind one, note it, close it.

    Another process could take the port afterwards; on a test machine that is
    unlikely enough.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _listen(host: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(16)
    sock.setblocking(False)
    return sock


class _SelectorServer:
    """A one-thread listener; subclasses decide what to do with connections."""

    def __init__(self, host: str = LOOPBACK, max_connections: int = 32) -> None:
        self._listener = _listen(host)
        self.host: str = host
        self.port: int = int(self._listener.getsockname()[1])
        self._max_connections = max_connections
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ)
        self._connections: set[socket.socket] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=type(self).__name__, daemon=True)
        self.accepted = 0  # how many connections came in, for assertions

    @property
    def address(self) -> tuple[str, int]:
        """The ``(host, port)`` to connect to."""
        return self.host, self.port

    def start(self) -> Self:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread and close every socket."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(_JOIN_TIMEOUT)
        for conn in list(self._connections):
            self._close(conn)
        self._selector.close()
        self._listener.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _loop(self) -> None:
        while not self._stop.is_set():
            for key, _events in self._selector.select(_POLL_INTERVAL):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self._listener:
                    self._accept()
                else:
                    self._readable(sock)
            self._tick()

    def _accept(self) -> None:
        try:
            conn, _peer = self._listener.accept()
        except BlockingIOError:
            return
        self.accepted += 1
        if len(self._connections) >= self._max_connections:
            conn.close()
            return
        conn.setblocking(False)
        self._connections.add(conn)
        self._selector.register(conn, selectors.EVENT_READ)
        self._accepted(conn)

    def _close(self, conn: socket.socket) -> None:
        if conn in self._connections:
            self._connections.discard(conn)
            self._selector.unregister(conn)
        conn.close()

    def _drain(self, conn: socket.socket) -> bool:
        """Read and drop what the peer sent; return False (and close) at EOF."""
        try:
            data = conn.recv(65536)
        except BlockingIOError:
            return True
        except OSError:
            data = b""
        if not data:
            self._close(conn)
            return False
        return True

    def _accepted(self, conn: socket.socket) -> None:
        """Called for each new connection."""

    def _readable(self, conn: socket.socket) -> None:
        """Called when a connection has data or EOF."""
        self._drain(conn)

    def _tick(self) -> None:
        """Called after every select round (at least every ``_POLL_INTERVAL``)."""


class SilentServer(_SelectorServer):
    """Accepts connections, reads and drops what it gets, and never sends a byte.

    It closes a connection only when the client does (or at :meth:`stop`).
    """


class HttpServer(_SelectorServer):
    """Answers every connection with an HTTP 400 page, then closes it.

    Like nginx when an SSH client connects: it waits for the client's first bytes
    (or ``wait`` seconds, whichever is first), answers, and closes.
    """

    def __init__(self, host: str = LOOPBACK, max_connections: int = 32, wait: float = 0.5) -> None:
        super().__init__(host, max_connections)
        self._wait = wait
        self._deadlines: dict[socket.socket, float] = {}

    def _accepted(self, conn: socket.socket) -> None:
        self._deadlines[conn] = time.monotonic() + self._wait

    def _readable(self, conn: socket.socket) -> None:
        if self._drain(conn):
            self._answer(conn)
        else:
            self._deadlines.pop(conn, None)

    def _tick(self) -> None:
        now = time.monotonic()
        for conn, deadline in list(self._deadlines.items()):
            if now >= deadline:
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        self._deadlines.pop(conn, None)
        # OSError: the client left already. The response fits an empty socket buffer.
        with contextlib.suppress(OSError):
            conn.send(HTTP_400_RESPONSE)
            conn.shutdown(socket.SHUT_WR)
        self._close(conn)


class FreezableProxy:
    """A TCP forwarder from 127.0.0.1 to a target that can stall on demand.

    :meth:`freeze` stops moving bytes in both directions while every socket stays
    open, so to the client the server looks alive at the TCP level but silent.
    :meth:`thaw` resumes. Each connection gets one pump thread.

    Attributes:
        host: Where the proxy listens.
        port: Its port.
        target: Where it forwards to.
    """

    def __init__(
        self, target: tuple[str, int], host: str = LOOPBACK, max_connections: int = 16
    ) -> None:
        self.target = target
        self._listener = _listen(host)
        self.host: str = host
        self.port: int = int(self._listener.getsockname()[1])
        self._max_connections = max_connections
        self._running = threading.Event()  # set while bytes may flow
        self._running.set()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._pumps: list[threading.Thread] = []
        self._acceptor = threading.Thread(
            target=self._accept_loop, name="proxy-accept", daemon=True
        )
        self.accepted = 0

    @property
    def address(self) -> tuple[str, int]:
        """The ``(host, port)`` to connect to instead of the target."""
        return self.host, self.port

    @property
    def frozen(self) -> bool:
        """True while forwarding is stalled."""
        return not self._running.is_set()

    def freeze(self) -> None:
        """Stop forwarding in both directions; keep every socket open."""
        self._running.clear()

    def thaw(self) -> None:
        """Resume forwarding."""
        self._running.set()

    def start(self) -> Self:
        """Start accepting in a background thread."""
        self._acceptor.start()
        return self

    def stop(self) -> None:
        """Close every socket and join every thread."""
        self._stop.set()
        self._running.set()  # wake pumps parked in a freeze
        if self._acceptor.is_alive():
            self._acceptor.join(_JOIN_TIMEOUT)
        with self._lock:
            sockets = list(self._sockets)
            pumps = list(self._pumps)
        for sock in sockets:
            # shutdown() wakes a thread blocked in send() on this socket.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for pump in pumps:
            pump.join(_JOIN_TIMEOUT)
        for sock in sockets:
            sock.close()
        self._listener.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            while not self._stop.is_set():
                if selector.select(_POLL_INTERVAL):
                    self._accept_one()

    def _accept_one(self) -> None:
        try:
            client, _peer = self._listener.accept()
        except BlockingIOError:
            return
        self.accepted += 1
        with self._lock:
            self._pumps = [pump for pump in self._pumps if pump.is_alive()]
            live = len(self._pumps)
        if live >= self._max_connections:
            client.close()
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        client.setblocking(True)
        upstream.settimeout(None)
        pump = threading.Thread(
            target=self._pump, args=(client, upstream), name="proxy-pump", daemon=True
        )
        with self._lock:
            self._sockets.update((client, upstream))
            self._pumps.append(pump)
        pump.start()

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        """Copy bytes both ways until either side closes or the proxy stops."""
        peer = {client: upstream, upstream: client}
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ)
            selector.register(upstream, selectors.EVENT_READ)
            while not self._stop.is_set():
                if not self._running.wait(_POLL_INTERVAL):
                    continue  # frozen: read nothing, so nothing moves
                if not self._copy_ready(selector, peer):
                    break
        with self._lock:
            self._sockets.difference_update((client, upstream))
        client.close()
        upstream.close()

    def _copy_ready(
        self, selector: selectors.BaseSelector, peer: dict[socket.socket, socket.socket]
    ) -> bool:
        """Forward one round of ready data; False when a side closed."""
        for key, _events in selector.select(_POLL_INTERVAL):
            source = key.fileobj
            assert isinstance(source, socket.socket)
            try:
                data = source.recv(65536)
                if not data:
                    return False
                peer[source].sendall(data)
            except OSError:
                return False
        return True
