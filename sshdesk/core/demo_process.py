"""The demo server's programs: a shell on a pty or a command on pipes, per SSH channel.

Each leads a session (``setsid``) of its own, a shell with the pty as its controlling
terminal; when it ends, what it left in its session is killed (see :mod:`sshdesk.core.demo`).
"""

import contextlib
import logging
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import paramiko

if sys.platform != "win32":
    import fcntl
    import termios

log = logging.getLogger(__name__)

#: Seconds a shell gets to end after SIGHUP before it is killed.
HANGUP_GRACE = 1.0
#: Seconds :meth:`DemoServer.stop` waits for any one thread before leaving it behind.
JOIN_TIMEOUT = 2.0
#: How often waiting loops look again at what they wait for.
POLL = 0.2
_READ_SIZE = 65536
#: Seconds a channel stays open at least: see :meth:`Session._finish`.
_REPLY_GRACE = 0.25
#: What paramiko raises when a channel or its connection is gone.
BROKEN = (OSError, EOFError, paramiko.SSHException)


@dataclass
class Pty:
    term: str
    columns: int
    rows: int
    width_px: int = 0
    height_px: int = 0



# -- processes on channels ---------------------------------------------------------------


class Session:
    """A shell or command on one channel: its process, which leads its own process group
    (and session), and the daemon threads that pump its bytes.

    The runner thread owns the channel's end: it reports the exit status and closes it.
    """

    def __init__(self, channel: paramiko.Channel, process: "subprocess.Popen[bytes]") -> None:
        self.channel = channel
        self.process = process
        self.threads: list[threading.Thread] = []
        #: Set once the exit status is known, before the channel is closed.
        self._ended = threading.Event()
        self._started = time.monotonic()

    @property
    def done(self) -> bool:
        return self._ended.is_set()

    def _spawn(self, target: Callable[[], None], role: str) -> threading.Thread:
        thread = threading.Thread(
            target=target, name=f"demo-{role}-{self.process.pid}", daemon=True)
        self.threads.append(thread)
        thread.start()
        return thread

    def signal(self, number: int) -> None:
        """Signals every process of the program's session, while its leader is unreaped.

        Session, not process group: an interactive shell puts each job in a group of its
        own, and does not reliably pass a SIGHUP on to them.
        """
        if self.process.returncode is None:
            _signal_session(self.process.pid, number)

    def wait(self, timeout: float) -> bool:
        """Waits up to ``timeout`` seconds for the leader to end; tells whether it did."""
        try:
            self.process.wait(max(timeout, 0.001))
        except subprocess.TimeoutExpired:
            return False
        return True

    def sweep(self) -> None:
        """SIGKILL to what is left of the session, even after its leader ended: background
        jobs must not outlive their shell or the demo. Call only while the session id is
        known to be ours: the leader unreaped, or reaped a moment ago."""
        _signal_session(self.process.pid, signal.SIGKILL)

    def terminate(self, grace: float) -> None:
        """SIGHUP to the session, SIGKILL after ``grace`` seconds; reaps the leader.

        Blocking for up to ``grace`` + :data:`JOIN_TIMEOUT` seconds.
        """
        was_running = self.process.returncode is None
        self.signal(signal.SIGHUP)
        self.wait(grace)
        if was_running:
            self.sweep()
        self.wait(JOIN_TIMEOUT)

    def _finish(self) -> None:
        """Sends the exit status and closes the channel. Runs on the runner thread."""
        if not self.wait(JOIN_TIMEOUT):
            # Output ended but the program runs on (it closed its terminal): end it.
            self.terminate(HANGUP_GRACE)
        self.sweep()
        code = self.process.returncode
        self._ended.set()
        with contextlib.suppress(*BROKEN):
            # A signal's death is reported as a shell reports it: 128 + the signal number.
            self.channel.send_exit_status(code if code >= 0 else 128 - code)
        # paramiko sends the "success" reply to the shell or exec request only after our
        # check_* callback returned, from the transport's thread, with nothing to wait on.
        # A close that overtakes it makes paramiko clients fail the request ("Channel
        # closed."), so a program that ends at once keeps its channel open a moment.
        time.sleep(max(0.0, self._started + _REPLY_GRACE - time.monotonic()))
        with contextlib.suppress(*BROKEN):
            self.channel.close()

    def _send(self, data: bytes, stderr: bool = False) -> bool:
        try:
            if stderr:
                self.channel.sendall_stderr(data)
            else:
                self.channel.sendall(data)
        except BROKEN:
            self.signal(signal.SIGHUP)  # the client went away: hang up, as sshd does
            return False
        return True

    def _read_channel(self, write: Callable[[bytes], bool]) -> None:
        """Feeds the client's bytes to the program until the client's EOF or close; then,
        if the client closes the channel while the program runs, hangs it up."""
        while True:
            try:
                data = self.channel.recv(_READ_SIZE)
            except BROKEN:
                data = b""
            if not data or not write(data):
                break
        self._input_ended()
        while not self._ended.wait(POLL):
            if self.channel.closed:
                self.terminate(HANGUP_GRACE)
                return

    def _input_ended(self) -> None:
        """The client sends no more input."""


