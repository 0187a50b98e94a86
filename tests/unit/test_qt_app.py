"""The composition root: a light start-up, and the work it puts off until the first paint."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sshdesk import app

ROOT = Path(__file__).resolve().parents[2]

#: Modules the first paint must not wait for (each costs from a few to 100 ms).
DEFERRED = ("sshdesk.terminal.widget", "sshdesk.terminal.emulator", "sshdesk.ui.sessiontab",
            "sshdesk.ui.connectionhandle", "sshdesk.ui.prompting", "sshdesk.ui.dialogs",
            "sshdesk.ui.workers", "sshdesk.ui.messages", "sshdesk.core.log", "paramiko")


def test_the_window_is_built_without_the_terminal_or_the_network_core() -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import sshdesk.app\n"
        "qt = QApplication([])\n"
        "window = sshdesk.app.MainWindow()\n"
        "window.show()\n"
        "qt.processEvents()\n"
        f"print(sorted(m for m in {DEFERRED!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False, env=dict(os.environ, LANG="C.UTF-8"),
                            timeout=50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_after_first_paint_runs_once_when_the_window_has_painted(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[int] = []
    app.after_first_paint(window, lambda: calls.append(1))
    qtbot.wait(20)
    assert calls == []  # not shown, not painted
    window.show()
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)
    window.repaint()
    qtbot.wait(20)
    assert calls == [1]


def test_after_first_paint_runs_anyway_when_the_window_never_paints(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app, "FIRST_PAINT_TIMEOUT_MS", 10)
    window = QWidget()
    qtbot.addWidget(window)
    calls: list[int] = []
    app.after_first_paint(window, lambda: calls.append(1))
    qtbot.waitUntil(lambda: calls == [1], timeout=5000)


def test_an_empty_command_line_gives_the_parsers_defaults() -> None:
    # Qt's own options pass through the parser, so this one builds it.
    assert app._arguments([]) == app._arguments(["-style", "fusion"])
    assert app._arguments(["--lang", "zh_CN"]).lang == "zh_CN"
