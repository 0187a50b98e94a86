"""The known hosts dialog: what it lists, filtering, and removing from sshdesk's own file."""

import base64
import hashlib
import hmac
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from sshdesk.core import paths
from sshdesk.core.hostkeys import KnownHosts, fingerprint_sha256
from sshdesk.ui.dialogs.knownhosts import KnownHostsDialog, home_relative

KEY_A = b"\x00\x00\x00\x0bssh-ed25519" + b"A" * 36
KEY_B = b"\x00\x00\x00\x0bssh-ed25519" + b"B" * 36
A64 = base64.b64encode(KEY_A).decode()
B64 = base64.b64encode(KEY_B).decode()


def hashed(name: str) -> str:
    salt = b"s" * 20
    digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


OWN_BYTES = (
    b"# sshdesk's own \xfe file\n"
    + f"web1.example ssh-ed25519 {A64}\n".encode()
    + f"@cert-authority *.corp ssh-ed25519 {B64}\n".encode()
    + f"{hashed('[db.example]:2222')} ssh-ed25519 {B64}\r\n".encode()
    + f"@revoked old.example ssh-ed25519 {B64}\n".encode()
)
OPENSSH_TEXT = f"github.example,192.0.2.1 ssh-ed25519 {B64}\n"


@pytest.fixture
def known(tmp_path: Path) -> KnownHosts:
    (tmp_path / "own").write_bytes(OWN_BYTES)
    (tmp_path / "openssh").write_text(OPENSSH_TEXT)
    return KnownHosts(tmp_path / "own", [tmp_path / "openssh"])


@pytest.fixture
def dialog(qtbot: QtBot, known: KnownHosts) -> KnownHostsDialog:
    widget = KnownHostsDialog(known)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def rows(dialog: KnownHostsDialog) -> list[list[str]]:
    tree = dialog.tree
    return [[tree.topLevelItem(s).child(i).text(c) for c in range(3)]
            for s in range(tree.topLevelItemCount())
            for i in range(tree.topLevelItem(s).childCount())
            if not tree.topLevelItem(s).child(i).isHidden()]


def test_lists_both_files_with_fingerprints(dialog: KnownHostsDialog, tmp_path: Path) -> None:
    assert rows(dialog) == [
        ["web1.example", "ssh-ed25519", fingerprint_sha256(KEY_A)],
        ["(hashed host name)", "ssh-ed25519", fingerprint_sha256(KEY_B)],
        ["old.example", "ssh-ed25519 (revoked)", fingerprint_sha256(KEY_B)],
        ["github.example, 192.0.2.1", "ssh-ed25519", fingerprint_sha256(KEY_B)],
    ]
    sections = [dialog.tree.topLevelItem(i).text(0)
                for i in range(dialog.tree.topLevelItemCount())]
    assert sections == [f"Remembered by sshdesk ({tmp_path / 'own'})",
                        f"From {tmp_path / 'openssh'} (read-only)"]


def test_the_default_files_are_sshdesks_and_openssh_s(qtbot: QtBot) -> None:
    own = paths.known_hosts_file()
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(f"web1.example ssh-ed25519 {A64}\n")
    widget = KnownHostsDialog()
    qtbot.addWidget(widget)
    assert widget.known_hosts.own_file == own
    assert widget.tree.topLevelItem(1).text(0) == "From ~/.ssh/known_hosts (read-only)"
    placeholder = widget.tree.topLevelItem(1).child(0)  # there is no ~/.ssh/known_hosts
    assert placeholder.text(0) == "(no entries)"
    assert not placeholder.flags() & Qt.ItemFlag.ItemIsSelectable
    assert [e.patterns for e in widget.visible_entries()] == [("web1.example",)]


def test_home_relative_paths() -> None:
    home = Path.home()
    assert home_relative(home / ".ssh" / "known_hosts") == "~/.ssh/known_hosts"
    assert home_relative(Path(str(home) + "x") / "f") == str(home) + "x/f"
    assert home_relative(Path("/etc/ssh/ssh_known_hosts")) == "/etc/ssh/ssh_known_hosts"


