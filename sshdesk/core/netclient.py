"""The GUI process's side of the network process (:mod:`sshdesk.core.netservice`).

:func:`connect` logs in like :func:`sshdesk.core.connection.connect`, but the connection
lives in a child process shared by every connection of this process; what comes back is a
:class:`RemoteConnection` whose shells are plain sockets. So this module, and everything
the GUI imports, never loads paramiko: the GUI's interpreter is left to the terminal.

Prompts raised in the child are answered here by the prompter given to :func:`connect`,
on a thread of their own, as the connection code would call it in-process. Errors come
back as the same :class:`~sshdesk.core.errors.SshdeskError` subclasses, worded by this
process's translator.

Unix only: a shell's socket crosses to the child as a file descriptor.
"""

import atexit
import contextlib
import itertools
import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import cast

import sshdesk
from sshdesk.core.errors import CancelledError, ConnectionLostError, SshdeskError
from sshdesk.core.files import FileEntry, Listener, RemotePaths, TreeCount
from sshdesk.core.hostkeys import KnownHosts, default_known_hosts
from sshdesk.core.i18n import tr
from sshdesk.core.netwire import Call, MessageSocket, Notice, Reply, Result
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import Prompter
from sshdesk.core.transfer_state import ConflictPolicy, QueueSnapshot, TransferOptions

log = logging.getLogger(__name__)

_STOP_WAIT = 3.0
_EXIT_STATUS_WAIT = 0.5
_GONE = object()  # the value of a call the network process never answered


class _PendingCall(Reply):
    def __init__(self, prompter: Prompter | None) -> None:
        super().__init__()
        self.prompter = prompter


