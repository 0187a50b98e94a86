"""The session editor: fields round-trip, checks beside the fields, secrets kept apart, the
keyring's availability, and the connection test (against a fake connect; the real sshd is
in tests/integration/test_qt_sessioneditor.py)."""

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from sshdesk.core.errors import ConnectRefusedError
from sshdesk.core.profile import SessionProfile
from sshdesk.core.secrets import MAX_SECRET_LENGTH, SecretKind
from sshdesk.core.sessions import SavedSession, SessionOrigin
from sshdesk.ui import workers
from sshdesk.ui.dialogs.sessioneditor import SessionEditor
from sshdesk.ui.dialogs.sessionform import hop_text
from tests.helpers.keys import generate_key, public_key_path, write_ppk


class FakeStore:
    """A keyring in a dict; ``problem`` says whether it is usable."""

    def __init__(self, problem: str | None = None,
                 saved: dict[tuple[str, SecretKind], str] | None = None) -> None:
        self._problem = problem
        self.saved = dict(saved or {})
        self.asked: list[tuple[str, SecretKind]] = []

    def problem(self) -> str | None:
        return self._problem

    def get(self, session_id: str, kind: SecretKind) -> str | None:
        self.asked.append((session_id, kind))
        return self.saved.get((session_id, kind))


class FakeConnection:
    def __init__(self) -> None:
        self.closed = threading.Event()

    def close(self) -> None:
        self.closed.set()


class FakeConnect:
    """Records the profiles it is given; returns a connection or raises ``error``."""

    def __init__(self, error: BaseException | None = None,
                 release: threading.Event | None = None) -> None:
        self.error = error
        self.release = release
        self.profiles: list[SessionProfile] = []
        self.connections: list[FakeConnection] = []

    def __call__(self, profile: SessionProfile, prompter: object) -> FakeConnection:
        self.profiles.append(profile)
        if self.release is not None:
            self.release.wait(10)
        if self.error is not None:
            raise self.error
        connection = FakeConnection()
        self.connections.append(connection)
        return connection


@pytest.fixture(scope="module")
def key_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    ed25519 = generate_key(folder / "id_ed25519", "ed25519")
    (folder / "notes.txt").write_text("not a key at all\n")
    return {
        "ed25519": ed25519,
        "encrypted": generate_key(folder / "id_enc", "ed25519", passphrase="s3cret-pass"),
        "pem": generate_key(folder / "id_pem", "ecdsa", bits=256),
        "public": public_key_path(ed25519),
        "ppk": write_ppk(ed25519, folder / "id.ppk"),
        "text": folder / "notes.txt",
    }


def open_editor(qtbot: QtBot, session: SavedSession | None = None, *,
                store: object | None = None, connect: object | None = None,
                folders: tuple[tuple[str, ...], ...] = (), inline: bool = True) -> SessionEditor:
    """An editor shown; its workers run jobs inline unless ``inline`` is False."""
    if inline:
        with workers.inline_workers():
            editor = SessionEditor(session, folders, secret_store=store or FakeStore(),
                                   connect=connect)
    else:
        editor = SessionEditor(session, folders, secret_store=store or FakeStore(),
                               connect=connect)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def full_session(key_files: dict[str, Path]) -> SavedSession:
    hop = SessionProfile(host="bastion.example", port=2222, username="jump",
                         key_files=("/elsewhere/jump_key",), allow_agent=True, timeout=3.0)
    profile = SessionProfile(
        host="db1.example", port=2200, username="alice",
        key_files=(str(key_files["ed25519"]), str(key_files["encrypted"])),
        allow_agent=False, look_for_keys=False, compress=True, timeout=12.5,
        banner_timeout=7.0, auth_timeout=20.0,
        disabled_algorithms=(("pubkeys", ("rsa-sha2-512",)), ("ciphers", ("aes128-cbc",)),
                             ("kex", ("diffie-hellman-group1-sha1",
                                      "diffie-hellman-group14-sha1"))),
        keepalive_interval=15.0, keepalive_count_max=5,
        jump_hosts=(hop, SessionProfile(host="::1", port=2022)),
        terminal_type="vt220", encoding="gbk",
    )
    return SavedSession(
        name="db1", profile=profile, id="0123abcd", folder=("Prod", "DB"),
        tags=("prod", "db"), note="line 1\nline 2", color="#123456", last_used=1700000000.0,
        startup_command="tmux attach", initial_remote_folder="/var/log",
        save_password=True, origin=SessionOrigin("/home/a/.ssh/config", "db1"))


