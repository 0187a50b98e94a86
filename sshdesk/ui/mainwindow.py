"""The main window."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow


class MainWindow(QMainWindow):
    """The app's single top-level window."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("sshdesk")
        self.resize(1100, 700)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        welcome = QLabel(self.tr("sshdesk"))
        welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(welcome)
        self.statusBar().showMessage(self.tr("Ready"))
