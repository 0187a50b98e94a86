"""Looking at and driving a pane as a person would."""

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from sshdesk.ui.files.entrymodel import ENTRY_ROLE, NAME
from sshdesk.ui.files.filepane import FilePane

MakePane = Callable[..., FilePane]


def shown(pane: FilePane, column: int = NAME) -> list[str]:
    """The texts of a column, as the view shows them (filtered and sorted)."""
    return [pane.proxy.index(row, column).data() for row in range(pane.proxy.rowCount())]


def index_of(pane: FilePane, name: str) -> QModelIndex:
    for row in range(pane.proxy.rowCount()):
        index = pane.proxy.index(row, NAME)
        if index.data(ENTRY_ROLE).name == name:
            return index
    raise AssertionError(f"{name!r} is not shown: {shown(pane)}")


def double_click(qtbot: QtBot, pane: FilePane, name: str) -> None:
    center = pane.view.visualRect(index_of(pane, name)).center()
    # QTest's double-click alone lacks the first press of a real one, which item views
    # need to know the double-click's item.
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def go(qtbot: QtBot, pane: FilePane, action: Callable[[], object]) -> None:
    """Runs ``action`` and waits for the listing it starts."""
    with qtbot.waitSignal(pane.listing_loaded):
        action()
