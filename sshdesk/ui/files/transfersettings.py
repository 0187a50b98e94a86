"""The user's transfer settings: kept with QSettings, edited in a dialog, and applied to
every open session's queue.

The options live in the "transfers" group of the app's preferences file (the one
:mod:`sshdesk.ui.preferences` uses). :func:`save_options` also announces them through
:func:`changes`, and every :class:`~sshdesk.ui.files.transfercontrol.TransferControl`
hands them to its queue, so a new speed limit affects every session at once.
"""

import enum

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core import paths
from sshdesk.core.transfer_state import ConflictPolicy, SymlinkPolicy, TransferOptions

#: Parallel transfers the dialog offers. OpenSSH's sshd allows 10 sessions (channels) per
#: connection by default (MaxSessions), and the terminal and the panes use some of them.
MIN_SLOTS, MAX_SLOTS = 1, 10

#: The conflict answers the GUI offers, in the dialog's order (FAIL is the CLI's).
CONFLICT_CHOICES = (ConflictPolicy.ASK, ConflictPolicy.OVERWRITE, ConflictPolicy.SKIP,
                    ConflictPolicy.RENAME, ConflictPolicy.RESUME, ConflictPolicy.NEWER)
SYMLINK_CHOICES = (SymlinkPolicy.FOLLOW, SymlinkPolicy.COPY_LINK, SymlinkPolicy.SKIP)

KIB = 1024
MIB = 1024 * KIB
#: The largest number the speed field takes, in either unit.
MAX_SPEED = 999_999

_GROUP = "transfers"


# -- stored options ---------------------------------------------------------------------

def _settings() -> QSettings:
    # The same file as sshdesk.ui.preferences: one preferences file for the app.
    return QSettings(str(paths.config_dir() / "preferences.ini"), QSettings.Format.IniFormat)


def load_options() -> TransferOptions:
    """Reads the saved options; a missing or unusable value keeps its default."""
    settings = _settings()
    settings.beginGroup(_GROUP)
    default = TransferOptions()
    options = TransferOptions(
        slots=_int(settings.value("slots"), default.slots, MIN_SLOTS, MAX_SLOTS),
        conflict=_choice(settings.value("conflict"), CONFLICT_CHOICES, default.conflict),
        symlinks=_choice(settings.value("symlinks"), SYMLINK_CHOICES, default.symlinks),
        keep_times=_bool(settings.value("keep_times"), default.keep_times),
        keep_permissions=_bool(settings.value("keep_permissions"), default.keep_permissions),
        bandwidth_limit=_int(settings.value("bandwidth_limit"), default.bandwidth_limit,
                             0, MAX_SPEED * MIB),
    )
    settings.endGroup()
    return options


def save_options(options: TransferOptions) -> None:
    """Writes the options, then announces them (:func:`changes`) so open sessions apply
    them. GUI thread only."""
    settings = _settings()
    settings.beginGroup(_GROUP)
    settings.setValue("slots", options.slots)
    settings.setValue("conflict", options.conflict.value)
    settings.setValue("symlinks", options.symlinks.value)
    settings.setValue("keep_times", options.keep_times)
    settings.setValue("keep_permissions", options.keep_permissions)
    settings.setValue("bandwidth_limit", options.bandwidth_limit)
    settings.endGroup()
    settings.sync()
    changes().options_changed.emit(options)


def _int(raw: object, default: int, low: int, high: int) -> int:
    """An INI value as an int in ``low..high``; anything else gives ``default``."""
    if isinstance(raw, bool):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        return default
    return value if low <= value <= high else default


def _bool(raw: object, default: bool) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    return default


def _choice[E: enum.Enum](raw: object, choices: tuple[E, ...], default: E) -> E:
    """The choice whose value was stored; an unknown one (or one the GUI does not offer,
    such as the CLI's FAIL) gives ``default``."""
    return next((choice for choice in choices if choice.value == str(raw)), default)


class _Changes(QObject):
    """Announces saved transfer options.

    Signals:
        options_changed(object): New :class:`TransferOptions` were saved.
    """

    options_changed = Signal(object)


_changes: _Changes | None = None


def changes() -> _Changes:
    """The announcer of saved options (made on first use, on the GUI thread)."""
    global _changes
    if _changes is None:
        _changes = _Changes()
    return _changes


