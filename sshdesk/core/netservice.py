"""The network process: holds the GUI's SSH connections, apart from the GUI's interpreter.

paramiko does its per-packet work in Python. In the GUI process that work and the
terminal's parsing and painting took turns on one interpreter lock, so a log flood ran at a
third of OpenSSH's rate and stalled the window. Here the connections run on their own
interpreter, on another core; the GUI process reads each shell's bytes from a socket.

Started by :class:`sshdesk.core.netclient.NetworkProcess` as
``python -m sshdesk.core.netservice FD LEVEL``: FD is the control socket, LEVEL the log level.
Every :class:`~sshdesk.core.netwire.Call` runs on its own thread (a connect may wait minutes
for a person to answer a prompt); notices are handled in order. The process exits when the
control socket closes, so it never outlives the app.
"""

import contextlib
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sshdesk.core import log as core_log
from sshdesk.core.connection import Connection, connect
from sshdesk.core.errors import CancelledError, SshdeskError
from sshdesk.core.hostkeys import KnownHosts
from sshdesk.core.netwire import Call, MessageSocket, Notice, Reply, Result
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt, UnknownHostKey
from sshdesk.core.shell import ShellChannel
from sshdesk.core.transfers import TransferQueue

log = logging.getLogger(__name__)

_READ_SIZE = 1 << 18
_EXIT_STATUS_WAIT = 0.5
# Threads that wait on the network hand the interpreter over sooner, so an echo on one
# connection is not held up by a flood on another.
_SWITCH_INTERVAL = 0.001
_FILE_METHODS = frozenset({
    "home", "stat", "exists", "make_folder", "make_file", "make_symlink", "rename",
    "count_tree", "delete", "chmod", "chown"})
_TRANSFER_METHODS = frozenset({
    "download", "upload", "snapshot", "pause", "resume", "cancel", "retry",
    "clear_finished", "answer_conflict", "set_options"})


class _ForwardedPrompter:
    """A prompter whose questions are answered by the GUI process."""

    def __init__(self, service: "Service", call_id: int) -> None:
        self._service = service
        self._call_id = call_id

    def ask_host_key(self, key: UnknownHostKey) -> HostKeyDecision:
        answer = self._service.ask(self._call_id, "ask_host_key", (key,))
        return answer if isinstance(answer, HostKeyDecision) else HostKeyDecision.REFUSE

    def ask_password(self, host: str, username: str) -> str | None:
        return _text(self._service.ask(self._call_id, "ask_password", (host, username)))

    def ask_passphrase(self, host: str, key_path: str, retry: bool) -> str | None:
        return _text(self._service.ask(self._call_id, "ask_passphrase",
                                       (host, key_path, retry)))

    def ask_interactive(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt]
    ) -> list[str] | None:
        answer = self._service.ask(self._call_id, "ask_interactive",
                                   (host, title, instructions, prompts))
        if isinstance(answer, list) and all(isinstance(item, str) for item in answer):
            return answer
        return None


def _text(answer: object) -> str | None:
    return answer if isinstance(answer, str) else None


class _ShellPump:
    """Moves one shell's bytes between its channel and the GUI process's socket."""

    def __init__(self, service: "Service", shell_id: int, shell: ShellChannel,
                 sock: socket.socket) -> None:
        self._service = service
        self.shell_id = shell_id
        self.shell = shell
        self._sock = sock
        self._threads = [
            threading.Thread(target=self._to_gui, name=f"shell-{shell_id}-out", daemon=True),
            threading.Thread(target=self._to_host, name=f"shell-{shell_id}-in", daemon=True),
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def _to_gui(self) -> None:
        try:
            self.shell.stream_output(self._sock)
        except (OSError, SshdeskError) as error:
            log.info("shell %d output ended: %s", self.shell_id, error)
        deadline = time.monotonic() + _EXIT_STATUS_WAIT
        while (status := self.shell.exit_status) is None and time.monotonic() < deadline:
            time.sleep(0.01)
        # The status goes first, so the GUI has it when it reads the end of output.
        self._service.notify("shell_ended", self.shell_id, status)
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_WR)

    def _to_host(self) -> None:
        try:
            while data := self._sock.recv(_READ_SIZE):
                self.shell.send(data)
        except (OSError, SshdeskError) as error:
            log.info("shell %d input ended: %s", self.shell_id, error)
        # The GUI closed its end (the tab closed) or the shell is gone: either way, done.
        self.shell.close()
        self._service.forget_shell(self.shell_id)
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(2.0)
        self._sock.close()


