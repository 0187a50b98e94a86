"""The search over the sessions tree: a proxy that keeps the rows matching every word typed.

A row matches when each word appears in its own search text
(:data:`~sshdesk.ui.models.sessiontree.SEARCH_TEXT_ROLE`) or in one of its folders', so
"prod web" finds ``Prod/web1`` and "prod" everything in Prod. Recursive filtering keeps
the folders of a match, so a hit deep down stays reachable; expanding them is the view's
job.
"""

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from sshdesk.ui.models.sessiontree import SEARCH_TEXT_ROLE, SessionTreeModel


class SessionFilterModel(QSortFilterProxyModel):
    """Filters a :class:`~sshdesk.ui.models.sessiontree.SessionTreeModel` (or any model
    with its search text role) by search words.

    It keeps the source's order (folders first, then names) and does not sort. Drops go
    to the folder dropped on, whatever the row: the tree is sorted, so a position among
    the rows means nothing.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self.setRecursiveFilteringEnabled(True)

    def filter_text(self) -> str:
        """The words filtered by, lower-cased and joined by spaces."""
        return " ".join(self._words)

    def set_filter_text(self, text: str) -> None:
        """Shows only the rows containing every word of ``text`` (any case); all rows when
        it has none."""
        words = tuple(text.lower().split())
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if isinstance(model, SessionTreeModel):  # a third of the time of the walk below
            texts = model.search_texts(source_row, source_parent)
        else:
            texts = [model.data(model.index(source_row, 0, source_parent), SEARCH_TEXT_ROLE)
                     or ""]
            parent = source_parent
            while parent.isValid():
                texts.append(model.data(parent, SEARCH_TEXT_ROLE) or "")
                parent = parent.parent()
        # Joined by a character no word has (words are split on white space), so no word
        # matches across two texts.
        haystack = "\n".join(texts)
        return all(word in haystack for word in self._words)

    # QSortFilterProxyModel maps a drop at row -1 but a column of 0 to the root, whatever
    # the parent; only the parent matters here, so it is mapped alone.

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return self.sourceModel().canDropMimeData(data, action, -1, -1,
                                                  self.mapToSource(parent))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        return self.sourceModel().dropMimeData(data, action, -1, -1, self.mapToSource(parent))
