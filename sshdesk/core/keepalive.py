"""Noticing a dead server: keepalive probes that need an answer.

paramiko's own ``set_keepalive`` sends requests with ``want_reply`` off, so it keeps NAT
mappings alive but never notices a server that stopped answering. Like OpenSSH's
``ServerAliveInterval``/``ServerAliveCountMax``, we send ``keepalive@openssh.com`` with a
reply wanted (servers answer with a failure, which is enough) and declare the connection
lost after ``count_max`` intervals without an answer.
"""

import logging
import threading
import time
from collections.abc import Callable

import paramiko

log = logging.getLogger(__name__)

_REQUEST = "keepalive@openssh.com"


class Keepalive:
    """Probes one transport from two daemon threads until stopped or the server is lost.

    The prober blocks in ``global_request`` until an answer comes (or the transport
    closes); the watchdog counts how long the current probe has been waiting.
    """

    def __init__(
        self, transport: paramiko.Transport, interval: float, count_max: int,
        on_lost: Callable[[str], None],
    ) -> None:
        self._transport = transport
        self._interval = interval
        self._count_max = max(1, count_max)
        self._on_lost = on_lost
        self._stopped = threading.Event()
        self._probe_wanted = threading.Event()
        self._lock = threading.Lock()
        self._waiting_since: float | None = None
        self._threads = [
            threading.Thread(target=self._watch, name="keepalive-watch", daemon=True),
            threading.Thread(target=self._probe, name="keepalive-probe", daemon=True),
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stops both threads; never blocks for long (a probe ends when the transport closes)."""
        self._stopped.set()
        self._probe_wanted.set()

    def _watch(self) -> None:
        while not self._stopped.wait(self._interval):
            with self._lock:
                waiting_since = self._waiting_since
            if waiting_since is None:
                self._probe_wanted.set()
                continue
            silent_for = time.monotonic() - waiting_since
            if silent_for >= self._interval * self._count_max:
                self._stopped.set()
                reason = f"no answer to keepalive for {silent_for:.0f} s"
                log.warning("%s; closing the connection", reason)
                self._on_lost(reason)
                return

    def _probe(self) -> None:
        while True:
            self._probe_wanted.wait()
            self._probe_wanted.clear()
            if self._stopped.is_set() or not self._transport.is_active():
                return
            with self._lock:
                self._waiting_since = time.monotonic()
            # Blocks until the server answers or the transport closes.
            self._transport.global_request(_REQUEST, wait=True)
            with self._lock:
                self._waiting_since = None
