"""The permissions, owner, symlink and properties dialogs, driven as a person would."""

import stat

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from sshdesk.core.files import FileEntry, TreeCount
from sshdesk.ui.files.filedialogs import (
    OwnerDialog,
    PermissionsDialog,
    PropertiesDialog,
    SymlinkDialog,
)

FILE = stat.S_IFREG | 0o640


def _checked(dialog: PermissionsDialog) -> str:
    return "".join("x" if box.isChecked() else "-" for box in dialog.boxes)


def test_permissions_octal_and_boxes_stay_in_step(qtbot: QtBot) -> None:
    dialog = PermissionsDialog("notes.txt", 0o640, folder=False)
    qtbot.addWidget(dialog)
    assert dialog.octal.text() == "640"
    assert _checked(dialog) == "xx-x-----"
    assert dialog.recursive.isHidden()
    dialog.boxes[2].setChecked(True)  # owner execute
    assert dialog.octal.text() == "740"
    dialog.octal.clear()
    qtbot.keyClicks(dialog.octal, "755")
    assert _checked(dialog) == "xxxx-xx-x"
    assert dialog.permissions() == 0o755
    qtbot.keyClicks(dialog.octal, "9")  # not octal: refused by the validator
    assert dialog.octal.text() == "755"


def test_permissions_keep_special_bits(qtbot: QtBot) -> None:
    dialog = PermissionsDialog("bin", 0o4755, folder=True)
    qtbot.addWidget(dialog)
    assert dialog.octal.text() == "4755"
    assert not dialog.recursive.isHidden()
    dialog.boxes[8].setChecked(False)
    assert dialog.permissions() == 0o4754 and dialog.octal.text() == "4754"
    dialog.octal.setText("")
    qtbot.keyClicks(dialog.octal, "1777")
    assert dialog.permissions() == 0o1777


def test_owner_dialog_shows_names_and_reports_changes_only(qtbot: QtBot) -> None:
    entry = FileEntry("f", 0, 0, FILE, "alice", "staff", 1000, 50)
    dialog = OwnerDialog("f", entry, folder=False)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "alice (1000)" in texts and "staff (50)" in texts
    assert (dialog.owner(), dialog.group()) == (None, None)
    dialog.gid.setValue(0)
    assert (dialog.owner(), dialog.group()) == (None, 0)


def test_symlink_dialog_needs_a_name_and_a_target(qtbot: QtBot) -> None:
    dialog = SymlinkDialog()
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.name, "latest")
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.target, "releases/2.0")
    assert ok.isEnabled()
    assert dialog.values() == ("latest", "releases/2.0")
    dialog.name.setText("a/b")
    assert not ok.isEnabled()


def test_properties_of_a_folder_fill_in_the_count(qtbot: QtBot) -> None:
    entry = FileEntry("数据", 4096, 0, stat.S_IFDIR | 0o755, "root", "root", 0, 0)
    dialog = PropertiesDialog(entry, "/srv", "web1")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Properties of 数据"
    assert dialog.text_of("size") == "Counting…"
    assert dialog.text_of("folder") == "/srv on web1"
    assert dialog.text_of("permissions") == "drwxr-xr-x (0755)"
    assert dialog.text_of("owner") == "root (0)"
    dialog.set_count(TreeCount(files=12, folders=3, bytes=3 * 1024 * 1024))
    assert dialog.text_of("size") == (f"3.0 MiB ({QLocale().toString(3 * 1024 * 1024)} bytes),"
                                      " in 12 files and 2 folders")
    dialog.set_count_failed()
    assert dialog.text_of("size").startswith("Unknown")
    assert dialog.findChild(QDialogButtonBox) is not None
