"""The main window before any session: menus that fill on first use, the message bridge."""

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from sshdesk.ui import messages, preferences
from sshdesk.ui.mainwindow import MainWindow


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    preferences.save(preferences.TerminalPreferences(scheme="Solarized Light",
                                                     copy_on_select=True))
    main = MainWindow()
    qtbot.addWidget(main)
    yield main


def _menu(window: MainWindow, title: str) -> QMenu:
    for action in window.menuBar().actions():
        if action.text() == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError(f"no menu {title!r}")


def _submenu(menu: QMenu, title: str) -> QMenu:
    for action in menu.actions():
        if action.text() == title:
            submenu = action.menu()
            assert isinstance(submenu, QMenu)
            return submenu
    raise AssertionError(f"no submenu {title!r}")


def test_colour_schemes_fill_in_when_the_menu_first_opens(window: MainWindow) -> None:
    schemes = _submenu(_menu(window, "&View"), "Colour &scheme")
    schemes.aboutToShow.emit()
    schemes.aboutToShow.emit()  # a second opening adds nothing
    checked = [a.text() for a in schemes.actions() if a.isChecked()]
    assert len(schemes.actions()) == 4
    assert checked == ["Solarized Light"]


def test_view_menu_shows_the_saved_preferences(window: MainWindow) -> None:
    view = _menu(window, "&View")
    view.aboutToShow.emit()
    checks = {a.text(): a.isChecked() for a in view.actions() if a.isCheckable()}
    assert checks == {"Copy on select": True, "Let programs set the clipboard": False}


def test_shortcuts_are_set_without_opening_a_menu(window: MainWindow) -> None:
    session = _menu(window, "&Session")
    shortcuts = {a.text(): a.shortcut().toString() for a in session.actions()}
    assert shortcuts["&New connection…"] == "Ctrl+Shift+N"
    assert shortcuts["&Close tab"] == "Ctrl+Shift+W"


def test_bridge_messages_show_in_the_status_bar(window: MainWindow) -> None:
    messages.bridge().message_posted.connect(window.show_message)
    try:
        messages.info("Upload finished")
    finally:
        messages.bridge().message_posted.disconnect(window.show_message)
    assert window.statusBar().currentMessage() == "Upload finished"
    assert window.tabs() == [] and window.current_tab() is None
