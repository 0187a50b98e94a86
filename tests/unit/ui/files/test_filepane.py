"""The file pane on real folders: listing, big folders, hiding, filtering, sorting, moving
around, the path bar, activation, errors, odd names, bookmarks and the terminal."""

import itertools
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from sshdesk.core.files import FileEntry, Listener
from sshdesk.core.localfs import LocalFileSystem
from sshdesk.ui.files.dragdrop import Side
from sshdesk.ui.files.entrymodel import NAME, SIZE
from sshdesk.ui.files.listing import _BATCH
from tests.unit.ui.files.panes import MakePane, double_click, go, shown

BAD = os.fsdecode(b"bad\xff")


def test_lists_folders_first_then_files_hiding_hidden_ones(make_pane: MakePane,
                                                           sample: Path) -> None:
    pane = make_pane(sample)
    assert pane.path == str(sample)
    assert pane.path_bar.text() == str(sample)
    assert shown(pane) == ["docs", "link -> docs", "src", "notes.txt", "zz.log"]
    assert shown(pane, SIZE)[3] == "10 B"


def test_hidden_files_show_when_asked(make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    pane.hidden_action.setChecked(True)
    assert ".hidden" in shown(pane)
    pane.hidden_action.setChecked(False)
    assert ".hidden" not in shown(pane)


def test_filter_by_text_or_pattern(qtbot: QtBot, make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    pane.filter_edit.setText("TXT")
    assert shown(pane) == ["notes.txt"]
    pane.filter_edit.setText("*.log")
    assert shown(pane) == ["zz.log"]
    go(qtbot, pane, pane.refresh)
    assert shown(pane) == ["zz.log"]  # the same folder: the filter stays
    go(qtbot, pane, lambda: pane.navigate(str(sample / "docs")))
    assert pane.filter_edit.text() == "" and shown(pane) == ["a.txt", "b.md"]


def test_folders_stay_first_in_either_order(make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    pane.view.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert shown(pane) == ["src", "link -> docs", "docs", "zz.log", "notes.txt"]
    pane.view.sortByColumn(SIZE, Qt.SortOrder.DescendingOrder)
    assert shown(pane)[3:] == ["notes.txt", "zz.log"]
    pane.view.sortByColumn(SIZE, Qt.SortOrder.AscendingOrder)
    assert shown(pane)[3:] == ["zz.log", "notes.txt"]


def test_names_sort_naturally(make_pane: MakePane, work: Path) -> None:
    for name in ("file10", "file2", "File1"):
        (work / name).touch()
    assert shown(make_pane(work)) == ["File1", "file2", "file10"]


class SlowDisk(LocalFileSystem):
    """This computer's files, read at a network's pace: a pause after each batch."""

    def list_folder(self, path: str, on_batch: Listener | None = None) -> list[FileEntry]:
        def slowly(batch: list[FileEntry]) -> None:
            if on_batch is not None:
                on_batch(batch)
            time.sleep(0.03)

        return super().list_folder(path, slowly)


def test_ten_thousand_entries_arrive_in_batches_without_freezing(
        qtbot: QtBot, make_pane: MakePane, work: Path) -> None:
    big = work / "big"
    big.mkdir()
    for number in range(10_000):
        os.close(os.open(big / f"file{number:05d}", os.O_CREAT | os.O_WRONLY))
    pane = make_pane(work, fs=SlowDisk())
    batches: list[int] = []
    pane.model.modelReset.connect(lambda: batches.append(pane.model.rowCount()))
    pane.model.rowsInserted.connect(lambda _p, first, last: batches.append(last - first + 1))
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(5)
    with qtbot.waitSignal(pane.listing_loaded, timeout=20_000):
        pane.navigate(str(big))
    timer.stop()
    assert pane.model.rowCount() == 10_000 and pane.proxy.rowCount() == 10_000
    assert len(batches) >= 2, batches  # the first rows show before the rest
    assert sum(batches) == 10_000
    assert len(ticks) >= 2
    longest_freeze = max(b - a for a, b in itertools.pairwise(ticks))
    assert longest_freeze < 0.5
    assert shown(pane)[:2] == ["file00000", "file00001"]


def test_a_late_batch_of_an_older_listing_is_ignored(qtbot: QtBot, make_pane: MakePane,
                                                     sample: Path) -> None:
    pane = make_pane(sample)
    old = pane.lister.start(str(sample / "docs"))
    with qtbot.waitSignal(pane.listing_loaded) as loaded:
        pane.navigate(str(sample / "src"))
    assert loaded.args == [str(sample / "src")]
    entry = FileEntry("stale", 0, 0, 0o100644)
    pane.lister._arrived_signal.emit(_BATCH, old, str(sample / "docs"), [entry])
    qtbot.wait(20)
    assert pane.path == str(sample / "src") and shown(pane) == []


def test_back_forward_and_up(qtbot: QtBot, make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    assert not pane.back_action.isEnabled()
    go(qtbot, pane, lambda: pane.navigate(str(sample / "docs")))
    go(qtbot, pane, lambda: pane.navigate(str(sample / "src")))
    go(qtbot, pane, pane.go_back)
    assert pane.path == str(sample / "docs")
    assert pane.forward_action.isEnabled()
    go(qtbot, pane, pane.go_back)
    assert pane.path == str(sample) and not pane.back_action.isEnabled()
    go(qtbot, pane, pane.go_forward)
    assert pane.path == str(sample / "docs")
    go(qtbot, pane, pane.go_up)
    assert pane.path == str(sample)
    assert pane.selected_names() == ["docs"]  # where we came from
    assert not pane.forward_action.isEnabled()  # going up is a new visit


def test_home(qtbot: QtBot, make_pane: MakePane, sample: Path, isolated_home: Path) -> None:
    pane = make_pane(sample)
    go(qtbot, pane, pane.go_home)
    assert pane.path == str(isolated_home)


def test_typing_a_path_and_enter_opens_it(qtbot: QtBot, make_pane: MakePane,
                                          sample: Path) -> None:
    pane = make_pane(sample)
    # Set, not typed: typing pops the completer up, which offscreen Qt warns about.
    pane.path_bar.setText(str(sample / "docs" / ".." / "src"))
    go(qtbot, pane, lambda: qtbot.keyClick(pane.path_bar, Qt.Key.Key_Return))
    assert pane.path == str(sample / "src")
    assert pane.path_bar.text() == str(sample / "src")


def test_the_path_bar_completes_folders_seen(make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    completions = pane.path_bar.completer().model().stringList()
    assert str(sample / "docs") in completions and str(sample / "link") in completions
    assert str(sample / "notes.txt") not in completions


def test_double_click_on_a_folder_or_a_link_to_one_opens_it(qtbot: QtBot, make_pane: MakePane,
                                                            sample: Path) -> None:
    pane = make_pane(sample)
    go(qtbot, pane, lambda: double_click(qtbot, pane, "link"))
    assert pane.path == str(sample / "link")  # the path through the link, like a shell
    assert shown(pane) == ["a.txt", "b.md"]


def test_enter_on_files_asks_to_send_the_selection(qtbot: QtBot, make_pane: MakePane,
                                                   sample: Path) -> None:
    pane = make_pane(sample)
    pane.select_names(["notes.txt", "zz.log"])
    pane.view.setFocus()
    with qtbot.waitSignal(pane.send_requested) as sent:
        qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    assert sent.args == [[str(sample / "notes.txt"), str(sample / "zz.log")]]


def test_double_click_on_an_unselected_file_sends_only_it(qtbot: QtBot, make_pane: MakePane,
                                                          sample: Path) -> None:
    pane = make_pane(sample)
    with qtbot.waitSignal(pane.send_requested) as sent:
        double_click(qtbot, pane, "zz.log")
    assert sent.args == [[str(sample / "zz.log")]]


def test_a_folder_that_cannot_be_listed_is_reported_in_the_pane(
        qtbot: QtBot, make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    with qtbot.waitSignal(pane.lister.listing_failed):
        pane.navigate(str(sample / "missing"))
    assert pane.path == str(sample)
    assert not pane.message_bar.isHidden()
    assert "no such file or folder" in pane.message_bar.text()
    assert "Traceback" not in pane.message_bar.text()
    go(qtbot, pane, lambda: pane.navigate(str(sample / "docs")))
    assert pane.message_bar.isHidden()


def test_chinese_and_undecodable_names_show_and_round_trip(qtbot: QtBot, make_pane: MakePane,
                                                           work: Path) -> None:
    os.mkdir(os.path.join(os.fsencode(work), b"bad\xff"))
    (work / "中文文件夹").mkdir()
    (work / "报告.txt").write_text("")
    pane = make_pane(work)
    assert shown(pane) == ["bad\ufffd", "中文文件夹", "报告.txt"]
    go(qtbot, pane, lambda: double_click(qtbot, pane, BAD))
    assert pane.path == os.path.join(str(work), BAD)
    assert pane.path_bar.text() == os.path.join(str(work), "bad\ufffd")
    go(qtbot, pane, lambda: qtbot.keyClick(pane.path_bar, Qt.Key.Key_Return))
    assert pane.path == os.path.join(str(work), BAD)  # the marks mean the real bytes
    go(qtbot, pane, pane.go_up)
    go(qtbot, pane, lambda: double_click(qtbot, pane, "中文文件夹"))
    assert pane.path == str(work / "中文文件夹")


def test_refresh_keeps_the_selection(qtbot: QtBot, make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    pane.select_names(["zz.log"])
    (sample / "new.txt").touch()
    go(qtbot, pane, pane.refresh)
    assert "new.txt" in shown(pane)
    assert pane.selected_names() == ["zz.log"]


def test_shows_tells_what_is_in_the_folder(make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    assert pane.shows(str(sample / "anything"))
    assert pane.shows(str(sample / "docs") + "/")
    assert not pane.shows(str(sample / "docs" / "a.txt"))


def test_bookmarks_are_kept_per_side(qtbot: QtBot, make_pane: MakePane, sample: Path) -> None:
    pane = make_pane(sample)
    go(qtbot, pane, lambda: pane.navigate(str(sample / "docs")))
    pane.bookmark_current()
    pane._fill_bookmarks()  # as the menu does when it opens
    texts = [action.text() for action in pane.bookmarks_menu.actions()]
    assert str(sample / "docs") in texts
    other = make_pane(sample, Side.REMOTE)
    assert other.bookmarks.paths() == []
    again = make_pane(sample)
    assert again.bookmarks.paths() == [str(sample / "docs")]
    again._fill_bookmarks()
    go(qtbot, again, lambda: next(a for a in again.bookmarks_menu.actions()
                                  if a.text() == str(sample / "docs")).trigger())
    assert again.path == str(sample / "docs")
    again.bookmarks.remove(str(sample / "docs"))
    assert pane.bookmarks.paths() == []


def test_the_server_pane_follows_the_terminal_when_asked(qtbot: QtBot, make_pane: MakePane,
                                                         sample: Path) -> None:
    pane = make_pane(sample, Side.REMOTE)
    pane.set_terminal_folder(str(sample / "docs"))
    qtbot.wait(20)
    assert pane.path == str(sample)  # not following yet
    go(qtbot, pane, lambda: pane.follow_action.setChecked(True))
    assert pane.path == str(sample / "docs")
    go(qtbot, pane, lambda: pane.set_terminal_folder(str(sample / "src")))
    assert pane.path == str(sample / "src")


def test_the_context_menu_offers_what_the_selection_allows(make_pane: MakePane,
                                                            sample: Path) -> None:
    pane = make_pane(sample, Side.REMOTE)
    pane.select_names(["zz.log"])
    menu = pane.file_actions.menu()
    enabled = {action.text(): action.isEnabled() for action in menu.actions()
               if action.text()}
    assert next(iter(enabled)) == "Download"
    assert enabled["Open in terminal"] and enabled["Rename"] and enabled["Properties"]
    pane.select_names(["zz.log", "notes.txt"])
    enabled = {action.text(): action.isEnabled()
               for action in pane.file_actions.menu().actions()}
    assert not enabled["Rename"] and enabled["Delete"] and not enabled["Properties"]


@pytest.mark.parametrize("side", [Side.LOCAL, Side.REMOTE])
def test_send_action_says_which_way(make_pane: MakePane, sample: Path, side: Side) -> None:
    pane = make_pane(sample, side)
    assert pane.file_actions.send.text() == ("Upload" if side is Side.LOCAL else "Download")
    assert (pane.file_actions.open_terminal is None) == (side is Side.LOCAL)
