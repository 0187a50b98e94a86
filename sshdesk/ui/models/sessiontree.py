"""The saved sessions as a Qt tree: nested folders and the sessions in them, one column.

:class:`SessionTreeModel` reads and changes a :class:`~sshdesk.core.sessions.SessionStore`.
Every change it makes (an inline rename, a move by drag and drop, or one its owner makes
and hands to :meth:`SessionTreeModel.commit`) is saved at once; a failure is reported
through ``error_occurred``, never raised into Qt's event loop, and the store is re-read so
the tree shows what the file really holds.

The nodes live in a Qt-free :class:`~sshdesk.ui.models.sessionnodes.SessionTree`. An index
names its node by a number (``QModelIndex.internalId()``) looked up in a dict rather than
by ``internalPointer``: an index that outlives a reset then finds nothing, instead of a
Python object that is gone.
"""

import html
import logging
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from sshdesk.core.errors import SshdeskError
from sshdesk.core.sessions import SavedSession, SessionStore
from sshdesk.ui.models.sessionnodes import FOLDER, SESSION, Node, SessionTree

__all__ = [
    "FOLDER",
    "FOLDER_ROLE",
    "KIND_ROLE",
    "MIME_TYPE",
    "SEARCH_TEXT_ROLE",
    "SESSION",
    "SESSION_ID_ROLE",
    "SessionTreeModel",
    "as_plain_text",
    "describe",
    "folder_of",
]

log = logging.getLogger(__name__)

_USER_ROLE = int(Qt.ItemDataRole.UserRole)
#: The id of a session node (str), None for a folder.
SESSION_ID_ROLE = _USER_ROLE + 1
#: The folder a node is (a folder node) or is in (a session node), as a tuple of names.
FOLDER_ROLE = _USER_ROLE + 2
#: ``"folder"`` or ``"session"``.
KIND_ROLE = _USER_ROLE + 3
#: What a search matches against, lower-cased: a session's name, host, user and tags, a
#: folder's name.
SEARCH_TEXT_ROLE = _USER_ROLE + 4

#: Dragged sessions travel as their ids, one a line.
MIME_TYPE = "application/x-sshdesk-session-ids"

# data() runs for every painted row: plain ints compare faster than enum members.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_BASE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
_FOLDER_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemIsDropEnabled
_SESSION_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemIsDragEnabled
_MOVE = Qt.DropAction.MoveAction
_NO_INDEX = QModelIndex()  # the root, as a default argument


def folder_of(index: QModelIndex | QPersistentModelIndex) -> tuple[str, ...]:
    """The folder an index of this model (or of a proxy over it) is or is in; ``()`` for
    the root or an invalid index."""
    return tuple(index.data(FOLDER_ROLE) or ()) if index.isValid() else ()


def as_plain_text(text: str) -> str:
    """``text`` ready for a place where Qt guesses the format (tooltips, message boxes):
    as it is, unless Qt could take it for HTML, then escaped HTML that shows it as typed."""
    if "<" not in text:
        return text
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def describe(error: SshdeskError) -> str:
    """An error's message and hint on one line, for a status bar."""
    return " ".join(error.describe().splitlines())


