"""The sessions sidebar: a search box, the tree of saved sessions, the recently used ones.

The tree is a :class:`~sshdesk.ui.models.sessiontree.SessionTreeModel` seen through a
:class:`~sshdesk.ui.models.sessionfilter.SessionFilterModel`. Every change made here is
saved to the store at once and the tree rebuilt; the selection and the open folders
survive the rebuild (and any other reset of the model). What to do with a session
(connect, edit, create one, forget deleted ones' secrets) is the owner's business, asked
for through signals. Errors go to the message bridge.
"""

import heapq
import time
from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.session_format import is_under
from sshdesk.core.sessions import SessionStore
from sshdesk.ui import messages
from sshdesk.ui.models.sessionfilter import SessionFilterModel
from sshdesk.ui.models.sessiontree import (
    FOLDER,
    KIND_ROLE,
    SESSION,
    SESSION_ID_ROLE,
    SessionTreeModel,
    as_plain_text,
    folder_of,
)

#: How many sessions the "Recent" list shows.
RECENT_COUNT = 8
#: The pause in typing awaited before filtering, once filtering has proved slow.
FILTER_DELAY_MS = 150
#: Filtering slower than this (seconds) is worth waiting for a pause in typing.
SLOW_FILTER = 0.02
_SESSION_ID = int(Qt.ItemDataRole.UserRole)  # of a recent item

type _Key = tuple[str, object]  # ("session", id) or ("folder", names): a row across resets


