"""What the window shows when no session is open.

This page is the first thing painted, so it names no ``Qt.*`` enum: PySide6 builds the
whole ``Qt`` namespace (some 90 enum classes, ~15 ms) on its first use. Enum properties
are set by their Qt names instead (``setProperty("alignment", "AlignCenter")``).
"""

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sshdesk import resources


class WelcomePage(QWidget):
    """The app's icon and how to start: quick connect, shortcuts, the command line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        icon = QLabel(self)
        icon.setPixmap(QIcon(str(resources.icon_path())).pixmap(96, 96))
        icon.setProperty("alignment", "AlignCenter")
        layout.addWidget(icon)
        heading = QLabel(self.tr("Welcome to sshdesk"), self)
        heading.setProperty("alignment", "AlignCenter")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        heading.setFont(font)
        layout.addWidget(heading)
        hints = QLabel(self)
        hints.setProperty("textFormat", "PlainText")
        hints.setProperty("alignment", "AlignCenter")
        hints.setText("\n".join((
            self.tr("Type user@host or user@host:port in the field above and press Enter."),
            self.tr("Or double-click a saved session on the left. No server at hand? "
                    "Start sshdesk with --demo."),
            self.tr("Ctrl+Shift+N: new connection   Ctrl+Shift+D: duplicate tab   "
                    "Ctrl+Shift+F: find"),
            self.tr("Ctrl+Shift+C / Ctrl+Shift+V: copy and paste in the terminal"),
        )))
        layout.addWidget(hints)
        layout.addStretch(3)
