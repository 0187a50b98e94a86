"""The two host key screens: a question about an unknown key, a warning about a changed one.

An unknown key is a question with three answers. A changed key is never a question: the
core refuses it (:class:`~sshdesk.core.errors.HostKeyChangedError`), and this screen only
explains what happened and how to repair a legitimate change. It has no accept button, on
purpose (Tabby's mistake was to treat both the same).

Every text that comes from the network or the file system is shown as plain text.
"""

import shlex

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.errors import HostKeyChangedError
from sshdesk.core.profile import DEFAULT_PORT, TargetSyntaxError, parse_target
from sshdesk.core.prompts import HostKeyDecision, UnknownHostKey

#: The colour of the changed-key warning (Material red 800: readable on light themes).
WARNING_COLOUR = "#c62828"
_MIN_WIDTH = 560
_WARNING_WIDTH = 640


def label(
    text: str, *, mono: bool = False, selectable: bool = False, wrap: bool | None = None
) -> QLabel:
    """A plain-text label: never interpreted as HTML, whatever a server sends.

    Args:
        mono: In the fixed-width font (fingerprints, commands).
        selectable: The text can be selected and copied.
        wrap: Wrap at spaces; by default only proportional text wraps.
    """
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(not mono if wrap is None else wrap)
    if mono:
        widget.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                       | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return widget


def icon_label(widget: QWidget, icon: QStyle.StandardPixmap) -> QLabel:
    """The standard message box icon ``icon`` at its usual size."""
    style = widget.style()
    size = style.pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize, None, widget)
    picture = QLabel()
    picture.setPixmap(style.standardIcon(icon, None, widget).pixmap(size, size))
    picture.setAlignment(Qt.AlignmentFlag.AlignTop)
    return picture


def host_address(host: str, port: int) -> str:
    """``host:port`` with an IPv6 address in brackets."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def server_key_file(key_type: str) -> str:
    """Where OpenSSH keeps a host key of ``key_type`` on the server."""
    if key_type.startswith("ecdsa-"):
        kind = "ecdsa"
    elif key_type in ("ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"):
        kind = "rsa"
    else:
        kind = "ed25519"
    return f"/etc/ssh/ssh_host_{kind}_key.pub"


def set_min_width(layout: QBoxLayout, width: int) -> None:
    """Makes ``layout`` at least ``width`` wide, so wrapped text gets readable lines.

    A spacer rather than ``setMinimumWidth`` on the dialog: an explicit minimum would
    replace the layout's own, and wide unwrapped rows (fingerprints) would overflow.
    """
    layout.addItem(QSpacerItem(width, 0, QSizePolicy.Policy.Minimum,
                               QSizePolicy.Policy.Fixed))


def with_icon(dialog: QDialog, icon: QStyle.StandardPixmap, body: QVBoxLayout,
              buttons: QDialogButtonBox, width: int = _MIN_WIDTH) -> None:
    """Lays out a message-box shaped dialog: icon at the left, body and buttons."""
    body.setSpacing(8)
    row = QHBoxLayout()
    row.addWidget(icon_label(dialog, icon))
    row.addSpacing(8)
    row.addLayout(body, 1)
    outer = QVBoxLayout(dialog)
    outer.addLayout(row)
    outer.addSpacing(8)
    outer.addWidget(buttons)
    set_min_width(outer, width)


class UnknownHostKeyDialog(QDialog):
    """Asks whether to trust a host key seen for the first time.

    "Refuse" is the default button, and Escape or closing the window refuses too.
    """

    def __init__(self, key: UnknownHostKey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decision = HostKeyDecision.REFUSE
        address = host_address(key.host, key.port)
        self.setWindowTitle(self.tr("Unknown host key"))
        body = QVBoxLayout()
        heading = label(self.tr("The authenticity of {address} cannot be confirmed.")
                        .format(address=address))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        body.addWidget(heading)
        body.addWidget(label(self.tr(
            "sshdesk has no record of this server's key, so it cannot tell whether it is "
            "talking to the real server or to an impostor.")))
        details = QFormLayout()
        details.addRow(self.tr("Server:"), label(address, selectable=True))
        details.addRow(self.tr("Key type:"), label(key.key_type, selectable=True))
        self.fingerprint_label = label(key.fingerprint, mono=True, selectable=True)
        details.addRow(self.tr("Fingerprint:"), self.fingerprint_label)
        body.addLayout(details)
        body.addWidget(label(self.tr(
            "To check it, ask the server's administrator for the fingerprint. They can "
            "print it by running this command on the server:")))
        body.addWidget(label(f"ssh-keygen -lf {server_key_file(key.key_type)}",
                             mono=True, selectable=True, wrap=True))
        body.addWidget(label(self.tr(
            "Accept the key only if both fingerprints are exactly the same. \"Accept and "
            "remember\" saves it, so you are not asked again for this server.")))
        with_icon(self, QStyle.StandardPixmap.SP_MessageBoxQuestion, body, self._buttons())
        self.refuse_button.setFocus()

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.accept_once_button = box.addButton(
            self.tr("Accept &once"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.remember_button = box.addButton(
            self.tr("Accept and &remember"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.refuse_button = box.addButton(
            self.tr("Re&fuse"), QDialogButtonBox.ButtonRole.RejectRole)
        self.refuse_button.setDefault(True)
        box.clicked.connect(self._clicked)
        box.rejected.connect(self.reject)
        return box

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.accept_once_button:
            self._decision = HostKeyDecision.ACCEPT_ONCE
        elif button is self.remember_button:
            self._decision = HostKeyDecision.ACCEPT_AND_REMEMBER
        else:
            return
        self.accept()

    def reject(self) -> None:
        """Escape, closing the window and "Refuse" all refuse the key."""
        self._decision = HostKeyDecision.REFUSE
        super().reject()

    def answer(self) -> HostKeyDecision:
        """The person's decision; ``REFUSE`` until they accept."""
        return self._decision


