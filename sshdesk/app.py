"""The composition root of the GUI: the QApplication, the main window, clean-up."""

import sys
from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from sshdesk import resources
from sshdesk.ui.mainwindow import MainWindow


def main(argv: Sequence[str]) -> int:
    """Runs the app until its last window closes; returns the exit status."""
    app = QApplication([sys.argv[0], *argv])
    app.setApplicationName("sshdesk")
    app.setOrganizationName("sshdesk")
    app.setDesktopFileName("io.github.sshdesk.sshdesk")
    app.setWindowIcon(QIcon(str(resources.icon_path())))
    window = MainWindow()
    window.show()
    return app.exec()
