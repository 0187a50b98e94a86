"""A throwaway SSH and SFTP server on 127.0.0.1, for trying sshdesk without a server.

``sshdesk --demo`` starts a :class:`DemoServer` and connects to it, so a newcomer sees a
real shell and a file listing within seconds. The server lives in a fresh temporary
folder: a host key, a client key that is the only way in, a known_hosts file that trusts
the host key, and the SFTP sandbox with sample files (see :mod:`sshdesk.core.demo_sftp`,
which also says how client paths map onto it). :meth:`DemoServer.stop` removes it all.

Threads: one accept thread; per connection, paramiko's transport thread, which runs the
``check_*`` callbacks of :class:`_DemoInterface` (so they return at once) and starts one
thread per SFTP channel; per shell or command, daemon threads that pump its bytes.

Processes: each shell or command leads a session (``setsid``) of its own, a shell with the
pty as its controlling terminal. When it ends, what it left in its session (background
jobs, even ``nohup`` ones) is killed; when the demo stops, every session gets SIGHUP, then
SIGKILL. Nothing outlives the demo but programs that made sessions of their own.

Linux and macOS only: the shell needs a pseudo-terminal, which Windows lacks.
"""

import getpass
import hmac
import io
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from sshdesk.core.demo_launcher import DemoDetails
from sshdesk.core.demo_process import (
    BROKEN,
    HANGUP_GRACE,
    JOIN_TIMEOUT,
    POLL,
    PipeSession,
    Pty,
    PtySession,
    Session,
)
from sshdesk.core.demo_sftp import SandboxSFTP, fill_sandbox
from sshdesk.core.errors import SshdeskError
from sshdesk.core.hostkeys import host_entry_name
from sshdesk.core.i18n import tr
from sshdesk.core.profile import SessionProfile

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


