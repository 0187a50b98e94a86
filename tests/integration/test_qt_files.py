"""The file manager in a session tab, driven as a user drives it, against the real sshd."""

import hashlib
import os
import pwd
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sshdesk.core.profile import SessionProfile
from sshdesk.core.transfer_state import ItemState
from sshdesk.ui.files.filepane import FilePane
from sshdesk.ui.mainwindow import MainWindow
from sshdesk.ui.sessiontab import SessionTab
from tests.helpers.accounts import TestUser
from tests.helpers.disks import gbk_names_folder
from tests.helpers.qt_fixtures import open_shell_tab
from tests.helpers.sshd import SshdServer
from tests.unit.ui.files.panes import double_click, shown


@pytest.fixture
def remote_folder(password_user: TestUser) -> Iterator[Path]:
    """A folder of the test user's own, on the server (which is this machine)."""
    folder = password_user.home / "files-test"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    account = pwd.getpwnam(password_user.name)
    os.chown(folder, account.pw_uid, account.pw_gid)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def browse(qtbot: QtBot, pane: FilePane, folder: str) -> None:
    qtbot.waitUntil(lambda: bool(pane.path), timeout=10_000)  # the first listing is in
    with qtbot.waitSignal(pane.listing_loaded, timeout=10_000):
        pane.navigate(folder)


def files_tab(qtbot: QtBot, window: MainWindow, sshd: SshdServer,
              login: SessionProfile) -> SessionTab:
    tab = open_shell_tab(qtbot, window, sshd, login)
    qtbot.waitUntil(lambda: tab.files is not None, timeout=10_000)
    return tab


def test_the_tab_shows_both_panes_on_the_connection(
        qtbot: QtBot, window: MainWindow, sshd: SshdServer, login: SessionProfile,
        password_user: TestUser) -> None:
    tab = files_tab(qtbot, window, sshd, login)
    assert tab.files is not None
    remote = tab.files.remote_pane
    qtbot.waitUntil(lambda: remote.path == str(password_user.home), timeout=10_000)
    assert tab.files_visible and tab.terminal_visible


def test_double_click_sends_a_file_each_way_and_both_panes_refresh(
        qtbot: QtBot, window: MainWindow, sshd: SshdServer, login: SessionProfile,
        remote_folder: Path, tmp_path: Path) -> None:
    tab = files_tab(qtbot, window, sshd, login)
    assert tab.files is not None
    local, remote = tab.files.local_pane, tab.files.remote_pane
    (remote_folder / "report 2026.bin").write_bytes(os.urandom(300_000))
    (tmp_path / "上传.txt").write_text("从本地上传\n")
    browse(qtbot, local, str(tmp_path))
    browse(qtbot, remote, str(remote_folder))

    double_click(qtbot, remote, "report 2026.bin")
    qtbot.waitUntil(lambda: "report 2026.bin" in shown(local), timeout=15_000)
    assert digest(tmp_path / "report 2026.bin") == digest(remote_folder / "report 2026.bin")

    double_click(qtbot, local, "上传.txt")
    qtbot.waitUntil(lambda: "上传.txt" in shown(remote), timeout=15_000)
    assert (remote_folder / "上传.txt").read_text() == "从本地上传\n"
    panel = tab.files.transfer_panel
    qtbot.waitUntil(lambda: panel.summary == "", timeout=10_000)  # idle again
    states = [item.state for item in tab.handle.connection.transfers().snapshot().items]
    assert states == [ItemState.DONE, ItemState.DONE]


def test_gbk_server_names_show_and_download_right(
        qtbot: QtBot, window: MainWindow, sshd: SshdServer, login: SessionProfile,
        remote_folder: Path, tmp_path: Path) -> None:
    names = gbk_names_folder(remote_folder)
    tab = files_tab(qtbot, window, sshd, replace(login, encoding="gbk"))
    assert tab.files is not None
    local, remote = tab.files.local_pane, tab.files.remote_pane
    browse(qtbot, local, str(tmp_path))
    browse(qtbot, remote, str(remote_folder))
    top = sorted(name.rstrip("/") for name, _raw in names if "/" not in name.rstrip("/"))
    assert sorted(shown(remote)) == top
    double_click(qtbot, remote, "中文文件.txt")
    qtbot.waitUntil(lambda: "中文文件.txt" in shown(local), timeout=15_000)
    assert (tmp_path / "中文文件.txt").read_text(encoding="utf-8") == "中文文件.txt"
