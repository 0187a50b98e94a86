"""An interactive shell channel, wrapped so paramiko's Channel never leaves the core."""

import contextlib
import socket

import paramiko

from sshdesk.core import channel_stream
from sshdesk.core.errors import ConnectionLostError


class ShellChannel:
    """A pty-backed shell on one connection.

    One owner thread reads (the terminal's pump thread, which selects on :meth:`fileno`);
    :meth:`send` and :meth:`resize` may be called from another thread, as paramiko
    serialises writes on a channel internally.
    """

    def __init__(self, channel: paramiko.Channel, host: str) -> None:
        self._channel = channel
        self._host = host

    def fileno(self) -> int:
        """A descriptor that becomes readable when output (or EOF) is waiting."""
        return int(self._channel.fileno())

    def recv(self, max_bytes: int = 65536) -> bytes:
        """Returns waiting output; ``b""`` means the remote side closed. Blocking."""
        try:
            return bytes(self._channel.recv(max_bytes))
        except (OSError, EOFError, paramiko.SSHException) as error:
            raise ConnectionLostError(self._host, str(error)) from error

    def stream_output(self, sock: socket.socket) -> None:
        """Writes all further output into ``sock``, in place of :meth:`recv` calls.

        Blocking: returns when the remote side closed and every byte was written, or when
        ``sock`` failed (its reader went away). Much cheaper in CPU than a :meth:`recv`
        loop (see :mod:`sshdesk.core.channel_stream`); the window still follows how fast
        ``sock``'s reader reads.

        Raises:
            ConnectionLostError: The connection failed.
        """
        try:
            channel_stream.stream_output(self._channel, sock)
        except (EOFError, paramiko.SSHException) as error:
            raise ConnectionLostError(self._host, str(error)) from error

    def send(self, data: bytes) -> None:
        """Sends keystrokes or pasted text. Blocking while the window is full."""
        try:
            self._channel.sendall(data)
        except (OSError, EOFError, paramiko.SSHException) as error:
            raise ConnectionLostError(self._host, str(error)) from error

    def resize(self, columns: int, rows: int) -> None:
        """Tells the server the terminal's new size (``window-change``)."""
        if not self._channel.closed:
            # A size change on a closing channel does not matter.
            with contextlib.suppress(OSError, EOFError, paramiko.SSHException):
                self._channel.resize_pty(width=columns, height=rows)

    @property
    def closed(self) -> bool:
        return bool(self._channel.closed)

    @property
    def exit_status(self) -> int | None:
        """The shell's exit status once it is known, else None."""
        if self._channel.exit_status_ready():
            return int(self._channel.recv_exit_status())
        return None

    def close(self) -> None:
        """Closes the channel; closing one whose connection already went is harmless."""
        with contextlib.suppress(OSError, EOFError, paramiko.SSHException):
            self._channel.close()
