"""The fields of the session editor, in four tabs, checked as the person types.

:class:`SessionForm` shows a :class:`~sshdesk.core.sessions.SavedSession` and builds a new
one from what is in the fields. Each checked field has a red label under it that says
what is wrong; a tab holding a wrong field shows a warning icon. The form knows nothing of
the keyring or of connecting: :mod:`sshdesk.ui.dialogs.sessioneditor` does that.
"""

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.profile import DEFAULT_PORT, SessionProfile
from sshdesk.core.sessions import SavedSession
from sshdesk.ui.dialogs import sessionchecks as checks
from sshdesk.ui.dialogs.credentials import secret_field
from sshdesk.ui.dialogs.editablelist import EditableList
from sshdesk.ui.dialogs.hostkey import WARNING_COLOUR, label
from sshdesk.ui.encodings import ENCODINGS

#: The algorithm kinds with a field, as paramiko names them.
ALGORITHM_KINDS = ("kex", "ciphers", "macs", "keys")
#: Colour labels offered besides "none" (Material 600 shades: visible on light and dark).
COLOURS = ("#e53935", "#fb8c00", "#fdd835", "#43a047", "#1e88e5", "#8e24aa", "#757575")
TERMINAL_TYPES = ("xterm-256color", "xterm", "vt100", "vt220", "linux", "screen-256color",
                  "tmux-256color")


def hop_text(hop: SessionProfile) -> str:
    """A jump host as ``[user@]host[:port]`` (an IPv6 address in brackets)."""
    host = f"[{hop.host}]" if ":" in hop.host else hop.host
    port = f":{hop.port}" if hop.port != DEFAULT_PORT else ""
    return f"{hop.username}@{host}{port}" if hop.username else host + port


def _swatch(colour: str) -> QIcon:
    picture = QPixmap(12, 12)
    picture.fill(QColor(colour))
    return QIcon(picture)


def _error_label() -> QLabel:
    widget = label("", selectable=True)
    widget.setStyleSheet(f"color: {WARNING_COLOUR};")
    widget.hide()
    return widget


