"""The transfer control: commands on its worker, polling while busy, finished items."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sshdesk.core.errors import ConnectionLostError
from sshdesk.core.transfer_state import ConflictPolicy, ItemState, QueueSnapshot
from sshdesk.ui.files.transfercontrol import TransferControl
from tests.unit.ui.files.doubles import RecordingTransfers, item, queue


@pytest.fixture
def control(qtbot: QtBot, transfers: RecordingTransfers) -> Iterator[TransferControl]:
    control = TransferControl(transfers)
    yield control
    control.shutdown()
    control.deleteLater()


def test_commands_reach_the_queue_in_order(qtbot: QtBot, control: TransferControl,
                                           transfers: RecordingTransfers) -> None:
    with qtbot.waitSignal(control.transfer_queued) as queued:
        control.upload(["/home/a", "/home/b"], "/srv")
    assert queued.args == [[1, 2]]
    control.download(["/srv/c"], "/home")
    control.pause([1])
    control.resume(None)
    control.cancel([2])
    control.retry([2])
    control.clear_finished()
    control.answer_conflict(3, ConflictPolicy.RENAME, True)
    qtbot.waitUntil(lambda: len(transfers.calls) == 8)
    assert transfers.calls == [
        ("upload", (["/home/a", "/home/b"], "/srv")), ("download", (["/srv/c"], "/home")),
        ("pause", ([1],)), ("resume", (None,)), ("cancel", ([2],)), ("retry", ([2],)),
        ("clear_finished", ()), ("answer_conflict", (3, ConflictPolicy.RENAME, True)),
    ]


def test_polls_while_busy_and_stops_when_idle(qtbot: QtBot, control: TransferControl,
                                              transfers: RecordingTransfers) -> None:
    assert not control.polling
    transfers.current = queue(item(1, done=100))
    snapshots: list[QueueSnapshot] = []
    control.snapshot_taken.connect(snapshots.append)
    control.upload(["/home/a"], "/srv")
    assert control.polling
    qtbot.waitUntil(lambda: len(snapshots) >= 3, timeout=3000)  # the timer goes on asking
    with qtbot.waitSignal(control.item_finished) as finished:
        transfers.current = queue(item(1, ItemState.DONE, done=1000))
    assert finished.args[0].item_id == 1
    qtbot.waitUntil(lambda: not control.polling)
    count = transfers.snapshots
    qtbot.wait(600)
    assert transfers.snapshots == count  # idle: no more asking
    control.resume([1])  # any command starts it again
    assert control.polling


def test_an_item_finished_is_reported_once(qtbot: QtBot, control: TransferControl,
                                           transfers: RecordingTransfers) -> None:
    transfers.current = queue(item(1, ItemState.DONE), item(2, ItemState.FAILED))
    finished: list[int] = []
    control.item_finished.connect(lambda done: finished.append(done.item_id))
    with qtbot.waitSignal(control.snapshot_taken):
        control.poll()
    with qtbot.waitSignal(control.snapshot_taken):
        control.poll()
    assert finished == [1]


def test_summary_follows_the_queue(qtbot: QtBot, control: TransferControl,
                                   transfers: RecordingTransfers) -> None:
    transfers.current = QueueSnapshot((item(1),), 1000, 450, 0.0, None, 1)
    with qtbot.waitSignal(control.summary_changed) as summary:
        control.poll()
    assert summary.args == ["1 transfer, 45 %"] and control.summary == "1 transfer, 45 %"
    transfers.current = queue(item(1, ItemState.DONE))
    with qtbot.waitSignal(control.summary_changed) as summary:
        control.poll()
    assert summary.args == [""]


def test_a_failed_command_is_reported(qtbot: QtBot, control: TransferControl,
                                      transfers: RecordingTransfers,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(paths: list[str], folder: str) -> list[int]:
        raise ConnectionLostError("web1", "reset by peer")

    monkeypatch.setattr(transfers, "upload", refuse)
    with qtbot.waitSignal(control.command_failed) as failed:
        control.upload(["/a"], "/srv")
    assert isinstance(failed.args[0], ConnectionLostError)
    errors: list[object] = []
    control.upload(["/a"], "/srv", on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))


def test_polling_stops_when_the_queue_is_unreachable(qtbot: QtBot, control: TransferControl,
                                                     transfers: RecordingTransfers,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def gone() -> QueueSnapshot:
        raise ConnectionLostError("web1", "gone")

    monkeypatch.setattr(transfers, "snapshot", gone)
    control.pause(None)
    qtbot.waitUntil(lambda: not control.polling)
