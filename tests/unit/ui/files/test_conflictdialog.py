"""Conflicts: the dialog's choices, and the prompter asking once, one at a time."""

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from sshdesk.core.transfer_state import (
    Conflict,
    ConflictPolicy,
    Direction,
    ItemSnapshot,
    ItemState,
)
from sshdesk.ui.files.conflictdialog import ConflictDialog, ConflictPrompter
from sshdesk.ui.files.transfercontrol import TransferControl
from tests.unit.ui.files.doubles import RecordingTransfers, item, queue


def waiting(item_id: int, target: str = "/srv/a.txt", target_size: int = 100,
            direction: Direction = Direction.UPLOAD) -> ItemSnapshot:
    conflict = Conflict(item_id, target, 2048, 1_700_000_000, target_size, 1_600_000_000)
    return item(item_id, ItemState.WAITING, direction=direction, conflict=conflict)


@pytest.fixture
def control(qtbot: QtBot, transfers: RecordingTransfers) -> Iterator[TransferControl]:
    control = TransferControl(transfers)
    yield control
    control.shutdown()
    control.deleteLater()


@pytest.fixture
def prompter(qtbot: QtBot, control: TransferControl) -> ConflictPrompter:
    parent = QWidget()
    qtbot.addWidget(parent)
    return ConflictPrompter(control, parent)


def poll(qtbot: QtBot, control: TransferControl) -> None:
    with qtbot.waitSignal(control.snapshot_taken):
        control.poll()


def test_the_dialog_shows_both_files_and_offers_resume_only_for_a_shorter_target(
        qtbot: QtBot) -> None:
    dialog = ConflictDialog(waiting(1))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "“/srv/a.txt” already exists on the server." in texts
    assert "2.0 KiB" in texts and "100 B" in texts
    assert dialog.buttons[ConflictPolicy.RESUME].isEnabled()
    longer = ConflictDialog(waiting(2, target_size=4096, direction=Direction.DOWNLOAD))
    qtbot.addWidget(longer)
    assert not longer.buttons[ConflictPolicy.RESUME].isEnabled()
    assert "on this computer" in " ".join(label.text() for label in longer.findChildren(QLabel))


def test_an_answer_is_sent_once(qtbot: QtBot, control: TransferControl,
                                transfers: RecordingTransfers,
                                prompter: ConflictPrompter) -> None:
    transfers.current = queue(waiting(1))
    poll(qtbot, control)
    dialog = prompter.dialog
    assert dialog is not None
    dialog.buttons[ConflictPolicy.OVERWRITE].click()
    assert prompter.dialog is None
    poll(qtbot, control)  # still waiting (the answer is on its way): not asked again
    assert prompter.dialog is None
    qtbot.waitUntil(lambda: transfers.named("answer_conflict") != [])
    assert transfers.named("answer_conflict") == [(1, ConflictPolicy.OVERWRITE, False)]


def test_one_question_at_a_time_and_apply_to_all(qtbot: QtBot, control: TransferControl,
                                                 transfers: RecordingTransfers,
                                                 prompter: ConflictPrompter) -> None:
    transfers.current = queue(waiting(1), waiting(2, "/srv/b.txt"), waiting(3, "/srv/c.txt"))
    poll(qtbot, control)
    first = prompter.dialog
    assert first is not None and first.item.item_id == 1
    first.buttons[ConflictPolicy.SKIP].click()
    second = prompter.dialog
    assert second is not None and second.item.item_id == 2
    second.apply_to_all.setChecked(True)
    second.buttons[ConflictPolicy.NEWER].click()
    assert prompter.dialog is None
    qtbot.waitUntil(lambda: len(transfers.named("answer_conflict")) == 3)
    assert transfers.named("answer_conflict") == [
        (1, ConflictPolicy.SKIP, False), (2, ConflictPolicy.NEWER, True),
        (3, ConflictPolicy.NEWER, False)]


def test_closing_the_dialog_cancels_the_item(qtbot: QtBot, control: TransferControl,
                                             transfers: RecordingTransfers,
                                             prompter: ConflictPrompter) -> None:
    transfers.current = queue(waiting(7))
    poll(qtbot, control)
    assert prompter.dialog is not None
    prompter.dialog.reject()
    qtbot.waitUntil(lambda: transfers.named("cancel") == [([7],)])
    assert transfers.named("answer_conflict") == []


def test_a_question_settled_elsewhere_closes_unanswered(qtbot: QtBot, control: TransferControl,
                                                       transfers: RecordingTransfers,
                                                       prompter: ConflictPrompter) -> None:
    transfers.current = queue(waiting(1))
    poll(qtbot, control)
    assert prompter.dialog is not None
    transfers.current = queue(item(1, ItemState.CANCELLED))
    poll(qtbot, control)
    assert prompter.dialog is None
    qtbot.wait(50)
    assert transfers.named("answer_conflict") == [] and transfers.named("cancel") == []


def test_the_next_file_of_a_folder_is_asked_about_again(qtbot: QtBot, control: TransferControl,
                                                        transfers: RecordingTransfers,
                                                        prompter: ConflictPrompter) -> None:
    transfers.current = queue(waiting(1, "/srv/d/a.txt"))
    poll(qtbot, control)
    assert prompter.dialog is not None
    prompter.dialog.buttons[ConflictPolicy.RENAME].click()
    transfers.current = queue(waiting(1, "/srv/d/b.txt"))
    poll(qtbot, control)
    assert prompter.dialog is not None
    assert prompter.dialog.item.conflict.target == "/srv/d/b.txt"  # type: ignore[union-attr]
    prompter.dialog.buttons[ConflictPolicy.SKIP].click()