class _ForwardingLogHandler(logging.Handler):
    """Sends log lines (already redacted) to the GUI process, which writes the one log."""

    def __init__(self, service: "Service") -> None:
        super().__init__()
        self._service = service

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError):  # the GUI process is gone: nobody to tell
            self._service.notify("log", record.levelno, record.name, self.format(record))


class Service:
    """Serves one GUI process over ``channel`` until it closes."""

    def __init__(self, channel: MessageSocket) -> None:
        self._channel = channel
        self._lock = threading.Lock()
        self._connections: dict[int, Connection] = {}
        self._shells: dict[int, _ShellPump] = {}
        self._queues: dict[int, TransferQueue] = {}
        self._answers: dict[int, Reply] = {}  # questions the GUI process is answering
        self._next_question = 0

    def run(self) -> None:
        """Handles messages until the GUI process closes the socket, then closes everything."""
        handlers: dict[str, Callable[..., None]] = {
            "resize": self._resize, "answer": self._answer}
        while True:
            try:
                message, fds = self._channel.receive()
            except (EOFError, OSError):
                break
            if isinstance(message, Call):
                threading.Thread(target=self._serve_call, args=(message, fds),
                                 name=f"call-{message.method}", daemon=True).start()
            elif isinstance(message, Notice) and message.kind in handlers:
                handlers[message.kind](*message.args)
        self._close_all()

    def notify(self, kind: str, *args: object) -> None:
        """Sends a notice to the GUI process. Any thread.

        Raises:
            OSError: The GUI process is gone.
        """
        self._channel.send(Notice(kind, args))

    def ask(self, call_id: int, method: str, args: tuple[object, ...]) -> object:
        """Asks the GUI process's prompter; blocks until a person answers.

        Raises:
            CancelledError: The person cancelled (re-raised as the GUI raised it).
        """
        with self._lock:
            self._next_question += 1
            question_id = self._next_question
            answer = self._answers[question_id] = Reply()
        try:
            self.notify("ask", question_id, call_id, method, args)
            answer.wait()
        finally:
            with self._lock:
                self._answers.pop(question_id, None)
        if answer.error is not None:
            raise answer.error
        return answer.value

    def _answer(self, question_id: int, value: object, error: BaseException | None) -> None:
        with self._lock:
            answer = self._answers.get(question_id)
        if answer is not None:
            answer.resolve(value, error)

    def forget_shell(self, shell_id: int) -> None:
        with self._lock:
            self._shells.pop(shell_id, None)

    # -- calls ----------------------------------------------------------------------------

    def _serve_call(self, call: Call, fds: list[int]) -> None:
        try:
            method = getattr(self, f"call_{call.method}")
            result = Result(call.call_id, value=method(call.call_id, *call.args, *fds))
        except SshdeskError as error:
            result = Result(call.call_id, error=error)
        except Exception as error:  # a bug: keep the service alive, tell the caller
            log.exception("network service call %s failed", call.method)
            result = Result(call.call_id, error=RuntimeError(
                f"{type(error).__name__} in the network process (see the log)"))
        try:
            self._channel.send(result)
        except OSError:
            log.info("the GUI process left before the result of %s", call.method)

    def call_connect(self, call_id: int, connection_id: int, profile: SessionProfile,
                     own_known_hosts: str, read_only_known_hosts: list[str]) -> None:
        known = KnownHosts(Path(own_known_hosts), [Path(p) for p in read_only_known_hosts])
        connection = connect(profile, _ForwardedPrompter(self, call_id), known)

        def lost(reason: str) -> None:
            with contextlib.suppress(OSError):
                self.notify("lost", connection_id, reason)

        connection.on_lost(lost)
        with self._lock:
            self._connections[connection_id] = connection

    def _connection(self, connection_id: int) -> Connection:
        with self._lock:
            connection = self._connections.get(connection_id)
        if connection is None:
            raise SshdeskError("?", "network", "no such connection (it was closed)")
        return connection

    def call_open_shell(self, _call_id: int, connection_id: int, shell_id: int, term: str,
                        columns: int, rows: int, fd: int) -> None:
        sock = socket.socket(fileno=fd)
        try:
            shell = self._connection(connection_id).open_shell(term, columns, rows,
                                                                streamed=True)
        except BaseException:
            sock.close()
            raise
        pump = _ShellPump(self, shell_id, shell, sock)
        with self._lock:
            self._shells[shell_id] = pump
        pump.start()

    def call_close(self, _call_id: int, connection_id: int) -> None:
        with self._lock:
            connection = self._connections.pop(connection_id, None)
            queue = self._queues.pop(connection_id, None)
        if queue is not None:
            queue.close()
        if connection is not None:
            connection.close()

    def call_files(self, _call_id: int, connection_id: int, method: str,
                   args: tuple[object, ...]) -> object:
        """One :class:`~sshdesk.core.files.FileSystem` method on the connection's files."""
        if method not in _FILE_METHODS:
            raise ValueError(f"not a file operation: {method}")
        return getattr(self._connection(connection_id).open_sftp(), method)(*args)

    def call_list_folder(self, _call_id: int, connection_id: int, listing_id: int,
                         path: str) -> object:
        """Lists a folder; batches go ahead as notices, so a pane fills in as they come."""
        files = self._connection(connection_id).open_sftp()

        def batch(entries: object) -> None:
            self.notify("files_batch", listing_id, entries)

        return files.list_folder(path, batch)

    def call_transfers(self, _call_id: int, connection_id: int, method: str,
                       args: tuple[object, ...]) -> object:
        """One :class:`~sshdesk.core.transfer_state.Transfers` method on the connection's
        queue, made on first use."""
        if method not in _TRANSFER_METHODS:
            raise ValueError(f"not a transfer operation: {method}")
        connection = self._connection(connection_id)
        with self._lock:
            queue = self._queues.get(connection_id)
            if queue is None:
                queue = self._queues[connection_id] = TransferQueue(
                    connection.open_sftp_channel, connection.host,
                    connection.profile.encoding)
        return getattr(queue, method)(*args)

    # -- notices --------------------------------------------------------------------------

    def _resize(self, shell_id: int, columns: int, rows: int) -> None:
        with self._lock:
            pump = self._shells.get(shell_id)
        if pump is not None:
            pump.shell.resize(columns, rows)

    def _close_all(self) -> None:
        with self._lock:
            connections = list(self._connections.values())
            self._connections.clear()
            queues = list(self._queues.values())
            self._queues.clear()
            for answer in self._answers.values():
                answer.resolve(error=CancelledError("?", "network"))
        closing: list[Callable[[], None]] = [q.close for q in queues]
        closing += [c.close for c in connections]
        closers = [threading.Thread(target=close, daemon=True) for close in closing]
        for closer in closers:
            closer.start()
        for closer in closers:
            closer.join(3.0)


def main(argv: list[str]) -> int:
    """Serves the GUI process on the socket whose descriptor is ``argv[0]``."""
    sys.setswitchinterval(_SWITCH_INTERVAL)
    channel = MessageSocket(socket.socket(fileno=int(argv[0])))
    service = Service(channel)
    handler = core_log.add_handler(_ForwardingLogHandler(service),
                                   int(argv[1]) if len(argv) > 1 else logging.INFO)
    handler.setFormatter(logging.Formatter("%(message)s"))  # the GUI process adds the rest
    try:
        service.run()
    finally:
        core_log.remove_handler(handler)
        channel.close()
    return 0


if __name__ == "__main__":
    # os._exit: paramiko's transport threads may still be closing; they must not hold us.
    os._exit(main(sys.argv[1:]))
