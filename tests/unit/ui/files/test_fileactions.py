"""The pane's actions on real folders: rename, delete, new things, permissions, owner,
copy path, properties, the terminal, and failures shown in the pane."""

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sshdesk.core.files import TreeCount
from sshdesk.ui.files import fileactions
from sshdesk.ui.files.dragdrop import Side
from sshdesk.ui.files.entrymodel import NAME
from sshdesk.ui.files.fileactions import delete_question
from tests.unit.ui.files.panes import MakePane, go, index_of, shown


def test_rename_inline(qtbot: QtBot, make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    index = index_of(pane, "notes.txt")
    assert index.data(Qt.ItemDataRole.EditRole) == "notes.txt"
    go(qtbot, pane, lambda: pane.proxy.setData(index, "笔记.txt"))
    assert (sample / "笔记.txt").read_text() == "0123456789"
    assert not (sample / "notes.txt").exists()
    assert pane.selected_names() == ["笔记.txt"]


def test_f2_starts_editing_the_name(qtbot: QtBot, make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    pane.select_names(["zz.log"])
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_F2)
    assert pane.view.state() == pane.view.State.EditingState
    assert pane.view.currentIndex().column() == NAME


def test_a_refused_rename_is_shown_in_the_pane(qtbot: QtBot, make_pane: MakePane,
                                               sample: Path) -> None:
    pane = make_pane(sample)
    go(qtbot, pane, lambda: pane.proxy.setData(index_of(pane, "notes.txt"), "zz.log"))
    assert "already exists" in pane.message_bar.text()
    assert (sample / "notes.txt").exists() and (sample / "zz.log").read_text() == ""


def test_an_undecodable_name_left_as_shown_is_not_renamed(make_pane: MakePane,
                                                          work: Path) -> None:
    os.close(os.open(os.path.join(os.fsencode(work), b"bad\xff"), os.O_CREAT))
    pane = make_pane(work)
    index = pane.proxy.index(0, NAME)
    assert not pane.proxy.setData(index, index.data(Qt.ItemDataRole.EditRole))
    assert os.listdir(os.fsencode(work)) == [b"bad\xff"]


def test_delete_asks_with_counts_then_deletes(qtbot: QtBot, make_pane: MakePane, sample: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    pane = make_pane(sample)
    asked: list[str] = []

    def confirm(parent: object, title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(fileactions, "confirm", confirm)
    pane.select_names(["docs", "notes.txt"])
    pane.view.setFocus()
    go(qtbot, pane, lambda: qtbot.keyClick(pane.view, Qt.Key.Key_Delete))
    assert asked == ["Delete 2 items from this computer?\n\nThis deletes 3 files and 1 folder "
                     "(13 B). It cannot be undone."]
    assert not (sample / "docs").exists() and not (sample / "notes.txt").exists()
    assert "docs" not in shown(pane) and "notes.txt" not in shown(pane)


def test_delete_declined_deletes_nothing(qtbot: QtBot, make_pane: MakePane, sample: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    pane = make_pane(sample)
    asked: list[str] = []
    monkeypatch.setattr(fileactions, "confirm", lambda _p, _t, text: asked.append(text))
    pane.select_names(["link"])
    pane.file_actions.delete.trigger()
    qtbot.waitUntil(lambda: bool(asked))
    assert asked[0].startswith("Delete “link” from this computer?")
    assert "1 file and 0 folders" in asked[0]
    assert (sample / "link").is_symlink()


def test_delete_question_wording() -> None:
    assert delete_question(["a"], TreeCount(files=1, bytes=2048), "web1") == (
        "Delete “a” from web1?\n\nThis deletes 1 file and 0 folders (2.0 KiB). "
        "It cannot be undone.")
    assert "12 files and 3 folders" in delete_question(["x", "y"], TreeCount(12, 3, 0), "h")


def test_new_folder_file_and_symlink(qtbot: QtBot, make_pane: MakePane, work: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pane = make_pane(work)
    answers = iter(["新文件夹", "empty.txt"])
    monkeypatch.setattr(fileactions, "ask_text", lambda *_args: next(answers))
    monkeypatch.setattr(fileactions, "ask_symlink", lambda _parent: ("to-folder", "新文件夹"))
    go(qtbot, pane, pane.file_actions.new_folder.trigger)
    assert (work / "新文件夹").is_dir() and pane.selected_names() == ["新文件夹"]
    go(qtbot, pane, pane.file_actions.new_file.trigger)
    assert (work / "empty.txt").read_bytes() == b""
    go(qtbot, pane, pane.file_actions.new_symlink.trigger)
    assert os.readlink(work / "to-folder") == "新文件夹"
    assert shown(pane) == ["to-folder -> 新文件夹", "新文件夹", "empty.txt"]


def test_creating_what_exists_is_reported(qtbot: QtBot, make_pane: MakePane, sample: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    pane = make_pane(sample)
    monkeypatch.setattr(fileactions, "ask_text", lambda *_args: "docs")
    go(qtbot, pane, pane.file_actions.new_folder.trigger)
    assert "Could not create folder" in pane.message_bar.text()
    assert "already exists" in pane.message_bar.text()


def test_permissions_recursive(qtbot: QtBot, make_pane: MakePane, sample: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    pane = make_pane(sample)
    asked: list[tuple[str, int, bool]] = []

    def ask(_parent: object, what: str, permissions: int, folder: bool) -> tuple[int, bool]:
        asked.append((what, permissions, folder))
        return 0o750, True

    monkeypatch.setattr(fileactions, "ask_permissions", ask)
    before = stat.S_IMODE((sample / "docs").stat().st_mode)
    pane.select_names(["docs"])
    go(qtbot, pane, pane.file_actions.permissions.trigger)
    assert asked == [("docs", before, True)]
    assert stat.S_IMODE((sample / "docs" / "a.txt").stat().st_mode) == 0o750
    assert pane.selected_names() == ["docs"]


def test_owner_and_group(qtbot: QtBot, make_pane: MakePane, sample: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    pane = make_pane(sample)
    monkeypatch.setattr(fileactions, "ask_owner",
                        lambda _parent, _what, entry, folder: (entry.uid, os.getgid(), False))
    pane.select_names(["notes.txt"])
    go(qtbot, pane, pane.file_actions.owner.trigger)
    assert (sample / "notes.txt").stat().st_gid == os.getgid()
    assert pane.message_bar.isHidden()


def test_copy_path(make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    pane.select_names(["docs", "zz.log"])
    pane.file_actions.copy_path.trigger()
    assert QApplication.clipboard().text() == f"{sample / 'docs'}\n{sample / 'zz.log'}"


def test_properties_count_a_folder_on_the_worker(qtbot: QtBot, make_pane: MakePane,
                                                 sample: Path) -> None:
    pane = make_pane(sample)
    pane.select_names(["docs"])
    pane.file_actions.properties.trigger()
    dialog = pane.file_actions.last_properties
    assert dialog is not None
    qtbot.waitUntil(lambda: "files" in dialog.text_of("size"))
    assert dialog.text_of("size") == "3 B (3 bytes), in 2 files and 0 folders"
    assert dialog.text_of("name") == "docs"
    assert dialog.text_of("folder") == f"{sample} on this computer"
    assert dialog.text_of("permissions").startswith("drwx")
    dialog.close()


def test_properties_of_a_link(make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    pane.select_names(["link"])
    pane.file_actions.properties.trigger()
    dialog = pane.file_actions.last_properties
    assert dialog is not None
    assert dialog.text_of("target") == "docs"
    assert dialog.text_of("size") == "4 B (4 bytes)"
    dialog.close()


def test_open_in_terminal_names_the_selected_folder_or_the_one_shown(
        qtbot: QtBot, make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample, Side.REMOTE)
    action = pane.file_actions.open_terminal
    assert action is not None
    pane.select_names(["docs"])
    with qtbot.waitSignal(pane.terminal_requested) as asked:
        action.trigger()
    assert asked.args == [str(sample / "docs")]
    pane.select_names(["zz.log"])
    with qtbot.waitSignal(pane.terminal_requested) as asked:
        action.trigger()
    assert asked.args == [str(sample)]


def test_upload_action_asks_to_send_the_selection(qtbot: QtBot, make_pane: MakePane,
                                                  sample: Path) -> None:
    pane = make_pane(sample)
    pane.select_names(["docs", "zz.log"])
    with qtbot.waitSignal(pane.send_requested) as sent:
        pane.file_actions.send.trigger()
    assert sent.args == [[str(sample / "docs"), str(sample / "zz.log")]]