class HostKeyChangedDialog(QDialog):
    """The warning shown when a host presents a key other than the remembered one.

    Shows both fingerprints, the file that remembers the old key and how to repair a
    legitimate change. Its only button is "Close": the connection was already refused.
    """

    def __init__(self, error: HostKeyChangedError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Host key changed"))
        body = QVBoxLayout()
        heading = label(self.tr("WARNING: the host key of {host} has CHANGED!")
                        .format(host=error.host))
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        heading.setFont(font)
        heading.setStyleSheet(f"color: {WARNING_COLOUR};")
        body.addWidget(heading)
        body.addWidget(label(self.tr(
            "The server sent a different key from the one remembered for it. Someone may "
            "be intercepting the connection (a man-in-the-middle attack), or the server "
            "was reinstalled or its key replaced. sshdesk did not connect.")))
        details = QFormLayout()
        details.addRow(self.tr("Key type:"), label(error.key_type, selectable=True))
        self.known_label = label(error.known_fingerprint, mono=True, selectable=True)
        details.addRow(self.tr("Remembered fingerprint:"), self.known_label)
        self.offered_label = label(error.offered_fingerprint, mono=True, selectable=True)
        details.addRow(self.tr("Fingerprint offered now:"), self.offered_label)
        details.addRow(self.tr("Remembered in:"), label(error.known_in, selectable=True))
        body.addLayout(details)
        body.addWidget(label(self.tr(
            "Do not connect until you know why the key changed. Ask the server's "
            "administrator for the real fingerprint; they can print it on the server with "
            "\"ssh-keygen -lf {file}\". Only if it matches the fingerprint offered now, "
            "remove the old entry with this command and connect again:")
            .format(file=server_key_file(error.key_type))))
        body.addWidget(label(forget_command(error.host, error.known_in), mono=True,
                             selectable=True, wrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        with_icon(self, QStyle.StandardPixmap.SP_MessageBoxCritical, body, buttons,
                  _WARNING_WIDTH)
        close.setFocus()

    def buttons(self) -> list[QPushButton]:
        """Every push button of the dialog (tests check there is nothing to accept)."""
        return self.findChildren(QPushButton)


def forget_command(address: str, known_in: str) -> str:
    """The ``ssh-keygen -R`` command that removes ``address`` from ``known_in``.

    ``address`` is ``host`` or ``host:port`` as the core writes it; known_hosts names a
    host on another port than 22 as ``[host]:port``.
    """
    try:
        _, host, port = parse_target(address)
    except TargetSyntaxError:
        host, port = address, None
    name = host if port in (None, DEFAULT_PORT) else f"[{host}]:{port}"
    return f"ssh-keygen -R {shlex.quote(name)} -f {shlex.quote(known_in)}"
