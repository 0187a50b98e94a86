"""The main window driven as a user drives it, against a real sshd (offscreen)."""

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sshdesk.core import paths
from sshdesk.core.profile import SessionProfile
from sshdesk.ui.connectionhandle import State
from sshdesk.ui.dialogs.hostkey import UnknownHostKeyDialog
from sshdesk.ui.mainwindow import MainWindow
from sshdesk.ui.prompting import PromptQueue
from sshdesk.ui.sessiontab import SessionTab
from tests.helpers.keys import known_hosts_line
from tests.helpers.qt_fixtures import open_shell_tab
from tests.helpers.sshd import SshdServer


def screen(tab: SessionTab) -> str:
    return "\n".join(line.rstrip() for line in tab.emulator.display())


def at_prompt(tab: SessionTab) -> bool:
    lines = [line.rstrip() for line in tab.emulator.display() if line.strip()]
    return bool(lines) and lines[-1].endswith("$")


def type_line(qtbot: QtBot, tab: SessionTab, text: str) -> None:
    """Types a command once the shell shows its prompt, as a person would."""
    qtbot.waitUntil(lambda: at_prompt(tab), timeout=10_000)
    qtbot.keyClicks(tab.terminal, text)
    qtbot.keyClick(tab.terminal, Qt.Key.Key_Return)


def test_unknown_host_key_dialog_then_shell(
    qtbot: QtBot, window: MainWindow, sshd: SshdServer, login: SessionProfile
) -> None:
    tab = window.open_session(login)
    queue = PromptQueue.for_window(window)
    qtbot.waitUntil(lambda: isinstance(queue.current_dialog, UnknownHostKeyDialog),
                    timeout=10_000)
    dialog = queue.current_dialog
    assert isinstance(dialog, UnknownHostKeyDialog)
    assert sshd.host_key_sha256 in dialog.fingerprint_label.text()
    qtbot.mouseClick(dialog.remember_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.session is not None, timeout=10_000)
    type_line(qtbot, tab, "echo typed-$((20+22))")
    qtbot.waitUntil(lambda: "typed-42" in screen(tab), timeout=10_000)
    assert tab.state is State.CONNECTED
    assert known_hosts_line(sshd) in paths.known_hosts_file().read_text()


def test_exit_then_reconnect_in_the_same_tab_keeps_the_scrollback(
    qtbot: QtBot, window: MainWindow, sshd: SshdServer, login: SessionProfile
) -> None:
    tab = open_shell_tab(qtbot, window, sshd, login)
    type_line(qtbot, tab, "echo before-$((1+1)); exit 5")
    qtbot.waitUntil(lambda: "status 5" in screen(tab), timeout=10_000)
    assert "before-2" in screen(tab)
    assert tab.reconnect_offered
    qtbot.keyClick(tab.terminal, Qt.Key.Key_Return)  # "Press Enter to reconnect"
    qtbot.waitUntil(lambda: tab.session is not None and not tab.session.ended,
                    timeout=10_000)
    type_line(qtbot, tab, "echo after-$((2+2))")
    qtbot.waitUntil(lambda: "after-4" in screen(tab), timeout=10_000)
    assert "before-2" in screen(tab) + "\n".join(tab.emulator.history_lines())
    assert not tab.reconnect_offered


def test_duplicate_tab_opens_a_second_shell_on_the_same_connection(
    qtbot: QtBot, window: MainWindow, sshd: SshdServer, login: SessionProfile
) -> None:
    first = open_shell_tab(qtbot, window, sshd, login)
    window.duplicate_current_tab()
    second = window.current_tab()
    assert second is not None and second is not first
    assert second.handle is first.handle
    qtbot.waitUntil(lambda: second.session is not None, timeout=10_000)
    type_line(qtbot, second, "echo second-$((3*3))")
    qtbot.waitUntil(lambda: "second-9" in screen(second), timeout=10_000)
    assert len(window.tabs()) == 2


def test_refused_connection_is_explained_in_the_tab(
    qtbot: QtBot, window: MainWindow, closed_port: int
) -> None:
    tab = window.open_session(SessionProfile(host="127.0.0.1", port=closed_port))
    qtbot.waitUntil(lambda: tab.state is State.FAILED, timeout=10_000)
    qtbot.waitUntil(lambda: "refused" in screen(tab), timeout=5_000)
    assert "Traceback" not in screen(tab)
    assert tab.reconnect_offered


def test_closing_a_tab_while_connecting_never_waits(
    qtbot: QtBot, window: MainWindow, silent_server: tuple[str, int]
) -> None:
    host, port = silent_server
    window.open_session(SessionProfile(host=host, port=port, timeout=30))
    qtbot.wait(200)
    started = time.monotonic()
    window.close_current_tab()
    assert time.monotonic() - started < 0.5
    assert window.tabs() == []


def test_bad_quick_connect_text_says_why(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.quick_connect, "bob@host:99999")
    qtbot.keyClick(window.quick_connect, Qt.Key.Key_Return)
    assert window.tabs() == []
    assert "65535" in window.statusBar().currentMessage()


def test_gbk_switched_live_shows_server_text_and_sends_input_method_text(
    qtbot: QtBot, window: MainWindow, sshd: SshdServer, login: SessionProfile
) -> None:
    tab = open_shell_tab(qtbot, window, sshd, login)
    window.set_encoding("gbk")
    assert tab.emulator.encoding == "gbk"
    assert window.encoding_label() == "GBK"
    type_line(qtbot, tab, r"printf '\xc4\xe3\xba\xc3\n'")
    qtbot.waitUntil(lambda: "你好" in screen(tab), timeout=10_000)
    # od reads the terminal directly (bash's line editor would judge GBK bytes as broken
    # UTF-8), and shows the bytes that arrived.
    type_line(qtbot, tab, "od -An -tx1")
    qtbot.wait(300)
    commit = QInputMethodEvent()
    commit.setCommitString("你好")
    QApplication.sendEvent(tab.terminal, commit)
    qtbot.keyClick(tab.terminal, Qt.Key.Key_Return)
    qtbot.keyClick(tab.terminal, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "c4 e3 ba c3 0a" in screen(tab), timeout=10_000)
