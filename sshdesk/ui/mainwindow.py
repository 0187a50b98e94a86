"""The main window: quick connect, session tabs, menus and the status bar.

Start-up paints this window first and loads the rest on first use: the terminal and the
connection core are imported inside the methods that open a tab (local imports), since
importing them would more than double the time to the first paint. For the same reason the
preferences are read, and the colour scheme menu filled, when first needed; ``QStyle``
(whose enums PySide6 builds on first use) is imported where a tab icon needs it; enum
properties are set by name (see :mod:`sshdesk.ui.welcome`); and the app connects the
message bridge to :meth:`MainWindow.show_message` once the window has painted.
"""

import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QClipboard, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDockWidget,
    QFontDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QWidget,
)

from sshdesk import __version__
from sshdesk.ui.encodings import ENCODINGS
from sshdesk.ui.welcome import WelcomePage

if TYPE_CHECKING:
    from sshdesk.core.hostkeys import KnownHosts
    from sshdesk.core.profile import SessionProfile
    from sshdesk.core.secrets import SecretStore
    from sshdesk.core.sessions import SavedSession
    from sshdesk.ui.messages import Message
    from sshdesk.ui.preferences import TerminalPreferences
    from sshdesk.ui.savedsessions import SavedSessions
    from sshdesk.ui.sessiontab import SessionTab

log = logging.getLogger(__name__)


_TRANSFERS_HEIGHT = 150  # pixels: the transfer dock's first height