class PtySession(Session):
    """A program on a pseudo-terminal (``pty-req`` then ``shell`` or ``exec``)."""

    def __init__(self, channel: paramiko.Channel, argv: list[str | bytes],
                 environment: dict[str, str], cwd: Path, pty: Pty) -> None:
        master, slave = os.openpty()
        try:
            _set_size(slave, pty)
            process = subprocess.Popen(
                argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=environment,
                start_new_session=True, preexec_fn=_take_terminal,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            # Only the program holds the other end now, so reading ours fails (EIO) once
            # it and its children are gone.
            os.close(slave)
        super().__init__(channel, process)
        os.set_blocking(master, False)  # writes must not block stop() when the shell hangs
        self._master = master
        self._master_lock = threading.Lock()  # resize() runs on the transport's thread
        self._input = self._spawn(lambda: self._read_channel(self._write), "pty-in")
        self._spawn(self._run, "pty-out")

    def resize(self, size: Pty) -> None:
        with self._master_lock:
            if self._master >= 0:
                with contextlib.suppress(OSError):
                    _set_size(self._master, size)

    def _run(self) -> None:
        try:
            self._pump_output()
        finally:
            self._finish()
            self._input.join(JOIN_TIMEOUT)
            # Closing under a thread that still writes could hit a reused descriptor.
            if self._input.is_alive():
                log.warning("demo server: pty input thread did not end; pty left open")
            else:
                with self._master_lock:
                    os.close(self._master)
                    self._master = -1

    def _pump_output(self) -> None:
        while True:
            ready, _, _ = select.select([self._master], [], [], POLL)
            if not ready:
                # A job left in the background may hold the pty open after the shell ended.
                if self.process.poll() is not None:
                    return
                continue
            try:
                data = os.read(self._master, _READ_SIZE)
            except BlockingIOError:
                continue
            except OSError:
                return  # EIO: everyone holding the terminal has closed it
            if not data or not self._send(data):
                return

    def _write(self, data: bytes) -> bool:
        view = memoryview(data)
        while view:
            if self._ended.is_set():
                return False
            try:
                view = view[os.write(self._master, view):]
            except BlockingIOError:
                # The program is not reading: wait for room, a little at a time.
                select.select([], [self._master], [], POLL)
            except OSError:
                return False
        return True


class PipeSession(Session):
    """A command without a terminal (``exec``): stdout and stderr apart, as sshd does."""

    def __init__(self, channel: paramiko.Channel, argv: list[str | bytes],
                 environment: dict[str, str], cwd: Path) -> None:
        pipe = subprocess.PIPE
        super().__init__(channel, subprocess.Popen(
            argv, stdin=pipe, stdout=pipe, stderr=pipe, cwd=cwd, env=environment,
            start_new_session=True,
        ))
        self._stderr = self._spawn(self._pump_stderr, "err")
        self._spawn(lambda: self._read_channel(self._write), "in")
        self._spawn(self._run, "out")

    def _run(self) -> None:
        assert self.process.stdout is not None
        try:
            _pump(self.process.stdout, self._send)
            # All of stderr goes out before the exit status, too.
            self._stderr.join()
        finally:
            self._finish()

    def _pump_stderr(self) -> None:
        assert self.process.stderr is not None
        _pump(self.process.stderr, lambda data: self._send(data, stderr=True))

    def _write(self, data: bytes) -> bool:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:
            return False  # the command closed its input or ended
        return True

    def _input_ended(self) -> None:
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):
            self.process.stdin.close()


def _pump(stream: IO[bytes], send: Callable[[bytes], bool]) -> None:
    """Sends what ``stream`` yields until its end (closing it), or until sending fails."""
    with stream:
        while True:
            try:
                data = os.read(stream.fileno(), _READ_SIZE)
            except OSError:
                return
            if not data or not send(data):
                return


def _signal_session(sid: int, number: int) -> None:
    """Sends a signal to every process of session ``sid`` and to its process group."""
    for pid in [*_session_members(sid), -sid]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, number)


def _session_members(sid: int) -> list[int]:
    """The processes of session ``sid``: Linux lists every process in /proc, elsewhere
    (macOS) pgrep finds them."""
    if os.path.isdir("/proc/self"):
        candidates = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    else:
        try:
            found = subprocess.run(["pgrep", "-s", str(sid)], capture_output=True,
                                   timeout=5, check=False)
        except (OSError, subprocess.SubprocessError):
            return []
        candidates = [int(pid) for pid in found.stdout.split()]
    members = []
    for pid in candidates:
        with contextlib.suppress(OSError):
            if os.getsid(pid) == sid:
                members.append(pid)
    return members


def _set_size(fd: int, size: Pty) -> None:
    def clamp(value: int) -> int:
        return min(max(value, 0), 0xFFFF)

    packed = struct.pack("HHHH", clamp(size.rows), clamp(size.columns),
                         clamp(size.width_px), clamp(size.height_px))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, packed)


def _take_terminal() -> None:
    """Runs in the child after ``setsid()``: makes the pty its controlling terminal, so
    job control, Ctrl+C and SIGWINCH work. subprocess has no option for it, and a
    ``preexec_fn`` this small (one ioctl, no locks) is safe in a threaded parent."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
