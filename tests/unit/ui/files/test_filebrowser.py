"""The file browser: two panes (both on real local folders here) and the transfers between
them, asked of a recording queue."""

import os
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from sshdesk.core.localfs import LocalFileSystem
from sshdesk.core.transfer_state import Direction, ItemState
from sshdesk.ui.files import dragdrop
from sshdesk.ui.files.dragdrop import Side
from sshdesk.ui.files.filebrowser import FileBrowser
from sshdesk.ui.files.filepane import FilePane
from tests.unit.ui.files.doubles import RecordingTransfers, item, queue
from tests.unit.ui.files.panes import double_click, go, index_of


@pytest.fixture
def sides(work: Path) -> tuple[Path, Path]:
    """Two folders standing for this computer and the server."""
    local, remote = work / "local", work / "remote"
    (local / "photos").mkdir(parents=True)
    (local / "photo.jpg").write_bytes(b"jpeg")
    (local / "报告.txt").write_text("")
    (remote / "logs").mkdir(parents=True)
    (remote / "app.log").write_text("log")
    return local, remote


@pytest.fixture
def browser(qtbot: QtBot, sides: tuple[Path, Path],
            transfers: RecordingTransfers) -> Iterator[FileBrowser]:
    local, remote = sides
    browser = FileBrowser(LocalFileSystem(), LocalFileSystem(), transfers,
                          remote_folder=str(remote), local_folder=str(local))
    qtbot.addWidget(browser)
    browser.resize(1200, 600)
    browser.show()
    qtbot.waitExposed(browser)
    qtbot.waitUntil(lambda: browser.local_pane.path == str(local)
                    and browser.remote_pane.path == str(remote))
    qtbot.waitUntil(lambda: not browser.local_pane.lister.busy
                    and not browser.remote_pane.lister.busy)
    yield browser
    browser.shutdown()


def drop(pane: FilePane, data: QMimeData, on: str | None = None) -> bool:
    """Drops ``data`` on the pane's list (on a row, or below the rows)."""
    view = pane.view
    point = view.visualRect(index_of(pane, on)).center() if on is not None \
        else QPoint(10, view.viewport().height() - 5)
    event = QDropEvent(QPointF(point), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(event)
    return event.isAccepted()


def test_the_remote_pane_opens_at_home_without_a_folder(qtbot: QtBot, work: Path,
                                                         isolated_home: Path,
                                                         transfers: RecordingTransfers) -> None:
    browser = FileBrowser(LocalFileSystem(), LocalFileSystem(), transfers)
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: browser.remote_pane.path == str(isolated_home))
    assert browser.remote_pane.bookmarks is not browser.local_pane.bookmarks
    browser.shutdown()


def test_double_click_on_a_local_file_uploads_it_to_the_remote_folder(
        qtbot: QtBot, browser: FileBrowser, sides: tuple[Path, Path],
        transfers: RecordingTransfers) -> None:
    local, remote = sides
    with qtbot.waitSignal(browser.control.transfer_queued):
        double_click(qtbot, browser.local_pane, "报告.txt")
    assert transfers.named("upload") == [([str(local / "报告.txt")], str(remote))]


def test_a_remote_selection_downloads_into_the_local_folder(
        qtbot: QtBot, browser: FileBrowser, sides: tuple[Path, Path],
        transfers: RecordingTransfers) -> None:
    local, remote = sides
    pane = browser.remote_pane
    pane.select_names(["logs", "app.log"])
    with qtbot.waitSignal(browser.control.transfer_queued):
        pane.file_actions.send.trigger()
    assert transfers.named("download") == [([str(remote / "logs"), str(remote / "app.log")],
                                            str(local))]


def test_desktop_files_dropped_on_the_remote_pane_are_uploaded(
        qtbot: QtBot, browser: FileBrowser, sides: tuple[Path, Path],
        transfers: RecordingTransfers, work: Path) -> None:
    _local, remote = sides
    odd = os.path.join(str(work), os.fsdecode(b"bad\xff"))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(work / "desktop file.txt")),
                  QUrl("file://" + urllib.parse.quote(os.fsencode(odd))),
                  QUrl("https://example.com/not-a-file")])
    with qtbot.waitSignal(browser.control.transfer_queued):
        assert drop(browser.remote_pane, data)
    assert transfers.named("upload") == [([str(work / "desktop file.txt"), odd], str(remote))]


