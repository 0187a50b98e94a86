"""The queue model: Qt's model rules, incremental updates, texts, the summary line."""

from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from sshdesk.core.transfer_state import Direction, ItemState, QueueSnapshot
from sshdesk.ui.files.queuemodel import (
    DIRECTION,
    ERROR,
    ETA,
    NAME,
    PROGRESS,
    PROGRESS_ROLE,
    SIZE,
    SPEED,
    STATE,
    QueueModel,
    summary_text,
)
from tests.unit.ui.files.doubles import item, queue


class Changes:
    """Counts a model's structural and data changes."""

    def __init__(self, model: QueueModel) -> None:
        self.inserted: list[tuple[int, int]] = []
        self.removed: list[tuple[int, int]] = []
        self.changed: list[tuple[int, int]] = []
        self.resets = 0
        model.rowsInserted.connect(lambda _p, a, b: self.inserted.append((a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.removed.append((a, b)))
        model.dataChanged.connect(
            lambda top, bottom, _roles: self.changed.append((top.row(), bottom.row())))
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1


def test_rows_follow_snapshots_incrementally(qtmodeltester) -> None:
    model = QueueModel()
    qtmodeltester.check(model)
    changes = Changes(model)
    model.update(queue(item(1)))
    assert changes.inserted == [(0, 0)]
    model.update(queue(item(1, done=500)))
    assert changes.inserted == [(0, 0)] and changes.changed == [(0, 0)]
    model.update(queue(item(1, done=500)))  # nothing new: nothing reported
    assert changes.changed == [(0, 0)]
    model.update(queue(item(1, done=600), item(2), item(3)))
    assert changes.inserted == [(0, 0), (1, 2)]
    assert changes.changed == [(0, 0), (0, 0)]
    model.update(queue(item(1, ItemState.DONE, done=1000), item(3, done=10)))
    assert changes.removed == [(1, 1)]
    assert [model.item(row).item_id for row in range(model.rowCount())] == [1, 3]
    assert changes.changed[-1] == (0, 1)  # both changed rows, as one range
    model.update(QueueSnapshot())
    assert model.rowCount() == 0
    assert changes.resets == 0
    qtmodeltester.check(model)


def test_new_items_between_old_ones(qtmodeltester) -> None:
    model = QueueModel()
    changes = Changes(model)
    model.update(queue(item(1), item(4)))
    model.update(queue(item(1), item(2), item(3), item(4), item(5)))
    assert changes.inserted == [(0, 1), (1, 2), (4, 4)]
    assert [model.item(row).item_id for row in range(5)] == [1, 2, 3, 4, 5]
    qtmodeltester.check(model)


def test_texts(qapp) -> None:
    model = QueueModel()
    model.update(queue(
        item(1, done=250, total=4 * 1024 * 1024, rate=2.5 * 1024 * 1024, eta=42.0,
             source="/home/me/报告.pdf", direction=Direction.UPLOAD),
        item(2, ItemState.FAILED, direction=Direction.DOWNLOAD, source="/srv/logs/",
             error="/srv/logs/a: permission denied\nAsk its owner."),
    ))

    def text(row: int, column: int) -> str:
        return model.index(row, column).data()

    assert text(0, NAME) == "报告.pdf"
    assert text(0, DIRECTION) == "↑ Upload"
    assert text(0, PROGRESS) == "0 %"
    assert model.index(0, PROGRESS).data(PROGRESS_ROLE) == 0
    assert text(0, SIZE) == "4.0 MiB"
    assert text(0, SPEED) == "2.5 MiB/s"
    assert text(0, ETA) == "0:42"
    assert text(0, STATE) == "Transferring"
    assert text(1, NAME) == "logs"
    assert text(1, DIRECTION) == "↓ Download"
    assert text(1, SPEED) == "" and text(1, ETA) == ""
    assert text(1, STATE) == "Failed"
    assert text(1, ERROR) == "/srv/logs/a: permission denied"
    assert "Ask its owner." in model.index(1, ERROR).data(3)  # the tooltip has it all
    assert model.data(QModelIndex()) is None


def test_summary_line(qtbot: QtBot) -> None:
    assert summary_text(QueueSnapshot()) == ""
    busy = QueueSnapshot((item(1), item(2), item(3)), bytes_total=1000, bytes_done=450,
                         rate=12.3 * 1024 * 1024, eta=42, active=3)
    assert summary_text(busy) == "3 transfers, 45 % — 12.3 MiB/s, 0:42 left"
    scanning = QueueSnapshot((item(1, ItemState.SCANNING),), active=1)
    assert summary_text(scanning) == "1 transfer"
