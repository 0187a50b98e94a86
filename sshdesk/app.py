"""The composition root of the GUI: the QApplication, the main window, clean-up."""

import argparse
import logging
import sys
from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from sshdesk import __version__, resources
from sshdesk.core import log as core_log
from sshdesk.core import paths
from sshdesk.ui import connectionhandle, i18n, workers
from sshdesk.ui.mainwindow import MainWindow

log = logging.getLogger(__name__)


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="sshdesk", description="SSH terminal and SFTP client")
    parser.add_argument("--lang", metavar="LOCALE",
                        help="user interface language, e.g. zh_CN (default: the system's)")
    parser.add_argument("--version", action="version", version=f"sshdesk {__version__}")
    # Qt's own options (-platform, -style ...) pass through to QApplication.
    known, _ = parser.parse_known_args(list(argv))
    return known


def main(argv: Sequence[str]) -> int:
    """Runs the app until its last window closes; returns the exit status."""
    args = _arguments(argv)
    handler = core_log.log_to_file(paths.log_dir() / "sshdesk.log")
    app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("sshdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("sshdesk")
    app.setDesktopFileName("io.github.sshdesk.sshdesk")
    app.setWindowIcon(QIcon(str(resources.icon_path())))
    language = i18n.install(app, args.lang)
    log.info("sshdesk %s starting, language %s", __version__, language)
    window = MainWindow()
    window.show()
    connectionhandle.preload()
    status = app.exec()
    stuck = workers.shutdown_all()
    if stuck:
        log.warning("workers still busy at exit: %s", ", ".join(stuck))
    core_log.remove_handler(handler)
    return status
