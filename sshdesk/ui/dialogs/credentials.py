"""Dialogs that ask for secrets: a password, a key's passphrase, keyboard-interactive answers.

Each has ``answer()``: what the person typed once they pressed OK (or Enter), ``None`` when
they cancelled (Escape, Cancel, closing the window). Secret fields echo nothing, cannot be
copied or dragged out (Qt's password mode) and bypass input methods and predictive text;
:meth:`clear` empties them once the answer has been read. Nothing here logs what was typed.

Texts sent by the server (keyboard-interactive title, instructions, prompts) are shown as
plain text: a server must not be able to inject markup or links into the dialog.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.prompts import InteractivePrompt
from sshdesk.ui.dialogs.hostkey import WARNING_COLOUR, label, set_min_width

_MIN_WIDTH = 420
_SECRET_HINTS = (Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhSensitiveData
                 | Qt.InputMethodHint.ImhNoPredictiveText
                 | Qt.InputMethodHint.ImhNoAutoUppercase)


def secret_field() -> QLineEdit:
    """A line edit for a secret: no echo, no copy, no input method."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setInputMethodHints(_SECRET_HINTS)
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    return field


class _CredentialDialog(QDialog):
    """The frame shared by the three dialogs: a body, then OK and Cancel.

    Subclasses fill ``self.body`` and list their fields in ``self.fields``.
    """

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.fields: list[QLineEdit] = []
        self.body = QVBoxLayout()

    def _finish_layout(self) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)  # Enter in any field accepts
        outer = QVBoxLayout(self)
        outer.addLayout(self.body)
        outer.addSpacing(8)
        outer.addWidget(buttons)
        set_min_width(outer, _MIN_WIDTH)
        (self.fields[0] if self.fields else ok).setFocus()

    def _texts(self) -> list[str] | None:
        """What was typed in each field; None unless accepted."""
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        return [field.text() for field in self.fields]

    def clear(self) -> None:
        """Empties every field, so the secrets do not outlive the question in widgets."""
        for field in self.fields:
            field.clear()


class PasswordDialog(_CredentialDialog):
    """Asks for the password of a user on a host."""

    def __init__(self, host: str, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password"))
        self.body.addWidget(label(self.tr("Enter the password of {user} on {host}.")
                                  .format(user=username, host=host)))
        self.field = secret_field()
        self.fields.append(self.field)
        form = QFormLayout()
        form.addRow(self.tr("&Password:"), self.field)
        self.body.addLayout(form)
        self._finish_layout()

    def answer(self) -> str | None:
        """The password typed, or None if the person cancelled."""
        texts = self._texts()
        return None if texts is None else texts[0]


class PassphraseDialog(_CredentialDialog):
    """Asks for the passphrase of an encrypted private key; says so after a wrong one."""

    def __init__(
        self, host: str, key_path: str, retry: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Key passphrase"))
        self.retry_label: QLabel | None = None
        if retry:
            self.retry_label = label(self.tr("The passphrase was wrong. Try again."))
            self.retry_label.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")
            self.body.addWidget(self.retry_label)
        self.body.addWidget(label(self.tr(
            "The private key {path} is protected by a passphrase. Enter it to log in to "
            "{host} with this key.").format(path=key_path, host=host)))
        self.field = secret_field()
        self.fields.append(self.field)
        form = QFormLayout()
        form.addRow(self.tr("P&assphrase:"), self.field)
        self.body.addLayout(form)
        self._finish_layout()

    def answer(self) -> str | None:
        """The passphrase typed, or None if the person cancelled."""
        texts = self._texts()
        return None if texts is None else texts[0]


class KeyboardInteractiveDialog(_CredentialDialog):
    """One keyboard-interactive round: the server's title, instructions and prompts.

    Each prompt gets a field labelled with the server's own text; a field echoes only if
    the server asks for echo (a user name does, a one-time code usually does not).
    """

    def __init__(
        self, host: str, title: str, instructions: str, prompts: list[InteractivePrompt],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log in to {host}").format(host=host))
        self.title_label: QLabel | None = None
        if title.strip():
            self.title_label = label(title.strip())
            font = self.title_label.font()
            font.setBold(True)
            self.title_label.setFont(font)
            self.body.addWidget(self.title_label)
        self.instructions_label: QLabel | None = None
        if instructions.strip():
            self.instructions_label = label(instructions.strip("\r\n"), selectable=True)
            self.body.addWidget(self.instructions_label)
        if not title.strip() and not instructions.strip():
            self.body.addWidget(label(self.tr("The server {host} asks:").format(host=host)))
        form = QFormLayout()
        self.prompt_labels: list[QLabel] = []
        for prompt in prompts:
            field = QLineEdit() if prompt.echo else secret_field()
            prompt_label = label(prompt.text.strip())
            prompt_label.setBuddy(field)
            self.prompt_labels.append(prompt_label)
            self.fields.append(field)
            form.addRow(prompt_label, field)
        self.body.addLayout(form)
        self._finish_layout()

    def answer(self) -> list[str] | None:
        """One answer per prompt, in order, or None if the person cancelled."""
        return self._texts()
