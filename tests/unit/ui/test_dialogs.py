"""The dialogs: host keys, credentials and errors, driven as a person would."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from sshdesk.core.errors import (
    AuthenticationFailedError,
    CancelledError,
    HostKeyChangedError,
)
from sshdesk.core.prompts import HostKeyDecision, InteractivePrompt, UnknownHostKey
from sshdesk.ui.dialogs import (
    ErrorDialog,
    HostKeyChangedDialog,
    KeyboardInteractiveDialog,
    PassphraseDialog,
    PasswordDialog,
    UnknownHostKeyDialog,
    show_error,
)
from sshdesk.ui.dialogs.hostkey import forget_command

FINGERPRINT = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"
OTHER = "SHA256:Zk0XbV1C1pdXRb5tB6U7hZ2vQyBcmQ5dWkQ9mS2r0oA"
KEY = UnknownHostKey("web1.example.org", 2222, "ssh-ed25519", FINGERPRINT)


def _open(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def _texts(dialog: QWidget) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def _label(dialog: QWidget, text: str) -> QLabel:
    return next(label for label in dialog.findChildren(QLabel) if label.text() == text)


# -- unknown host key ------------------------------------------------------------------


@pytest.mark.parametrize(("button", "decision"), [
    ("accept_once_button", HostKeyDecision.ACCEPT_ONCE),
    ("remember_button", HostKeyDecision.ACCEPT_AND_REMEMBER),
    ("refuse_button", HostKeyDecision.REFUSE),
])
def test_unknown_key_buttons_give_their_decision(qtbot, button, decision) -> None:
    dialog = _open(qtbot, UnknownHostKeyDialog(KEY))
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert dialog.answer() is decision


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Return])
def test_unknown_key_escape_and_enter_refuse(qtbot, key) -> None:
    dialog = _open(qtbot, UnknownHostKeyDialog(KEY))
    assert dialog.focusWidget() is dialog.refuse_button
    assert dialog.refuse_button.isDefault()
    qtbot.keyClick(dialog.focusWidget(), key)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.answer() is HostKeyDecision.REFUSE


def test_unknown_key_shows_what_to_compare(qtbot) -> None:
    dialog = _open(qtbot, UnknownHostKeyDialog(KEY))
    texts = "\n".join(_texts(dialog))
    assert "web1.example.org:2222" in texts and "ssh-ed25519" in texts
    assert "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" in texts
    fingerprint = dialog.fingerprint_label
    assert fingerprint.text() == FINGERPRINT
    assert fingerprint.font().family() == QFontDatabase.systemFont(
        QFontDatabase.SystemFont.FixedFont).family()
    assert fingerprint.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_unknown_key_names_the_right_server_file(qtbot) -> None:
    key = UnknownHostKey("::1", 22, "ecdsa-sha2-nistp256", FINGERPRINT)
    texts = "\n".join(_texts(UnknownHostKeyDialog(key)))
    assert "[::1]:22" in texts and "/etc/ssh/ssh_host_ecdsa_key.pub" in texts


# -- changed host key ------------------------------------------------------------------


def _changed(host: str = "web1.example.org:2222") -> HostKeyChangedError:
    return HostKeyChangedError(host, "ssh-ed25519", FINGERPRINT, OTHER,
                               "/home/a/.local/share/sshdesk/known_hosts")


def test_changed_key_has_no_accept_button(qtbot) -> None:
    dialog = _open(qtbot, HostKeyChangedDialog(_changed()))
    buttons = dialog.buttons()
    assert len(buttons) == 1
    box = dialog.findChild(QDialogButtonBox)
    assert box.buttonRole(buttons[0]) == QDialogButtonBox.ButtonRole.RejectRole
    assert box.standardButton(buttons[0]) == QDialogButtonBox.StandardButton.Close
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_changed_key_shows_both_fingerprints_the_file_and_the_fix(qtbot) -> None:
    dialog = _open(qtbot, HostKeyChangedDialog(_changed()))
    assert dialog.known_label.text() == FINGERPRINT
    assert dialog.offered_label.text() == OTHER
    texts = "\n".join(_texts(dialog))
    assert "CHANGED" in texts and "man-in-the-middle" in texts
    assert "/home/a/.local/share/sshdesk/known_hosts" in texts
    assert ("ssh-keygen -R '[web1.example.org]:2222' -f "
            "/home/a/.local/share/sshdesk/known_hosts") in texts


@pytest.mark.parametrize(("address", "name"), [
    ("web1", "web1"),
    ("web1:22", "web1"),
    ("10.0.0.5:2222", "'[10.0.0.5]:2222'"),
    ("[2001:db8::1]:2222", "'[2001:db8::1]:2222'"),
    ("2001:db8::1", "2001:db8::1"),
])
def test_forget_command_names_the_host_as_known_hosts_does(address, name) -> None:
    assert forget_command(address, "/k h") == f"ssh-keygen -R {name} -f '/k h'"


# -- credentials -----------------------------------------------------------------------


def test_password_dialog_enter_accepts_the_hidden_text(qtbot) -> None:
    dialog = _open(qtbot, PasswordDialog("web1", "root"))
    assert any("root" in text and "web1" in text for text in _texts(dialog))
    assert dialog.focusWidget() is dialog.field
    assert dialog.field.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.field, "pa55")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.answer() == "pa55"


def test_password_dialog_escape_cancels(qtbot) -> None:
    dialog = _open(qtbot, PasswordDialog("web1", "root"))
    qtbot.keyClicks(dialog.field, "half typed")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert dialog.answer() is None
    dialog.clear()
    assert dialog.field.text() == ""


@pytest.mark.parametrize("retry", [False, True])
def test_passphrase_dialog_says_when_the_last_one_was_wrong(qtbot, retry) -> None:
    dialog = _open(qtbot, PassphraseDialog("web1", "/home/a/.ssh/id_ed25519", retry))
    texts = "\n".join(_texts(dialog))
    assert "/home/a/.ssh/id_ed25519" in texts
    assert ("wrong" in texts) is retry
    assert dialog.focusWidget() is dialog.field


def test_keyboard_interactive_shows_the_servers_words_and_echo(qtbot) -> None:
    prompts = [InteractivePrompt("Username: ", True), InteractivePrompt("Password: ", False),
               InteractivePrompt("Verification code: ", False)]
    dialog = _open(qtbot, KeyboardInteractiveDialog(
        "bastion", "Duo two-factor login", "Enter the code from your phone.\n", prompts))
    assert [label.text() for label in dialog.prompt_labels] == [
        "Username:", "Password:", "Verification code:"]
    assert [field.echoMode() for field in dialog.fields] == [
        QLineEdit.EchoMode.Normal, QLineEdit.EchoMode.Password, QLineEdit.EchoMode.Password]
    assert dialog.title_label.text() == "Duo two-factor login"
    assert dialog.instructions_label.text() == "Enter the code from your phone."
    assert dialog.focusWidget() is dialog.fields[0]
    for field, text in zip(dialog.fields, ["ann", "pw", "123456"], strict=True):
        field.setText(text)
    qtbot.keyClick(dialog.fields[2], Qt.Key.Key_Return)
    assert dialog.answer() == ["ann", "pw", "123456"]


def test_keyboard_interactive_shows_server_markup_as_plain_text(qtbot) -> None:
    dialog = KeyboardInteractiveDialog(
        "evil", "<b>x</b>", "<a href='http://x'>click</a>", [InteractivePrompt("<i>p</i>", True)])
    qtbot.addWidget(dialog)
    for label in [dialog.title_label, dialog.instructions_label, *dialog.prompt_labels]:
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_keyboard_interactive_without_prompts_still_answers(qtbot) -> None:
    dialog = _open(qtbot, KeyboardInteractiveDialog("bastion", "", "Welcome", []))
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.answer() == []


# -- errors ----------------------------------------------------------------------------


def test_show_error_gives_message_hint_host_and_operation(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    error = AuthenticationFailedError("web1", "root", ["publickey"], ["publickey"])
    dialog = show_error(parent, error)
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible()
    text = dialog.text()
    assert "web1: authenticate failed" in text
    assert "The server refused the login of root" in text
    assert error.hint in text
    assert "Traceback" not in text
    with qtbot.waitSignal(dialog.destroyed):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)


def test_show_error_uses_the_warning_screen_for_a_changed_key(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = show_error(parent, _changed())
    assert isinstance(dialog, HostKeyChangedDialog)
    dialog.close()


def test_show_error_ignores_a_cancellation(qtbot) -> None:
    assert show_error(None, CancelledError("web1", "authenticate")) is None
