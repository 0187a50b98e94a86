"""One SSH connection as the GUI holds it: its worker, its prompter and the shells on it.

Tabs ask a :class:`ConnectionHandle` for shells and get Qt signals back; the handle runs
the blocking core calls on its serial worker. Duplicated tabs share one handle (a second
shell on the same connection), and the connection closes when the last tab lets go.
"""

import enum
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from sshdesk.core.errors import CancelledError, SshdeskError
from sshdesk.core.profile import SessionProfile
from sshdesk.core.prompts import Prompter
from sshdesk.ui.prompting import GuiPrompter
from sshdesk.ui.workers import SerialWorker

if TYPE_CHECKING:
    from sshdesk.core.hostkeys import KnownHosts
    from sshdesk.core.netclient import RemoteConnection, RemoteShell
    from sshdesk.core.secrets import SecretStore
    from sshdesk.core.sessions import SavedSession

log = logging.getLogger(__name__)

# Connections live in the network process (sshdesk.core.netclient): the GUI's interpreter
# never runs paramiko. The client module is imported on first use, or by preload() once
# the window shows, which also starts the network process ahead of the first connect.


def preload() -> None:
    """Starts the network process on a background thread, ahead of the first connect."""
    threading.Thread(target=_start_network_process, name="preload", daemon=True).start()


def _start_network_process() -> None:
    from sshdesk.core.netclient import NetworkProcess  # imported late: see the note above

    NetworkProcess.shared()


def _core_connect(profile: SessionProfile, prompter: Prompter,
                  known_hosts: "KnownHosts | None" = None) -> "RemoteConnection":
    """``sshdesk.core.netclient.connect``, imported when first needed."""
    from sshdesk.core.netclient import connect

    return connect(profile, prompter, known_hosts)


class State(enum.Enum):
    """Where a connection stands, as the status bar shows it."""

    IDLE = "idle"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    FAILED = "failed"
    LOST = "lost"
    CLOSED = "closed"


class ConnectionHandle(QObject):
    """The GUI side of one connection. Create and use on the GUI thread.

    Signals:
        state_changed(object): The :class:`State` changed.
        connection_failed(object): Connecting or logging in failed, with the SshdeskError.
        connection_lost(str): The server stopped answering (keepalive); the reason.
    """

    state_changed = Signal(object)
    connection_failed = Signal(object)
    connection_lost = Signal(str)
    _lost = Signal(str)  # from the keepalive thread

    def __init__(self, profile: SessionProfile, window: QWidget,
                 connect: Callable[..., "RemoteConnection"] = _core_connect,
                 saved: "SavedSession | None" = None, secrets: "SecretStore | None" = None,
                 known_hosts: "KnownHosts | None" = None) -> None:
        """``saved`` and ``secrets``: a saved session, whose password and passphrase come
        from the keyring and are kept there (or for this run) once typed. ``known_hosts``:
        other than the app's own (the demo server's key)."""
        super().__init__(window)
        self.profile = profile
        self.saved = saved
        self._secrets = secrets
        self._known_hosts = known_hosts
        self.state = State.IDLE
        self._connect = connect
        self._connection: RemoteConnection | None = None  # set on the worker thread
        self._users = 0
        self._closed = threading.Event()
        self._worker = SerialWorker(profile.address, profile.address, parent=self)
        self._prompter = GuiPrompter(window, parent=self)
        self._lost.connect(self._on_lost)

    def _set_state(self, state: State) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    def acquire(self) -> None:
        """Counts one more tab using this connection."""
        self._users += 1

    def release(self) -> None:
        """One tab is done; the last one closes the connection (without waiting)."""
        self._users -= 1
        if self._users <= 0:
            self.close()

    def open_shell(self, columns: int, rows: int,
                   on_shell: Callable[["RemoteShell"], None],
                   on_error: Callable[[SshdeskError], None]) -> None:
        """Connects first if needed, then opens a shell; answers on the GUI thread."""
        if self.state in (State.IDLE, State.FAILED, State.LOST):
            self._start_connecting()
        term = self.profile.terminal_type
        self._worker.submit(self._shell_job, term, columns, rows, on_result=on_shell,
                            on_error=on_error, operation=self.tr("open shell"))

    def _start_connecting(self) -> None:
        self._set_state(State.CONNECTING)
        self._worker.submit(self._connect_job, on_result=self._on_connected,
                            on_error=self._on_failed, operation=self.tr("connect"))

    # Jobs run on the worker thread; they touch only the core.
    def _connect_job(self) -> "RemoteConnection":
        old, self._connection = self._connection, None
        if old is not None:
            old.close()
        if self.saved is not None and self._secrets is not None:
            connection = self._connect_saved(self.saved, self._secrets)
        else:
            connection = self._connect(self.profile, self._prompter, self._known_hosts)
        if self._closed.is_set():  # the tab closed while we were connecting
            connection.close()
            raise CancelledError(self.profile.address, self.tr("connect"))
        connection.on_lost(self._lost.emit)
        # Set here, not in the result callback: the shell job queued behind this one
        # runs before the GUI thread hears of the result.
        self._connection = connection
        return connection

    def _connect_saved(self, saved: "SavedSession", secrets: "SecretStore") -> "RemoteConnection":
        from sshdesk.core import credentials
        from sshdesk.ui import messages

        recorder = credentials.RecordingPrompter(self._prompter)
        profile = credentials.profile_with_secrets(saved, secrets)
        connection = self._connect(profile, recorder, self._known_hosts)
        problem = credentials.keep_typed_secrets(saved, recorder, secrets)
        if problem is not None:
            messages.warning(self.tr("The password could not be saved in the keyring: "
                                     "{reason}").format(reason=problem.message),
                             self.profile.address)
        return connection

    def _shell_job(self, term: str, columns: int, rows: int) -> "RemoteShell":
        if self._connection is None:
            # The connect job before this one failed; its error is already reported.
            raise SshdeskError(self.profile.address, self.tr("open shell"),
                               self.tr("not connected"))
        return self._connection.open_shell(term, columns, rows)

    def _on_connected(self, connection: "RemoteConnection") -> None:
        self._set_state(State.CONNECTED)

    def _on_failed(self, error: SshdeskError) -> None:
        self._set_state(State.FAILED)
        self.connection_failed.emit(error)

    def _on_lost(self, reason: str) -> None:
        self._set_state(State.LOST)
        self.connection_lost.emit(reason)

    @property
    def connection(self) -> "RemoteConnection | None":
        """The logged-in connection, if any (for the file manager's files and queue)."""
        return self._connection

    @property
    def is_connected(self) -> bool:
        return self._connection is not None and self._connection.is_alive

    def close(self) -> None:
        """Cancels prompts and closes the connection on a throwaway thread: never waits."""
        self._closed.set()
        self._prompter.close()
        self._worker.shutdown(0)
        connection, self._connection = self._connection, None
        if connection is not None:
            threading.Thread(target=connection.close, name="ssh-close", daemon=True).start()
        self._set_state(State.CLOSED)
