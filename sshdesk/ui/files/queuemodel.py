"""The transfer queue as a table, kept in step with the snapshots the panel pulls.

:meth:`QueueModel.update` changes the table as little as a snapshot requires: rows of new
items are inserted, rows of forgotten items removed, and only rows whose item changed are
reported changed. A view of it then repaints a few cells four times a second, instead of
rebuilding itself (and losing its selection) on every tick.
"""

import os
import posixpath
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from sshdesk.core.files import display_name
from sshdesk.core.transfer_state import Direction, ItemSnapshot, ItemState, QueueSnapshot
from sshdesk.ui.files.formatting import human_duration, human_rate, human_size
from sshdesk.ui.files.tablemodel import HeadedTableModel

NAME, DIRECTION, PROGRESS, SIZE, SPEED, ETA, STATE, ERROR = range(8)

#: The row's :class:`ItemSnapshot`.
ITEM_ROLE = int(Qt.ItemDataRole.UserRole) + 1
#: Percent done (0-100) for the progress bar; None when the size is not known yet.
PROGRESS_ROLE = int(Qt.ItemDataRole.UserRole) + 2

_ROOT = QModelIndex()  # the root, as a default argument
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def percent(done: int, total: int) -> int | None:
    return None if total <= 0 else min(100, done * 100 // total)


def summary_text(snapshot: QueueSnapshot) -> str:
    """One line for a status bar: "3 transfers, 45 % — 12.3 MiB/s, 0:42 left"; "" when
    nothing is unfinished."""
    if not snapshot.running:
        return ""
    translate = QCoreApplication.translate
    if snapshot.active == 1:
        text = translate("QueueModel", "1 transfer")
    else:
        text = translate("QueueModel", "{count} transfers").format(count=snapshot.active)
    done = percent(snapshot.bytes_done, snapshot.bytes_total)
    if done is not None:
        text = translate("QueueModel", "{transfers}, {percent} %").format(
            transfers=text, percent=done)
    if snapshot.rate > 0:
        text = translate("QueueModel", "{progress} — {rate}").format(
            progress=text, rate=human_rate(snapshot.rate))
        if snapshot.eta is not None:
            text = translate("QueueModel", "{progress}, {time} left").format(
                progress=text, time=human_duration(snapshot.eta))
    return text


def item_name(item: ItemSnapshot) -> str:
    """The source's last part, as shown (a download's source is a remote path)."""
    module = posixpath if item.direction is Direction.DOWNLOAD else os.path
    return display_name(module.basename(module.normpath(item.source)) or item.source)


class QueueModel(HeadedTableModel):
    """The items of a transfer queue, in queue order, one row each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = (self.tr("Name"), self.tr("Direction"), self.tr("Progress"),
                         self.tr("Size"), self.tr("Speed"), self.tr("Time left"),
                         self.tr("State"), self.tr("Error"))
        self._items: list[ItemSnapshot] = []
        self._states = {
            ItemState.PENDING: self.tr("Queued"),
            ItemState.SCANNING: self.tr("Scanning"),
            ItemState.RUNNING: self.tr("Transferring"),
            ItemState.WAITING: self.tr("Waiting for you"),
            ItemState.PAUSED: self.tr("Paused"),
            ItemState.DONE: self.tr("Done"),
            ItemState.FAILED: self.tr("Failed"),
            ItemState.CANCELLED: self.tr("Cancelled"),
        }
        self._directions = {Direction.DOWNLOAD: self.tr("↓ Download"),
                            Direction.UPLOAD: self.tr("↑ Upload")}

    def item(self, row: int) -> ItemSnapshot:
        return self._items[row]

    def items(self) -> list[ItemSnapshot]:
        return list(self._items)

    # -- updating -----------------------------------------------------------------------

    def update(self, snapshot: QueueSnapshot) -> None:
        """Makes the rows those of ``snapshot``, changing only what changed."""
        new = list(snapshot.items)
        new_ids = {item.item_id for item in new}
        self._remove_rows_not_in(new_ids)
        kept = {item.item_id for item in self._items}
        if [item.item_id for item in new if item.item_id in kept] != \
                [item.item_id for item in self._items]:
            # The queue reordered items (it does not today): too rare to do finely.
            self.beginResetModel()
            self._items = new
            self.endResetModel()
            return
        changed: list[int] = []
        row = index = 0
        while index < len(new):
            if row < len(self._items) and self._items[row].item_id == new[index].item_id:
                if self._items[row] != new[index]:
                    self._items[row] = new[index]
                    changed.append(row)
                row += 1
                index += 1
                continue
            end = index
            while end < len(new) and new[end].item_id not in kept:
                end += 1
            self.beginInsertRows(QModelIndex(), row, row + end - index - 1)
            self._items[row:row] = new[index:end]
            self.endInsertRows()
            row += end - index
            index = end
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, ERROR))

    def _remove_rows_not_in(self, ids: set[int]) -> None:
        gone = [row for row, item in enumerate(self._items) if item.item_id not in ids]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._items[first:last + 1]
            self.endRemoveRows()

    # -- Qt's model interface -----------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return self._text(item, column)
        if role == ITEM_ROLE:
            return item
        if role == PROGRESS_ROLE and column == PROGRESS:
            return 100 if item.state is ItemState.DONE else percent(item.bytes_done,
                                                                     item.bytes_total)
        if role == _TOOLTIP:
            return self._tooltip(item, column)
        if role == _ALIGNMENT and column in (SIZE, SPEED, ETA):
            return _RIGHT
        return None

    def _text(self, item: ItemSnapshot, column: int) -> str:
        running = item.state is ItemState.RUNNING
        if column == NAME:
            return item_name(item) + ("/" if item.is_folder else "")
        if column == DIRECTION:
            return self._directions[item.direction]
        if column == PROGRESS:
            value = percent(item.bytes_done, item.bytes_total)
            return "" if value is None else f"{value} %"
        if column == SIZE:
            return human_size(item.bytes_total) if item.bytes_total else ""
        if column == SPEED:
            return human_rate(item.rate) if running and item.rate > 0 else ""
        if column == ETA:
            return human_duration(item.eta) if running and item.eta is not None else ""
        if column == STATE:
            return self._states[item.state]
        return item.error.splitlines()[0] if item.error else ""

    def _tooltip(self, item: ItemSnapshot, column: int) -> str | None:
        if column == ERROR and item.error:
            lines = [item.error, *(display_name(path) for path in item.failed_files)]
            return "\n".join(lines)
        text = self.tr("{source}\n→ {target}").format(source=display_name(item.source),
                                                      target=display_name(item.target))
        if item.is_folder:
            text += "\n" + self.tr("{done} of {total} files").format(
                done=item.files_done, total=item.files_total)
            if item.current:
                text += "\n" + display_name(item.current)
        return text


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
