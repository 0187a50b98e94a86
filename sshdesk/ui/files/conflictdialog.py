"""Asking what to do when a transfer's target already exists.

The queue parks an item in WAITING with a :class:`~sshdesk.core.transfer_state.Conflict`;
:class:`ConflictPrompter` notices it in the snapshots and shows one
:class:`ConflictDialog` at a time (FileZilla's prompt queue), answering through the
:class:`~sshdesk.ui.files.transfercontrol.TransferControl`. "Apply to all" answers the
conflicts already waiting too, and makes the choice the queue's policy for later ones.
"""

from collections import deque

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.files import display_name
from sshdesk.core.transfer_state import (
    Conflict,
    ConflictPolicy,
    Direction,
    ItemSnapshot,
    ItemState,
    QueueSnapshot,
)
from sshdesk.ui.files.formatting import human_size, local_time
from sshdesk.ui.files.transfercontrol import TransferControl


class ConflictDialog(QDialog):
    """The target exists: overwrite, skip, rename, resume or overwrite if newer.

    Closing the dialog cancels the item (its existing target is left untouched).
    """

    def __init__(self, item: ItemSnapshot, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        conflict = item.conflict
        assert conflict is not None
        self.item = item
        self.choice: ConflictPolicy | None = None
        self.setWindowTitle(self.tr("File exists"))
        layout = QVBoxLayout(self)
        where = self.tr("on the server") if item.direction is Direction.UPLOAD \
            else self.tr("on this computer")
        question = QLabel(self.tr("“{target}” already exists {where}.").format(
            target=display_name(conflict.target), where=where), self)
        question.setWordWrap(True)
        question.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(question)
        layout.addLayout(self._comparison(conflict))
        self.apply_to_all = QCheckBox(self.tr("Do this for every conflict"), self)
        layout.addWidget(self.apply_to_all)
        layout.addLayout(self._buttons(conflict))

    def _comparison(self, conflict: Conflict) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Size"), self), 0, 1)
        grid.addWidget(QLabel(self.tr("Modified"), self), 0, 2)
        rows = ((self.tr("New (copied):"), conflict.source_size, conflict.source_mtime),
                (self.tr("Existing:"), conflict.target_size, conflict.target_mtime))
        for row, (label, size, mtime) in enumerate(rows, start=1):
            grid.addWidget(QLabel(label, self), row, 0)
            grid.addWidget(QLabel(human_size(size), self), row, 1)
            grid.addWidget(QLabel(local_time(mtime), self), row, 2)
        return grid

    def _buttons(self, conflict: Conflict) -> QHBoxLayout:
        row = QHBoxLayout()
        self.buttons: dict[ConflictPolicy, QPushButton] = {}
        choices = ((ConflictPolicy.OVERWRITE, self.tr("Overwrite")),
                   (ConflictPolicy.NEWER, self.tr("Overwrite if newer")),
                   (ConflictPolicy.RESUME, self.tr("Resume")),
                   (ConflictPolicy.RENAME, self.tr("Keep both")),
                   (ConflictPolicy.SKIP, self.tr("Skip")))
        for policy, text in choices:
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, p=policy: self.choose(p))
            row.addWidget(button)
            self.buttons[policy] = button
        # Resuming appends to a shorter target; a target as long or longer is no partial copy.
        self.buttons[ConflictPolicy.RESUME].setEnabled(
            0 < conflict.target_size < conflict.source_size)
        self.buttons[ConflictPolicy.RENAME].setToolTip(
            self.tr("Copy under a new name, such as “name (1).ext”"))
        cancel = QPushButton(self.tr("Cancel transfer"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        return row

    def choose(self, policy: ConflictPolicy) -> None:
        self.choice = policy
        self.accept()


class ConflictPrompter(QObject):
    """Shows the queue's conflicts one at a time and sends the answers.

    Attributes:
        dialog: The dialog shown now, if any.
    """

    def __init__(self, control: TransferControl, parent: QWidget) -> None:
        super().__init__(parent)
        self._control = control
        self._parent = parent
        self._waiting: deque[ItemSnapshot] = deque()
        # (item, target) pairs asked about; kept until a snapshot no longer shows them,
        # so a snapshot taken before the answer arrived does not ask again.
        self._asked: set[tuple[int, str]] = set()
        self.dialog: ConflictDialog | None = None
        control.snapshot_taken.connect(self._on_snapshot)

    def _on_snapshot(self, snapshot: QueueSnapshot) -> None:
        waiting = [item for item in snapshot.items if _key(item) is not None]
        open_now = {_key(item) for item in waiting}
        self._asked &= open_now
        # Questions settled meanwhile (the item was cancelled) are not asked any more.
        self._waiting = deque(item for item in self._waiting if _key(item) in open_now)
        if self.dialog is not None and _key(self.dialog.item) not in open_now:
            self.dialog.reject()
        for item in waiting:
            if (key := _key(item)) is not None and key not in self._asked:
                self._asked.add(key)
                self._waiting.append(item)
        self._show_next()

    def _show_next(self) -> None:
        if self.dialog is not None or not self._waiting:
            return
        dialog = ConflictDialog(self._waiting.popleft(), self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._answered(dialog))
        self.dialog = dialog
        dialog.open()

    def _answered(self, dialog: ConflictDialog) -> None:
        self.dialog = None
        item_id = dialog.item.item_id
        if _key(dialog.item) not in self._asked:
            pass  # settled elsewhere while the dialog was open
        elif dialog.choice is None:
            self._control.cancel([item_id])
        elif dialog.apply_to_all.isChecked():
            self._control.answer_conflict(item_id, dialog.choice, True)
            while self._waiting:
                self._control.answer_conflict(self._waiting.popleft().item_id, dialog.choice)
        else:
            self._control.answer_conflict(item_id, dialog.choice)
        self._show_next()


def _key(item: ItemSnapshot) -> tuple[int, str] | None:
    """What identifies a question: the item and the target asked about."""
    if item.state is not ItemState.WAITING or item.conflict is None:
        return None
    return item.item_id, item.conflict.target