def test_a_drop_on_a_folder_row_goes_into_that_folder(
        qtbot: QtBot, browser: FileBrowser, sides: tuple[Path, Path],
        transfers: RecordingTransfers) -> None:
    local, remote = sides
    data = dragdrop.encode(Side.REMOTE, [str(remote / "app.log")])
    with qtbot.waitSignal(browser.control.transfer_queued):
        assert drop(browser.local_pane, data, on="photos")
    assert transfers.named("download") == [([str(remote / "app.log")], str(local / "photos"))]


def test_drops_from_the_same_pane_do_nothing(qtbot: QtBot, browser: FileBrowser,
                                             sides: tuple[Path, Path],
                                             transfers: RecordingTransfers) -> None:
    local, _remote = sides
    assert not drop(browser.local_pane, dragdrop.encode(Side.LOCAL, [str(local / "photo.jpg")]))
    assert not drop(browser.remote_pane, dragdrop.encode(Side.REMOTE, ["/x"]))
    # From the desktop, a file already in the folder shown: accepted, and left as it is.
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(local / "photo.jpg"))])
    assert drop(browser.local_pane, data)
    qtbot.wait(100)
    assert transfers.calls == []
    assert sorted(os.listdir(local)) == ["photo.jpg", "photos", "报告.txt"]


def test_desktop_files_dropped_on_the_local_pane_are_copied_into_its_folder(
        qtbot: QtBot, browser: FileBrowser, sides: tuple[Path, Path],
        transfers: RecordingTransfers, work: Path) -> None:
    local, _remote = sides
    desktop = work / "desktop"
    (desktop / "album").mkdir(parents=True)
    (desktop / "album" / "one.jpg").write_bytes(b"1")
    (desktop / "notes.txt").write_text("notes")
    os.utime(desktop / "notes.txt", (1_600_000_000, 1_600_000_000))
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(desktop / "notes.txt")),
                  QUrl.fromLocalFile(str(desktop / "album"))])
    with qtbot.waitSignal(browser.local_pane.listing_loaded):
        assert drop(browser.local_pane, data)
    assert (local / "notes.txt").read_text() == "notes"
    assert (local / "notes.txt").stat().st_mtime == 1_600_000_000
    assert (local / "album" / "one.jpg").read_bytes() == b"1"
    assert "notes.txt" in browser.local_pane.selected_names()
    assert transfers.calls == []
    # A name that is there already is refused, never replaced.
    (desktop / "notes.txt").write_text("newer")
    assert drop(browser.local_pane, data)
    qtbot.waitUntil(lambda: browser.local_pane.message_bar.isVisible())
    assert (local / "notes.txt").read_text() == "notes"


def test_a_finished_transfer_refreshes_the_pane_showing_its_folder(
        qtbot: QtBot, browser: FileBrowser, sides: tuple[Path, Path],
        transfers: RecordingTransfers) -> None:
    local, _remote = sides
    transfers.current = queue(item(1, direction=Direction.DOWNLOAD, target=str(local / "new")))
    with qtbot.waitSignal(browser.control.snapshot_taken):
        browser.control.poll()
    (local / "new").write_text("arrived")
    with qtbot.waitSignal(browser.local_pane.listing_loaded):
        transfers.current = queue(item(1, ItemState.DONE, direction=Direction.DOWNLOAD,
                                       target=str(local / "new")))
        browser.control.poll()
    assert browser.local_pane.model.row_of("new") >= 0


def test_a_transfer_elsewhere_refreshes_nothing(qtbot: QtBot, browser: FileBrowser,
                                                transfers: RecordingTransfers) -> None:
    transfers.current = queue(item(1, ItemState.DONE, direction=Direction.UPLOAD,
                                   target="/elsewhere/x"))
    with qtbot.assertNotEmitted(browser.remote_pane.listing_loaded, wait=500):
        browser.control.poll()


def test_open_in_terminal_and_following_it(qtbot: QtBot, browser: FileBrowser,
                                           sides: tuple[Path, Path]) -> None:
    _local, remote = sides
    pane = browser.remote_pane
    pane.select_names(["logs"])
    with qtbot.waitSignal(browser.terminal_folder_requested) as asked:
        pane.file_actions.open_terminal.trigger()  # type: ignore[union-attr]
    assert asked.args == [str(remote / "logs")]
    pane.follow_action.setChecked(True)
    go(qtbot, pane, lambda: browser.set_terminal_folder(str(remote / "logs")))
    assert pane.path == str(remote / "logs")
