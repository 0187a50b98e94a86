"""A list of text entries with Add, Remove (and Up, Down) buttons beside it."""

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


class EditableList(QWidget):
    """Text entries in a list, with Add, Remove (and Up, Down) buttons beside it.

    Signals:
        changed(): An entry was added, removed, moved or edited.
        add_requested(): Add was pressed; the owner adds the entries.
    """

    changed = Signal()
    add_requested = Signal()

    def __init__(self, add_text: str, *, ordered: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        # Not growing: the list (Expanding) and the buttons' stretch would otherwise take
        # the page's spare height, leaving a gap under the list.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.list.itemChanged.connect(self.changed)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.up_button: QPushButton | None = None
        self.down_button: QPushButton | None = None
        if ordered:
            self.up_button = QPushButton(self.tr("Up"))
            self.up_button.clicked.connect(lambda: self.move_current(-1))
            self.down_button = QPushButton(self.tr("Down"))
            self.down_button.clicked.connect(lambda: self.move_current(1))
            buttons.addWidget(self.up_button)
            buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1, Qt.AlignmentFlag.AlignTop)
        row.addLayout(buttons)
        self._update_buttons()

    def entries(self) -> list[str]:
        """Every entry's text, stripped, in order (blank ones included)."""
        return [self.list.item(row).text().strip() for row in range(self.list.count())]

    def set_entries(self, entries: Sequence[str]) -> None:
        self.list.clear()
        for entry in entries:
            self.append(entry, announce=False)
        self.changed.emit()

    def append(self, text: str, *, edit: bool = False, announce: bool = True) -> QListWidgetItem:
        """Adds an entry at the end; ``edit`` opens it for typing."""
        item = QListWidgetItem(text)
        # Flags before adding: changing them on a listed item would emit itemChanged.
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        if edit:
            self.list.editItem(item)
        if announce:
            self.changed.emit()
        return item

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()
            self._update_buttons()

    def move_current(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def _update_buttons(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        self.remove_button.setEnabled(row >= 0)
        if self.up_button is not None and self.down_button is not None:
            self.up_button.setEnabled(row > 0)
            self.down_button.setEnabled(0 <= row < count - 1)
