"""GuiPrompter and PromptQueue: questions from worker threads, one dialog at a time,
answers back to the worker, and cancellation that never leaves a worker waiting."""

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QLabel, QWidget

from sshdesk.core.errors import CancelledError
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt, UnknownHostKey
from sshdesk.ui.dialogs import (
    KeyboardInteractiveDialog,
    PassphraseDialog,
    PasswordDialog,
    UnknownHostKeyDialog,
)
from sshdesk.ui.prompting import GuiPrompter, PromptQueue
from sshdesk.ui.workers import SerialWorker

# The offscreen platform warns whenever a window's size constraints change.

KEY = UnknownHostKey("web1.example.org", 2222, "ssh-ed25519",
                     "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8")


class Asker(threading.Thread):
    """Asks one question on its own thread, as a worker would, and keeps the outcome."""

    def __init__(self, ask: Callable[..., Any], *args: Any) -> None:
        super().__init__(daemon=True)
        self._ask, self._args = ask, args
        self.answer: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.answer = self._ask(*self._args)
        except BaseException as error:  # noqa: BLE001 - handed to the test
            self.error = error

    def outcome(self) -> Any:
        self.join(5)
        assert not self.is_alive(), "the worker is still waiting"
        if self.error is not None:
            raise self.error
        return self.answer


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def prompter(window) -> Iterator[GuiPrompter]:
    prompter = GuiPrompter(window)
    yield prompter
    prompter.close()  # no worker outlives its test


def _ask(qtbot, prompter: GuiPrompter, method: str, *args: Any) -> tuple[Asker, QDialog]:
    """Starts a worker asking ``method`` and waits for its dialog."""
    asker = Asker(getattr(prompter, method), *args)
    with qtbot.waitSignal(prompter.queue.dialog_opened) as blocker:
        asker.start()
    return asker, blocker.args[0]


