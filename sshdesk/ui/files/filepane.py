"""One side of the file manager: a folder of this computer or of the server, to browse.

The pane owns a :class:`~sshdesk.ui.workers.SerialWorker`: every call on its
:class:`~sshdesk.core.files.FileSystem` (listing, creating, deleting, ...) runs there, one
at a time, and never on the GUI thread. Paths are put together here without the file
system (``posixpath`` on the server, ``os.path`` here, as :mod:`sshdesk.core.files` says),
so no path arithmetic waits on a worker. What the pane cannot do alone (send files to the
other pane, take dropped ones, open a folder in the terminal) it asks for with signals;
:class:`~sshdesk.ui.files.filebrowser.FileBrowser` answers them.
"""

import os
import posixpath

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.errors import SshdeskError
from sshdesk.core.files import FileEntry, FileSystem, display_name
from sshdesk.ui.files.bookmarks import Bookmarks
from sshdesk.ui.files.dragdrop import Side
from sshdesk.ui.files.entrymodel import ENTRY_ROLE, NAME, EntryFilterModel, EntryModel
from sshdesk.ui.files.entryview import EntryView
from sshdesk.ui.files.fileactions import FileActions
from sshdesk.ui.files.history import History
from sshdesk.ui.files.listing import FolderLister
from sshdesk.ui.files.messagebar import MessageBar
from sshdesk.ui.workers import SerialWorker

#: Folders remembered for the path bar's completion.
COMPLETION_LIMIT = 20_000
#: Transfers finishing within this many milliseconds cause one refresh.
REFRESH_DELAY_MS = 300

_NEW, _REFRESH, _BACK, _FORWARD = None, 0, -1, 1  # how a listing moves the history


