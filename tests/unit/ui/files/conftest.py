"""Panes over real temporary folders, and a recording transfer queue."""

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sshdesk.core.files import FileSystem
from sshdesk.core.localfs import LocalFileSystem
from sshdesk.ui.files.dragdrop import Side
from sshdesk.ui.files.filepane import FilePane
from tests.unit.ui.files.doubles import RecordingTransfers


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """An empty folder for the test's files (tmp_path also holds its home folder)."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture
def sample(work: Path) -> Path:
    """docs/ (a.txt, b.md), src/, .hidden, notes.txt (10 bytes), zz.log, link -> docs"""
    (work / "docs").mkdir()
    (work / "docs" / "a.txt").write_text("a")
    (work / "docs" / "b.md").write_text("bb")
    (work / "src").mkdir()
    (work / ".hidden").write_text("")
    (work / "notes.txt").write_text("0123456789")
    (work / "zz.log").write_text("")
    (work / "link").symlink_to("docs")
    return work


@pytest.fixture
def transfers() -> RecordingTransfers:
    return RecordingTransfers()


@pytest.fixture
def make_pane(qtbot: QtBot) -> Callable[..., FilePane]:
    """Makes a shown pane of this computer's files, listed at ``path``."""

    def make(path: Path, side: Side = Side.LOCAL, fs: FileSystem | None = None) -> FilePane:
        pane = FilePane(fs or LocalFileSystem(), side, f"test-{side.value}")
        qtbot.addWidget(pane)
        pane.resize(900, 500)
        pane.show()
        qtbot.waitExposed(pane)
        with qtbot.waitSignal(pane.listing_loaded):
            pane.navigate(str(path))
        return pane

    return make
