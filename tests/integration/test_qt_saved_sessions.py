"""Saved sessions in the window, against a real sshd and a real keyring: a saved password
logs in with no prompt, a typed one is kept, no keyring means asking, the demo opens."""

import dataclasses
import logging
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from sshdesk.core import log as core_log
from sshdesk.core import paths
from sshdesk.core.profile import SessionProfile
from sshdesk.core.secrets import SecretKind, SecretStore
from sshdesk.core.sessions import SavedSession, SessionStore
from sshdesk.ui.connectionhandle import State
from sshdesk.ui.dialogs.credentials import KeyboardInteractiveDialog, PasswordDialog
from sshdesk.ui.mainwindow import MainWindow
from sshdesk.ui.prompting import PromptQueue
from sshdesk.ui.savedsessions import DEMO_ORIGIN, SavedSessions
from sshdesk.ui.sessiontab import SessionTab
from tests.helpers.accounts import TestUser
from tests.helpers.keyring_session import KeyringSession
from tests.helpers.keys import known_hosts_line
from tests.helpers.sshd import SshdServer


@pytest.fixture
def password_session(sshd: SshdServer, password_user: TestUser) -> SavedSession:
    """A saved session for the password user, with "save password" on; its key trusted."""
    paths.known_hosts_file().parent.mkdir(parents=True, exist_ok=True)
    paths.known_hosts_file().write_text(known_hosts_line(sshd) + "\n")
    store = SessionStore()
    store.load()
    session = store.add(SavedSession(
        name="staging", folder=("Work",), save_password=True,
        profile=SessionProfile(host=sshd.host, port=sshd.port, username=password_user.name,
                               allow_agent=False, look_for_keys=False, keepalive_interval=0)))
    store.save()
    return session


def connected_tab(qtbot: QtBot, window: MainWindow) -> SessionTab:
    tab = window.current_tab()
    assert tab is not None
    qtbot.waitUntil(lambda: tab.session is not None, timeout=15_000)
    assert tab.handle.state is State.CONNECTED
    return tab


def answer_password(qtbot: QtBot, window: MainWindow, password: str) -> None:
    """Types the password into the dialog asking for it (sshd asks through
    keyboard-interactive's "Password:" before the password method is tried)."""
    queue = PromptQueue.for_window(window)
    kinds = (PasswordDialog, KeyboardInteractiveDialog)
    qtbot.waitUntil(lambda: isinstance(queue.current_dialog, kinds), timeout=15_000)
    dialog = queue.current_dialog
    assert isinstance(dialog, kinds) and len(dialog.fields) == 1
    dialog.fields[0].setText(password)
    dialog.accept()


def test_a_saved_password_logs_in_without_asking(
        qtbot: QtBot, window: MainWindow, password_session: SavedSession,
        password_user: TestUser, secret_service: KeyringSession) -> None:
    SecretStore().set(password_session.id, SecretKind.PASSWORD, password_user.password)
    saved = window.load_saved_sessions()
    saved.connect_session(password_session.id)
    tab = connected_tab(qtbot, window)
    assert PromptQueue.for_window(window).current_dialog is None
    assert tab.handle.saved is not None and tab.handle.saved.id == password_session.id
    window.close()  # what is pending (the last use) is saved at exit
    reloaded = SessionStore()
    reloaded.load()
    assert reloaded.get(password_session.id).last_used is not None  # type: ignore[union-attr]


def test_a_typed_password_is_saved_in_the_keyring_once_it_worked(
        qtbot: QtBot, window: MainWindow, password_session: SavedSession,
        password_user: TestUser, secret_service: KeyringSession) -> None:
    handler = core_log.log_to_file(paths.log_dir() / "sshdesk.log", logging.DEBUG)
    try:
        window.load_saved_sessions().connect_session(password_session.id)
        answer_password(qtbot, window, password_user.password)
        connected_tab(qtbot, window)
        window.load_saved_sessions().export_sessions_to(paths.config_dir() / "export.json")
    finally:
        core_log.remove_handler(handler)
    stored = secret_service.lookup(service="sshdesk",
                                   username=f"{password_session.id}/password")
    assert stored == password_user.password
    written = [path for folder in (paths.config_dir(), paths.data_dir(), paths.log_dir())
               for path in Path(folder).rglob("*") if path.is_file()]
    assert {p.name for p in written} >= {"sessions.json", "export.json", "sshdesk.log"}
    for path in written:  # the password is in no file the app wrote
        assert password_user.password.encode() not in path.read_bytes(), path