class SessionForm(QTabWidget):
    """The editor's tabs: General, Authentication, Connection, Terminal.

    Fields are public attributes, so tests and the dialog can reach them. Checked fields
    have their error label in :attr:`error_labels`, under the same key as in
    :meth:`problems`.

    Signals:
        validity_changed(bool): The form became valid (True) or invalid (False).
    """

    validity_changed = Signal(bool)

    def __init__(self, session: SavedSession, folders: Sequence[tuple[str, ...]] = (),
                 parent: QWidget | None = None) -> None:
        """
        Args:
            session: What the fields show first; fields the form has none for (ids, the
                origin, timeouts other than the connect timeout, ...) are kept from it.
            folders: The existing folders, offered in the folder field.
        """
        super().__init__(parent)
        self._original = session
        #: The longest password or passphrase the keyring keeps; None until known (the
        #: dialog sets it with the keyring's answer, which enables the save checkboxes).
        self.secret_limit: int | None = None
        self._checks: dict[str, Callable[[], str | None]] = {}
        self._pages: dict[str, int] = {}
        self._problems: dict[str, str] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._valid = True
        self._form: QFormLayout
        self._build_general(folders)
        self._build_authentication()
        self._build_connection()
        self._build_terminal()
        self.load(session)

    # -- building ---------------------------------------------------------------------------

    def _page(self, title: str) -> None:
        page = QWidget()
        self._form = QFormLayout(page)
        self.addTab(page, title)

    def _row(self, text: str, widget: QWidget, key: str | None = None,
             check: Callable[[], str | None] | None = None,
             *signals: SignalInstance) -> None:
        """Adds ``widget`` to the current page; with ``key``, a checked field with its
        error label under it, checked whenever one of ``signals`` fires."""
        if key is None or check is None:
            self._form.addRow(text, widget)
            return
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        self.error_labels[key] = _error_label()
        column.addWidget(self.error_labels[key])
        self._form.addRow(text, box)
        self._checks[key] = check
        self._pages[key] = self.count() - 1
        for signal in signals:
            signal.connect(lambda *_args, key=key: self.revalidate(key))

    def _build_general(self, folders: Sequence[tuple[str, ...]]) -> None:
        self._page(self.tr("General"))
        self.name_edit = QLineEdit()
        self._row(self.tr("&Name:"), self.name_edit, "name",
                  lambda: checks.name_problem(self.name_edit.text()),
                  self.name_edit.textChanged)
        self.folder_combo = QComboBox()
        self.folder_combo.setEditable(True)
        self.folder_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.folder_combo.addItems(["", *sorted("/".join(f) for f in folders)])
        self.folder_combo.lineEdit().setPlaceholderText(self.tr("(top level)"))
        self._row(self.tr("&Folder:"), self.folder_combo, "folder",
                  lambda: checks.folder_problem(self.folder_combo.currentText()),
                  self.folder_combo.currentTextChanged)
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText(self.tr("host name or address"))
        self._row(self.tr("&Host:"), self.host_edit, "host",
                  lambda: checks.host_problem(self.host_edit.text().strip()),
                  self.host_edit.textChanged)
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)  # the range is the check: nothing else fits
        self._row(self.tr("&Port:"), self.port_spin)
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("your local user name"))
        self._row(self.tr("&User:"), self.user_edit)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(self.tr("comma-separated, e.g. prod, db"))
        self._row(self.tr("&Tags:"), self.tags_edit)
        self.color_combo = QComboBox()
        self.color_combo.addItem(self.tr("None"), "")
        names = (self.tr("Red"), self.tr("Orange"), self.tr("Yellow"), self.tr("Green"),
                 self.tr("Blue"), self.tr("Purple"), self.tr("Grey"))
        for name, colour in zip(names, COLOURS, strict=True):
            self.color_combo.addItem(_swatch(colour), name, colour)
        self._row(self.tr("&Colour label:"), self.color_combo)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self._row(self.tr("N&ote:"), self.note_edit)

    def _build_authentication(self) -> None:
        self._page(self.tr("Authentication"))
        self.password_edit = secret_field()
        self.password_edit.setPlaceholderText(self.tr("asked when connecting if empty"))
        self._row(self.tr("Pass&word:"), self.password_edit, "password",
                  lambda: self._secret_problem(self.password_edit, self.save_password_check),
                  self.password_edit.textChanged)
        self.save_password_check = QCheckBox(self.tr("&Save password in the keyring"))
        self.save_password_check.toggled.connect(lambda: self.revalidate("password"))
        self._row("", self.save_password_check)
        self.forget_password_button = QPushButton(self.tr("&Forget saved password"))
        self.forget_label = label("")
        self.forget_label.hide()
        forget_row = QHBoxLayout()
        forget_row.addWidget(self.forget_password_button)
        forget_row.addWidget(self.forget_label, 1)
        forget_row.addStretch()  # the button keeps its size while the label is hidden
        self._form.addRow("", forget_row)
        self.key_list = EditableList(self.tr("&Add…"), ordered=True)
        self._row(self.tr("&Key files:"), self.key_list, "key_files",
                  self._key_files_problem, self.key_list.changed)
        self.passphrase_edit = secret_field()
        self.passphrase_edit.setPlaceholderText(self.tr("asked when connecting if needed"))
        self._row(self.tr("Key pass&phrase:"), self.passphrase_edit, "passphrase",
                  lambda: self._secret_problem(self.passphrase_edit,
                                               self.save_passphrase_check),
                  self.passphrase_edit.textChanged)
        self.save_passphrase_check = QCheckBox(self.tr("Save passphrase in the &keyring"))
        self.save_passphrase_check.toggled.connect(lambda: self.revalidate("passphrase"))
        self._row("", self.save_passphrase_check)
        self.keyring_label = label("")
        self.keyring_label.hide()
        self._row("", self.keyring_label)
        self.agent_check = QCheckBox(self.tr("Use ssh-a&gent"))
        self._row("", self.agent_check)
        self.default_keys_check = QCheckBox(self.tr("Also try the ~/.ssh &default keys"))
        self._row("", self.default_keys_check)

    def _build_connection(self) -> None:
        self._page(self.tr("Connection"))
        self.jump_list = EditableList(self.tr("A&dd"), ordered=True)
        self.jump_list.add_requested.connect(lambda: self.jump_list.append("", edit=True))
        self.jump_list.list.setToolTip(self.tr(
            "[user@]host[:port], one per line, the first one reached first"))
        self._row(self.tr("&Jump hosts:"), self.jump_list, "jump_hosts",
                  lambda: checks.jump_hosts_problem(self.jump_list.entries()),
                  self.jump_list.changed)
        self.keepalive_spin = QDoubleSpinBox()
        self.keepalive_spin.setRange(0, 3600)
        self.keepalive_spin.setDecimals(1)
        self.keepalive_spin.setSuffix(self.tr(" s"))
        self.keepalive_spin.setSpecialValueText(self.tr("Off"))
        self._row(self.tr("Keepalive &interval:"), self.keepalive_spin)
        self.keepalive_count_spin = QSpinBox()
        self.keepalive_count_spin.setRange(1, 100)
        self.keepalive_count_spin.setToolTip(self.tr(
            "How many keepalives may go unanswered before the connection counts as lost"))
        self._row(self.tr("Keepalive &count:"), self.keepalive_count_spin)
        self.timeout_spin = QDoubleSpinBox()
        self.timeout_spin.setRange(1, 600)
        self.timeout_spin.setDecimals(1)
        self.timeout_spin.setSuffix(self.tr(" s"))
        self._row(self.tr("Connect &timeout:"), self.timeout_spin)
        self.compress_check = QCheckBox(self.tr("&Compression (for slow links)"))
        self._row("", self.compress_check)
        self._row("", label(self.tr("Algorithms not to offer (comma-separated), for servers "
                                    "that mishandle them:")))
        titles = {"kex": self.tr("Key e&xchange:"), "ciphers": self.tr("C&iphers:"),
                  "macs": self.tr("&MACs:"), "keys": self.tr("Host &key types:")}
        self.algorithm_edits: dict[str, QLineEdit] = {}
        for kind in ALGORITHM_KINDS:
            edit = QLineEdit()
            self.algorithm_edits[kind] = edit
            self._row(titles[kind], edit, f"algorithms_{kind}",
                      functools.partial(_text_problem, checks.algorithms_problem, edit),
                      edit.textChanged)

    def _build_terminal(self) -> None:
        self._page(self.tr("Terminal"))
        self.terminal_combo = QComboBox()
        self.terminal_combo.setEditable(True)
        self.terminal_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.terminal_combo.addItems(TERMINAL_TYPES)
        self._row(self.tr("Terminal &type:"), self.terminal_combo, "terminal_type",
                  lambda: checks.terminal_type_problem(self.terminal_combo.currentText()),
                  self.terminal_combo.currentTextChanged)
        self.encoding_combo = QComboBox()
        self.encoding_combo.setEditable(True)
        self.encoding_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for codec, text in ENCODINGS:
            self.encoding_combo.addItem(text, codec)
        self._row(self.tr("&Encoding:"), self.encoding_combo, "encoding",
                  lambda: checks.encoding_problem(self.encoding()),
                  self.encoding_combo.currentTextChanged)
        self.startup_edit = QLineEdit()
        self.startup_edit.setPlaceholderText(self.tr("sent to the shell after login"))
        self._row(self.tr("&Startup command:"), self.startup_edit)
        self.remote_folder_edit = QLineEdit()
        self.remote_folder_edit.setPlaceholderText(self.tr("the home folder"))
        self._row(self.tr("Initial &remote folder:"), self.remote_folder_edit)

    # -- showing a session ------------------------------------------------------------------

    def load(self, session: SavedSession) -> None:
        """Shows ``session`` in the fields (never its secrets: the fields start empty)."""
        profile = session.profile
        self._original = session
        self.name_edit.setText(session.name)
        self.folder_combo.setCurrentText("/".join(session.folder))
        self.host_edit.setText(profile.host)
        self.port_spin.setValue(profile.port)
        self.user_edit.setText(profile.username)
        self.tags_edit.setText(", ".join(session.tags))
        self._set_colour(session.color)
        self.note_edit.setPlainText(session.note)
        self.password_edit.clear()
        self.passphrase_edit.clear()
        self.save_password_check.setChecked(session.save_password)
        self.save_passphrase_check.setChecked(session.save_password)
        self.forget_password_button.setVisible(bool(session.id) and session.save_password)
        self.key_list.set_entries(profile.key_files)
        self.agent_check.setChecked(profile.allow_agent)
        self.default_keys_check.setChecked(profile.look_for_keys)
        self.jump_list.set_entries([hop_text(hop) for hop in profile.jump_hosts])
        self.keepalive_spin.setValue(profile.keepalive_interval)
        self.keepalive_count_spin.setValue(profile.keepalive_count_max)
        self.timeout_spin.setValue(profile.timeout)
        self.compress_check.setChecked(profile.compress)
        disabled = dict(profile.disabled_algorithms)
        for kind, edit in self.algorithm_edits.items():
            edit.setText(", ".join(disabled.get(kind, ())))
        self.terminal_combo.setCurrentText(profile.terminal_type)
        self._set_encoding(profile.encoding)
        self.startup_edit.setText(session.startup_command)
        self.remote_folder_edit.setText(session.initial_remote_folder)
        self.revalidate()

    def _set_colour(self, colour: str) -> None:
        index = self.color_combo.findData(colour)
        if index < 0:  # a colour set elsewhere: kept, under its own name
            self.color_combo.addItem(_swatch(colour), self.tr("Custom ({colour})").format(
                colour=colour), colour)
            index = self.color_combo.count() - 1
        self.color_combo.setCurrentIndex(index)

    def _set_encoding(self, codec: str) -> None:
        index = self.encoding_combo.findData(codec)
        if index >= 0:
            self.encoding_combo.setCurrentIndex(index)
        else:
            self.encoding_combo.setCurrentText(codec)

    # -- reading the fields -----------------------------------------------------------------

    def encoding(self) -> str:
        """The codec name: an offered encoding's, or what was typed."""
        text = self.encoding_combo.currentText().strip()
        index = self.encoding_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        return str(self.encoding_combo.itemData(index)) if index >= 0 else text

    def profile(self) -> SessionProfile:
        """The profile the fields describe, without password or passphrase.

        Raises:
            ValueError: A field is wrong (see :meth:`problems`).
        """
        self._require_valid()
        original = self._original.profile
        keys = tuple(entry for entry in self.key_list.entries() if entry)
        return replace(
            original,
            host=self.host_edit.text().strip(),
            port=self.port_spin.value(),
            username=self.user_edit.text().strip(),
            password=None,
            passphrase=None,
            key_files=keys,
            allow_agent=self.agent_check.isChecked(),
            look_for_keys=self.default_keys_check.isChecked(),
            compress=self.compress_check.isChecked(),
            timeout=_spin_value(self.timeout_spin, original.timeout),
            keepalive_interval=_spin_value(self.keepalive_spin, original.keepalive_interval),
            keepalive_count_max=int(_spin_value(self.keepalive_count_spin,
                                                original.keepalive_count_max)),
            disabled_algorithms=self._algorithms(original.disabled_algorithms),
            jump_hosts=self._jump_hosts(original, keys),
            terminal_type=self.terminal_combo.currentText().strip(),
            encoding=self.encoding(),
        )

    def session(self, save_password: bool) -> SavedSession:
        """The session the fields describe, its profile without secrets.

        Raises:
            ValueError: A field is wrong (see :meth:`problems`).
        """
        return replace(
            self._original,
            name=self.name_edit.text().strip(),
            profile=self.profile(),
            folder=checks.parse_folder(self.folder_combo.currentText()),
            tags=checks.split_list(self.tags_edit.text()),
            note=self.note_edit.toPlainText(),
            color=str(self.color_combo.currentData() or ""),
            startup_command=self.startup_edit.text(),
            initial_remote_folder=self.remote_folder_edit.text().strip(),
            save_password=save_password,
        )

    def _algorithms(self, original: tuple[tuple[str, tuple[str, ...]], ...]
                    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The disabled algorithms by kind: the original's order first, so an unchanged
        list compares equal, and kinds without a field (``pubkeys``) kept as they were."""
        typed = {kind: checks.split_list(edit.text()) for kind, edit in
                 self.algorithm_edits.items()}
        kinds = [kind for kind, _ in original]
        kinds += [kind for kind in ALGORITHM_KINDS if kind not in kinds]
        result = dict(original) | typed
        return tuple((kind, result[kind]) for kind in kinds if result.get(kind))

    def _jump_hosts(self, original: SessionProfile,
                    keys: tuple[str, ...]) -> tuple[SessionProfile, ...]:
        """One profile per entry. An entry left as it was keeps its hop (with any settings
        of its own, e.g. from ssh_config); a new one logs in like the session itself."""
        kept = {hop_text(hop): hop for hop in reversed(original.jump_hosts)}
        hops = []
        for entry in self.jump_list.entries():
            if not entry:
                continue
            if entry in kept:
                hops.append(kept[entry])
                continue
            user, host, port = checks.parse_jump_host(entry)
            hops.append(SessionProfile(
                host=host, port=port or DEFAULT_PORT, username=user, key_files=keys,
                allow_agent=self.agent_check.isChecked(),
                look_for_keys=self.default_keys_check.isChecked(),
                timeout=_spin_value(self.timeout_spin, original.timeout)))
        return tuple(hops)

    # -- checking ---------------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """What is wrong, by field key (``host``, ``key_files``, ...); empty when valid."""
        return dict(self._problems)

    def is_valid(self) -> bool:
        return not self._problems

    def revalidate(self, *keys: str) -> None:
        """Runs the checks of ``keys`` (all by default) and shows their results."""
        for key in keys or tuple(self._checks):
            problem = self._checks[key]()
            error_label = self.error_labels[key]
            error_label.setText(problem or "")
            error_label.setVisible(problem is not None)
            if problem is None:
                self._problems.pop(key, None)
            else:
                self._problems[key] = problem
        self._mark_tabs()
        if self._valid != self.is_valid():
            self._valid = self.is_valid()
            self.validity_changed.emit(self._valid)

    def _mark_tabs(self) -> None:
        wrong = {self._pages[key] for key in self._problems}
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(self.count()):
            self.setTabIcon(index, warning if index in wrong else QIcon())

    def _require_valid(self) -> None:
        if self._problems:
            raise ValueError("; ".join(self._problems.values()))

    def _key_files_problem(self) -> str | None:
        problems = []
        for row in range(self.key_list.list.count()):
            item = self.key_list.list.item(row)
            path = item.text().strip()
            problem = checks.key_file_problem(path) if path else None
            item.setToolTip(problem or path)
            item.setForeground(QColor(WARNING_COLOUR) if problem else
                               self.palette().text().color())
            if problem:
                problems.append(problem)
        return "\n".join(problems) or None

    def _secret_problem(self, field: QLineEdit, save: QCheckBox) -> str | None:
        """Only a secret going to the keyring has a length limit."""
        if self.secret_limit is None or not (save.isChecked() and save.isEnabled()):
            return None
        return checks.secret_problem(field.text(), self.secret_limit)


def _text_problem(check: Callable[[str], str | None], edit: QLineEdit) -> str | None:
    return check(edit.text())


def _spin_value(spin: QSpinBox | QDoubleSpinBox, original: float) -> float:
    """The spin box's value, or ``original`` when the box shows it as it was (rounded or
    clamped to its range), so an untouched field never changes the session."""
    clamped = min(max(original, spin.minimum()), spin.maximum())
    if isinstance(spin, QDoubleSpinBox):
        clamped = round(clamped, spin.decimals())
    return original if spin.value() == clamped else float(spin.value())