def problem(editor: SessionEditor, key: str) -> str | None:
    label = editor.form.error_labels[key]
    return None if label.isHidden() else label.text()  # hidden: not merely on another tab


# -- round trips -----------------------------------------------------------------------------


def test_an_untouched_session_comes_back_unchanged(qtbot: QtBot, key_files) -> None:
    session = full_session(key_files)
    editor = open_editor(qtbot, session, folders=(("Prod",), ("Prod", "DB"), ("Test",)))
    assert editor.windowTitle() == "Edit session db1"
    assert editor.form.problems() == {}
    assert editor.ok_button.isEnabled()
    assert editor.session() == session
    assert editor.form.color_combo.currentText() == "Custom (#123456)"
    assert editor.form.jump_list.entries() == ["jump@bastion.example:2222", "[::1]:2022"]
    assert editor.form.encoding_combo.currentText() == "GBK"


def test_every_field_goes_into_the_session(qtbot: QtBot, key_files, tmp_path: Path) -> None:
    session = full_session(key_files)
    editor = open_editor(qtbot, session, folders=(("Test",),))
    form = editor.form
    form.name_edit.setText("db2")
    form.folder_combo.setCurrentText("Test/Replicas")
    form.host_edit.setText(" 2001:db8::7 ")
    form.port_spin.setValue(22)
    form.user_edit.setText("bob")
    form.tags_edit.setText("replica, , db, replica")
    form.color_combo.setCurrentIndex(form.color_combo.findText("Green"))
    form.note_edit.setPlainText("new note")
    form.key_list.set_entries([str(key_files["pem"])])
    form.agent_check.setChecked(True)
    form.default_keys_check.setChecked(True)
    form.jump_list.list.item(1).setText("ops@[2001:db8::1]:2201")
    form.jump_list.append("gw.example")
    form.keepalive_spin.setValue(0)
    form.keepalive_count_spin.setValue(7)
    form.timeout_spin.setValue(30)
    form.compress_check.setChecked(False)
    form.algorithm_edits["kex"].setText("")
    form.algorithm_edits["ciphers"].setText("aes128-cbc, 3des-cbc")
    form.algorithm_edits["macs"].setText("hmac-sha1")
    form.algorithm_edits["keys"].setText("ssh-rsa")
    form.terminal_combo.setCurrentText("xterm")
    form.encoding_combo.setCurrentIndex(form.encoding_combo.findData("big5"))
    form.startup_edit.setText("htop")
    form.remote_folder_edit.setText("/srv")
    result = editor.session()
    new_hop = SessionProfile(host="2001:db8::1", port=2201, username="ops",
                             key_files=(str(key_files["pem"]),), timeout=30.0)
    assert result == replace(
        session, name="db2", folder=("Test", "Replicas"), tags=("replica", "db"),
        note="new note", color="#43a047", startup_command="htop",
        initial_remote_folder="/srv",
        profile=replace(
            session.profile, host="2001:db8::7", port=22, username="bob",
            key_files=(str(key_files["pem"]),), allow_agent=True, look_for_keys=True,
            compress=False, timeout=30.0, keepalive_interval=0.0, keepalive_count_max=7,
            disabled_algorithms=(("pubkeys", ("rsa-sha2-512",)),
                                 ("ciphers", ("aes128-cbc", "3des-cbc")),
                                 ("macs", ("hmac-sha1",)), ("keys", ("ssh-rsa",))),
            jump_hosts=(session.profile.jump_hosts[0], new_hop,
                        replace(new_hop, host="gw.example", port=22, username="")),
            terminal_type="xterm", encoding="big5"))


def test_a_new_session_starts_blank_with_the_defaults(qtbot: QtBot) -> None:
    editor = open_editor(qtbot)
    assert editor.windowTitle() == "New session"
    assert not editor.ok_button.isEnabled()
    assert set(editor.form.problems()) == {"name", "host"}
    editor.form.name_edit.setText("web")
    editor.form.host_edit.setText("web.example")
    assert editor.ok_button.isEnabled()
    assert editor.session() == SavedSession(name="web", profile=SessionProfile("web.example"))
    assert editor.form.forget_password_button.isHidden()


@pytest.mark.parametrize(("typed", "codec"), [
    ("GB18030", "gb18030"), ("shift_jis", "shift_jis"), ("cp1252", "cp1252"),
    ("ISO-8859-1 (Latin-1)", "latin-1"),
])
def test_encoding_offered_or_typed(qtbot: QtBot, typed: str, codec: str) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    editor.form.encoding_combo.setCurrentText(typed)
    assert editor.session().profile.encoding == codec


