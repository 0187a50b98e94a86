"""The table of a pane's files, with dragging out and dropping in.

What a drag carries and what a drop means is the pane's business: the view asks it for the
paths to drag, and tells it what was dropped where.
"""

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from sshdesk.core.files import FileEntry
from sshdesk.ui.files import dragdrop
from sshdesk.ui.files.dragdrop import Side
from sshdesk.ui.files.entrymodel import ENTRY_ROLE


class EntryView(QTreeView):
    """A flat, sortable, multi-selection table of entries.

    Signals:
        paths_dropped(object, object, object): Paths from a side were dropped: the
            :class:`Side` they come from, the paths, and the entry dropped on (a folder's
            :class:`FileEntry`) or ``None`` for the folder shown.
    """

    paths_dropped = Signal(object, object, object)

    def __init__(self, side: Side, drag_paths: Callable[[], list[str]],
                 parent: QWidget | None = None) -> None:
        """
        Args:
            side: The pane's side; drops from the same side are refused.
            drag_paths: Gives the full paths of the selected entries, for a drag.
        """
        super().__init__(parent)
        self._side = side
        self._drag_paths = drag_paths
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(True)  # lays out 10,000 rows fast
        self.setAllColumnsShowFocus(True)
        self.setSortingEnabled(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Double-click opens or sends, so only F2 (or the menu) renames.
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDropIndicatorShown(False)

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        paths = self._drag_paths()
        if not paths:
            return
        drag = QDrag(self)
        drag.setMimeData(dragdrop.encode(self._side, paths))
        drag.exec(Qt.DropAction.CopyAction)

    def accepts(self, event: QDropEvent) -> bool:
        """Whether a drop carries paths from the other side, or (onto this computer's
        pane) files from another program."""
        data = event.mimeData()
        found = dragdrop.decode(data)
        return found is not None and (found[0] is not self._side
                                      or not data.hasFormat(dragdrop.MIME_TYPE))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        found = dragdrop.decode(event.mimeData())
        if found is None or not self.accepts(event):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        side, paths = found
        self.paths_dropped.emit(side, paths, self._folder_at(event))

    def _folder_at(self, event: QDropEvent) -> FileEntry | None:
        index: QModelIndex = self.indexAt(event.position().toPoint())
        entry = index.data(ENTRY_ROLE) if index.isValid() else None
        return entry if isinstance(entry, FileEntry) and entry.is_dir else None