# -- the dialog -------------------------------------------------------------------------

class TransferSettingsDialog(QDialog):
    """Edits :class:`TransferOptions`: parallel transfers, a speed limit, the answer to an
    existing file, symbolic links, and keeping times and permissions.

    Attributes:
        slots, limit_speed, speed, speed_unit, conflict, symlinks, keep_times,
            keep_permissions: The fields, for tests.
    """

    def __init__(self, options: TransferOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer Settings"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self._build_slots(form)
        self._build_speed(form)
        self.conflict = self._combo(
            (self.tr("Ask"), self.tr("Overwrite"), self.tr("Skip"),
             self.tr("Keep both (rename)"), self.tr("Resume"), self.tr("Overwrite if newer")))
        form.addRow(self.tr("When a file exists:"), self.conflict)
        self.symlinks = self._combo((self.tr("Copy what they point to"),
                                     self.tr("Copy as links"), self.tr("Skip")))
        form.addRow(self.tr("Symbolic links in folders:"), self.symlinks)
        self.keep_times = QCheckBox(self.tr("Keep modification times"), self)
        self.keep_permissions = QCheckBox(self.tr("Keep permissions"), self)
        form.addRow(self.keep_times)
        form.addRow(self.keep_permissions)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.set_options(options)

    def _build_slots(self, form: QFormLayout) -> None:
        self.slots = QSpinBox(self)
        self.slots.setRange(MIN_SLOTS, MAX_SLOTS)
        form.addRow(self.tr("Parallel transfers:"), self.slots)
        note = QLabel(self.tr("Each one opens its own SFTP channel. OpenSSH servers allow "
                              "10 channels per connection by default, and the terminal "
                              "and the file panes use some of them."), self)
        note.setWordWrap(True)
        form.addRow(note)

    def _build_speed(self, form: QFormLayout) -> None:
        self.limit_speed = QCheckBox(self.tr("Limit speed to"), self)
        self.speed = QSpinBox(self)
        self.speed.setRange(1, MAX_SPEED)
        self.speed_unit = self._combo((self.tr("KiB/s"), self.tr("MiB/s")))
        row = QHBoxLayout()
        row.addWidget(self.speed, 1)
        row.addWidget(self.speed_unit)
        form.addRow(self.limit_speed, row)
        self.limit_speed.toggled.connect(self.speed.setEnabled)
        self.limit_speed.toggled.connect(self.speed_unit.setEnabled)

    def _combo(self, texts: tuple[str, ...]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItems(list(texts))
        return combo

    def set_options(self, options: TransferOptions) -> None:
        """Shows ``options`` in the fields (a limit as whole KiB/s, or MiB/s when exact)."""
        self.slots.setValue(min(max(options.slots, MIN_SLOTS), MAX_SLOTS))
        limit = max(0, options.bandwidth_limit)
        self.limit_speed.setChecked(limit > 0)
        in_mib = limit >= MIB and limit % MIB == 0
        self.speed_unit.setCurrentIndex(1 if in_mib else 0)
        self.speed.setValue(limit // MIB if in_mib else max(1, -(-limit // KIB)))
        self.speed.setEnabled(limit > 0)
        self.speed_unit.setEnabled(limit > 0)
        conflict = options.conflict if options.conflict in CONFLICT_CHOICES \
            else ConflictPolicy.ASK
        self.conflict.setCurrentIndex(CONFLICT_CHOICES.index(conflict))
        self.symlinks.setCurrentIndex(SYMLINK_CHOICES.index(options.symlinks))
        self.keep_times.setChecked(options.keep_times)
        self.keep_permissions.setChecked(options.keep_permissions)

    def options(self) -> TransferOptions:
        """The options the fields show."""
        unit = MIB if self.speed_unit.currentIndex() == 1 else KIB
        return TransferOptions(
            slots=self.slots.value(),
            conflict=CONFLICT_CHOICES[self.conflict.currentIndex()],
            symlinks=SYMLINK_CHOICES[self.symlinks.currentIndex()],
            keep_times=self.keep_times.isChecked(),
            keep_permissions=self.keep_permissions.isChecked(),
            bandwidth_limit=self.speed.value() * unit if self.limit_speed.isChecked() else 0,
        )
