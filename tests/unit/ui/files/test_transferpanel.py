"""The transfer panel: rows from snapshots, the menu's commands, the summary, painting."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from sshdesk.core.transfer_state import ItemState
from sshdesk.ui.files.transfercontrol import TransferControl
from sshdesk.ui.files.transferpanel import TransferPanel
from tests.unit.ui.files.doubles import RecordingTransfers, item, queue


@pytest.fixture
def panel(qtbot: QtBot, transfers: RecordingTransfers) -> Iterator[TransferPanel]:
    control = TransferControl(transfers)
    panel = TransferPanel(control)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    yield panel
    control.shutdown()


def _select(panel: TransferPanel, *rows: int) -> None:
    selection = panel.view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(panel.model.index(row, 0), flags)


def _trigger(menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.isEnabled(), text
    action.trigger()


def _enabled(menu: QMenu) -> set[str]:
    return {a.text() for a in menu.actions() if a.text() and a.isEnabled()}


def test_shows_and_paints_the_queue(qtbot: QtBot, panel: TransferPanel,
                                    transfers: RecordingTransfers) -> None:
    transfers.current = queue(item(1, done=500), item(2, ItemState.PENDING, total=0))
    with qtbot.waitSignal(panel.control.snapshot_taken):
        panel.control.poll()
    assert panel.model.rowCount() == 2
    panel.view.viewport().grab()  # paints the progress bars (and the unknown one)


def test_menu_commands_go_to_the_selected_items(qtbot: QtBot, panel: TransferPanel,
                                                transfers: RecordingTransfers) -> None:
    transfers.current = queue(item(1), item(2, ItemState.PAUSED), item(3, ItemState.FAILED))
    with qtbot.waitSignal(panel.control.snapshot_taken):
        panel.control.poll()
    _select(panel, 0, 1, 2)
    menu = panel.menu()
    assert {"Pause", "Resume", "Cancel", "Retry", "Clear finished", "Pause all",
            "Resume all", "Cancel all"} <= _enabled(menu)
    _trigger(menu, "Pause")
    _trigger(menu, "Resume")
    _trigger(menu, "Cancel")
    _trigger(menu, "Retry")
    _trigger(menu, "Clear finished")
    _trigger(menu, "Cancel all")
    qtbot.waitUntil(lambda: len(transfers.calls) == 6)
    assert transfers.calls == [("pause", ([1],)), ("resume", ([2],)), ("cancel", ([1, 2],)),
                               ("retry", ([3],)), ("clear_finished", ()), ("cancel", (None,))]


def test_nothing_selected_leaves_only_the_queue_wide_commands(panel: TransferPanel) -> None:
    assert _enabled(panel.menu()) == {"Clear finished", "Pause all", "Resume all",
                                      "Cancel all"}


def test_summary_and_queued_signals(qtbot: QtBot, panel: TransferPanel,
                                    transfers: RecordingTransfers) -> None:
    transfers.current = queue(item(1, done=250))
    with qtbot.waitSignal(panel.transfer_queued), qtbot.waitSignal(panel.summary_changed):
        panel.control.upload(["/a"], "/srv")
    assert panel.summary == "1 transfer, 25 %"
