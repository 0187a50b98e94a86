"""What the file panes' and the transfer queue's table models share: fixed column
headings."""

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

_ROOT = QModelIndex()
_DISPLAY = Qt.ItemDataRole.DisplayRole


class HeadedTableModel(QAbstractTableModel):
    """A flat table whose columns are ``self._headers``, which the subclass sets (translated)
    in its ``__init__``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: tuple[str, ...] = ()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None
