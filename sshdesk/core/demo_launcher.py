"""Starts the demo server in a process of its own, for the GUI (which never loads paramiko).

The server (:mod:`sshdesk.core.demo`) runs as ``python -m sshdesk.core.demo`` and stops
when its standard input closes: when :meth:`DemoProcess.stop` closes it, or when the app
dies and the operating system closes it. Either way its temporary folder goes with it.
"""

import dataclasses
import json
import subprocess
import sys
import threading
from pathlib import Path

from sshdesk.core.errors import SshdeskError
from sshdesk.core.hostkeys import KnownHosts, default_known_hosts
from sshdesk.core.i18n import tr
from sshdesk.core.profile import SessionProfile

#: Seconds the server gets to start (key generation, sample files) and to stop.
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


@dataclasses.dataclass(frozen=True)
class DemoDetails:
    """Where the running demo server is and how to log in to it."""

    host: str
    port: int
    username: str
    client_key_file: Path
    known_hosts_file: Path
    sandbox: Path

    def to_json(self) -> dict[str, str | int]:
        return {"host": self.host, "port": self.port, "username": self.username,
                "client_key_file": str(self.client_key_file),
                "known_hosts_file": str(self.known_hosts_file), "sandbox": str(self.sandbox)}

    @classmethod
    def from_json(cls, values: dict[str, object]) -> "DemoDetails":
        """Raises KeyError, TypeError or ValueError for anything but :meth:`to_json`'s."""
        return cls(str(values["host"]), int(str(values["port"])), str(values["username"]),
                   Path(str(values["client_key_file"])), Path(str(values["known_hosts_file"])),
                   Path(str(values["sandbox"])))

    def profile(self) -> SessionProfile:
        """A profile that logs in with the demo's key and nothing else."""
        return SessionProfile(host=self.host, port=self.port, username=self.username,
                              key_files=(str(self.client_key_file),), allow_agent=False,
                              look_for_keys=False, keepalive_interval=0)

    def known_hosts(self) -> KnownHosts:
        """The app's known hosts, plus the demo's host key (read only: nothing is written)."""
        usual = default_known_hosts()
        return KnownHosts(usual.own_file, [*usual.read_only_files, self.known_hosts_file])


class DemoError(SshdeskError):
    def __init__(self, reason: str) -> None:
        super().__init__(tr("demo"), tr("start the demo server"), reason,
                         tr("Connect to an SSH server of your own instead."))


class DemoProcess:
    """The demo server's process. :meth:`start` and :meth:`stop` block: use a worker."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def start(self) -> DemoDetails:
        """Starts the server and returns its details. Blocking, a second or two.

        Raises:
            DemoError: The server could not start; the reason says why.
        """
        process = subprocess.Popen(
            [sys.executable, "-m", "sshdesk.core.demo"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        with self._lock:
            self._process = process
        line = _read_line(process, START_TIMEOUT)
        try:
            answer = json.loads(line)
            if "error" not in answer:
                return DemoDetails.from_json(answer)
            reason = str(answer["error"])
        except (ValueError, KeyError, TypeError):
            reason = tr("the demo server did not start")
        self.stop()
        raise DemoError(reason)

    def stop(self) -> None:
        """Stops the server; it removes its temporary folder. Blocking, a few seconds."""
        with self._lock:
            process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()  # the server's signal to stop
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _read_line(process: "subprocess.Popen[bytes]", timeout: float) -> str:
    # readline() alone could wait forever on a server that hangs before printing.
    stdout = process.stdout
    assert stdout is not None
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return lines[0].decode("utf-8", "replace") if lines else ""