class DemoServer:
    """An SSH + SFTP server on 127.0.0.1 for trying sshdesk without a server of one's own.

    Only the client key it generates gets in, as the local user; shells and commands run
    as that user on this computer, in the sandbox folder. Thread-safe: :meth:`stop` may be
    called from any thread, and more than once.

    Attributes (set by :meth:`start`):
        host: ``"127.0.0.1"``.
        port: The port it listens on (a free one, picked by the system).
        username: The only user name accepted: the local user's.
        client_key_file: The client's private key (ed25519, unencrypted, mode 600).
        known_hosts_file: One known_hosts line trusting the host key for ``[host]:port``.
        sandbox: The folder SFTP clients see as ``/``, and where shells start.
    """

    host: str
    port: int
    username: str
    client_key_file: Path
    known_hosts_file: Path
    sandbox: Path

    def __init__(self) -> None:
        self.host = HOST
        self.port = 0
        self.username = getpass.getuser()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._folder: Path | None = None
        self._listener: socket.socket | None = None
        self._accept_thread: threading.Thread | None = None
        self._host_key: paramiko.PKey | None = None
        self._client_blob = b""
        self._transports: list[paramiko.Transport] = []
        self._sessions: list[Session] = []
        self._sftp_threads: list[threading.Thread] = []

    def start(self) -> None:
        """Generates the keys and sample files and starts accepting connections.

        Blocking briefly (two key pairs, a few small files). Any thread; once.

        Raises:
            SshdeskError: On Windows, or when the temporary folder or the listening socket
                cannot be made.
        """
        operation = tr("start the demo server")
        if sys.platform == "win32":
            raise SshdeskError(
                HOST, operation,
                tr("the demo's shell needs Linux or macOS (Python's pty module, which "
                   "Windows lacks)"),
                tr("Connect to an SSH server of your own instead."),
            )
        with self._lock:
            if self._folder is not None or self._stopping.is_set():
                raise RuntimeError("a DemoServer starts only once")
            # resolve(): on macOS the temporary folder is behind the /var -> /private/var link.
            self._folder = Path(tempfile.mkdtemp(prefix="sshdesk-demo-")).resolve()
        try:
            self._listen()
            self._prepare(self._folder)
        except OSError as error:
            self.stop()
            raise SshdeskError(HOST, operation, tr("cannot set up the demo: {reason}").format(
                reason=error.strerror or error)) from error
        self._accept_thread = threading.Thread(
            target=self._accept_loop, name="demo-accept", daemon=True)
        self._accept_thread.start()
        log.info("demo server listening on %s:%d, sandbox %s", HOST, self.port, self.sandbox)

    def _listen(self) -> None:
        self._listener = socket.create_server((HOST, 0))
        # accept() wakes up now and then to notice stop(): closing a socket does not wake a
        # thread blocked on it everywhere, and closing it under that thread risks fd reuse.
        self._listener.settimeout(POLL)
        self.port = int(self._listener.getsockname()[1])

    def _prepare(self, folder: Path) -> None:
        self._host_key = _new_ed25519()[1]
        client_text, client_key = _new_ed25519()
        self._client_blob = client_key.asbytes()
        self.client_key_file = folder / "client_ed25519"
        descriptor = os.open(self.client_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as stream:
            stream.write(client_text)
        public = f"{client_key.get_name()} {client_key.get_base64()} sshdesk-demo\n"
        (folder / "client_ed25519.pub").write_text(public, encoding="ascii")
        self.known_hosts_file = folder / "known_hosts"
        host_key = self._host_key
        line = f"{host_entry_name(HOST, self.port)} {host_key.get_name()} {host_key.get_base64()}"
        self.known_hosts_file.write_text(line + "\n", encoding="ascii")
        self.sandbox = folder / "sandbox"
        self.sandbox.mkdir()
        fill_sandbox(self.sandbox)

    def details(self) -> DemoDetails:
        """Where this server is and how to log in, as plain values."""
        return DemoDetails(self.host, self.port, self.username, self.client_key_file,
                           self.known_hosts_file, self.sandbox)

    def profile(self) -> SessionProfile:
        """A profile that connects to this server with its client key and nothing else."""
        return self.details().profile()

    def shell_pids(self) -> tuple[int, ...]:
        """Process ids of the shells and commands not yet reaped (tests check they die)."""
        with self._lock:
            return tuple(s.process.pid for s in self._sessions if s.process.returncode is None)

    # -- serving ------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                sock, address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError as error:
                log.warning("demo server stopped accepting: %s", error)
                return
            try:
                self._serve(sock)
            except BROKEN as error:
                log.info("demo server could not serve %s: %s", address, error)
                sock.close()

    def _serve(self, sock: socket.socket) -> None:
        transport = paramiko.Transport(sock)
        transport.add_server_key(self._host_key)
        transport.set_subsystem_handler(
            "sftp", paramiko.SFTPServer, SandboxSFTP, self.sandbox, self._track_sftp)
        with self._lock:
            if self._stopping.is_set():
                transport.close()
                return
            self._transports = [t for t in self._transports if t.is_active()]
            self._transports.append(transport)
            # With an event, start_server returns at once; the handshake runs on the
            # transport's own thread, so a slow client holds up nobody.
            transport.start_server(event=threading.Event(), server=_DemoInterface(self))

    def _track_sftp(self, thread: threading.Thread) -> None:
        with self._lock:
            self._sftp_threads = [t for t in self._sftp_threads if t.is_alive()] + [thread]

    def _accepts(self, username: str, key_blob: bytes) -> bool:
        return username == self.username and hmac.compare_digest(key_blob, self._client_blob)

    def _adopt(self, session: "Session") -> bool:
        """Registers a new session, unless the server is stopping (then ends it)."""
        with self._lock:
            if not self._stopping.is_set():
                self._sessions = [s for s in self._sessions if not s.done] + [session]
                return True
        session.terminate(0)
        return False

    # -- stopping -----------------------------------------------------------------------

    def stop(self) -> None:
        """Closes every connection, ends every shell and command, and removes the folder.

        Blocking, for a few seconds at most: a shell that ignores SIGHUP gets
        :data:`HANGUP_GRACE` seconds, then SIGKILL; threads get :data:`JOIN_TIMEOUT`
        seconds each, and one still running after that is left behind (daemon) and logged.
        Any thread; idempotent.
        """
        with self._lock:
            if self._stopping.is_set():
                return
            self._stopping.set()
            transports, self._transports = self._transports, []
            sessions, self._sessions = self._sessions, []
        _join([self._accept_thread])
        if self._listener is not None:
            self._listener.close()
        running = [s for s in sessions if s.process.returncode is None]
        for session in running:
            session.signal(signal.SIGHUP)
        # Closing the connections wakes threads blocked sending to a client that stopped
        # reading, and ends every SFTP session (paramiko closes their open files).
        for transport in transports:
            transport.close()
        deadline = time.monotonic() + HANGUP_GRACE
        for session in running:
            session.wait(deadline - time.monotonic())
        for session in running:
            session.sweep()
            session.wait(JOIN_TIMEOUT)
        with self._lock:
            sftp_threads = list(self._sftp_threads)
        _join([*transports, *sftp_threads, *(t for s in sessions for t in s.threads)])
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        log.info("demo server stopped")

    def __enter__(self) -> "DemoServer":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _join(threads: Iterable[threading.Thread | None]) -> None:
    for thread in threads:
        if thread is None or thread is threading.current_thread():
            continue
        thread.join(JOIN_TIMEOUT)
        if thread.is_alive():
            log.warning("demo server: thread %s did not end; left behind", thread.name)


def _new_ed25519() -> tuple[str, paramiko.PKey]:
    """A fresh key: its OpenSSH private key text, and the key as paramiko loads it."""
    text = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    ).decode("ascii")
    return text, paramiko.Ed25519Key.from_private_key(io.StringIO(text))


