"""A tab with one shell: the terminal widget, its emulator, and the session feeding it,
and below it, once the connection is up, the session's file manager.

The emulator outlives the shell: when the remote side closes, the tab keeps the screen
and scrollback, says how the shell ended, and reconnects in place when asked.
"""

import logging
import threading
import urllib.parse
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.errors import CancelledError, HostKeyError, SshdeskError
from sshdesk.terminal.emulator import TerminalEmulator
from sshdesk.terminal.session import TerminalSession
from sshdesk.terminal.widget import TerminalWidget
from sshdesk.ui.connectionhandle import ConnectionHandle, State
from sshdesk.ui.dialogs.errors import show_error

if TYPE_CHECKING:
    from sshdesk.core.files import FileSystem
    from sshdesk.core.netclient import RemoteShell
    from sshdesk.core.transfer_state import Transfers
    from sshdesk.ui.files.filebrowser import FileBrowser

log = logging.getLogger(__name__)

_RED, _DIM, _RESET = "\x1b[1;31m", "\x1b[2m", "\x1b[0m"


class SessionTab(QWidget):
    """One terminal tab on a (possibly shared) connection.

    Signals:
        title_changed(str): The tab's title should change (the program's title, or the
            host's address).
        status_changed: Connection state, encoding or terminal size changed.
        cwd_changed(str): The shell reported its working directory (OSC 7), as a path.
        bell_rung: The program rang the bell.
        clipboard_write_requested(str, object): A program asked to set the clipboard
            (OSC 52): the target and the text; the window decides.
        files_requested: The user asked to see the files before :meth:`show_files` made
            the file manager: whoever holds the connection should call it.
        files_shown: :meth:`show_files` made a file manager (:attr:`files`); its
            transfer panel is ready to be docked.
    """

    title_changed = Signal(str)
    status_changed = Signal()
    cwd_changed = Signal(str)
    bell_rung = Signal()
    clipboard_write_requested = Signal(str, object)
    files_requested = Signal()
    files_shown = Signal()

    def __init__(self, handle: ConnectionHandle, parent: QWidget | None = None,
                 scrollback_lines: int = 10_000) -> None:
        super().__init__(parent)
        self.handle = handle
        handle.acquire()
        self.emulator = TerminalEmulator(80, 24, encoding=handle.profile.encoding,
                                         scrollback_lines=scrollback_lines)
        self.scrollback_lines = scrollback_lines
        self.terminal = TerminalWidget(self.emulator, self)
        self.session: TerminalSession | None = None
        self.cwd = ""
        self.files: FileBrowser | None = None
        self._files_connection: object = None  # the connection self.files works on
        self._closing = False
        self._build_banner()
        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self.terminal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._banner)
        layout.addWidget(self._splitter, 1)
        self.files_requested.connect(self._show_connection_files)
        self.terminal.input_ready.connect(self._on_input)
        self.terminal.size_changed.connect(self._on_size)
        handle.state_changed.connect(lambda _state: self.status_changed.emit())
        handle.connection_failed.connect(self._report)
        handle.connection_lost.connect(self._on_lost)
        self.setFocusProxy(self.terminal)

    def _build_banner(self) -> None:
        self._banner = QFrame(self)
        self._banner.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self._banner)
        self._banner_text = QLabel(self._banner)
        self._banner_text.setWordWrap(True)
        reconnect = QPushButton(self.tr("Reconnect"), self._banner)
        reconnect.clicked.connect(self.reconnect)
        row.addWidget(self._banner_text, 1)
        row.addWidget(reconnect)
        self._banner.hide()

    @property
    def title(self) -> str:
        saved = self.handle.saved
        return self.emulator.title() or (saved.name if saved else self.handle.profile.address)

    @property
    def reconnect_offered(self) -> bool:
        """Whether the tab shows the "Reconnect" bar (the shell ended or never started)."""
        return not self._banner.isHidden()

    @property
    def state(self) -> State:
        if self.session is not None and self.session.ended:
            return State.CLOSED
        return self.handle.state

    # -- starting and ending shells -----------------------------------------------------

    def start(self) -> None:
        """Opens the shell (connecting first when needed); returns at once."""
        self._banner.hide()
        if not self.handle.is_connected:
            self._print(self.tr("Connecting to {address}…").format(
                address=self.handle.profile.address), _DIM)
        columns, rows = self.emulator.size()
        self.handle.open_shell(columns, rows, self._on_shell, self._on_shell_error)

    def reconnect(self) -> None:
        """Starts a new shell in this tab, keeping the screen and scrollback."""
        if self._live_session is not None:
            return
        self._drop_session()
        self.start()

    def _on_shell(self, channel: "RemoteShell") -> None:
        if self._closing:
            threading.Thread(target=channel.close, daemon=True).start()
            return
        self._drop_session()
        session = TerminalSession(channel, self.emulator, self)
        session.screen_changed.connect(self.terminal.refresh)
        session.title_changed.connect(lambda _t: self.title_changed.emit(self.title))
        session.cwd_changed.connect(self._on_cwd)
        session.bell_rung.connect(self.bell_rung)
        session.clipboard_write_requested.connect(self.clipboard_write_requested)
        session.closed.connect(self._on_closed)
        session.set_focused(self.terminal.hasFocus())
        self.terminal.focus_changed.connect(session.set_focused)
        self.session = session
        session.start()
        columns, rows = self.emulator.size()
        session.resize(columns, rows)
        saved = self.handle.saved
        if saved is not None and saved.startup_command:
            # Typed as if by the user: the shell reads it once it is ready, and it shows.
            session.send_text(saved.startup_command.rstrip("\n") + "\n")
        self.status_changed.emit()
        self._show_connection_files()

    def _show_connection_files(self) -> None:
        """Gives the tab a file manager on its connection, once the shell is up (and a
        new one after a reconnect made a new connection). Returns at once: nothing here
        touches the network."""
        connection = self.handle.connection
        if connection is None or (self.files is not None
                                  and self._files_connection is connection):
            return
        from sshdesk.core.localfs import LocalFileSystem  # not needed for a terminal

        self._files_connection = connection
        self.show_files(LocalFileSystem(), connection.open_files(), connection.transfers())

    def _on_cwd(self, url: str) -> None:
        """Keeps the folder the shell reports (``file://host/path``) for the file panes."""
        parsed = urllib.parse.urlsplit(url)
        path = urllib.parse.unquote(parsed.path if parsed.scheme == "file" else url)
        if path:
            self.cwd = path
            if self.files is not None:
                self.files.set_terminal_folder(path)
            self.cwd_changed.emit(path)

    def _on_shell_error(self, error: SshdeskError) -> None:
        # Connection failures are reported by _on_failed; this is a refused channel.
        if self.handle.state is State.CONNECTED:
            self._report(error)

    def _report(self, error: SshdeskError) -> None:
        if isinstance(error, CancelledError):
            self._print(self.tr("Cancelled."), _DIM)
        else:
            self._print(error.describe(), _RED)
            if isinstance(error, HostKeyError):
                show_error(self.window(), error)
        self._offer_reconnect(self.tr("Not connected: {message}").format(message=error.message))

    def _on_lost(self, reason: str) -> None:
        self._print("\n" + self.tr("Connection lost: {reason}").format(reason=reason), _RED)
        self._offer_reconnect(self.tr("The connection to {address} was lost.").format(
            address=self.handle.profile.address))

    def _on_closed(self, status: object) -> None:
        if status is None:
            text = self.tr("The connection was closed.")
        else:
            text = self.tr("The shell exited with status {status}.").format(status=status)
        self._print("\n" + text + " " + self.tr("Press Enter to reconnect."), _DIM)
        self._offer_reconnect(text)

    def _offer_reconnect(self, text: str) -> None:
        self._banner_text.setText(text)
        self._banner.show()
        self.status_changed.emit()

    def _print(self, text: str, colour: str) -> None:
        """Shows a line of ours in the terminal (SGR ``colour``), in the session's encoding."""
        line = colour + text.replace("\n", "\r\n") + _RESET + "\r\n"
        self.emulator.feed(self.emulator.encode_input(line))
        self.terminal.refresh()

    @property
    def _live_session(self) -> TerminalSession | None:
        """The session while its shell runs, else None."""
        if self.session is not None and not self.session.ended:
            return self.session
        return None

    # -- input and settings -------------------------------------------------------------

    def _on_input(self, data: bytes) -> None:
        if (session := self._live_session) is not None:
            session.send(data)
        elif data == b"\r" and self.reconnect_offered:
            self.reconnect()

    def _on_size(self, columns: int, rows: int) -> None:
        if (session := self._live_session) is not None:
            session.resize(columns, rows)
        else:
            self.emulator.resize(columns, rows)
        self.status_changed.emit()

    def set_encoding(self, name: str) -> None:
        """Switches the character encoding live (GBK, GB18030, Big5, ...)."""
        self.emulator.set_encoding(name)
        self.status_changed.emit()

    # -- files --------------------------------------------------------------------------

    def show_files(self, local: "FileSystem", remote: "FileSystem",
                   transfers: "Transfers") -> "FileBrowser":
        """Builds the file manager below the terminal (replacing an earlier one, e.g.
        after a reconnect) and shows it. GUI thread; returns at once, the panes list their
        folders on their own workers."""
        from sshdesk.ui.files.filebrowser import FileBrowser  # not needed for a terminal

        if self.files is not None:
            self.files.shutdown()
            self.files.deleteLater()
        saved = self.handle.saved
        browser = FileBrowser(local, remote, transfers,
                              remote_folder=saved.initial_remote_folder if saved else "")
        browser.terminal_folder_requested.connect(self._cd)
        if self.cwd:
            browser.set_terminal_folder(self.cwd)
        self._splitter.addWidget(browser)
        self._splitter.setSizes([3, 2])  # proportions: the terminal keeps the larger part
        self.files = browser
        self.files_shown.emit()
        return browser

    @property
    def files_visible(self) -> bool:
        return self.files is not None and not self.files.isHidden()

    def set_files_visible(self, visible: bool) -> None:
        """Shows or hides the file manager; asks for one (``files_requested``) if there
        is none yet. The terminal comes back rather than leave the tab empty."""
        if self.files is None:
            if visible:
                self.files_requested.emit()
            return
        self.files.setVisible(visible)
        if not visible:
            self.terminal.show()

    @property
    def terminal_visible(self) -> bool:
        return not self.terminal.isHidden()

    def set_terminal_visible(self, visible: bool) -> None:
        """Shows or hides the terminal, as long as the file manager is there to show."""
        if not visible and not self.files_visible:
            return
        self.terminal.setVisible(visible)

    def _cd(self, path: str) -> None:
        """Types ``cd 'path'`` and Enter into the shell (quoted for a POSIX shell)."""
        if (session := self._live_session) is None:
            return
        quoted = "'" + path.replace("'", "'\\''") + "'"
        # surrogateescape: the bytes of a name undecodable in the session's encoding.
        session.send(("cd " + quoted + "\r").encode(self.emulator.encoding,
                                                   "surrogateescape"))

    def duplicate(self) -> "SessionTab":
        """A new tab with a second shell on the same connection."""
        twin = SessionTab(self.handle, scrollback_lines=self.scrollback_lines)
        twin.set_encoding(self.emulator.encoding)
        return twin

    def _drop_session(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            session.screen_changed.disconnect(self.terminal.refresh)
            self.terminal.focus_changed.disconnect(session.set_focused)
            session.close()

    def shutdown(self) -> None:
        """Closes the shell and lets go of the connection; never waits on the network."""
        self._closing = True
        if self.files is not None:
            self.files.shutdown()
        self._drop_session()
        self.handle.release()
