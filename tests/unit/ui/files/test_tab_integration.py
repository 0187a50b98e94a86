"""The file manager in a session tab and the main window: the splitter, the View > Panes
toggles, the transfer dock and its status line, the terminal's folder. No connection is
made: both panes show local folders and the queue is a recording one."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from sshdesk.core.localfs import LocalFileSystem
from sshdesk.core.profile import SessionProfile
from sshdesk.ui.connectionhandle import ConnectionHandle
from sshdesk.ui.files.filebrowser import FileBrowser
from sshdesk.ui.mainwindow import MainWindow
from sshdesk.ui.sessiontab import SessionTab
from tests.unit.ui.files.doubles import RecordingTransfers, item, queue


@dataclass
class TypedInto:
    """Stands for a live terminal session: records what is sent to the shell."""

    sent: list[bytes] = field(default_factory=list)
    ended: bool = False

    def send(self, data: bytes) -> None:
        self.sent.append(data)


@pytest.fixture
def tab(window: MainWindow) -> SessionTab:
    handle = ConnectionHandle(SessionProfile(host="web1", username="me"), window)
    tab = SessionTab(handle)
    window._add_tab(tab)  # as open_session does, without connecting
    return tab


def show_files(qtbot: QtBot, tab: SessionTab, transfers: RecordingTransfers,
               work: Path) -> FileBrowser:
    with qtbot.waitSignal(tab.files_shown):
        browser = tab.show_files(LocalFileSystem(), LocalFileSystem(), transfers)
    browser.local_pane.navigate(str(work))
    qtbot.waitUntil(lambda: browser.remote_pane.path != "" and browser.local_pane.path
                    == str(work))
    return browser


def test_files_appear_below_the_terminal(qtbot: QtBot, window: MainWindow, tab: SessionTab,
                                         transfers: RecordingTransfers, work: Path) -> None:
    assert tab.files is None and not tab.files_visible
    browser = show_files(qtbot, tab, transfers, work)
    assert tab.files is browser and tab.files_visible and tab.terminal_visible
    assert browser.geometry().top() >= tab.terminal.geometry().bottom()


def test_view_toggles(qtbot: QtBot, window: MainWindow, tab: SessionTab,
                      transfers: RecordingTransfers, work: Path) -> None:
    toggles = window._panes_menu
    files, terminal = (next(a for a in toggles.actions() if a.text() == text)
                       for text in ("&Files", "&Terminal"))
    with qtbot.waitSignal(tab.files_requested):
        files.trigger()  # no file manager yet: whoever holds the connection makes one
    show_files(qtbot, tab, transfers, work)
    toggles.aboutToShow.emit()
    assert files.isChecked() and terminal.isChecked()
    terminal.trigger()
    assert not tab.terminal_visible and terminal.isChecked() is False
    files.trigger()  # hiding the files brings the terminal back: never an empty tab
    assert not tab.files_visible and tab.terminal_visible
    terminal.trigger()
    assert tab.terminal_visible  # the only thing shown stays
    files.trigger()
    assert tab.files_visible


def test_transfer_dock_appears_with_the_first_transfer(
        qtbot: QtBot, window: MainWindow, tab: SessionTab, transfers: RecordingTransfers,
        work: Path) -> None:
    browser = show_files(qtbot, tab, transfers, work)
    dock = window._transfers
    assert dock is not None and dock.isHidden()
    transfers.current = queue(item(1, done=300))
    with qtbot.waitSignal(browser.transfer_panel.summary_changed):
        browser.control.upload([str(work)], "/srv")
    qtbot.waitUntil(lambda: not dock.isHidden())
    assert window._transfer_label.text() == "1 transfer, 30 %"
    dock.hide()
    browser.control.upload([str(work)], "/srv")
    qtbot.wait(100)
    assert dock.isHidden()  # shown once; after that, closing it is the user's say


def test_a_second_show_files_replaces_the_first(qtbot: QtBot, window: MainWindow,
                                                tab: SessionTab, transfers: RecordingTransfers,
                                                work: Path) -> None:
    first = show_files(qtbot, tab, transfers, work)
    panel = first.transfer_panel
    second = show_files(qtbot, tab, RecordingTransfers(), work)
    assert tab.files is second
    qtbot.waitUntil(lambda: not isValid(panel))
    stack = window._transfers_stack
    assert stack is not None and stack.count() == 1
    assert stack.currentWidget() is second.transfer_panel


def test_the_terminal_folder_reaches_the_server_pane_and_back(
        qtbot: QtBot, window: MainWindow, tab: SessionTab, transfers: RecordingTransfers,
        work: Path) -> None:
    (work / "it's here").mkdir()
    browser = show_files(qtbot, tab, transfers, work)
    pane = browser.remote_pane
    pane.follow_action.setChecked(True)
    with qtbot.waitSignal(pane.listing_loaded):
        tab._on_cwd("file://web1" + str(work / "it%27s%20here"))  # OSC 7
    assert pane.path == str(work / "it's here")
    shell = TypedInto()
    tab.session = shell  # type: ignore[assignment]
    try:
        browser.terminal_folder_requested.emit(str(work / "it's here"))
    finally:
        tab.session = None
    assert shell.sent == [b"cd '" + str(work).encode() + b"/it'\\''s here'\r"]


def test_closing_the_tab_stops_the_file_manager(qtbot: QtBot, window: MainWindow,
                                                tab: SessionTab, transfers: RecordingTransfers,
                                                work: Path) -> None:
    browser = show_files(qtbot, tab, transfers, work)
    workers = [browser.local_pane.worker, browser.remote_pane.worker, browser.control.worker]
    window.close_current_tab()
    assert all(worker.is_closed for worker in workers)
