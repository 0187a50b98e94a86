"""Connections: :func:`connect` logs in (through any jump hosts) and returns a
:class:`Connection` that runs commands, opens shells and hands out SFTP sessions."""

import logging
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import paramiko

from sshdesk.core import channel_stream
from sshdesk.core.auth import Authenticator
from sshdesk.core.errors import (
    ChannelError,
    CommandTimeoutError,
    ConnectionLostError,
    ConnectTimeoutError,
    NetworkError,
    ProtocolError,
    SshdeskError,
)
from sshdesk.core.handshake import open_socket, start_transport, verify_host_key
from sshdesk.core.hostkeys import KnownHosts, default_known_hosts
from sshdesk.core.i18n import tr
from sshdesk.core.keepalive import Keepalive
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import Prompter
from sshdesk.core.remotefs import RemoteFileSystem
from sshdesk.core.sftp_client import SftpChannel, StatusError
from sshdesk.core.shell import ShellChannel

log = logging.getLogger(__name__)

#: How long :meth:`Connection.close` waits for paramiko's threads before giving up on them.
CLOSE_TIMEOUT = 2.0
_READ_SIZE = 65536
#: What paramiko raises when the connection under a call breaks.
_BROKEN = (paramiko.SSHException, EOFError, OSError)


def connect(
    profile: SessionProfile, prompter: Prompter, known_hosts: KnownHosts | None = None
) -> "Connection":
    """Connects and logs in, through each of ``profile.jump_hosts`` first.

    Blocking: for up to the profile's timeouts, plus however long a person takes to answer
    the prompter. Call from a worker thread, never the GUI thread.

    Raises:
        SshdeskError: Any failure, as the specific subclass (never a paramiko exception).
    """
    known_hosts = known_hosts or default_known_hosts()
    transports: list[paramiko.Transport] = []
    try:
        for hop in (*profile.jump_hosts, profile):
            sock = _open_hop(hop, transports[-1] if transports else None)
            transport = start_transport(sock, hop, known_hosts)
            transports.append(transport)
            verify_host_key(transport, hop, known_hosts, prompter)
            _authenticate(transport, hop, prompter)
    except BaseException:
        _close_all(transports)
        raise
    log.info("connected to %s as %s", profile.address, profile.login_name)
    return Connection(profile, transports)


def _open_hop(
    hop: SessionProfile, via: paramiko.Transport | None
) -> socket.socket | paramiko.Channel:
    if via is None:
        return open_socket(hop)
    try:
        return via.open_channel(
            "direct-tcpip", (hop.host, hop.port), ("127.0.0.1", 0), timeout=hop.timeout
        )
    except paramiko.ChannelException as error:
        raise NetworkError(
            hop.address, tr("connect"),
            tr("the jump host could not reach this host: {reason}").format(
                reason=_refusal(error)
            ),
            tr("Check the host name and port as the jump host sees them, and that the "
               "jump host allows forwarding (AllowTcpForwarding)."),
        ) from error
    except _BROKEN as error:
        raise ConnectTimeoutError(hop.address, hop.timeout, tr("opening the forwarded "
                                  "connection through the jump host")) from error


def _refusal(error: paramiko.ChannelException) -> str:
    """The server's reason for refusing a channel, or its numeric code."""
    return str(error.text or error.code)


def _authenticate(
    transport: paramiko.Transport, profile: SessionProfile, prompter: Prompter
) -> None:
    try:
        Authenticator(transport, profile, prompter).run()
    except SshdeskError:
        raise
    except _BROKEN as error:
        log.info("authentication with %s broke: %s", profile.address, error)
        if "timeout" in str(error).lower():
            raise ConnectTimeoutError(profile.address, profile.auth_timeout,
                                      tr("authentication")) from error
        raise ProtocolError(profile.address, tr("authenticate"), str(error)) from error


def _close_all(transports: list[paramiko.Transport]) -> None:
    """Closes transports innermost first, in a helper thread so a stuck one cannot hang us."""
    def close() -> None:
        for transport in reversed(transports):
            try:
                transport.close()
            except Exception:
                log.debug("error while closing a transport", exc_info=True)

    closer = threading.Thread(target=close, name="ssh-close", daemon=True)
    closer.start()
    closer.join(CLOSE_TIMEOUT)
    if closer.is_alive():
        log.warning("closing the connection took longer than %.0f s; left behind",
                    CLOSE_TIMEOUT)


@dataclass(frozen=True)
class CommandResult:
    """What a command run with :meth:`Connection.exec` produced."""

    exit_status: int
    stdout: bytes
    stderr: bytes