class NetworkProcess:
    """A child process holding SSH connections; see the module's docstring.

    Thread-safe. :meth:`shared` gives the one every GUI connection uses.
    """

    _shared: "NetworkProcess | None" = None
    _shared_lock = threading.Lock()

    def __init__(self, log_level: int | None = None) -> None:
        level = log_level if log_level is not None else logging.getLogger("sshdesk").level
        ours, theirs = socket.socketpair()
        environment = dict(os.environ)
        # The child imports this very package, wherever it was imported from here.
        package_root = str(Path(sshdesk.__file__).resolve().parent.parent)
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [package_root, environment.get("PYTHONPATH")]))
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "sshdesk.core.netservice", str(theirs.fileno()),
                 str(level or logging.INFO)],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, env=environment)
        self._wire = MessageSocket(ours)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._calls: dict[int, _PendingCall] = {}
        # Connections and shells, by id (one counter numbers both): the child's notices
        # name them.
        self._registered: dict[int, RemoteConnection | RemoteShell] = {}
        self._listeners: dict[int, Callable[[list[FileEntry]], None]] = {}
        self._alive = True
        self._dispatcher = threading.Thread(target=self._dispatch, name="network-process",
                                            daemon=True)
        self._dispatcher.start()

    @classmethod
    def shared(cls) -> "NetworkProcess":
        """The process every GUI connection uses, started (again) if needed. Never blocks
        on the network; starting the child takes a few milliseconds."""
        with cls._shared_lock:
            if cls._shared is None or not cls._shared.alive:
                cls._shared = NetworkProcess()
            return cls._shared

    @classmethod
    def stop_shared(cls) -> None:
        """Stops the shared process, if any (at exit); its connections close."""
        with cls._shared_lock:
            process, cls._shared = cls._shared, None
        if process is not None:
            process.stop()

    @property
    def alive(self) -> bool:
        return self._alive

    @property
    def pid(self) -> int:
        return self._process.pid

    def new_id(self) -> int:
        return next(self._ids)

    def call(self, host: str, operation: str, method: str, *args: object,
             fds: tuple[int, ...] = (), prompter: Prompter | None = None) -> object:
        """Runs ``method`` of the network service and returns its value. Blocking: as long
        as the call takes there, prompts included. Any thread but the GUI's.

        Raises:
            SshdeskError: What the call raised there, or ConnectionLostError when the
                network process is gone.
        """
        pending = _PendingCall(prompter)
        with self._lock:
            if not self._alive:
                raise self._gone(host)
            call_id = next(self._ids)
            self._calls[call_id] = pending
        try:
            self._wire.send(Call(call_id, method, args), fds)
            pending.wait()
        except OSError as error:
            raise self._gone(host) from error
        finally:
            with self._lock:
                self._calls.pop(call_id, None)
        if pending.value is _GONE:
            raise self._gone(host)
        if isinstance(pending.error, SshdeskError):
            raise pending.error
        if pending.error is not None:
            raise SshdeskError(host, operation, str(pending.error))
        return pending.value

    def notify(self, kind: str, *args: object) -> None:
        """Sends a one-way notice; a gone process is ignored (its end is reported)."""
        with contextlib.suppress(OSError):
            self._wire.send(Notice(kind, args))

    def register(self, item: "RemoteConnection | RemoteShell") -> None:
        with self._lock:
            self._registered[item.id] = item

    def unregister(self, item: "RemoteConnection | RemoteShell") -> None:
        with self._lock:
            self._registered.pop(item.id, None)

    def stop(self) -> None:
        """Closes the control socket (the child then closes its connections and exits);
        waits for it a few seconds, then kills it."""
        self._wire.close()
        try:
            self._process.wait(_STOP_WAIT)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._dispatcher.join(_STOP_WAIT)

    def _gone(self, host: str) -> ConnectionLostError:
        return ConnectionLostError(host, tr("the network process stopped"))

    # -- the dispatcher thread ------------------------------------------------------------

    def _dispatch(self) -> None:
        handlers: dict[str, Callable[..., None]] = {
            "ask": self._ask, "lost": self._lost, "shell_ended": self._shell_ended,
            "log": self._log, "files_batch": self._files_batch}
        while True:
            try:
                message, _fds = self._wire.receive()
            except (EOFError, OSError):
                break
            if isinstance(message, Result):
                self._finish_call(message)
            elif isinstance(message, Notice) and message.kind in handlers:
                handlers[message.kind](*message.args)
        self._end()

    def _finish_call(self, result: Result) -> None:
        with self._lock:
            pending = self._calls.get(result.call_id)
        if pending is not None:
            pending.resolve(result.value, result.error)

    def _ask(self, question_id: int, call_id: int, method: str,
             args: tuple[object, ...]) -> None:
        with self._lock:
            pending = self._calls.get(call_id)
        prompter = pending.prompter if pending is not None else None
        # A person may take minutes: answer on a thread of its own.
        threading.Thread(target=self._answer, args=(question_id, prompter, method, args),
                         name="network-prompt", daemon=True).start()

    def _answer(self, question_id: int, prompter: Prompter | None, method: str,
                args: tuple[object, ...]) -> None:
        value: object = None
        error: BaseException | None = None
        try:
            if prompter is not None and method.startswith("ask_"):
                value = getattr(prompter, method)(*args)
        except CancelledError as cancelled:
            error = cancelled
        except Exception:  # a prompter bug must not leave the login waiting forever
            log.exception("prompter failed on %s", method)
        self.notify("answer", question_id, value, error)

    def _lost(self, connection_id: int, reason: str) -> None:
        with self._lock:
            connection = self._registered.get(connection_id)
        if isinstance(connection, RemoteConnection):
            connection.report_lost(reason)

    def _shell_ended(self, shell_id: int, status: int | None) -> None:
        with self._lock:
            shell = self._registered.get(shell_id)
        if isinstance(shell, RemoteShell):
            shell.set_ended(status)

    def listen(self, listener_id: int, listener: Callable[[list[FileEntry]], None]) -> None:
        """Hands the listing ``listener_id``'s batches to ``listener`` (on the dispatcher
        thread) until :meth:`stop_listening`."""
        with self._lock:
            self._listeners[listener_id] = listener

    def stop_listening(self, listener_id: int) -> None:
        with self._lock:
            self._listeners.pop(listener_id, None)

    def _files_batch(self, listener_id: int, entries: list[FileEntry]) -> None:
        with self._lock:
            listener = self._listeners.get(listener_id)
        if listener is not None:
            listener(entries)

    def _log(self, level: int, name: str, text: str) -> None:
        logging.getLogger(name).log(level, "[network process] %s", text)

    def _end(self) -> None:
        self._wire.close()
        with self._lock:
            self._alive = False
            calls = list(self._calls.values())
            connections = [item for item in self._registered.values()
                           if isinstance(item, RemoteConnection)]
        for pending in calls:
            pending.resolve(_GONE)  # calls already answered keep their answer
        for connection in connections:
            connection.report_lost(tr("the network process stopped"))
        # Its socket closes as it dies, a moment before it can be reaped: wait for that,
        # or the process would linger as a zombie (and Python warn about it).
        try:
            self._process.wait(_STOP_WAIT)
        except subprocess.TimeoutExpired:
            log.warning("the network process %d closed its socket but still runs",
                        self._process.pid)
        if self._process.returncode not in (None, 0):
            log.error("the network process ended with status %s", self._process.returncode)