def test_without_a_keyring_it_asks_once_per_run(
        qtbot: QtBot, window: MainWindow, password_session: SavedSession,
        password_user: TestUser, no_keyring: None) -> None:
    saved = window.load_saved_sessions()
    saved.connect_session(password_session.id)
    answer_password(qtbot, window, password_user.password)
    first = connected_tab(qtbot, window)
    saved.connect_session(password_session.id)  # a second tab: remembered for this run
    qtbot.waitUntil(lambda: window.current_tab() is not first, timeout=5_000)
    connected_tab(qtbot, window)
    assert PromptQueue.for_window(window).current_dialog is None


def test_a_wrong_saved_password_asks_for_the_right_one(
        qtbot: QtBot, window: MainWindow, password_session: SavedSession,
        password_user: TestUser, secret_service: KeyringSession) -> None:
    SecretStore().set(password_session.id, SecretKind.PASSWORD, "not-the-password")
    window.load_saved_sessions().connect_session(password_session.id)
    answer_password(qtbot, window, password_user.password)
    # The login succeeds. (The test sshd's PAM then fails pam_setcred after the earlier
    # failed password and drops the connection: not what this test is about.)
    deadline = time.monotonic() + 10  # the right one replaces it, on the keyring worker
    while SecretStore().get(password_session.id, SecretKind.PASSWORD) != password_user.password:
        assert time.monotonic() < deadline
        qtbot.wait(50)


def test_sessions_imported_from_ssh_config_appear_in_the_sidebar(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    config.write_text("Host web\n  HostName web.example\n  User deploy\n\n"
                      "Host *\n  ServerAliveInterval 15\n  ForwardAgent yes\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(config), ""))
    reports: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: reports.append(box.text()) or 0)
    saved = window.load_saved_sessions()
    saved.import_ssh_config()
    session = saved.store.find("ssh_config/web")
    assert (session.profile.host, session.profile.username) == ("web.example", "deploy")
    assert session.profile.keepalive_interval == 15
    assert saved.sidebar.select_session(session.id)
    assert "ForwardAgent" in reports[0]  # the unsupported option is reported, not dropped
    saved.import_ssh_config()  # again: nothing duplicated
    assert len(saved.store.sessions()) == 1


def test_the_editor_saves_a_new_session_and_its_password(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        secret_service: KeyringSession) -> None:
    from sshdesk.ui.dialogs.sessioneditor import SessionEditor

    def fill_and_accept(editor: SessionEditor) -> int:
        form = editor.form
        form.name_edit.setText("db1")
        form.host_edit.setText("db1.example")
        qtbot.waitUntil(lambda: form.save_password_check.isEnabled(), timeout=10_000)
        form.password_edit.setText("s3cret-db1")
        form.save_password_check.setChecked(True)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SessionEditor, "exec", fill_and_accept)
    saved = window.load_saved_sessions()
    saved.new_session(("Databases",))
    session = saved.store.find("Databases/db1")
    assert session.profile.host == "db1.example" and session.profile.password is None
    qtbot.waitUntil(lambda: secret_service.lookup(
        service="sshdesk", username=f"{session.id}/password") == "s3cret-db1", timeout=10_000)


def test_the_demo_opens_a_shell_and_leaves_nothing_behind(
        qtbot: QtBot, window: MainWindow) -> None:
    saved = window.load_saved_sessions()
    saved.start_demo()
    qtbot.waitUntil(lambda: window.current_tab() is not None, timeout=20_000)
    tab = connected_tab(qtbot, window)
    demo = [s for s in saved.store.sessions() if s.origin == DEMO_ORIGIN]
    assert len(demo) == 1 and tab.handle.saved is not None
    assert tab.handle.saved.id == demo[0].id
    # The demo runs the local user's login shell: its prompt shows with no key pressed
    # (after the "Connecting…" line), though a profile may take seconds under load.
    qtbot.waitUntil(lambda: len([line for line in tab.emulator.display() if line.strip()]) >= 2,
                    timeout=30_000)
    tab.session.send_text("echo demo-$((6*7))\n")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "demo-42" in "\n".join(tab.emulator.display()), timeout=30_000)
    sandbox = demo[0].profile.key_files[0].rsplit("/", 1)[0]
    window.close()  # stops the demo, forgets its session
    assert not Path(sandbox).exists()
    reloaded = SessionStore()
    reloaded.load()
    assert reloaded.sessions() == []


