"""Showing a failure to a person: what failed, where, and what to try. Never a traceback.

:func:`show_error` is the one entry point: a changed host key gets its own warning screen,
a cancellation (the person's own doing) is not shown at all, anything else gets an
:class:`ErrorDialog`.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QStyle, QVBoxLayout, QWidget

from sshdesk.core.errors import CancelledError, HostKeyChangedError, SshdeskError
from sshdesk.ui.dialogs.hostkey import HostKeyChangedDialog, label, with_icon


def _sentence(text: str) -> str:
    """The core's messages are clauses ("the connection was refused"); start a sentence."""
    return text[:1].upper() + text[1:]


class ErrorDialog(QDialog):
    """A message box for one :class:`SshdeskError`: host and operation as the heading,
    then the message and the hint. Every text is plain and selectable, so it can be copied
    into a ticket."""

    def __init__(self, error: SshdeskError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Error"))
        body = QVBoxLayout()
        if error.host:
            heading_text = self.tr("{host}: {operation} failed").format(
                host=error.host, operation=error.operation)
        else:
            heading_text = self.tr("{operation} failed").format(operation=error.operation)
        self.heading_label = label(heading_text, selectable=True)
        font = self.heading_label.font()
        font.setBold(True)
        self.heading_label.setFont(font)
        body.addWidget(self.heading_label)
        self.message_label = label(_sentence(error.message), selectable=True)
        body.addWidget(self.message_label)
        self.hint_label: QLabel | None = None
        if error.hint:
            self.hint_label = label(error.hint, selectable=True)
            body.addWidget(self.hint_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        with_icon(self, QStyle.StandardPixmap.SP_MessageBoxCritical, body, buttons, 460)
        close.setFocus()

    def text(self) -> str:
        """Everything the dialog says, as plain text (for tests and copying)."""
        parts = [self.heading_label.text(), self.message_label.text()]
        if self.hint_label is not None:
            parts.append(self.hint_label.text())
        return "\n".join(parts)


def error_dialog(parent: QWidget | None, error: SshdeskError) -> QDialog:
    """The dialog that explains ``error``, not shown yet."""
    if isinstance(error, HostKeyChangedError):
        return HostKeyChangedDialog(error, parent)
    return ErrorDialog(error, parent)


def show_error(parent: QWidget | None, error: SshdeskError) -> QDialog | None:
    """Shows ``error`` window-modally over ``parent`` without blocking, and returns the
    dialog (deleted when closed). GUI thread only.

    Returns:
        The dialog, or None for a :class:`CancelledError`: the person cancelled, so there
        is nothing to tell them.
    """
    if isinstance(error, CancelledError):
        return None
    dialog = error_dialog(parent, error)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