class FilePane(QWidget):
    """A folder's files with a toolbar, a path bar, bookmarks and a name filter.

    Attributes:
        fs: The files shown (call its methods on :attr:`worker` only).
        side: Which side this pane is.
        worker: Runs every file system call of this pane.
        model, proxy, view: The entries, their filtered and sorted view, the table.
        file_actions: The context menu's actions.
        paths: ``posixpath`` or ``os.path``: how this side's paths are put together.

    Signals:
        folder_changed(object): Another folder (a str path) is shown.
        listing_loaded(object): The folder shown (a str path) has been listed completely.
        send_requested(object): Send these paths to the other pane's folder (double-click
            or Enter on files, or Upload/Download).
        paths_dropped(object, object, object): Paths from the other side (:class:`Side`,
            the paths) were dropped here, into this folder (a str path).
        terminal_requested(object): Open this folder (a str path) in the session's
            terminal (server only).
    """

    # Paths travel as ``object``, never ``str``: see sshdesk.ui.files.listing.
    folder_changed = Signal(object)
    listing_loaded = Signal(object)
    send_requested = Signal(object)
    paths_dropped = Signal(object, object, object)
    terminal_requested = Signal(object)

    def __init__(self, fs: FileSystem, side: Side, bookmark_key: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fs = fs
        self.side = side
        self.paths = posixpath if fs.is_remote else os.path
        self.worker = SerialWorker(f"files-{side.value}", host=fs.label, parent=self)
        self.bookmarks = Bookmarks(bookmark_key)
        self.history = History()
        self._path = ""
        self._move: int | None = _NEW
        self._select_after: list[str] = []
        self._known_folders: set[str] = set()
        self._follow_terminal = False
        self._terminal_folder = ""
        self.model = EntryModel(self)
        self.proxy = EntryFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.lister = FolderLister(fs, self.worker, self)
        self.lister.listing_started.connect(self._on_listing_started)
        self.lister.batch_loaded.connect(self.model.add)
        self.lister.listing_loaded.connect(self._on_listing_loaded)
        self.lister.listing_failed.connect(lambda _path, error: self.show_error(error))
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        self.file_actions = FileActions(self)
        self.view.customContextMenuRequested.connect(self.file_actions.show_menu)
        self._update_buttons()

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self._build_toolbar())
        row = QHBoxLayout()
        self.path_bar = QLineEdit(self)
        self.path_bar.setPlaceholderText(self.tr("Folder — type a path and press Enter"))
        self.path_bar.returnPressed.connect(self._on_path_entered)
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self.path_bar)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
        # Enter in the completion list picks a folder without the bar seeing the key.
        completer.activated.connect(lambda _text: self._on_path_entered())
        self.path_bar.setCompleter(completer)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(self.tr("Show only names containing this text, or "
                                            "matching a pattern such as *.log"))
        self.filter_edit.textChanged.connect(self.proxy.set_name_filter)
        row.addWidget(self.path_bar, 3)
        row.addWidget(self.filter_edit, 1)
        layout.addLayout(row)
        self.message_bar = MessageBar(self)
        layout.addWidget(self.message_bar)
        self.view = EntryView(self.side, self.selected_paths, self)
        self.view.setModel(self.proxy)
        self.view.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.activated.connect(self._on_activated)
        self.view.paths_dropped.connect(self._on_dropped)
        self.view.header().resizeSection(NAME, 240)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.view)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setIconSize(bar.iconSize() * 0.75)
        style = self.style()
        pixmap = QStyle.StandardPixmap
        self.back_action = self._tool(bar, self.tr("Back"), pixmap.SP_ArrowBack, self.go_back,
                                      QKeySequence.StandardKey.Back)
        self.forward_action = self._tool(bar, self.tr("Forward"), pixmap.SP_ArrowForward,
                                         self.go_forward, QKeySequence.StandardKey.Forward)
        self.up_action = self._tool(bar, self.tr("Up"), pixmap.SP_FileDialogToParent,
                                    self.go_up, "Alt+Up")
        self._tool(bar, self.tr("Home folder"), pixmap.SP_DirHomeIcon, self.go_home, "Alt+Home")
        self._tool(bar, self.tr("Refresh"), pixmap.SP_BrowserReload, self.refresh,
                   QKeySequence.StandardKey.Refresh)
        bar.addSeparator()
        self.bookmarks_menu = QMenu(self.tr("Bookmarks"), self)
        self.bookmarks_menu.aboutToShow.connect(self._fill_bookmarks)
        button = QToolButton(bar)
        button.setText(self.tr("Bookmarks"))
        button.setIcon(style.standardIcon(pixmap.SP_DirLinkIcon))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        button.setToolTip(self.tr("Bookmarks"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(self.bookmarks_menu)
        bar.addWidget(button)
        self.hidden_action = bar.addAction(self.tr("Show hidden files"))
        self.hidden_action.setIcon(style.standardIcon(pixmap.SP_FileDialogDetailedView))
        self.hidden_action.setCheckable(True)
        self.hidden_action.toggled.connect(self.proxy.set_show_hidden)
        if self.side is Side.REMOTE:
            self.follow_action = bar.addAction(self.tr("Follow the terminal's folder"))
            self.follow_action.setIcon(style.standardIcon(pixmap.SP_CommandLink))
            self.follow_action.setCheckable(True)
            self.follow_action.toggled.connect(self._set_follow_terminal)
        return bar

    def _tool(self, bar: QToolBar, text: str, icon: QStyle.StandardPixmap, slot: object,
              shortcut: QKeySequence.StandardKey | str) -> QAction:
        action = bar.addAction(self.style().standardIcon(icon), text)
        action.triggered.connect(slot)
        action.setShortcuts([QKeySequence(shortcut)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)  # so its shortcut works wherever the focus is in the pane
        return action

    # -- where the pane is --------------------------------------------------------------

    @property
    def path(self) -> str:
        """The folder shown ("" before the first listing)."""
        return self._path

    def path_of(self, name: str) -> str:
        """The full path of ``name`` in the folder shown."""
        return self.paths.join(self._path, name)

    def shows(self, path: str) -> bool:
        """Whether ``path`` is directly in the folder shown."""
        return bool(self._path) and self.paths.dirname(path.rstrip("/") or "/") == self._path

    # -- moving -------------------------------------------------------------------------

    def navigate(self, path: str, select: list[str] | None = None) -> None:
        """Opens ``path`` (the folder stays as it is if it cannot be listed)."""
        self._open(path, _NEW, select)

    def open_initial(self, path: str = "") -> None:
        """Opens ``path``, or the file system's home folder when it is empty (unless the
        user has gone somewhere meanwhile)."""
        if path:
            self.navigate(path)
            return

        def open_home(home: str) -> None:
            if not self._path and not self.lister.busy:
                self.navigate(home)

        self.worker.submit(self.fs.home, on_result=open_home, on_error=self.show_error,
                           operation=self.tr("find the home folder"))

    def go_home(self) -> None:
        self.worker.submit(self.fs.home, on_result=self.navigate, on_error=self.show_error,
                           operation=self.tr("find the home folder"))

    def go_up(self) -> None:
        if self._path:
            child = self.paths.basename(self._path.rstrip("/"))
            self._open(self.paths.dirname(self._path.rstrip("/") or "/"), _NEW, [child])

    def go_back(self) -> None:
        if (target := self.history.target(_BACK)) is not None:
            self._open(target, _BACK)

    def go_forward(self) -> None:
        if (target := self.history.target(_FORWARD)) is not None:
            self._open(target, _FORWARD)

    def refresh(self, select: list[str] | None = None) -> None:
        """Lists the folder shown again, keeping the selection (or selecting ``select``)."""
        self._refresh_timer.stop()
        if self._path:
            self._open(self._path, _REFRESH,
                       select if select is not None else self.selected_names())

    def schedule_refresh(self) -> None:
        """Refreshes soon: many finished transfers make one refresh."""
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _open(self, path: str, move: int | None, select: list[str] | None = None) -> None:
        self._move = move
        self._select_after = select or []
        self.lister.start(path)

    def _on_listing_started(self, folder: str, entries: list[FileEntry]) -> None:
        if self._move == _NEW:
            self.history.visit(folder)
        elif self._move != _REFRESH:
            self.history.step(self._move)
        self.model.reset(entries)
        changed = folder != self._path
        self._path = folder
        self.path_bar.setText(display_name(folder))
        if changed:
            # A filter typed for one folder would hide the next one's files unseen.
            self.filter_edit.clear()
            self.message_bar.hide()
            self.folder_changed.emit(folder)
        self._update_buttons()

    def _on_listing_loaded(self, folder: str) -> None:
        self._remember_folders(folder)
        self.select_names(self._select_after)
        self._select_after = []
        self.listing_loaded.emit(folder)

    def _update_buttons(self) -> None:
        self.back_action.setEnabled(self.history.target(_BACK) is not None)
        self.forward_action.setEnabled(self.history.target(_FORWARD) is not None)
        self.up_action.setEnabled(bool(self._path) and
                                  self.paths.dirname(self._path) != self._path)

    def _on_path_entered(self) -> None:
        text = self.path_bar.text().strip()
        if not text:
            return
        # The bar shows undecodable bytes as marks; left as shown, it means this folder.
        self.navigate(self._path if text == display_name(self._path) else text)

    def _remember_folders(self, folder: str) -> None:
        before = len(self._known_folders)
        self._known_folders.add(display_name(folder))
        for entry in self.model.entries():
            if entry.is_dir and len(self._known_folders) < COMPLETION_LIMIT:
                self._known_folders.add(display_name(self.paths.join(folder, entry.name)))
        if len(self._known_folders) != before:
            self._completions.setStringList(sorted(self._known_folders))

    # -- selection ----------------------------------------------------------------------

    def selected_entries(self) -> list[FileEntry]:
        """The selected entries, in the order shown."""
        rows = self.view.selectionModel().selectedRows(NAME)
        rows.sort(key=lambda index: index.row())
        return [index.data(ENTRY_ROLE) for index in rows]

    def selected_names(self) -> list[str]:
        return [entry.name for entry in self.selected_entries()]

    def selected_paths(self) -> list[str]:
        return [self.path_of(name) for name in self.selected_names()]

    def select_names(self, names: list[str]) -> None:
        """Selects the entries of these names (those shown), the first one current."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        flags = (QItemSelectionModel.SelectionFlag.Select
                 | QItemSelectionModel.SelectionFlag.Rows)
        first = True
        for name in names:
            row = self.model.row_of(name)
            index = self.proxy.mapFromSource(self.model.index(row, NAME)) if row >= 0 \
                else QModelIndex()
            if not index.isValid():
                continue
            if first:
                selection.setCurrentIndex(index, flags)
                self.view.scrollTo(index)
                first = False
            else:
                selection.select(index, flags)

    # -- activation and drops -----------------------------------------------------------

    def _on_activated(self, index: QModelIndex) -> None:
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, FileEntry):
            return
        if entry.is_dir:
            self.navigate(self.path_of(entry.name))
            return
        selected = self.selected_entries()
        sent = selected if entry in selected else [entry]
        self.send_requested.emit([self.path_of(item.name) for item in sent])

    def _on_dropped(self, side: Side, paths: list[str], onto: FileEntry | None) -> None:
        if self._path:
            folder = self.path_of(onto.name) if onto is not None else self._path
            self.paths_dropped.emit(side, paths, folder)

    # -- bookmarks ----------------------------------------------------------------------

    def _fill_bookmarks(self) -> None:
        """Rebuilds the menu as it opens: another pane may have changed the list."""
        menu = self.bookmarks_menu
        menu.clear()
        add = menu.addAction(self.tr("Bookmark this folder"), self.bookmark_current)
        add.setEnabled(bool(self._path) and self._path not in self.bookmarks.paths())
        saved = self.bookmarks.paths()
        if saved:
            menu.addSeparator()
            for path in saved:
                menu.addAction(display_name(path), lambda p=path: self.navigate(p))
            remove = menu.addMenu(self.tr("Remove bookmark"))
            for path in saved:
                remove.addAction(display_name(path), lambda p=path: self.bookmarks.remove(p))

    def bookmark_current(self) -> None:
        if self._path:
            self.bookmarks.add(self._path)

    # -- the terminal -------------------------------------------------------------------

    @property
    def follow_terminal(self) -> bool:
        """Whether the pane opens the folders the terminal's shell reports."""
        return self._follow_terminal

    def _set_follow_terminal(self, on: bool) -> None:
        self._follow_terminal = on
        self.set_terminal_folder(self._terminal_folder)

    def set_terminal_folder(self, path: str) -> None:
        """The shell moved to ``path``: opened now if :attr:`follow_terminal` is on, else
        when it is turned on."""
        self._terminal_folder = path
        if self._follow_terminal and path and path != self._path:
            self.navigate(path)

    # -- errors -------------------------------------------------------------------------

    def show_error(self, error: SshdeskError) -> None:
        """Reports a failure in the pane's message bar."""
        self.message_bar.show_error(error)

    def shutdown(self) -> None:
        """Stops the worker without waiting for a call stuck on the network."""
        self._refresh_timer.stop()
        self.worker.shutdown(0)