class SessionTreeModel(QAbstractItemModel):
    """Folders and saved sessions of a store, as a tree sorted folders first, then by name.

    Names are editable (a rename is saved at once); sessions can be dragged onto a folder,
    or onto the empty space below the tree for the root, to move them there.

    Signals:
        error_occurred(str): A change could not be made or saved; the text says why, for
            the user. Nothing of it remains, in the store or in the tree.
    """

    error_occurred = Signal(str)

    def __init__(self, store: SessionStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._tree = SessionTree()
        self._icons: dict[str, QIcon] = {}
        self._build()

    @property
    def store(self) -> SessionStore:
        """The store this model shows and changes."""
        return self._store

    # --- building ---

    def reload(self) -> None:
        """Rebuilds the tree from the store (after someone else changed it)."""
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def _build(self) -> None:
        self._tree.build(self._store.folders(), self._store.sessions())

    # --- lookups ---

    def _node(self, index: QModelIndex | QPersistentModelIndex) -> Node | None:
        if not index.isValid():
            return self._tree.root
        return self._tree.nodes.get(index.internalId())

    def _index_of(self, node: Node) -> QModelIndex:
        if node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, 0, node.key)

    def index_for_session(self, session_id: str) -> QModelIndex:
        """The index of a session, or an invalid one if it is not in the tree."""
        node = self._tree.sessions.get(session_id)
        return self._index_of(node) if node is not None else QModelIndex()

    def index_for_folder(self, folder: tuple[str, ...]) -> QModelIndex:
        """The index of a folder; invalid for the root or a folder not in the tree."""
        node = self._tree.folders.get(tuple(folder))
        return self._index_of(node) if node is not None else QModelIndex()

    def session_at(self, index: QModelIndex | QPersistentModelIndex) -> SavedSession | None:
        """The session of an index of this model, or None (a folder, the root)."""
        node = self._node(index)
        return node.session if node is not None else None

    def search_texts(self, row: int,
                     parent: QModelIndex | QPersistentModelIndex) -> list[str]:
        """The search text of a row and those of the folders above it, nearest first.

        The filter's fast path: one call instead of a walk through indexes for each row.
        """
        node = self._node(parent)
        return self._tree.search_texts(node, row) if node is not None else []

    def folder_paths(self) -> list[tuple[str, ...]]:
        """Every folder in the tree (not the root)."""
        return [folder for folder in self._tree.folders if folder]

    # --- the model's shape ---

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> QModelIndex:
        node = self._node(parent)
        if node is None or column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row].key)

    def parent(self, child: QModelIndex | QPersistentModelIndex | None = None) -> Any:  # type: ignore[override]
        if child is None:  # QObject.parent(), which the index overload hides
            return QObject.parent(self)
        node = self._node(child) if child.isValid() else None
        if node is None or node.parent is None:
            return QModelIndex()
        return self._index_of(node.parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> int:
        if parent.column() > 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node is not None else 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_INDEX) -> int:
        return 1

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # the empty space: the root
        node = self._node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        return _FOLDER_FLAGS if node.kind == FOLDER else _SESSION_FLAGS

    # --- data ---

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        node = self._node(index) if index.isValid() else None
        if node is None:
            return None
        if role in (_DISPLAY, _EDIT):
            return node.name
        if role == _DECORATION:
            return self._icon(node)
        if role == _TOOLTIP:
            if node.session is None:
                return None
            return as_plain_text(self.session_summary(node.session))
        if role == SESSION_ID_ROLE:
            return node.session.id if node.session is not None else None
        if role == FOLDER_ROLE:
            return node.folder
        if role == KIND_ROLE:
            return node.kind
        if role == SEARCH_TEXT_ROLE:
            return node.search_text
        return None

    def session_summary(self, session: SavedSession) -> str:
        """``user@host:port``, then the tags and the note, each on a line (plain text; see
        :func:`as_plain_text` before showing it where Qt guesses the format)."""
        profile = session.profile
        host = f"[{profile.host}]" if ":" in profile.host else profile.host
        address = f"{host}:{profile.port}"
        lines = [f"{profile.username}@{address}" if profile.username else address]
        if session.tags:
            lines.append(self.tr("Tags: {tags}").format(tags=", ".join(session.tags)))
        if session.note:
            lines.append(session.note)
        return "\n".join(lines)

    def session_icon(self, session: SavedSession) -> QIcon:
        """The icon shown for a session: its colour label, else the session icon."""
        if session.color:
            return self._colour_icon(session.color)
        return self._style_icon(SESSION, QStyle.StandardPixmap.SP_ComputerIcon)

    def _icon(self, node: Node) -> QIcon:
        if node.session is not None:
            return self.session_icon(node.session)
        return self._style_icon(FOLDER, QStyle.StandardPixmap.SP_DirIcon)

    def _style_icon(self, name: str, pixmap: QStyle.StandardPixmap) -> QIcon:
        icon = self._icons.get(name)
        if icon is None:
            icon = self._icons[name] = QApplication.style().standardIcon(pixmap)
        return icon

    def _colour_icon(self, colour: str) -> QIcon:
        """A small square of the colour, with a darker rim so pale colours show."""
        icon = self._icons.get(colour)
        if icon is None:
            pixmap = QPixmap(16, 16)
            pixmap.fill(QColor(0, 0, 0, 0))
            painter = QPainter(pixmap)
            painter.setPen(QColor(colour).darker(150))
            painter.setBrush(QColor(colour))
            painter.drawRect(2, 2, 11, 11)
            painter.end()
            icon = self._icons[colour] = QIcon(pixmap)
        return icon

    # --- renaming ---

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = _EDIT) -> bool:
        node = self._node(index) if index.isValid() else None
        if role != _EDIT or node is None:
            return False
        name = str(value).strip()
        if name == node.name:
            return True
        if not name:
            self.error_occurred.emit(self.tr("A name cannot be empty."))
            return False
        if "/" in name:
            self.error_occurred.emit(self.tr("A name cannot contain “/”."))
            return False
        if node.session is not None:
            return self._rename_session(node, name)
        return self._rename_folder(node, name)

    def _rename_session(self, node: Node, name: str) -> bool:
        assert node.session is not None
        session = self._store.get(node.session.id)
        if session is None:  # removed behind the model's back
            QTimer.singleShot(0, self, self.reload)
            return False
        self._store.update(replace(session, name=name))
        if not self._save():
            return False
        node.session = self._store.get(session.id) or replace(session, name=name)
        node.refresh()
        index = self._index_of(node)
        self.dataChanged.emit(index, index, [])
        self._resort(node)
        return True

    def _rename_folder(self, node: Node, name: str) -> bool:
        new_path = (*node.folder[:-1], name)
        merging = new_path in self._tree.folders
        try:
            self._store.rename_folder(node.folder, name)
        except ValueError:  # the folder is gone from the store
            QTimer.singleShot(0, self, self.reload)
            return False
        if not self._save():
            return False
        if merging:
            # Two folders become one: the tree changes shape. A reset now would close the
            # editor under the view that is committing it, so it happens right after.
            QTimer.singleShot(0, self, self.reload)
            return True
        self._move_folder(node, new_path)
        self._resort(node)
        return True

    def _move_folder(self, node: Node, path: tuple[str, ...]) -> None:
        for folder in self._tree.move_folder(node, path, self._store.get):
            if folder.children:  # each child's FOLDER_ROLE changed
                self.dataChanged.emit(self._index_of(folder.children[0]),
                                      self._index_of(folder.children[-1]), [])
        index = self._index_of(node)
        self.dataChanged.emit(index, index, [])

    def _resort(self, node: Node) -> None:
        """Moves a renamed node to its sorted place among its siblings."""
        assert node.parent is not None
        old, new = node.row, self._tree.sorted_row(node)
        if new == old:
            return
        parent_index = self._index_of(node.parent)
        # Qt counts the destination before the move: below the node, one further.
        if self.beginMoveRows(parent_index, old, old, parent_index,
                              new + 1 if new > old else new):
            self._tree.place(node, new)
            self.endMoveRows()

    # --- saving ---

    def commit(self) -> bool:
        """Saves the store's pending changes, then rebuilds the tree from the store.

        Returns:
            Whether they were saved. If not, ``error_occurred`` was emitted and the store
            re-read from its file, dropping the changes that could not be saved.
        """
        saved = self._save()
        self.reload()
        return saved

    def _save(self) -> bool:
        try:
            self._store.save()
        except SshdeskError as error:
            self.error_occurred.emit(describe(error))
            try:
                self._store.load()  # what the file holds, without the failed change
            except SshdeskError:
                log.warning("could not re-read %s after a failed save", self._store.path,
                            exc_info=True)
            return False
        return True

    # --- drag and drop ---
    # removeRows() stays unimplemented (it refuses) on purpose: after a drag that ended in
    # a move, the view asks the model to remove the dragged rows, which dropMimeData has
    # already moved. Implementing it would delete every session dragged.

    def supportedDropActions(self) -> Qt.DropAction:
        return _MOVE

    def supportedDragActions(self) -> Qt.DropAction:
        return _MOVE

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData | None:  # type: ignore[override]
        ids = [node.session.id for index in indexes
               if index.isValid() and (node := self._node(index)) is not None
               and node.session is not None]
        if not ids:
            return None
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray("\n".join(dict.fromkeys(ids)).encode()))
        return data

    def _drop_folder(self, parent: QModelIndex | QPersistentModelIndex) -> tuple[str, ...] | None:
        node = self._node(parent)
        return node.folder if node is not None and node.kind == FOLDER else None

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return (action == _MOVE and data.hasFormat(MIME_TYPE)
                and self._drop_folder(parent) is not None)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        folder = self._drop_folder(parent)
        if action != _MOVE or folder is None or not data.hasFormat(MIME_TYPE):
            return False
        ids = bytes(data.data(MIME_TYPE).data()).decode("utf-8", "replace").split("\n")
        return self.move_sessions(ids, folder)

    def move_sessions(self, session_ids: Iterable[str], folder: tuple[str, ...]) -> bool:
        """Moves sessions into ``folder`` (``()``: the root), saves and rebuilds.

        Returns:
            Whether any of the sessions is stored and the move was saved. Unknown ids
            (say, from a drag that began before a reload) are passed over.
        """
        known = [s for i in session_ids if (s := self._store.get(i)) is not None]
        if not known:
            return False
        moving = [s for s in known if s.folder != tuple(folder)]
        if not moving:
            return True
        try:
            for session in moving:
                self._store.move(session.id, tuple(folder))
        except ValueError:  # a folder name refused: move checks it before changing anything
            self.error_occurred.emit(self.tr("That is not a usable folder."))
            return False
        return self.commit()