def test_read_only_entries_are_greyed_and_say_so(dialog: KnownHostsDialog) -> None:
    section = dialog.tree.topLevelItem(1)
    item = section.child(0)
    own_item = dialog.tree.topLevelItem(0).child(0)
    assert item.foreground(0).color() != own_item.foreground(0).color()
    assert "read-only" in item.toolTip(0)


@pytest.mark.parametrize(("text", "hosts"), [
    ("web1", ["web1.example"]),
    ("REVOKED", ["old.example"]),
    ("192.0.2", ["github.example, 192.0.2.1"]),
    (fingerprint_sha256(KEY_A)[7:20], ["web1.example"]),
    ("[db.example]:2222", ["(hashed host name)"]),  # a hashed name, found whole
    ("db.example", []),
    ("", ["web1.example", "(hashed host name)", "old.example", "github.example, 192.0.2.1"]),
])
def test_filter(dialog: KnownHostsDialog, qtbot: QtBot, text: str, hosts: list[str]) -> None:
    qtbot.keyClicks(dialog.filter_edit, text)
    assert [row[0] for row in rows(dialog)] == hosts


def confirm(qtbot: QtBot, dialog: KnownHostsDialog, answer: str) -> None:
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    box = dialog.confirmation
    assert isinstance(box, QMessageBox)
    assert "ask you to check and trust its key again" in box.informativeText()
    button = next(b for b in box.buttons() if b.text() == answer)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.confirmation is None


def test_remove_after_confirmation_rewrites_only_that_line(
    qtbot: QtBot, dialog: KnownHostsDialog, tmp_path: Path
) -> None:
    (hashed_entry,) = [e for e in dialog.visible_entries() if e.patterns[0].startswith("|1|")]
    dialog.select(hashed_entry)
    assert dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.entry_removed) as removed:
        confirm(qtbot, dialog, "Remove")
    assert removed.args == [hashed_entry]
    lines = OWN_BYTES.splitlines(keepends=True)
    assert (tmp_path / "own").read_bytes() == b"".join(lines[:3] + lines[4:])
    assert (tmp_path / "openssh").read_text() == OPENSSH_TEXT
    assert "(hashed host name)" not in [row[0] for row in rows(dialog)]
    assert len(rows(dialog)) == 3


def test_cancel_keeps_the_entry(qtbot: QtBot, dialog: KnownHostsDialog, tmp_path: Path) -> None:
    dialog.select(dialog.visible_entries()[0])
    confirm(qtbot, dialog, "Cancel")
    assert (tmp_path / "own").read_bytes() == OWN_BYTES
    assert len(rows(dialog)) == 4


def test_read_only_entries_cannot_be_removed(
    qtbot: QtBot, dialog: KnownHostsDialog, tmp_path: Path
) -> None:
    openssh_entry = dialog.visible_entries()[-1]
    dialog.select(openssh_entry)
    assert dialog.selected_entry() == openssh_entry
    assert not dialog.remove_button.isEnabled()
    assert "does not change" in dialog.remove_button.toolTip()
    dialog.ask_remove_selected()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    assert dialog.confirmation is None
    assert not dialog.remove(openssh_entry)
    assert dialog.status_label.isVisible()
    assert (tmp_path / "openssh").read_text() == OPENSSH_TEXT


def test_delete_key_asks_too(qtbot: QtBot, dialog: KnownHostsDialog) -> None:
    dialog.select(dialog.visible_entries()[0])
    dialog.tree.setFocus()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Delete)
    assert isinstance(dialog.confirmation, QMessageBox)
    dialog.confirmation.reject()


def test_a_write_failure_is_shown_under_the_list(
    dialog: KnownHostsDialog, known: KnownHosts, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_entry: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(known, "remove", refuse)
    assert not dialog.remove(dialog.visible_entries()[0])
    assert dialog.status_label.text() == "Cannot remove the entry: Permission denied"
    assert len(rows(dialog)) == 4
