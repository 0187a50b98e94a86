"""An inline message above a pane's files: what failed and what to try, until dismissed.

A refused folder or a failed rename is reported here rather than in a dialog: the person
sees it where they were looking, and can go on working.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from sshdesk.core.errors import CancelledError, SshdeskError


class MessageBar(QFrame):
    """A one-message bar with a close button; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 2, 2)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setAutoRaise(True)
        close.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton))
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        row.addWidget(icon)
        row.addWidget(self._text, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def text(self) -> str:
        return self._text.text()

    def show_text(self, text: str) -> None:
        self._text.setText(text)
        self.show()

    def show_error(self, error: SshdeskError) -> None:
        """Shows what failed, why, and the hint; a cancellation needs no telling."""
        if isinstance(error, CancelledError):
            return
        text = self.tr("Could not {operation}: {message}").format(
            operation=error.operation, message=error.message)
        if error.hint:
            text += " " + error.hint
        self.show_text(text)