class RemoteShell:
    """A shell in the network process, read and written through a socket.

    Shaped like :class:`sshdesk.core.shell.ShellChannel` (the terminal's ``ByteSource``):
    one thread reads; :meth:`send` and :meth:`resize` may come from another.
    """

    def __init__(self, process: NetworkProcess, shell_id: int, sock: socket.socket,
                 host: str) -> None:
        self.id = shell_id
        self._process = process
        self._sock = sock
        self._host = host
        self._closed = False
        self._ended = threading.Event()
        self.exit_status: int | None = None

    def set_ended(self, status: int | None) -> None:
        """The network process reports the shell's end (sent just before its end of output)."""
        self.exit_status = status
        self._ended.set()

    def fileno(self) -> int:
        return self._sock.fileno()

    def recv(self, max_bytes: int = 65536) -> bytes:
        """Returns waiting output; ``b""`` means the shell ended, and then its exit status is
        known (if the server sent one). Blocking."""
        try:
            data = self._sock.recv(max_bytes)
        except OSError as error:
            raise ConnectionLostError(self._host, str(error)) from error
        if not data:
            # The status travels on the control socket, which another thread reads.
            self._ended.wait(_EXIT_STATUS_WAIT)
        return data

    def send(self, data: bytes) -> None:
        """Sends keystrokes or pasted text. Blocking while the host is behind."""
        try:
            self._sock.sendall(data)
        except OSError as error:
            raise ConnectionLostError(self._host, str(error)) from error

    def resize(self, columns: int, rows: int) -> None:
        """Tells the server the terminal's new size (``window-change``)."""
        if not self._closed:
            self._process.notify("resize", self.id, columns, rows)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Ends the shell: the network process closes the channel when its end of the
        socket reads end-of-file. Never blocks; closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        self._ended.set()  # ended here: a reader need not wait for the status
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes a reader blocked on the socket
        self._sock.close()
        self._process.unregister(self)


class RemoteConnection:
    """A logged-in connection held by the network process.

    Thread-safe. Its methods block like those of :class:`sshdesk.core.connection.Connection`.
    """

    def __init__(self, process: NetworkProcess, connection_id: int,
                 profile: SessionProfile) -> None:
        self.id = connection_id
        self.profile = profile
        self._process = process
        self._closed = False
        self._lost_listeners: list[Callable[[str], None]] = []
        self.lost_reason: str | None = None

    @property
    def host(self) -> str:
        return self.profile.address

    @property
    def is_alive(self) -> bool:
        return self.lost_reason is None and not self._closed and self._process.alive

    def on_lost(self, listener: Callable[[str], None]) -> None:
        """Calls ``listener(reason)`` (on a background thread) when the connection drops."""
        self._lost_listeners.append(listener)

    def report_lost(self, reason: str) -> None:
        if self.lost_reason is None and not self._closed:
            self.lost_reason = reason
            for listener in list(self._lost_listeners):
                listener(reason)

    def open_shell(self, term: str | None = None, columns: int = 80,
                   rows: int = 24) -> RemoteShell:
        """Opens an interactive shell on a pty. Blocking (one round trip); any thread but
        the GUI's.

        Raises:
            ChannelError, ConnectionLostError: The server refused, or the link broke.
        """
        if not self.is_alive:
            raise ConnectionLostError(self.host, self.lost_reason or "")
        ours, theirs = socket.socketpair()
        shell = RemoteShell(self._process, self._process.new_id(), ours, self.host)
        self._process.register(shell)
        try:
            with theirs:
                self._process.call(self.host, tr("open shell"), "open_shell", self.id,
                                   shell.id, term or self.profile.terminal_type, columns, rows,
                                   fds=(theirs.fileno(),))
        except BaseException:
            shell.close()
            raise
        return shell

    def open_files(self) -> "RemoteFiles":
        """The server's files, for a pane. Returns at once; its methods block."""
        return RemoteFiles(self)

    def transfers(self) -> "RemoteTransfers":
        """The connection's transfer queue (made there on first use). Returns at once."""
        return RemoteTransfers(self)

    def call(self, operation: str, method: str, *args: object) -> object:
        """Runs a network service method for this connection. Blocking.

        Raises:
            SshdeskError: What it raised there; ConnectionLostError when gone.
        """
        if not self.is_alive:
            raise ConnectionLostError(self.host, self.lost_reason or "")
        return self._process.call(self.host, operation, method, self.id, *args)

    @property
    def process(self) -> NetworkProcess:
        return self._process

    def close(self) -> None:
        """Closes the connection there. Blocking for up to about two seconds; any thread;
        closing twice is harmless."""
        if self._closed:
            return
        self._closed = True
        self._process.unregister(self)
        with contextlib.suppress(SshdeskError):
            self._process.call(self.host, tr("close"), "close", self.id)

    def __enter__(self) -> "RemoteConnection":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class RemoteFiles(RemotePaths):
    """The server's files through the network process, in the
    :class:`~sshdesk.core.files.FileSystem` shape. Methods block (a round trip there and
    the SFTP requests); call them from a worker thread."""

    def __init__(self, connection: RemoteConnection) -> None:
        self._connection = connection
        self._home: str | None = None

    @property
    def is_remote(self) -> bool:
        return True

    @property
    def label(self) -> str:
        return self._connection.host

    def _call(self, operation: str, method: str, *args: object) -> object:
        return self._connection.call(operation, "files", method, args)

    def home(self) -> str:
        if self._home is None:
            self._home = str(self._call(tr("find the home folder"), "home"))
        return self._home

    def list_folder(self, path: str, on_batch: Listener | None = None) -> list[FileEntry]:
        process = self._connection.process
        listing_id = process.new_id()
        if on_batch is not None:
            process.listen(listing_id, on_batch)
        try:
            return cast(list[FileEntry], self._connection.call(
                tr("list folder"), "list_folder", listing_id, path))
        finally:
            process.stop_listening(listing_id)

    def stat(self, path: str) -> FileEntry:
        return cast(FileEntry, self._call(tr("read file information"), "stat", path))

    def exists(self, path: str) -> bool:
        return bool(self._call(tr("read file information"), "exists", path))

    def make_folder(self, path: str) -> None:
        self._call(tr("create folder"), "make_folder", path)

    def make_file(self, path: str) -> None:
        self._call(tr("create file"), "make_file", path)

    def make_symlink(self, target: str, path: str) -> None:
        self._call(tr("create symlink"), "make_symlink", target, path)

    def rename(self, old: str, new: str) -> None:
        self._call(tr("rename"), "rename", old, new)

    def count_tree(self, path: str) -> TreeCount:
        return cast(TreeCount, self._call(tr("count files"), "count_tree", path))

    def delete(self, path: str, on_progress: Callable[[int], None] | None = None) -> None:
        self._call(tr("delete"), "delete", path)  # progress stays there: one call

    def chmod(self, path: str, permissions: int, recursive: bool = False) -> None:
        self._call(tr("change permissions"), "chmod", path, permissions, recursive)

    def chown(self, path: str, owner: int | None, group: int | None,
              recursive: bool = False) -> None:
        self._call(tr("change owner"), "chown", path, owner, group, recursive)