def _texts(dialog: QDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def test_password_answer_reaches_the_worker(qtbot, prompter, window) -> None:
    asker, dialog = _ask(qtbot, prompter, "ask_password", "web1", "root")
    assert isinstance(dialog, PasswordDialog)
    assert dialog.parent() is window and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert "root" in _texts(dialog) and "web1" in _texts(dialog)
    qtbot.keyClicks(dialog.field, "s3cret")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert asker.outcome() == "s3cret"
    assert dialog.field.text() == ""  # emptied once read
    assert prompter.queue.current_dialog is None


def test_host_key_decision_reaches_the_worker(qtbot, prompter) -> None:
    asker, dialog = _ask(qtbot, prompter, "ask_host_key", KEY)
    assert isinstance(dialog, UnknownHostKeyDialog)
    dialog.remember_button.click()
    assert asker.outcome() is HostKeyDecision.ACCEPT_AND_REMEMBER


def test_escape_on_a_host_key_refuses_it(qtbot, prompter) -> None:
    asker, dialog = _ask(qtbot, prompter, "ask_host_key", KEY)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asker.outcome() is HostKeyDecision.REFUSE


def test_passphrase_and_retry(qtbot, prompter) -> None:
    asker, dialog = _ask(qtbot, prompter, "ask_passphrase", "web1", "/home/a/.ssh/id", True)
    assert isinstance(dialog, PassphraseDialog) and dialog.retry_label is not None
    dialog.field.setText("right one")
    dialog.accept()
    assert asker.outcome() == "right one"


def test_interactive_round_answers_in_order(qtbot, prompter) -> None:
    prompts = [InteractivePrompt("Password: ", False), InteractivePrompt("Code: ", True)]
    asker, dialog = _ask(qtbot, prompter, "ask_interactive", "bastion", "2FA", "", prompts)
    assert isinstance(dialog, KeyboardInteractiveDialog)
    dialog.fields[0].setText("pw")
    dialog.fields[1].setText("123456")
    dialog.accept()
    assert asker.outcome() == ["pw", "123456"]


@pytest.mark.parametrize("how", ["cancel button", "escape"])
def test_cancelling_the_dialog_raises_cancelled_in_the_worker(qtbot, prompter, how) -> None:
    asker, dialog = _ask(qtbot, prompter, "ask_password", "web1", "root")
    if how == "escape":
        qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    else:
        dialog.reject()
    with pytest.raises(CancelledError) as caught:
        asker.outcome()
    assert caught.value.host == "web1"
    assert caught.value.operation == "authenticate"


def test_two_workers_are_asked_one_after_the_other(qtbot, prompter, window) -> None:
    first, dialog = _ask(qtbot, prompter, "ask_password", "web1", "alice")
    second = Asker(prompter.ask_password, "web2", "bob")
    second.start()
    qtbot.waitUntil(lambda: prompter.queue.waiting_count == 1)
    assert [d for d in window.findChildren(QDialog) if d.isVisible()] == [dialog]
    with qtbot.waitSignal(prompter.queue.dialog_opened) as blocker:
        dialog.field.setText("alice's")
        dialog.accept()
    next_dialog = blocker.args[0]
    assert "bob" in _texts(next_dialog)
    assert first.outcome() == "alice's"
    assert second.is_alive()  # still waiting for its own answer
    next_dialog.field.setText("bob's")
    next_dialog.accept()
    assert second.outcome() == "bob's"


def test_prompters_of_one_window_share_its_queue(qtbot, window) -> None:
    one, two = GuiPrompter(window), GuiPrompter(window, parent=QObject(window))
    assert one.queue is two.queue is PromptQueue.for_window(window)
    try:
        first, dialog = _ask(qtbot, one, "ask_password", "web1", "alice")
        second = Asker(two.ask_password, "web2", "bob")
        second.start()
        qtbot.waitUntil(lambda: one.queue.waiting_count == 1)
        assert one.queue.current_dialog is dialog
    finally:
        one.close()
        two.close()
    with pytest.raises(CancelledError):
        first.outcome()
    with pytest.raises(CancelledError):
        second.outcome()


def test_cancel_all_unblocks_every_waiting_worker(qtbot, prompter) -> None:
    first, _ = _ask(qtbot, prompter, "ask_password", "web1", "alice")
    second = Asker(prompter.ask_host_key, KEY)
    second.start()
    qtbot.waitUntil(lambda: prompter.queue.waiting_count == 1)
    assert prompter.cancel_all() == 2
    with pytest.raises(CancelledError):
        first.outcome()
    with pytest.raises(CancelledError) as caught:
        second.outcome()
    assert (caught.value.host, caught.value.operation) == ("web1.example.org:2222",
                                                           "verify host key")
    qtbot.waitUntil(lambda: prompter.queue.current_dialog is None)  # the dialog closed
    # cancel_all is for one attempt: the prompter still asks later questions
    third, _ = _ask(qtbot, prompter, "ask_password", "web1", "alice")
    prompter.queue.current_dialog.accept()
    assert third.outcome() == ""


def test_closed_prompter_refuses_at_once(qtbot, prompter) -> None:
    prompter.close()
    asker = Asker(prompter.ask_password, "web1", "root")
    asker.start()
    with pytest.raises(CancelledError):
        asker.outcome()
    assert prompter.queue.current_dialog is None


def test_destroyed_owner_unblocks_the_worker(qtbot, window) -> None:
    owner = QObject()
    prompter = GuiPrompter(window, parent=owner)
    queue = prompter.queue
    asker, _ = _ask(qtbot, prompter, "ask_password", "web1", "root")
    owner.deleteLater()
    qtbot.waitUntil(lambda: not asker.is_alive())
    with pytest.raises(CancelledError):
        asker.outcome()
    qtbot.waitUntil(lambda: queue.current_dialog is None)
    late = Asker(prompter.ask_password, "web1", "root")  # a worker that kept a reference
    late.start()
    with pytest.raises(CancelledError):
        late.outcome()


def test_closed_window_unblocks_every_worker(qtbot) -> None:
    window = QWidget()
    window.show()
    prompter = GuiPrompter(window)
    first, _ = _ask(qtbot, prompter, "ask_password", "web1", "alice")
    second = Asker(prompter.ask_passphrase, "web1", "/k", False)
    second.start()
    qtbot.waitUntil(lambda: prompter.queue.waiting_count == 1)
    window.deleteLater()
    qtbot.waitUntil(lambda: not first.is_alive() and not second.is_alive())
    for asker in (first, second):
        with pytest.raises(CancelledError):
            asker.outcome()


def test_dialog_deleted_without_finishing_moves_the_queue_on(qtbot, prompter) -> None:
    first, dialog = _ask(qtbot, prompter, "ask_password", "web1", "alice")
    second = Asker(prompter.ask_password, "web2", "bob")
    with qtbot.waitSignal(prompter.queue.dialog_opened) as blocker:
        second.start()
        qtbot.waitUntil(lambda: prompter.queue.waiting_count == 1)
        dialog.deleteLater()
    with pytest.raises(CancelledError):
        first.outcome()
    blocker.args[0].accept()
    assert second.outcome() == ""


def test_asking_on_the_gui_thread_is_refused(prompter) -> None:
    with pytest.raises(RuntimeError, match="GUI thread"):
        prompter.ask_password("web1", "root")


def test_prompts_through_a_serial_worker(qtbot, prompter) -> None:
    worker = SerialWorker("web1", host="web1")
    got: list[object] = []
    try:
        with qtbot.waitSignal(prompter.queue.dialog_opened) as blocker:
            worker.submit(prompter.ask_password, "web1", "root", on_result=got.append,
                          on_error=got.append)
        blocker.args[0].field.setText("pw")
        blocker.args[0].accept()
        qtbot.waitUntil(lambda: got == ["pw"])
        with qtbot.waitSignal(prompter.queue.dialog_opened) as blocker:
            worker.submit(prompter.ask_password, "web1", "root", on_result=got.append,
                          on_error=got.append)
        blocker.args[0].reject()
        qtbot.waitUntil(lambda: len(got) == 2)
        assert isinstance(got[1], CancelledError)
    finally:
        prompter.close()
        assert worker.shutdown(2.0)
