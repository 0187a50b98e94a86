"""The session editor's "Test connection" against the real test sshd (offscreen)."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sshdesk.core import paths
from sshdesk.core.profile import SessionProfile
from sshdesk.core.sessions import SavedSession
from sshdesk.ui.dialogs.hostkey import UnknownHostKeyDialog
from sshdesk.ui.dialogs.sessioneditor import SessionEditor
from sshdesk.ui.prompting import PromptQueue
from tests.helpers.accounts import TestUser
from tests.helpers.keys import ClientKeys, known_hosts_line
from tests.helpers.sshd import SshdServer

TEST_TIMEOUT_MS = 30_000


def trust(server: SshdServer) -> None:
    paths.known_hosts_file().parent.mkdir(parents=True, exist_ok=True)
    paths.known_hosts_file().write_text(known_hosts_line(server) + "\n")


@pytest.fixture
def editor_for(qtbot: QtBot) -> Iterator:
    """Makes an editor of a session on the test server; closes it at the end."""
    made: list[SessionEditor] = []

    def make(profile: SessionProfile) -> SessionEditor:
        editor = SessionEditor(SavedSession("test", profile))
        qtbot.addWidget(editor)
        editor.show()
        made.append(editor)
        return editor

    yield make
    for editor in made:
        editor.reject()


def profile_for(sshd: SshdServer, user: TestUser, **options: object) -> SessionProfile:
    defaults: dict[str, object] = {"allow_agent": False, "look_for_keys": False,
                                   "keepalive_interval": 0}
    return SessionProfile(host=sshd.host, port=sshd.port, username=user.name,
                          **(defaults | options))  # type: ignore[arg-type]


def run_test(qtbot: QtBot, editor: SessionEditor) -> tuple[bool, str]:
    with qtbot.waitSignal(editor.connection_tested, timeout=TEST_TIMEOUT_MS) as tested:
        qtbot.mouseClick(editor.test_button, Qt.MouseButton.LeftButton)
    worked, text = tested.args
    assert editor.test_label.text() == text
    assert not editor.is_testing() and editor.test_button.isEnabled()
    return worked, text


def test_key_login_succeeds_and_says_as_whom(
    qtbot: QtBot, editor_for, sshd: SshdServer, client_keys: ClientKeys,
    password_user: TestUser,
) -> None:
    trust(sshd)
    editor = editor_for(profile_for(sshd, password_user,
                                    key_files=(str(client_keys.ed25519),)))
    worked, text = run_test(qtbot, editor)
    assert worked, text
    assert text.startswith(f"Connected as {password_user.name}@{sshd.host}:{sshd.port} in ")
    assert text.endswith(" s")


def test_encrypted_key_with_the_typed_passphrase(
    qtbot: QtBot, editor_for, sshd: SshdServer, client_keys: ClientKeys,
    password_user: TestUser,
) -> None:
    trust(sshd)
    editor = editor_for(profile_for(sshd, password_user,
                                    key_files=(str(client_keys.encrypted),)))
    editor.form.passphrase_edit.setText(client_keys.encrypted_passphrase)
    worked, text = run_test(qtbot, editor)
    assert worked, text


def test_unknown_host_key_is_asked_as_in_a_tab(
    qtbot: QtBot, editor_for, sshd: SshdServer, client_keys: ClientKeys,
    password_user: TestUser,
) -> None:
    editor = editor_for(profile_for(sshd, password_user,
                                    key_files=(str(client_keys.ed25519),)))
    queue = PromptQueue.for_window(editor)
    with qtbot.waitSignal(editor.connection_tested, timeout=TEST_TIMEOUT_MS) as tested:
        editor.test_connection()
        qtbot.waitUntil(lambda: isinstance(queue.current_dialog, UnknownHostKeyDialog),
                        timeout=TEST_TIMEOUT_MS)
        dialog = queue.current_dialog
        assert isinstance(dialog, UnknownHostKeyDialog)
        assert sshd.host_key_sha256 in dialog.fingerprint_label.text()
        qtbot.mouseClick(dialog.accept_once_button, Qt.MouseButton.LeftButton)
    assert tested.args[0], tested.args[1]
    assert not paths.known_hosts_file().exists()  # accepted once: not remembered


def test_wrong_password_is_a_message_not_a_traceback_nor_a_prompt(
    qtbot: QtBot, editor_for, sshd: SshdServer, password_user: TestUser,
) -> None:
    trust(sshd)
    editor = editor_for(profile_for(sshd, password_user))
    editor.form.password_edit.setText("not-the-password-42")
    opened: list[object] = []
    PromptQueue.for_window(editor).dialog_opened.connect(opened.append)
    worked, text = run_test(qtbot, editor)
    assert not worked
    assert password_user.name in text and "authenticate failed" in text
    assert "Traceback" not in text and "not-the-password-42" not in text
    assert opened == []  # the typed password was the one to test: nothing asked again


def test_the_right_password_works(
    qtbot: QtBot, editor_for, sshd: SshdServer, password_user: TestUser,
) -> None:
    trust(sshd)
    editor = editor_for(profile_for(sshd, password_user))
    editor.form.password_edit.setText(password_user.password)
    worked, text = run_test(qtbot, editor)
    assert worked, text
    assert editor.session().profile.password is None


def test_closing_the_editor_during_a_prompt_cancels_the_test(
    qtbot: QtBot, editor_for, sshd: SshdServer, client_keys: ClientKeys,
    password_user: TestUser,
) -> None:
    editor = editor_for(profile_for(sshd, password_user,
                                    key_files=(str(client_keys.ed25519),)))
    queue = PromptQueue.for_window(editor)
    heard: list[object] = []
    editor.connection_tested.connect(lambda *args: heard.append(args))
    editor.test_connection()
    qtbot.waitUntil(lambda: isinstance(queue.current_dialog, UnknownHostKeyDialog),
                    timeout=TEST_TIMEOUT_MS)
    editor.reject()
    assert not editor.is_testing() and editor.test_label.text() == ""
    qtbot.waitUntil(lambda: queue.current_dialog is None)  # the question was withdrawn
    qtbot.waitUntil(lambda: not editor._test_worker.is_busy, timeout=TEST_TIMEOUT_MS)
    assert heard == []
    assert not paths.known_hosts_file().exists()  # the key was not accepted
