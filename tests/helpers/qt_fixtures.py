"""Fixtures for the Qt tests, loaded as a plugin only when Qt is (see tests/conftest.py):
the integration conftest must import without Qt."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sshdesk.core import paths
from sshdesk.core.profile import SessionProfile
from sshdesk.ui.mainwindow import MainWindow
from sshdesk.ui.sessiontab import SessionTab
from tests.helpers.accounts import TestUser
from tests.helpers.keys import ClientKeys, known_hosts_line
from tests.helpers.sshd import SshdServer


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    """The main window, shown (offscreen), closed after the test."""
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


@pytest.fixture
def login(sshd: SshdServer, client_keys: ClientKeys, password_user: TestUser) -> SessionProfile:
    """A test user's login: root's shell start-up on a developer's machine (pyenv and the
    like) can take seconds, a fresh account's does not."""
    return SessionProfile(host=sshd.host, port=sshd.port, username=password_user.name,
                          key_files=(str(client_keys.ed25519),), allow_agent=False,
                          look_for_keys=False, keepalive_interval=0)


def trust(server: SshdServer) -> None:
    """Puts ``server``'s host key in the app's known hosts."""
    paths.known_hosts_file().parent.mkdir(parents=True, exist_ok=True)
    paths.known_hosts_file().write_text(known_hosts_line(server) + "\n")


def open_shell_tab(qtbot: QtBot, window: MainWindow, sshd: SshdServer,
                   login: SessionProfile) -> SessionTab:
    """A tab with a running shell on ``sshd``, whose key is already trusted."""
    trust(sshd)
    tab = window.open_session(login)
    qtbot.waitUntil(lambda: tab.session is not None, timeout=10_000)
    return tab