class SessionSidebar(QWidget):
    """The saved sessions, to pick one from, to search and to file.

    Attributes:
        model: The tree of the store's folders and sessions.
        filter_model: The search over it, which the tree shows.
        search: The search box.
        tree: The folders and sessions.
        recent: The most recently used sessions.

    Signals:
        connect_requested(str): The user asked to connect to the session of this id
            (double-click or Enter in the tree or the recent list, or the menu).
        edit_requested(str): The user asked to edit the session of this id.
        new_session_requested(object): The user asked for a new session in this folder (a
            tuple of names; ``()`` is the root).
        session_duplicated(str, str): A session (the first id) was copied to a new one
            (the second id) and saved; no secret was copied to the keyring for it.
        session_deleted(object): Sessions were deleted and the deletion saved: a list of
            :class:`~sshdesk.core.sessions.SavedSession` whose secrets are to be forgotten.
    """

    connect_requested = Signal(str)
    edit_requested = Signal(str)
    new_session_requested = Signal(object)
    session_duplicated = Signal(str, str)
    session_deleted = Signal(object)

    def __init__(self, store: SessionStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SessionTreeModel(store, self)
        self.model.error_occurred.connect(messages.error)
        self.filter_model = SessionFilterModel(self)
        self.filter_model.setSourceModel(self.model)
        self._searching = False
        self._expanded_before_search: list[tuple[str, ...]] = []
        self._kept: tuple[_Key | None, list[tuple[str, ...]]] = (None, [])
        self._filter_slow = False
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.timeout.connect(self._apply_filter)
        self._build()
        self.refresh_recent()

    # --- building ---

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search sessions"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._schedule_filter)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.tree = self._build_tree()
        layout.addWidget(self.tree, 1)
        self._recent_label = QLabel(self.tr("Recent"), self)
        layout.addWidget(self._recent_label)
        self.recent = QListWidget(self)
        self.recent.itemActivated.connect(
            lambda item: self.connect_requested.emit(str(item.data(_SESSION_ID))))
        layout.addWidget(self.recent)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)

    def _build_tree(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setHeaderHidden(True)
        tree.setUniformRowHeights(True)  # lets a 2,000-row tree lay out fast
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # A double-click connects, so only F2 (or the menu) renames.
        tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.setDropIndicatorShown(True)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._show_context_menu)
        tree.setModel(self.filter_model)
        tree.activated.connect(self._on_activated)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), tree)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._delete_current)
        # Connected after the view's own handlers, so restoring runs on the new rows.
        self.filter_model.modelAboutToBeReset.connect(self._remember_view)
        self.filter_model.modelReset.connect(self._restore_view)
        self.model.modelReset.connect(self.refresh_recent)
        self.model.dataChanged.connect(self.refresh_recent)
        return tree

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the search box clears it; in an empty one it goes to the tree."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Escape):  # type: ignore[attr-defined]
            if self.search.text():
                self.search.clear()
            else:
                self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- what the store holds ---

    def reload(self) -> None:
        """Re-reads the tree and the recent list from the store, after someone else
        changed it (an import, the session editor); selection and open folders stay."""
        self.model.reload()

    def current_session_id(self) -> str | None:
        """The id of the selected session, or None (nothing, or a folder, is selected)."""
        value = self.tree.currentIndex().data(SESSION_ID_ROLE)
        return str(value) if value else None

    def select_session(self, session_id: str) -> bool:
        """Selects a session and scrolls to it, opening its folders.

        Returns:
            Whether it is in the tree (a search may hide it).
        """
        return self._select(self._proxy_index((SESSION, session_id)))

    def expanded_folders(self) -> list[tuple[str, ...]]:
        """The folders open in the tree."""
        return [folder for folder in self.model.folder_paths()
                if self.tree.isExpanded(self._proxy_index((FOLDER, folder)))]

    def set_expanded_folders(self, folders: list[tuple[str, ...]]) -> None:
        """Opens these folders (those that exist) and closes the others."""
        self.tree.collapseAll()
        for folder in folders:
            index = self._proxy_index((FOLDER, tuple(folder)))
            if index.isValid():
                self.tree.setExpanded(index, True)

    def _proxy_index(self, key: _Key | None) -> QModelIndex:
        if key is None:
            return QModelIndex()
        kind, value = key
        source = (self.model.index_for_session(str(value)) if kind == SESSION
                  else self.model.index_for_folder(value))  # type: ignore[arg-type]
        return self.filter_model.mapFromSource(source)

    @staticmethod
    def _key(index: QModelIndex | QPersistentModelIndex) -> _Key | None:
        kind = index.data(KIND_ROLE) if index.isValid() else None
        if kind == SESSION:
            return SESSION, index.data(SESSION_ID_ROLE)
        return (FOLDER, folder_of(index)) if kind == FOLDER else None

    def _select(self, index: QModelIndex) -> bool:
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)  # opens the folders above it
        return True

    def _remember_view(self) -> None:
        expanded = [] if self._searching else self.expanded_folders()
        self._kept = (self._key(self.tree.currentIndex()), expanded)

    def _restore_view(self) -> None:
        current, expanded = self._kept
        if self._searching:
            self.tree.expandAll()
        else:
            self.set_expanded_folders(expanded)
        self._select(self._proxy_index(current))

    def refresh_recent(self) -> None:
        """Refills the "Recent" list from the store (after a session was used): cheaper
        than :meth:`reload`, which rebuilds the whole tree."""
        used = heapq.nlargest(
            RECENT_COUNT, (s for s in self.model.store.sessions() if s.last_used is not None),
            key=lambda s: s.last_used or 0.0)
        self.recent.clear()
        for session in used:
            item = QListWidgetItem(self.model.session_icon(session), session.name)
            item.setData(_SESSION_ID, session.id)
            item.setToolTip(as_plain_text(
                f"{session.path}\n{self.model.session_summary(session)}"))
            self.recent.addItem(item)
        self._recent_label.setVisible(bool(used))
        self.recent.setVisible(bool(used))
        if used:  # as tall as its rows, so the tree gets the rest
            frame = 2 * self.recent.frameWidth()
            self.recent.setMaximumHeight(self.recent.sizeHintForRow(0) * len(used) + frame)

    # --- searching ---

    def _schedule_filter(self) -> None:
        # A large store takes tens of milliseconds to filter: then wait for a pause in
        # typing rather than stall on every key.
        self._filter_timer.start(FILTER_DELAY_MS if self._filter_slow else 0)

    def _apply_filter(self) -> None:
        started = time.perf_counter()
        text = self.search.text()
        if " ".join(text.lower().split()) == self.filter_model.filter_text():
            return  # only spaces changed: leave the folders the user opened or closed
        searching = bool(text.split())
        if searching and not self._searching:
            self._expanded_before_search = self.expanded_folders()
        current = self._key(self.tree.currentIndex())
        # Rows leave an expanded QTreeView one range at a time, each costing a pass over
        # the whole tree: filtering a collapsed one is linear instead of quadratic.
        self.tree.collapseAll()
        self.filter_model.set_filter_text(text)
        self._searching = searching
        if searching:
            self.tree.expandAll()
        else:
            self.set_expanded_folders(self._expanded_before_search)
        self._select(self._proxy_index(current))
        # Once slow, always waited for: the store seldom shrinks much.
        self._filter_slow = self._filter_slow or time.perf_counter() - started > SLOW_FILTER

    # --- acting on rows ---

    def _on_activated(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == SESSION:
            self.connect_requested.emit(str(index.data(SESSION_ID_ROLE)))

    def _show_context_menu(self, position: object) -> None:
        index = self.tree.indexAt(position)  # type: ignore[call-overload]
        menu = self.build_context_menu(index)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(position))  # type: ignore[call-overload]

    def build_context_menu(self, index: QModelIndex) -> QMenu:
        """The menu for a row of the tree (an index of :attr:`filter_model`), or for the
        empty space below the rows (an invalid index)."""
        menu = QMenu(self)
        key = self._key(index)
        if key is not None and key[0] == SESSION:
            session_id = str(key[1])
            menu.addAction(self.tr("Connect"), lambda: self.connect_requested.emit(session_id))
            menu.addAction(self.tr("Edit…"), lambda: self.edit_requested.emit(session_id))
            menu.addAction(self.tr("Duplicate"), lambda: self.duplicate_session(session_id))
            menu.addAction(self.tr("Rename"), lambda: self._rename(key))
            menu.addSeparator()
            menu.addAction(self.tr("Delete…"), lambda: self.delete_session(session_id))
            return menu
        folder = folder_of(index)
        menu.addAction(self.tr("New session here…"),
                       lambda: self.new_session_requested.emit(folder))
        menu.addAction(self.tr("New folder…"), lambda: self.new_folder(folder))
        if folder:
            menu.addSeparator()
            menu.addAction(self.tr("Rename folder"), lambda: self._rename(key))
            menu.addAction(self.tr("Delete folder…"), lambda: self.delete_folder(folder))
        return menu

    def _rename(self, key: _Key | None) -> None:
        index = self._proxy_index(key)
        if self._select(index):
            self.tree.edit(index)

    def _delete_current(self) -> None:
        key = self._key(self.tree.currentIndex())
        if key is not None and key[0] == SESSION:
            self.delete_session(str(key[1]))
        elif key is not None:
            self.delete_folder(folder_of(self.tree.currentIndex()))

    # --- changing the store ---

    def duplicate_session(self, session_id: str) -> str | None:
        """Copies a session into its folder as "<name> (copy)", saves and selects it.

        The copy has a new id, has never been used and is no longer tied to an
        ssh_config entry (a re-import updates the original only).

        Returns:
            The copy's id, or None when the session is gone or saving failed.
        """
        store = self.model.store
        session = store.get(session_id)
        if session is None:
            return None
        taken = {s.name for s in store.sessions() if s.folder == session.folder}
        name = self.tr("{name} (copy)").format(name=session.name)
        number = 2
        while name in taken:
            name = self.tr("{name} (copy {number})").format(name=session.name, number=number)
            number += 1
        copy = store.add(replace(session, id="", name=name, last_used=None, origin=None))
        if not self.model.commit():
            return None
        self.select_session(copy.id)
        self.session_duplicated.emit(session_id, copy.id)
        return copy.id

    def delete_session(self, session_id: str) -> bool:
        """Asks for confirmation, then deletes a session and saves.

        Returns:
            Whether it was deleted (``session_deleted`` was emitted).
        """
        store = self.model.store
        session = store.get(session_id)
        if session is None or not self._confirm(
                self.tr("Delete session"),
                self.tr("Delete the session “{name}”?").format(name=session.path)):
            return False
        store.remove(session_id)
        if not self.model.commit():
            return False
        self.session_deleted.emit([session])
        return True

    def new_folder(self, parent: tuple[str, ...] = ()) -> tuple[str, ...] | None:
        """Asks for a name, then creates a folder in ``parent``, saves and selects it.

        Returns:
            The new folder, or None (cancelled, an unusable name, or saving failed).
        """
        name, ok = QInputDialog.getText(self, self.tr("New folder"), self.tr("Folder name:"))
        name = name.strip()
        if not ok or not name:
            return None
        if "/" in name:
            messages.error(self.tr("A name cannot contain “/”."))
            return None
        folder = (*parent, name)
        self.model.store.add_folder(folder)
        if not self.model.commit():
            return None
        self._select(self._proxy_index((FOLDER, folder)))
        return folder

    def delete_folder(self, folder: tuple[str, ...]) -> bool:
        """Asks for confirmation (saying how many sessions go with it), then deletes a
        folder, its sub-folders and their sessions, and saves.

        Returns:
            Whether it was deleted; ``session_deleted`` was emitted if sessions went too.
        """
        store = self.model.store
        if not folder or tuple(folder) not in store.folders():
            return False
        count = sum(1 for s in store.sessions() if is_under(s.folder, tuple(folder)))
        name = "/".join(folder)
        if count == 0:
            question = self.tr("Delete the folder “{name}”? It holds no sessions.")
        elif count == 1:
            question = self.tr("Delete the folder “{name}” and the session it holds?")
        else:
            question = self.tr("Delete the folder “{name}” and the {count} sessions it holds?")
        if not self._confirm(self.tr("Delete folder"),
                             question.format(name=name, count=count)):
            return False
        removed = store.remove_folder(tuple(folder))
        if not self.model.commit():
            return False
        if removed:
            self.session_deleted.emit(removed)
        return True

    def _confirm(self, title: str, question: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(self, title, as_plain_text(question), buttons,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