class RemoteTransfers:
    """The connection's :class:`~sshdesk.core.transfers.TransferQueue`, which runs in the
    network process, in the :class:`~sshdesk.core.transfer_state.Transfers` shape. Every
    method is one round trip there."""

    def __init__(self, connection: RemoteConnection) -> None:
        self._connection = connection

    def _call(self, method: str, *args: object) -> object:
        return self._connection.call(tr("transfer"), "transfers", method, args)

    def download(self, remote_paths: list[str], local_folder: str) -> list[int]:
        return cast(list[int], self._call("download", remote_paths, local_folder))

    def upload(self, local_paths: list[str], remote_folder: str) -> list[int]:
        return cast(list[int], self._call("upload", local_paths, remote_folder))

    def snapshot(self) -> QueueSnapshot:
        return cast(QueueSnapshot, self._call("snapshot"))

    def pause(self, item_ids: list[int] | None = None) -> None:
        self._call("pause", item_ids)

    def resume(self, item_ids: list[int] | None = None) -> None:
        self._call("resume", item_ids)

    def cancel(self, item_ids: list[int] | None = None) -> None:
        self._call("cancel", item_ids)

    def retry(self, item_ids: list[int] | None = None) -> None:
        self._call("retry", item_ids)

    def clear_finished(self) -> None:
        self._call("clear_finished")

    def answer_conflict(self, item_id: int, choice: ConflictPolicy,
                        apply_to_all: bool = False) -> None:
        self._call("answer_conflict", item_id, choice, apply_to_all)

    def set_options(self, options: TransferOptions) -> None:
        self._call("set_options", options)

    def close(self) -> None:
        """The queue closes with its connection."""


def connect(profile: SessionProfile, prompter: Prompter,
            known_hosts: KnownHosts | None = None,
            process: NetworkProcess | None = None) -> RemoteConnection:
    """Connects and logs in (through any jump hosts) in the network process.

    Blocking: for up to the profile's timeouts, plus however long a person takes to answer
    the prompter, which is called on a background thread. Never call from the GUI thread.

    Raises:
        SshdeskError: Any failure, as the specific subclass.
    """
    process = process or NetworkProcess.shared()
    known = known_hosts or default_known_hosts()
    connection = RemoteConnection(process, process.new_id(), profile)
    process.register(connection)  # before the call: a drop may be reported at once
    try:
        process.call(profile.address, tr("connect"), "connect", connection.id, profile,
                     str(known.own_file), [str(path) for path in known.read_only_files],
                     prompter=prompter)
    except BaseException:
        process.unregister(connection)
        raise
    return connection


atexit.register(NetworkProcess.stop_shared)
