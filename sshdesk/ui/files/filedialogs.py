"""The small dialogs of the pane's menu: permissions, owner and group, new symlink, and
properties. Each only asks or shows; the pane's actions do the work on its worker."""

from PySide6.QtCore import QLocale, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.files import FileEntry, TreeCount, display_name, permission_text
from sshdesk.ui.files.formatting import human_size, local_time

_MAX_ID = 2**31 - 1


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PermissionsDialog(QDialog):
    """Permission bits as an octal number and as nine boxes, kept in step both ways."""

    def __init__(self, what: str, permissions: int, folder: bool,
                 parent: QWidget | None = None) -> None:
        """
        Args:
            what: The name (or "3 items") the change is for.
            permissions: The current bits (``0o755``), special bits included.
            folder: Offer to apply the bits to everything inside.
        """
        super().__init__(parent)
        self.setWindowTitle(self.tr("Permissions of {what}").format(what=what))
        self._special = permissions & 0o7000
        layout = QVBoxLayout(self)
        self.octal = QLineEdit(self)
        self.octal.setValidator(QRegularExpressionValidator(QRegularExpression("[0-7]{0,4}"),
                                                            self.octal))
        self.octal.textEdited.connect(self._octal_edited)
        form = QFormLayout()
        form.addRow(self.tr("Octal:"), self.octal)
        layout.addLayout(form)
        layout.addLayout(self._build_boxes())
        self.recursive = QCheckBox(self.tr("Apply to everything inside"), self)
        self.recursive.setVisible(folder)
        layout.addWidget(self.recursive)
        layout.addWidget(_buttons(self))
        self._show(permissions)

    def _build_boxes(self) -> QGridLayout:
        grid = QGridLayout()
        for column, text in enumerate((self.tr("Read"), self.tr("Write"), self.tr("Execute"))):
            grid.addWidget(QLabel(text, self), 0, column + 1)
        self.boxes: list[QCheckBox] = []
        for row, text in enumerate((self.tr("Owner"), self.tr("Group"), self.tr("Others"))):
            grid.addWidget(QLabel(text, self), row + 1, 0)
            for column in range(3):
                box = QCheckBox(self)
                box.toggled.connect(self._box_toggled)
                grid.addWidget(box, row + 1, column + 1)
                self.boxes.append(box)
        return grid

    def permissions(self) -> int:
        return self._special | sum(1 << (8 - i) for i, box in enumerate(self.boxes)
                                   if box.isChecked())

    def _show(self, permissions: int) -> None:
        for i, box in enumerate(self.boxes):
            box.blockSignals(True)
            box.setChecked(bool(permissions & (1 << (8 - i))))
            box.blockSignals(False)
        digits = 4 if self._special else 3
        self.octal.setText(f"{permissions & 0o7777:0{digits}o}")

    def _box_toggled(self) -> None:
        self._show(self.permissions())

    def _octal_edited(self, text: str) -> None:
        if len(text) < 3:
            return  # still typing
        value = int(text, 8)
        self._special = value & 0o7000
        for i, box in enumerate(self.boxes):
            box.blockSignals(True)
            box.setChecked(bool(value & (1 << (8 - i))))
            box.blockSignals(False)


class OwnerDialog(QDialog):
    """New owner and group numbers, showing the current names."""

    def __init__(self, what: str, entry: FileEntry, folder: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Owner and group of {what}").format(what=what))
        self._entry = entry
        form = QFormLayout(self)
        form.addRow(self.tr("Current owner:"), QLabel(_named(entry.owner, entry.uid), self))
        form.addRow(self.tr("Current group:"), QLabel(_named(entry.group, entry.gid), self))
        self.uid = self._spin(entry.uid)
        self.gid = self._spin(entry.gid)
        form.addRow(self.tr("New owner (number):"), self.uid)
        form.addRow(self.tr("New group (number):"), self.gid)
        self.recursive = QCheckBox(self.tr("Apply to everything inside"), self)
        self.recursive.setVisible(folder)
        form.addRow(self.recursive)
        form.addRow(_buttons(self))

    def _spin(self, value: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, _MAX_ID)
        spin.setValue(max(0, value))
        return spin

    def owner(self) -> int | None:
        """The new owner's number, or None when unchanged."""
        return None if self.uid.value() == self._entry.uid else self.uid.value()

    def group(self) -> int | None:
        return None if self.gid.value() == self._entry.gid else self.gid.value()


def _named(name: str, number: int) -> str:
    if number < 0:
        return display_name(name) or "?"
    if not name or name == str(number):
        return str(number)
    return f"{display_name(name)} ({number})"


class SymlinkDialog(QDialog):
    """A new symbolic link: its name, and the path it points at."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New symbolic link"))
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.target = QLineEdit(self)
        self.target.setPlaceholderText(self.tr("A path, absolute or relative to the link"))
        form.addRow(self.tr("Link name:"), self.name)
        form.addRow(self.tr("Points to:"), self.target)
        buttons = _buttons(self)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form.addRow(buttons)
        self.name.textChanged.connect(self._update)
        self.target.textChanged.connect(self._update)
        self._update()

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.target.text().strip()

    def _update(self) -> None:
        name, target = self.values()
        self._ok.setEnabled(bool(name and target and "/" not in name))


class PropertiesDialog(QDialog):
    """What is known of one entry; a folder's size is filled in once counted."""

    def __init__(self, entry: FileEntry, folder_path: str, side: str,
                 parent: QWidget | None = None) -> None:
        """
        Args:
            entry: The entry described.
            folder_path: The folder holding it.
            side: Where it is ("this computer" or the host).
        """
        super().__init__(parent)
        name = display_name(entry.name)
        self.setWindowTitle(self.tr("Properties of {name}").format(name=name))
        form = QFormLayout(self)
        self._rows: dict[str, QLabel] = {}
        self._add(form, "name", self.tr("Name:"), name)
        self._add(form, "folder", self.tr("Folder:"),
                  self.tr("{path} on {side}").format(path=display_name(folder_path), side=side))
        counting = entry.is_dir and not entry.is_link
        self._add(form, "size", self.tr("Size:"),
                  self.tr("Counting…") if counting else self._size_text(entry.size))
        self._add(form, "modified", self.tr("Modified:"), local_time(entry.mtime))
        self._add(form, "permissions", self.tr("Permissions:"),
                  f"{permission_text(entry.mode)} ({entry.permissions:04o})")
        self._add(form, "owner", self.tr("Owner:"), _named(entry.owner, entry.uid))
        self._add(form, "group", self.tr("Group:"), _named(entry.group, entry.gid))
        if entry.link_target is not None:
            self._add(form, "target", self.tr("Link target:"), display_name(entry.link_target))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _add(self, form: QFormLayout, key: str, label: str, text: str) -> None:
        value = QLabel(text, self)
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._rows[key] = value
        form.addRow(label, value)

    def text_of(self, key: str) -> str:
        """A row's value: name, folder, size, modified, permissions, owner, group, target."""
        return self._rows[key].text()

    def _size_text(self, size: int) -> str:
        return self.tr("{size} ({bytes} bytes)").format(
            size=human_size(size), bytes=QLocale().toString(size))

    def set_count(self, count: TreeCount) -> None:
        """Shows a folder's total size, once counted."""
        self._rows["size"].setText(self.tr("{size}, in {files} files and {folders} folders")
                                   .format(size=self._size_text(count.bytes),
                                           files=count.files, folders=count.folders - 1))

    def set_count_failed(self) -> None:
        self._rows["size"].setText(self.tr("Unknown (some of it could not be read)"))
