"""The composition root of the GUI: the QApplication, the main window, clean-up.

Start-up shows the window first: the log file, the message bridge, the network core and
the workers are imported and set up once the window has painted (:func:`after_first_paint`),
since their modules would otherwise delay that first paint.
"""

import argparse
import importlib
import logging
import sys
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from sshdesk import __version__, resources
from sshdesk.ui import i18n
from sshdesk.ui.mainwindow import MainWindow

log = logging.getLogger(__name__)

#: How long :func:`after_first_paint` waits for a paint (a window that starts minimised
#: may never paint) before it runs its work anyway, in milliseconds.
FIRST_PAINT_TIMEOUT_MS = 2000
_FIRST_TAB_MODULES = ("sshdesk.ui.sessiontab", "sshdesk.core.secrets", "sshdesk.core.credentials")


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    if not argv:  # a plain start: skip building the parser (its gettext look-ups take ~4 ms)
        return argparse.Namespace(lang=None, demo=False)
    parser = argparse.ArgumentParser(prog="sshdesk", description="SSH terminal and SFTP client")
    parser.add_argument("--lang", metavar="LOCALE",
                        help="user interface language, e.g. zh_CN (default: the system's)")
    parser.add_argument("--demo", action="store_true",
                        help="start a throwaway SSH server on this computer and open it")
    parser.add_argument("--version", action="version", version=f"sshdesk {__version__}")
    # Qt's own options (-platform, -style ...) pass through to QApplication.
    known, _ = parser.parse_known_args(list(argv))
    return known


class _FirstPaint(QObject):
    """Runs a callback once, from the event loop, after ``window`` first paints."""

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_TIMEOUT_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            # Queued: the paint finishes (and reaches the screen) first.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is None:
            return
        self._window.removeEventFilter(self)
        callback()


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
    """Calls ``callback`` on the GUI thread once ``window`` has painted (or after
    :data:`FIRST_PAINT_TIMEOUT_MS`), so work that shows nothing does not delay the window."""
    _FirstPaint(window, callback)


def _start_background_work(window: MainWindow, language: str, demo: bool,
                           cleanups: list[Callable[[], None]]) -> None:
    """The start-up work the first paint need not wait for; adds what undoes it at exit."""
    from sshdesk.core import log as core_log  # imported late: see the module docstring
    from sshdesk.core import paths
    from sshdesk.ui import connectionhandle, messages

    messages.bridge().message_posted.connect(window.show_message)
    handler = core_log.log_to_file(paths.log_dir() / "sshdesk.log")
    cleanups.append(lambda: core_log.remove_handler(handler))
    log.info("sshdesk %s starting, language %s", __version__, language)
    connectionhandle.preload()
    preload_tab_modules()
    saved = window.load_saved_sessions()
    if demo:
        saved.start_demo()


def preload_tab_modules() -> threading.Thread:
    """Imports what the first tab needs on a background thread: the terminal and tab
    modules (which define classes and create no Qt object) and the keyring library (~75 ms),
    so opening the first tab does not stall on imports."""
    def load() -> None:
        for name in _FIRST_TAB_MODULES:
            importlib.import_module(name)

    thread = threading.Thread(target=load, name="preload-tab", daemon=True)
    thread.start()
    return thread


def main(argv: Sequence[str]) -> int:
    """Runs the app until its last window closes; returns the exit status."""
    args = _arguments(argv)
    app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("sshdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("sshdesk")
    app.setDesktopFileName("io.github.sshdesk.sshdesk")
    app.setWindowIcon(QIcon(str(resources.icon_path())))
    language = i18n.install(app, args.lang)
    window = MainWindow()
    window.show()
    cleanups: list[Callable[[], None]] = []
    after_first_paint(window, lambda: _start_background_work(window, language, args.demo,
                                                             cleanups))
    status = app.exec()
    from sshdesk.ui import workers

    stuck = workers.shutdown_all()
    if stuck:
        log.warning("workers still busy at exit: %s", ", ".join(stuck))
    for cleanup in cleanups:
        cleanup()
    return status