class Connection:
    """One logged-in SSH connection (plus the jump connections under it).

    Thread-safe: several threads may open channels at once; each SFTP session belongs to
    the thread that opened it.
    """

    def __init__(self, profile: SessionProfile, transports: list[paramiko.Transport]) -> None:
        self.profile = profile
        self._transports = transports
        self._transport = transports[-1]
        self._lock = threading.Lock()
        self._files: RemoteFileSystem | None = None
        self._lost_listeners: list[Callable[[str], None]] = []
        self.lost_reason: str | None = None
        self._keepalive: Keepalive | None = None
        if profile.keepalive_interval > 0:
            self._keepalive = Keepalive(self._transport, profile.keepalive_interval,
                                        profile.keepalive_count_max, self._lost)
            self._keepalive.start()

    @property
    def host(self) -> str:
        return self.profile.address

    @property
    def is_alive(self) -> bool:
        return self.lost_reason is None and self._transport.is_active()

    def on_lost(self, listener: Callable[[str], None]) -> None:
        """Calls ``listener(reason)`` (on the keepalive thread) if the server goes silent."""
        self._lost_listeners.append(listener)

    def _lost(self, reason: str) -> None:
        self.lost_reason = reason
        # Tell first: closing a transport to a dead server can take a moment.
        for listener in list(self._lost_listeners):
            listener(reason)
        _close_all(self._transports)

    def _check_alive(self) -> None:
        if self.lost_reason is not None:
            raise ConnectionLostError(self.host, self.lost_reason)
        if not self._transport.is_active():
            raise ConnectionLostError(self.host)

    def _open_session(self, operation: str) -> paramiko.Channel:
        self._check_alive()
        try:
            return self._transport.open_session(timeout=self.profile.timeout)
        except paramiko.ChannelException as error:
            raise ChannelError(self.host, operation, _refusal(error)) from error
        except _BROKEN as error:
            raise ConnectionLostError(self.host, str(error)) from error

    # -- commands -----------------------------------------------------------------------

    def run(
        self, command: str, on_stdout: Callable[[bytes], object],
        on_stderr: Callable[[bytes], object], timeout: float | None = None,
    ) -> int:
        """Runs ``command``, handing its output to the callbacks as it arrives.

        Blocking until the command ends. Any thread. The command's standard input is
        closed at once (like ``ssh -n``).

        Returns:
            The exit status; 255 when the server reported none (killed by a signal).

        Raises:
            CommandTimeoutError: The command ran longer than ``timeout`` seconds.
            ConnectionLostError, ChannelError: The connection broke or refused a channel.
        """
        operation = tr("run command")
        channel = self._open_session(operation)
        try:
            channel.exec_command(command.encode(self.profile.encoding, "replace"))
            channel.shutdown_write()
            return self._pump(channel, command, on_stdout, on_stderr, timeout)
        except _BROKEN as error:
            raise ConnectionLostError(self.host, str(error)) from error
        finally:
            channel.close()

    def _pump(
        self, channel: paramiko.Channel, command: str, on_stdout: Callable[[bytes], object],
        on_stderr: Callable[[bytes], object], timeout: float | None,
    ) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = 0.5 if deadline is None else min(0.5, deadline - time.monotonic())
            if wait <= 0:
                raise CommandTimeoutError(self.host, command, timeout or 0)
            select.select([channel], [], [], wait)
            while channel.recv_ready():
                on_stdout(channel.recv(_READ_SIZE))
            while channel.recv_stderr_ready():
                on_stderr(channel.recv_stderr(_READ_SIZE))
            if channel.exit_status_ready() and not (
                channel.recv_ready() or channel.recv_stderr_ready()
            ):
                status = channel.recv_exit_status()
                return 255 if status < 0 else status
            if channel.closed and not channel.exit_status_ready():
                self._check_alive()
                return 255

    def exec(self, command: str, timeout: float | None = None) -> CommandResult:
        """Runs ``command`` and collects its output. Blocking; any thread.

        Raises:
            CommandTimeoutError, ConnectionLostError, ChannelError: as :meth:`run`.
        """
        stdout: list[bytes] = []
        stderr: list[bytes] = []
        status = self.run(command, stdout.append, stderr.append, timeout)
        return CommandResult(status, b"".join(stdout), b"".join(stderr))

    # -- shells and files ---------------------------------------------------------------

    def open_shell(
        self, term: str | None = None, columns: int = 80, rows: int = 24,
        streamed: bool = False,
    ) -> ShellChannel:
        """Opens an interactive shell on a pty. Blocking (one round trip); any thread.

        ``streamed``: its output will go to :meth:`ShellChannel.stream_output` (the
        connection's reader is prepared for that first).
        """
        operation = tr("open shell")
        if streamed:
            channel_stream.prepare(self._transport)
        channel = self._open_session(operation)
        try:
            channel.get_pty(term=term or self.profile.terminal_type, width=columns, height=rows)
            channel.invoke_shell()
        except paramiko.SSHException as error:
            channel.close()
            raise ChannelError(self.host, operation, str(error)) from error
        return ShellChannel(channel, self.host)

    def open_sftp_channel(self) -> SftpChannel:
        """Opens a new SFTP session on its own channel. Blocking (a few round trips); any
        thread. The transfer queue's slots each take one.

        Raises:
            ChannelError, ConnectionLostError: The server refused SFTP, or the link broke.
        """
        self._check_alive()
        operation = tr("open SFTP")
        try:
            return SftpChannel.open_channel(self._transport, self.host, self.profile.timeout)
        except paramiko.ChannelException as error:
            raise ChannelError(self.host, operation, _refusal(error)) from error
        except StatusError as error:
            raise ChannelError(self.host, operation, error.text) from error
        except _BROKEN as error:
            raise ChannelError(self.host, operation, str(error)) from error

    def open_sftp(self) -> RemoteFileSystem:
        """Returns the connection's file browsing session, opening it on first use.

        Blocking (a few round trips the first time); thread-safe, shared by all callers.
        """
        with self._lock:
            existing = self._files
        if existing is not None and existing.sftp.alive:
            return existing
        files = RemoteFileSystem(self.open_sftp_channel(), self.host, self.profile.encoding)
        with self._lock:
            if self._files is not None and self._files.sftp.alive:
                files.close()
                return self._files
            self._files = files
        return files

    def close(self) -> None:
        """Closes every channel and the connection. Never blocks for more than ~2 s.

        Any thread; closing twice is harmless.
        """
        if self._keepalive is not None:
            self._keepalive.stop()
        with self._lock:
            # Closing the transport ends every SFTP channel on it; closing them one by one
            # first would send messages that can block on a dead connection.
            self._files = None
        _close_all(self._transports)

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