def test_a_demo_session_left_by_a_crash_is_removed_at_the_next_start(
        window: MainWindow) -> None:
    store = SessionStore()
    store.load()
    store.add(SavedSession(name="Demo (this computer)", origin=DEMO_ORIGIN,
                           profile=SessionProfile(host="127.0.0.1", port=1)))
    store.save()
    saved = SavedSessions(window)
    assert saved.store.sessions() == []


def test_the_startup_command_runs_after_login(
        qtbot: QtBot, window: MainWindow, password_session: SavedSession,
        password_user: TestUser, secret_service: KeyringSession) -> None:
    saved = window.load_saved_sessions()
    saved.store.update(dataclasses.replace(password_session,
                                           startup_command="echo started-$((40+2))"))
    saved.store.save()
    SecretStore().set(password_session.id, SecretKind.PASSWORD, password_user.password)
    saved.connect_session(password_session.id)
    tab = connected_tab(qtbot, window)
    qtbot.waitUntil(lambda: "started-42" in "\n".join(tab.emulator.display()), timeout=10_000)


def test_duplicating_copies_the_password_and_deleting_forgets_it(
        qtbot: QtBot, window: MainWindow, password_session: SavedSession,
        secret_service: KeyringSession, monkeypatch: pytest.MonkeyPatch) -> None:
    SecretStore().set(password_session.id, SecretKind.PASSWORD, "dup-secret")
    saved = window.load_saved_sessions()
    copy_id = saved.sidebar.duplicate_session(password_session.id)
    assert copy_id is not None

    def stored(session_id: str) -> str | None:
        return secret_service.lookup(service="sshdesk", username=f"{session_id}/password")

    qtbot.waitUntil(lambda: stored(copy_id) == "dup-secret", timeout=10_000)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
    assert saved.sidebar.delete_session(password_session.id)
    qtbot.waitUntil(lambda: stored(password_session.id) is None, timeout=10_000)
    assert stored(copy_id) == "dup-secret"  # the copy keeps its own


def test_open_folders_are_open_again_at_the_next_start(qtbot: QtBot) -> None:
    store = SessionStore()
    store.load()
    for folder in (("Prod", "DB"), ("Staging",)):
        store.add(SavedSession(name=f"in-{folder[-1]}", folder=folder,
                               profile=SessionProfile(host="example.org")))
    store.save()
    first = MainWindow()
    qtbot.addWidget(first)
    first.load_saved_sessions().sidebar.set_expanded_folders([("Prod",), ("Prod", "DB")])
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    opened = second.load_saved_sessions().sidebar.expanded_folders()
    assert sorted(opened) == [("Prod",), ("Prod", "DB")]
    second.close()


def test_quick_connect_completes_and_opens_saved_sessions(
        qtbot: QtBot, window: MainWindow, password_session: SavedSession,
        password_user: TestUser, secret_service: KeyringSession) -> None:
    SecretStore().set(password_session.id, SecretKind.PASSWORD, password_user.password)
    saved = window.load_saved_sessions()
    completer = window.quick_connect.completer()
    assert completer is not None
    completer.setCompletionPrefix("stag")
    assert completer.currentCompletion() == "Work/staging"
    saved.sidebar.duplicate_session(password_session.id)  # the list follows the store
    completer.setCompletionPrefix("copy")
    assert completer.currentCompletion() == "Work/staging (copy)"
    window.quick_connect.setText("Work/staging")
    window.quick_connect.returnPressed.emit()
    tab = connected_tab(qtbot, window)
    assert tab.handle.saved is not None and tab.handle.saved.id == password_session.id