# -- the SSH side of one connection ------------------------------------------------------


class _DemoInterface(paramiko.ServerInterface):  # type: ignore[misc]  # paramiko is untyped
    """Answers one connection's requests. Runs on its transport's thread: returns at once."""

    def __init__(self, server: DemoServer) -> None:
        self._server = server
        self._ptys: dict[int, Pty] = {}
        self._env: dict[int, dict[str, str]] = {}
        self._shells: dict[int, PtySession] = {}
        self._busy: set[int] = set()  # channels already running a program

    def get_allowed_auths(self, username: str) -> str:
        return "publickey"

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        # Called twice per login: once to ask whether the key would do, once signed.
        if self._server._accepts(username, key.asbytes()):
            log.debug("demo server: the demo key is accepted for %s", username)
            return int(paramiko.AUTH_SUCCESSFUL)
        log.info("demo server: refused a key offered for %s", username)
        return int(paramiko.AUTH_FAILED)

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return int(paramiko.OPEN_SUCCEEDED)
        return int(paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED)

    def check_channel_pty_request(
        self, channel: paramiko.Channel, term: bytes, width: int, height: int,
        pixelwidth: int, pixelheight: int, modes: bytes,
    ) -> bool:
        # The terminal modes are not applied: the pty's defaults suit every client we know.
        self._ptys[channel.get_id()] = Pty(
            _text(term) or "xterm", width, height, pixelwidth, pixelheight)
        return True

    def check_channel_window_change_request(
        self, channel: paramiko.Channel, width: int, height: int,
        pixelwidth: int, pixelheight: int,
    ) -> bool:
        size = Pty("", width, height, pixelwidth, pixelheight)
        shell = self._shells.get(channel.get_id())
        requested = self._ptys.get(channel.get_id())
        if shell is not None:
            shell.resize(size)
        elif requested is not None:  # resized before the shell started
            requested.columns, requested.rows = width, height
            requested.width_px, requested.height_px = pixelwidth, pixelheight
        return True

    def check_channel_env_request(
        self, channel: paramiko.Channel, name: bytes, value: bytes
    ) -> bool:
        key = _text(name)
        if key == "LANG" or key.startswith("LC_"):
            self._env.setdefault(channel.get_id(), {})[key] = _text(value)
            return True
        return False

    def check_channel_shell_request(self, channel: paramiko.Channel) -> bool:
        shell = _login_shell()
        # A login shell reads the user's profile, as a shell over ssh does.
        login = ["-l"] if os.path.basename(shell) in ("bash", "zsh") else []
        return self._start(channel, [shell, *login])

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        return self._start(channel, ["/bin/sh", "-c", command])

    def _start(self, channel: paramiko.Channel, argv: list[str | bytes]) -> bool:
        chanid = channel.get_id()
        if chanid in self._busy:
            return False  # one shell or command per channel, as RFC 4254 has it
        self._busy.add(chanid)
        environment = {**os.environ, **self._env.pop(chanid, {})}
        pty = self._ptys.pop(chanid, None)
        # The client may see the program's first output before the request's "success"
        # reply; clients buffer it, as they do with OpenSSH.
        try:
            if pty is None:
                session: Session = PipeSession(channel, argv, environment, self._server.sandbox)
            else:
                environment["TERM"] = pty.term
                shell = PtySession(channel, argv, environment, self._server.sandbox, pty)
                self._shells[chanid] = session = shell
        except OSError as error:
            log.warning("demo server cannot start %s: %s", argv[0], error)
            return False
        return self._server._adopt(session)


def _login_shell() -> str:
    """The user's login shell from the password database, as sshd starts it; $SHELL or
    /bin/sh when there is none (a minimal container)."""
    try:
        import pwd

        shell = pwd.getpwuid(os.getuid()).pw_shell
    except (ImportError, KeyError):
        shell = ""
    return shell or os.environ.get("SHELL") or "/bin/sh"


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def serve() -> int:
    """Runs a demo server for another process: ``python -m sshdesk.core.demo``.

    Prints one JSON line (:meth:`DemoDetails.to_json`) once it listens, and stops when
    its standard input closes, so it ends with the process that started it, even one that
    was killed. The GUI uses this: paramiko
    stays out of the GUI's process.
    """
    import json

    logging.basicConfig(level=logging.WARNING, format="demo server: %(message)s")
    server = DemoServer()
    try:
        server.start()
    except SshdeskError as error:
        print(json.dumps({"error": error.describe()}), flush=True)
        return 1
    try:
        print(json.dumps(server.details().to_json()), flush=True)
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