def test_hop_text() -> None:
    assert hop_text(SessionProfile("h")) == "h"
    assert hop_text(SessionProfile("h", 2200, "u")) == "u@h:2200"
    assert hop_text(SessionProfile("fe80::1")) == "[fe80::1]"


def test_key_files_are_added_once_under_the_home_folder(qtbot: QtBot, isolated_home) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    key = generate_key(isolated_home / "id_home", "ed25519")
    editor.add_key_files([str(key), str(key)])
    assert editor.form.key_list.entries() == ["~/id_home"]
    assert editor.session().profile.key_files == ("~/id_home",)


def test_jump_hosts_can_be_reordered(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    jumps = editor.form.jump_list
    qtbot.mouseClick(jumps.add_button, Qt.MouseButton.LeftButton)
    jumps.list.currentItem().setText("first")
    jumps.append("second")
    jumps.move_current(-1)
    assert [hop.host for hop in editor.session().profile.jump_hosts] == ["second", "first"]


# -- checks ----------------------------------------------------------------------------------


def _set(editor: SessionEditor, name: str, value: str) -> None:
    form = editor.form
    if name.startswith("algorithms_"):
        form.algorithm_edits[name.removeprefix("algorithms_")].setText(value)
    elif name == "jump_hosts":
        form.jump_list.set_entries([value])
    else:
        widget = {"name": form.name_edit, "host": form.host_edit, "folder": form.folder_combo,
                  "encoding": form.encoding_combo, "terminal_type": form.terminal_combo}[name]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        else:
            widget.setCurrentText(value)


@pytest.mark.parametrize(("key", "wrong", "says", "right"), [
    ("name", "", "name", "web"),
    ("name", "a/b", "'/'", "a-b"),
    ("host", "", "host name", "web.example"),
    ("host", "web example", "no spaces", "10.0.0.1"),
    ("host", "root@web", "User field", "héllo.example"),
    ("host", "[::1]", "without brackets", "::1"),
    ("host", "fe80::1::2", "not an IPv6 address", "fe80::1%eth0"),
    ("host", "web.example:2222", "not an IPv6", "web_1.example"),
    ("host", "a,b", "characters", "a-b"),
    ("folder", "Prod//DB", "empty", "Prod/DB"),
    ("jump_hosts", "bad host", "Jump host 1", "admin@bastion:2222"),
    ("jump_hosts", "bastion:99999", "between 1 and 65535", "[::1]:22"),
    ("algorithms_ciphers", "aes 128", "aes 128", "aes128-ctr, aes256-ctr"),
    ("encoding", "no-such-codec", "not an encoding", "koi8-r"),
    ("encoding", "rot13", "does not encode text", "utf-8"),
    ("terminal_type", "", "terminal type", "xterm"),
    ("terminal_type", "xterm 256", "one word", "xterm-256color"),
])
def test_a_wrong_field_says_why_beside_it_and_disables_ok(
    qtbot: QtBot, key: str, wrong: str, says: str, right: str
) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    _set(editor, key, wrong)
    text = problem(editor, key)
    assert text is not None and says in text
    assert not editor.ok_button.isEnabled() and not editor.test_button.isEnabled()
    page = editor.form.indexOf(editor.form.error_labels[key].parentWidget().parentWidget())
    assert not editor.form.tabIcon(page).isNull()
    with pytest.raises(ValueError, match=r"\w"):
        editor.session()
    _set(editor, key, right)
    assert problem(editor, key) is None
    assert editor.ok_button.isEnabled() and editor.test_button.isEnabled()
    assert editor.form.tabIcon(page).isNull()
    editor.session()


def test_error_labels_sit_under_their_fields(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    editor.form.host_edit.setText("a b")
    error = editor.form.error_labels["host"]
    assert isinstance(error, QLabel) and error.isVisible()
    assert error.parentWidget() is editor.form.host_edit.parentWidget()
    assert error.geometry().top() >= editor.form.host_edit.geometry().bottom()


@pytest.mark.parametrize(("key", "says"), [
    ("text", "not a private key file"),
    ("public", "is a public key"),
    ("ppk", "PuTTY key"),
])
def test_a_file_that_is_not_a_usable_key_is_refused(qtbot: QtBot, key_files, key: str,
                                                     says: str) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    editor.add_key_files([str(key_files["ed25519"]), str(key_files[key])])
    text = problem(editor, "key_files")
    assert text is not None and says in text and str(key_files[key]) in text
    assert str(key_files["ed25519"]) + " " not in text
    assert not editor.ok_button.isEnabled()
    editor.form.key_list.list.setCurrentRow(1)
    qtbot.mouseClick(editor.form.key_list.remove_button, Qt.MouseButton.LeftButton)
    assert problem(editor, "key_files") is None and editor.ok_button.isEnabled()


def test_a_missing_key_file_is_refused_and_encrypted_keys_are_fine(
    qtbot: QtBot, key_files, tmp_path: Path
) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    editor.form.key_list.append(str(tmp_path / "gone"))
    assert "does not exist" in (problem(editor, "key_files") or "")
    editor.form.key_list.list.item(0).setText(str(key_files["encrypted"]))  # typed in place
    assert problem(editor, "key_files") is None


def test_a_secret_too_long_for_the_keyring_is_an_error(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    form = editor.form
    form.save_password_check.setChecked(True)
    form.password_edit.setText("x" * (MAX_SECRET_LENGTH + 1))
    assert "at most" in (problem(editor, "password") or "")
    assert not editor.ok_button.isEnabled()
    form.save_password_check.setChecked(False)  # not kept: no limit
    assert problem(editor, "password") is None
    form.save_passphrase_check.setChecked(True)
    form.passphrase_edit.setText("y" * (MAX_SECRET_LENGTH + 1))
    assert "at most" in (problem(editor, "passphrase") or "")
    form.passphrase_edit.setText("y" * MAX_SECRET_LENGTH)
    assert editor.ok_button.isEnabled()


# -- secrets ---------------------------------------------------------------------------------


def test_secrets_come_apart_from_the_session(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    form = editor.form
    assert form.password_edit.echoMode() == QLineEdit.EchoMode.Password
    form.password_edit.setText("pw-1")
    form.passphrase_edit.setText("phrase-1")
    form.save_password_check.setChecked(True)
    form.save_passphrase_check.setChecked(True)
    session = editor.session()
    assert session.save_password
    assert session.profile.password is None and session.profile.passphrase is None
    assert "pw-1" not in repr(session) and "phrase-1" not in repr(session)
    assert editor.secrets() == {SecretKind.PASSWORD: "pw-1", SecretKind.PASSPHRASE: "phrase-1"}
    editor.clear_secrets()
    assert form.password_edit.text() == "" and form.passphrase_edit.text() == ""


def test_typed_but_not_saved_secrets_are_not_returned(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")))
    editor.form.password_edit.setText("pw-1")
    assert not editor.session().save_password
    assert editor.secrets() == {SecretKind.PASSWORD: None, SecretKind.PASSPHRASE: None}


def test_existing_saved_secrets_are_left_alone_forgotten_or_replaced(qtbot: QtBot) -> None:
    saved = SavedSession("s", SessionProfile("h"), id="abc", save_password=True)
    editor = open_editor(qtbot, saved)
    form = editor.form
    assert form.save_password_check.isChecked() and not form.forget_password_button.isHidden()
    assert editor.secrets() == {SecretKind.PASSWORD: None, SecretKind.PASSPHRASE: None}
    form.save_passphrase_check.setChecked(False)
    assert editor.secrets()[SecretKind.PASSPHRASE] == ""
    assert editor.session().save_password
    qtbot.mouseClick(form.forget_password_button, Qt.MouseButton.LeftButton)
    assert not form.save_password_check.isChecked()
    assert not form.forget_password_button.isEnabled() and not form.forget_label.isHidden()
    assert editor.secrets() == {SecretKind.PASSWORD: "", SecretKind.PASSPHRASE: ""}
    assert not editor.session().save_password
    form.save_password_check.setChecked(True)
    assert editor.secrets()[SecretKind.PASSWORD] == ""  # forgotten, nothing new typed
    form.password_edit.setText("new-pw")
    assert editor.secrets()[SecretKind.PASSWORD] == "new-pw"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """keyring's fail backend, as test.sh sets it, whatever this machine has."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_the_checkboxes_are_off_and_say_why(qtbot: QtBot, no_keyring) -> None:
    saved = SavedSession("s", SessionProfile("h"), id="abc", save_password=True)
    with workers.inline_workers():
        editor = SessionEditor(saved)  # the real SecretStore
    qtbot.addWidget(editor)
    editor.show()
    form = editor.form
    for check in (form.save_password_check, form.save_passphrase_check):
        assert not check.isEnabled() and not check.isChecked()
    assert not form.keyring_label.isHidden()
    assert form.keyring_label.text() == (
        "Cannot save in the keyring: no keyring is available on this computer; the password "
        "will be asked each time.")
    assert "asked each time" in form.keyring_label.text()
    assert not form.forget_password_button.isEnabled()
    form.password_edit.setText("x" * (MAX_SECRET_LENGTH + 5))  # nothing to keep: no limit
    assert editor.ok_button.isEnabled()
    assert editor.secrets() == {SecretKind.PASSWORD: None, SecretKind.PASSPHRASE: None}
    assert editor.session().save_password  # what was saved stays findable


def test_the_keyring_is_asked_on_a_worker_and_the_boxes_wait_for_it(qtbot: QtBot) -> None:
    release = threading.Event()

    class SlowStore(FakeStore):
        def problem(self) -> str | None:
            release.wait(10)
            return None

    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h")), store=SlowStore(),
                         inline=False)
    assert not editor.form.save_password_check.isEnabled()
    assert "Checking" in editor.form.keyring_label.text()
    with qtbot.waitSignal(editor.keyring_checked) as checked:
        release.set()
    assert checked.args == [None]
    assert editor.form.save_password_check.isEnabled()
    assert editor.form.keyring_label.isHidden()


# -- test connection -------------------------------------------------------------------------


def test_connection_test_reports_success_and_closes(qtbot: QtBot, key_files) -> None:
    connect = FakeConnect()
    session = SavedSession("s", SessionProfile("web.example", 2222, "bob"))
    editor = open_editor(qtbot, session, connect=connect)
    editor.form.password_edit.setText("typed-pw")
    editor.form.passphrase_edit.setText("typed-phrase")
    with qtbot.waitSignal(editor.connection_tested) as tested:
        qtbot.mouseClick(editor.test_button, Qt.MouseButton.LeftButton)
    worked, text = tested.args
    assert worked and text.startswith("Connected as bob@web.example:2222 in ")
    assert text.endswith(" s")
    assert editor.test_label.text() == text
    (profile,) = connect.profiles
    assert profile.password == "typed-pw" and profile.passphrase == "typed-phrase"
    assert connect.connections[0].closed.is_set()
    assert editor.session().profile.password is None


def test_connection_test_failure_is_a_message_not_a_traceback(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("web.example")),
                         connect=FakeConnect(ConnectRefusedError("web.example")))
    with qtbot.waitSignal(editor.connection_tested) as tested:
        editor.test_connection()
    worked, text = tested.args
    assert not worked
    assert text == ConnectRefusedError("web.example").describe()
    assert editor.test_button.isEnabled()


def test_a_bug_during_the_test_is_still_only_a_message(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("web.example")),
                         connect=FakeConnect(KeyError("internal detail")))
    with qtbot.waitSignal(editor.connection_tested) as tested:
        editor.test_connection()
    assert not tested.args[0]
    assert "Traceback" not in tested.args[1] and "internal detail" not in tested.args[1]
    assert "KeyError" in tested.args[1]


def test_saved_secrets_are_used_for_the_test_unless_retyped(qtbot: QtBot) -> None:
    store = FakeStore(saved={("abc", SecretKind.PASSWORD): "saved-pw",
                             ("abc", SecretKind.PASSPHRASE): "saved-phrase"})
    connect = FakeConnect()
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("h"), id="abc",
                                             save_password=True), store=store, connect=connect)
    editor.form.passphrase_edit.setText("typed-phrase")
    with qtbot.waitSignal(editor.connection_tested):
        editor.test_connection()
    assert (connect.profiles[0].password, connect.profiles[0].passphrase) == (
        "saved-pw", "typed-phrase")
    assert store.asked == [("abc", SecretKind.PASSWORD)]


def test_closing_while_testing_cancels_and_closes_the_late_connection(qtbot: QtBot) -> None:
    release = threading.Event()
    connect = FakeConnect(release=release)
    editor = open_editor(qtbot, SavedSession("s", SessionProfile("slow.example")),
                         connect=connect, inline=False)  # a real thread: the test runs on
    heard: list[object] = []
    editor.connection_tested.connect(lambda *args: heard.append(args))
    editor.test_connection()
    assert editor.is_testing() and not editor.test_button.isEnabled()
    assert "Connecting to slow.example" in editor.test_label.text()
    editor.reject()
    assert not editor.is_testing()
    release.set()
    qtbot.waitUntil(lambda: bool(connect.connections)
                    and connect.connections[0].closed.is_set())
    qtbot.wait(50)  # the worker's (ignored) outcome has reached the GUI thread
    assert heard == []