class MainWindow(QMainWindow):
    """The app's top-level window."""

    def __init__(self) -> None:
        super().__init__()
        self._preferences: TerminalPreferences | None = None
        self._saved: SavedSessions | None = None
        self._transfers: QDockWidget | None = None  # made with the first file manager
        self._transfers_stack: QStackedWidget | None = None
        self._transfers_shown = False
        self.setWindowTitle("sshdesk")
        self.resize(1100, 720)
        self._tabs = QTabWidget(self)
        self._tabs.setTabsClosable(True)
        self._tabs.setMovable(True)
        self._tabs.setDocumentMode(True)
        self._tabs.tabCloseRequested.connect(self._close_tab_at)
        self._tabs.currentChanged.connect(self._update_status)
        self._tabs.currentChanged.connect(self._show_current_transfers)
        self._tabs.currentChanged.connect(lambda index: self._tabs.setTabIcon(index, QIcon()))
        self._tabs.tabBarDoubleClicked.connect(self._rename_tab_at)
        self._tabs.tabBar().setProperty("contextMenuPolicy", "CustomContextMenu")
        self._tabs.tabBar().customContextMenuRequested.connect(self._tab_menu)
        self._welcome = WelcomePage(self)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._welcome)
        self._stack.addWidget(self._tabs)
        self.setCentralWidget(self._stack)
        self._build_toolbar()
        self._build_menus()
        self._build_status_bar()
        self._update_status()

    @property
    def preferences(self) -> "TerminalPreferences":
        """The terminal preferences, read on first use."""
        if self._preferences is None:
            from sshdesk.ui import preferences

            self._preferences = preferences.load()
        return self._preferences

    def load_saved_sessions(self) -> "SavedSessions":
        """Loads the saved sessions and shows them in the sidebar (once; later calls
        return the same object)."""
        if self._saved is None:
            from PySide6.QtCore import Qt  # after the first paint: see the module docstring

            from sshdesk.ui.savedsessions import SavedSessions

            self._saved = SavedSessions(self)
            dock = QDockWidget(self.tr("Sessions"), self)
            dock.setObjectName("sessions")
            dock.setWidget(self._saved.sidebar)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            self.resizeDocks([dock], [240], Qt.Orientation.Horizontal)
            toggle = dock.toggleViewAction()
            toggle.setText(self.tr("&Sessions sidebar"))
            self._view_menu.insertAction(self._view_menu.actions()[0], toggle)
            completer = QCompleter(self._saved.names, self.quick_connect)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.quick_connect.setCompleter(completer)
        return self._saved

    # -- building -----------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = self.addToolBar(self.tr("Quick connect"))
        bar.setObjectName("quick-connect")
        bar.setMovable(False)
        self.quick_connect = QLineEdit(bar)
        self.quick_connect.setPlaceholderText(self.tr("user@host:port — press Enter to connect"))
        self.quick_connect.setClearButtonEnabled(True)
        self.quick_connect.setMinimumWidth(320)
        self.quick_connect.returnPressed.connect(self._quick_connect)
        bar.addWidget(QLabel(self.tr("Connect to:") + " ", bar))
        bar.addWidget(self.quick_connect)
        go = QAction(self.tr("Connect"), self)
        go.triggered.connect(self._quick_connect)
        bar.addAction(go)
        save = QAction(self.tr("Save as session…"), self)
        save.setToolTip(self.tr("Save the address typed here as a session"))
        save.triggered.connect(self._save_quick_connect)
        bar.addAction(save)

    def _action(self, menu: QMenu, text: str, slot: object,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            # setShortcuts, not setShortcut: PySide6 resolves the latter's overloads through
            # the Qt namespace (see the module docstring).
            action.setShortcuts([QKeySequence(shortcut)])
        return action

    def _forward(self, method: str) -> None:
        tab = self.current_tab()
        if tab is not None:
            getattr(tab.terminal, method)()

    def _build_menus(self) -> None:
        session = self.menuBar().addMenu(self.tr("&Session"))
        self._action(session, self.tr("&New connection…"), self._focus_quick_connect,
                     "Ctrl+Shift+N")
        self._action(session, self.tr("&Duplicate tab"), self.duplicate_current_tab, "Ctrl+Shift+D")
        self._action(session, self.tr("&Reconnect"), self._reconnect_current, "Ctrl+Shift+R")
        self._action(session, self.tr("Rena&me tab…"), self._rename_current)
        self._action(session, self.tr("&Close tab"), self.close_current_tab, "Ctrl+Shift+W")
        session.addSeparator()
        self._action(session, self.tr("New &saved session…"),
                     lambda: self.load_saved_sessions().new_session())
        self._action(session, self.tr("&Import from OpenSSH config…"),
                     lambda: self.load_saved_sessions().import_ssh_config())
        self._action(session, self.tr("Import sessions…"),
                     lambda: self.load_saved_sessions().import_sessions())
        self._action(session, self.tr("E&xport sessions…"),
                     lambda: self.load_saved_sessions().export_sessions())
        self._action(session, self.tr("&Known hosts…"),
                     lambda: self.load_saved_sessions().show_known_hosts())
        session.addSeparator()
        self._action(session, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        # The terminal handles Ctrl+Shift+C/V/F itself; the menu makes them discoverable.
        self._action(edit, self.tr("&Copy") + "\tCtrl+Shift+C", lambda: self._forward("copy"))
        self._action(edit, self.tr("&Paste") + "\tCtrl+Shift+V", lambda: self._forward("paste"))
        self._action(edit, self.tr("Select &all"), lambda: self._forward("select_all"))
        self._action(edit, self.tr("&Find…") + "\tCtrl+Shift+F",
                     lambda: self._forward("show_find_bar"))
        view = self._view_menu = self.menuBar().addMenu(self.tr("&View"))
        self._encoding_menu = view.addMenu(self.tr("Character &encoding"))
        self._encoding_group = QActionGroup(self)
        for codec, label in ENCODINGS:
            action = self._encoding_menu.addAction(label)
            action.setCheckable(True)
            action.setData(codec)
            self._encoding_group.addAction(action)
        self._encoding_group.triggered.connect(
            lambda action: self.set_encoding(str(action.data())))
        self._scheme_menu = view.addMenu(self.tr("Colour &scheme"))
        self._scheme_menu.aboutToShow.connect(self._fill_scheme_menu)
        self._action(view, self.tr("&Font…"), self._choose_font)
        self._action(view, self.tr("Scroll&back lines…"), self._choose_scrollback)
        copy_on_select = self._action(view, self.tr("Copy on select"), lambda on:
                                      self._change_preferences(copy_on_select=on))
        copy_on_select.setCheckable(True)
        allow = self._action(view, self.tr("Let programs set the clipboard"),
                             self._toggle_clipboard_write)
        allow.setCheckable(True)

        def show_preferences() -> None:
            copy_on_select.setChecked(self.preferences.copy_on_select)
            allow.setChecked(self.preferences.allow_clipboard_write)

        view.aboutToShow.connect(show_preferences)
        view.addSeparator()
        self._panes_menu = view.addMenu(self.tr("&Panes"))
        self._terminal_toggle = self._action(self._panes_menu, self.tr("&Terminal"),
                                             self._toggle_terminal)
        self._terminal_toggle.setCheckable(True)
        self._files_toggle = self._action(self._panes_menu, self.tr("&Files"),
                                          self._toggle_files, "Ctrl+Shift+E")
        self._files_toggle.setCheckable(True)
        self._panes_menu.aboutToShow.connect(self._update_view_toggles)
        view.addSeparator()
        self._action(view, self.tr("Next tab"), lambda: self._step_tab(1), "Ctrl+PgDown")
        self._action(view, self.tr("Previous tab"), lambda: self._step_tab(-1), "Ctrl+PgUp")
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About sshdesk"), self._about)

    def _fill_scheme_menu(self) -> None:
        """Adds the colour schemes, the first time the menu opens."""
        if not self._scheme_menu.isEmpty():
            return
        from sshdesk.terminal.schemes import SCHEMES

        scheme_group = QActionGroup(self._scheme_menu)
        for name in SCHEMES:
            action = self._scheme_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name == self.preferences.scheme)
            scheme_group.addAction(action)
            action.triggered.connect(lambda _c, n=name: self._change_preferences(scheme=n))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self._state_label = QLabel(bar)
        self._size_label = QLabel(bar)
        self._encoding_button = QToolButton(bar)
        self._encoding_button.setAutoRaise(True)
        self._encoding_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._encoding_button.setMenu(self._encoding_menu)
        self._encoding_button.setToolTip(self.tr("Character encoding of this session"))
        self._transfer_label = QLabel(bar)
        bar.addPermanentWidget(self._transfer_label)
        bar.addPermanentWidget(self._state_label)
        bar.addPermanentWidget(self._encoding_button)
        bar.addPermanentWidget(self._size_label)

    # -- tabs ---------------------------------------------------------------------------

    @staticmethod
    def _as_tab(widget: QWidget | None) -> "SessionTab | None":
        if widget is None:  # no tab there, so the terminal need not be loaded
            return None
        from sshdesk.ui.sessiontab import SessionTab

        return widget if isinstance(widget, SessionTab) else None

    def current_tab(self) -> "SessionTab | None":
        return self._as_tab(self._tabs.currentWidget())

    def tabs(self) -> "list[SessionTab]":
        return [t for i in range(self._tabs.count())
                if (t := self._as_tab(self._tabs.widget(i))) is not None]

    def open_session(self, profile: "SessionProfile", saved: "SavedSession | None" = None,
                     secrets: "SecretStore | None" = None,
                     known_hosts: "KnownHosts | None" = None) -> "SessionTab":
        """Opens a new tab with a shell on a new connection to ``profile``; ``saved`` and
        ``secrets`` for a saved session (see :class:`ConnectionHandle`)."""
        from sshdesk.ui.connectionhandle import ConnectionHandle
        from sshdesk.ui.sessiontab import SessionTab

        handle = ConnectionHandle(profile, self, saved=saved, secrets=secrets,
                                  known_hosts=known_hosts)
        tab = SessionTab(handle, self._tabs, self.preferences.scrollback_lines)
        self._add_tab(tab)
        tab.start()
        return tab

    def _add_tab(self, tab: "SessionTab") -> None:
        self._apply_preferences(tab)
        tab.title_changed.connect(lambda title: self._set_tab_title(tab, title))
        tab.status_changed.connect(self._update_status)
        tab.bell_rung.connect(lambda: self._on_bell(tab))
        tab.clipboard_write_requested.connect(self._on_clipboard_write)
        tab.files_shown.connect(lambda: self._dock_transfers(tab))
        tab.cwd_changed.connect(lambda path: self._tabs.setTabToolTip(
            self._tabs.indexOf(tab), f"{tab.handle.profile.address}\n{path}"))
        index = self._tabs.addTab(tab, tab.title)
        self._tabs.setTabToolTip(index, tab.handle.profile.address)
        self._tabs.setCurrentIndex(index)
        self._stack.setCurrentWidget(self._tabs)
        tab.setFocus()

    def _apply_preferences(self, tab: "SessionTab") -> None:
        from sshdesk.terminal.painting import CursorShape
        from sshdesk.terminal.schemes import scheme_named
        from sshdesk.terminal.widget import default_font

        prefs = self.preferences
        widget = tab.terminal
        widget.set_scheme(scheme_named(prefs.scheme))
        font = default_font()
        if prefs.font_family:
            font.setFamily(prefs.font_family)
        font.setPointSizeF(prefs.font_size)
        widget.set_font(font)
        widget.cursor_shape = CursorShape(prefs.cursor_shape) if prefs.cursor_shape in {
            shape.value for shape in CursorShape} else CursorShape.BLOCK
        widget.cursor_blink = prefs.cursor_blink
        widget.copy_on_select = prefs.copy_on_select
        widget.confirm_multiline_paste = prefs.confirm_multiline_paste

    def _change_preferences(self, **changes: object) -> None:
        from sshdesk.ui import preferences

        for name, value in changes.items():
            setattr(self.preferences, name, value)
        preferences.save(self.preferences)
        for tab in self.tabs():
            self._apply_preferences(tab)

    def _choose_font(self) -> None:
        from sshdesk.terminal.widget import default_font

        tab = self.current_tab()
        current = tab.terminal.terminal_font if tab is not None else default_font()
        ok, font = QFontDialog.getFont(current, self, self.tr("Terminal font"),
                                       QFontDialog.FontDialogOption.MonospacedFonts)
        if ok:
            self._change_preferences(font_family=font.family(), font_size=font.pointSizeF())

    def _choose_scrollback(self) -> None:
        lines, ok = QInputDialog.getInt(
            self, self.tr("Scrollback"), self.tr("Lines kept above the screen (new tabs):"),
            self.preferences.scrollback_lines, 1_000, 1_000_000, 1_000)
        if ok:
            self._change_preferences(scrollback_lines=lines)

    def _on_bell(self, tab: "SessionTab") -> None:
        """Marks a background tab, and asks the desktop to flag an inactive window."""
        index = self._tabs.indexOf(tab)
        if index >= 0 and index != self._tabs.currentIndex():
            from PySide6.QtWidgets import QStyle

            self._tabs.setTabIcon(index, self.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxInformation))
        if not self.isActiveWindow():
            QApplication.alert(self)

    def _on_clipboard_write(self, target: str, text: object) -> None:
        """OSC 52: programs may set the clipboard only when the user allowed it."""
        if not self.preferences.allow_clipboard_write:
            self.statusBar().showMessage(self.tr(
                "A program tried to set the clipboard; blocked. Allow it in View > "
                "Let programs set the clipboard."), 8000)
            return
        mode = (QClipboard.Mode.Selection if target in ("selection", "primary")
                else QClipboard.Mode.Clipboard)
        QApplication.clipboard().setText(text if isinstance(text, str) else "", mode)

    def _set_tab_title(self, tab: "SessionTab", title: str) -> None:
        index = self._tabs.indexOf(tab)
        if index >= 0 and not tab.property("renamed"):
            self._tabs.setTabText(index, title)

    def _close_tab_at(self, index: int) -> None:
        tab = self._as_tab(self._tabs.widget(index))
        self._tabs.removeTab(index)
        if tab is not None:
            tab.shutdown()
            tab.deleteLater()
        if self._tabs.count() == 0:
            self._stack.setCurrentWidget(self._welcome)
        self._update_status()

    def close_current_tab(self) -> None:
        if self._tabs.count():
            self._close_tab_at(self._tabs.currentIndex())

    def _rename_tab_at(self, index: int) -> None:
        tab = self._as_tab(self._tabs.widget(index))
        if tab is None:
            return
        text, ok = QInputDialog.getText(self, self.tr("Rename tab"), self.tr("Tab name:"),
                                        QLineEdit.EchoMode.Normal, self._tabs.tabText(index))
        if ok:
            tab.setProperty("renamed", bool(text.strip()))
            self._tabs.setTabText(index, text.strip() or tab.title)

    def _rename_current(self) -> None:
        if self._tabs.count():
            self._rename_tab_at(self._tabs.currentIndex())

    def duplicate_current_tab(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            twin = tab.duplicate()
            self._add_tab(twin)
            twin.start()

    def _reconnect_current(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.reconnect()

    def _step_tab(self, step: int) -> None:
        if self._tabs.count():
            self._tabs.setCurrentIndex((self._tabs.currentIndex() + step) % self._tabs.count())

    def _tab_menu(self, position: object) -> None:
        index = self._tabs.tabBar().tabAt(position)  # type: ignore[arg-type]
        if index < 0:
            return
        self._tabs.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), lambda: self._rename_tab_at(index))
        menu.addAction(self.tr("Duplicate"), self.duplicate_current_tab)
        menu.addAction(self.tr("Reconnect"), self._reconnect_current)
        menu.addSeparator()
        menu.addAction(self.tr("Close"), lambda: self._close_tab_at(index))
        menu.popup(self._tabs.tabBar().mapToGlobal(position))  # type: ignore[arg-type]

    # -- files and transfers ------------------------------------------------------------

    def _update_view_toggles(self) -> None:
        tab = self.current_tab()
        for toggle in (self._files_toggle, self._terminal_toggle):
            toggle.setEnabled(tab is not None)
        self._files_toggle.setChecked(tab is not None and tab.files_visible)
        self._terminal_toggle.setChecked(tab is None or tab.terminal_visible)

    # The toggles flip what the tab shows, not what their check says: a shortcut may fire
    # before the menu has ever opened to bring the checks up to date.

    def _toggle_files(self) -> None:
        if (tab := self.current_tab()) is not None:
            tab.set_files_visible(not tab.files_visible)
        self._update_view_toggles()

    def _toggle_terminal(self) -> None:
        if (tab := self.current_tab()) is not None:
            tab.set_terminal_visible(not tab.terminal_visible)
        self._update_view_toggles()

    def _dock_transfers(self, tab: "SessionTab") -> None:
        """Puts the transfer panel of the tab's new file manager into the bottom dock
        (made, hidden, the first time); the dock shows the current tab's panel."""
        if tab.files is None:
            return
        if self._transfers is None or self._transfers_stack is None:
            from PySide6.QtCore import Qt  # after the first paint: see the module docstring

            self._transfers = QDockWidget(self.tr("Transfers"), self)
            self._transfers.setObjectName("transfers")
            self._transfers_stack = QStackedWidget(self._transfers)
            self._transfers.setWidget(self._transfers_stack)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self._transfers)
            self._transfers.hide()  # until the first transfer
            toggle = self._transfers.toggleViewAction()
            toggle.setText(self.tr("T&ransfers panel"))
            self._panes_menu.addAction(toggle)
        panel = tab.files.transfer_panel
        self._transfers_stack.addWidget(panel)
        panel.transfer_queued.connect(self._on_transfer_queued)
        panel.summary_changed.connect(lambda _text: self._show_current_transfers())
        self._show_current_transfers()

    def _on_transfer_queued(self) -> None:
        if self._transfers is not None and not self._transfers_shown:
            self._transfers_shown = True  # once: after that, closing it is the user's say
            self._transfers.show()
            from PySide6.QtCore import Qt

            # A few rows of queue; the terminal and the panes keep the room.
            self.resizeDocks([self._transfers], [_TRANSFERS_HEIGHT], Qt.Orientation.Vertical)

    def _show_current_transfers(self) -> None:
        tab = self.current_tab()
        panel = tab.files.transfer_panel if tab is not None and tab.files is not None else None
        if panel is not None and self._transfers_stack is not None:
            self._transfers_stack.setCurrentWidget(panel)
        self._transfer_label.setText(panel.summary if panel is not None else "")

    # -- quick connect ------------------------------------------------------------------

    def _focus_quick_connect(self) -> None:
        self.quick_connect.setFocus()
        self.quick_connect.selectAll()

    def _quick_connect(self) -> None:
        from sshdesk.core.profile import SessionProfile, TargetSyntaxError, parse_target

        text = self.quick_connect.text().strip()
        if not text:
            self._focus_quick_connect()
            return
        if self._saved is not None and (found := self._saved.find(text)) is not None:
            self._saved.connect_session(found.id)  # a saved session's name or path
            self.quick_connect.clear()
            return
        try:
            user, host, port = parse_target(text)
        except TargetSyntaxError as error:
            self.statusBar().showMessage(str(error), 8000)
            return
        self.open_session(SessionProfile(host=host, port=port or 22, username=user))
        self.quick_connect.clear()

    def _save_quick_connect(self) -> None:
        from sshdesk.core.profile import SessionProfile, TargetSyntaxError, parse_target

        text = self.quick_connect.text().strip()
        profile = None
        if text:
            try:
                user, host, port = parse_target(text)
            except TargetSyntaxError as error:
                self.statusBar().showMessage(str(error), 8000)
                return
            profile = SessionProfile(host=host, port=port or 22, username=user)
        self.load_saved_sessions().new_session(profile=profile)

    # -- status -------------------------------------------------------------------------

    def set_encoding(self, codec: str) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.set_encoding(codec)

    def _update_status(self) -> None:
        tab = self.current_tab()
        self._encoding_button.setEnabled(tab is not None)
        if tab is None:
            self._state_label.setText(self.tr("Not connected"))
            self._size_label.clear()
            self._encoding_button.setText("")
            return
        self._state_label.setText(self._state_text(tab))
        columns, rows = tab.emulator.size()
        self._size_label.setText(self.tr("{columns}×{rows}").format(columns=columns, rows=rows))
        codec = tab.emulator.encoding
        labels = dict(ENCODINGS)
        self._encoding_button.setText(labels.get(codec, codec.upper()))
        for action in self._encoding_group.actions():
            action.setChecked(action.data() == codec)

    def encoding_label(self) -> str:
        """The encoding shown in the status bar."""
        return self._encoding_button.text()

    def _state_text(self, tab: "SessionTab") -> str:
        from sshdesk.ui.connectionhandle import State

        address = tab.handle.profile.address
        texts = {
            State.IDLE: self.tr("Not connected"),
            State.CONNECTING: self.tr("Connecting to {address}…"),
            State.CONNECTED: self.tr("Connected to {address}"),
            State.FAILED: self.tr("Could not connect to {address}"),
            State.LOST: self.tr("Connection to {address} lost"),
            State.CLOSED: self.tr("Disconnected from {address}"),
        }
        return texts[tab.state].format(address=address)

    def show_message(self, message: "Message") -> None:
        """Shows a message from the message bridge in the status bar."""
        from sshdesk.ui import messages

        self.statusBar().showMessage(message.text, messages.DISPLAY_MS.get(message.level, 5000))

    def _toggle_clipboard_write(self, allowed: bool) -> None:
        from sshdesk.ui import preferences

        self.preferences.allow_clipboard_write = allowed
        preferences.save(self.preferences)

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About sshdesk"), self.tr(
            "sshdesk {version}\nA desktop SSH terminal and SFTP file manager.").format(
            version=__version__))

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        for tab in self.tabs():
            tab.shutdown()
        if self._saved is not None:
            self._saved.shutdown()
        super().closeEvent(event)
