"""The known hosts manager: the host keys sshdesk trusts, and a way to forget one.

sshdesk's own known_hosts file is listed first; its entries can be removed. The OpenSSH
files it also trusts (normally ``~/.ssh/known_hosts``) follow, greyed and read-only:
sshdesk never writes them, and says so.

Reading the files happens on the GUI thread: they are small local files, read in
milliseconds, and the list must show what is on disk at once.
"""

import os
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sshdesk.core.hostkeys import KnownHostEntry, KnownHosts, default_known_hosts
from sshdesk.ui.dialogs.hostkey import WARNING_COLOUR, label

_ENTRY_ROLE = Qt.ItemDataRole.UserRole
_HOST, _TYPE, _FINGERPRINT = range(3)


def home_relative(path: Path) -> str:
    """``path`` with the home folder written as ``~``, as people know these files."""
    home = os.path.expanduser("~")
    text = str(path)
    if text == home or text.startswith(home.rstrip(os.sep) + os.sep):
        return "~" + text[len(home.rstrip(os.sep)):]
    return text


class KnownHostsDialog(QDialog):
    """Lists the trusted host keys; removes entries from sshdesk's own file.

    Signals:
        entry_removed(object): A :class:`~sshdesk.core.hostkeys.KnownHostEntry` was removed
            from sshdesk's own file (sshdesk will ask about that host's key again).
    """

    entry_removed = Signal(object)

    def __init__(self, known_hosts: KnownHosts | None = None,
                 parent: QWidget | None = None) -> None:
        """
        Args:
            known_hosts: The files to show; sshdesk's own file and ``~/.ssh/known_hosts``
                by default.
            parent: The window the dialog belongs to.
        """
        super().__init__(parent)
        self.known_hosts = known_hosts or default_known_hosts()
        #: The confirmation on screen, if any (tests answer it).
        self.confirmation: QMessageBox | None = None
        self.setWindowTitle(self.tr("Known hosts"))
        self.resize(820, 480)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr(
            "Filter by host, key type or fingerprint"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.tree = self._make_tree()
        self.remove_button = QPushButton(self.tr("&Remove…"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.ask_remove_selected)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree,
                  self.ask_remove_selected)
        self.status_label = label("", selectable=True)
        self.status_label.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.status_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(row)
        self.reload()
        self.filter_edit.setFocus()

    def _make_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(3)
        tree.setHeaderLabels([self.tr("Host"), self.tr("Key type"), self.tr("Fingerprint")])
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(True)
        tree.itemSelectionChanged.connect(self._selection_changed)
        return tree

    # -- listing ------------------------------------------------------------------------

    def reload(self) -> None:
        """Reads the files again and shows what they hold now."""
        self.tree.clear()
        entries = self.known_hosts.entries()
        own = [e for e in entries if e.source == self.known_hosts.own_file]
        self._add_section(
            self.tr("Remembered by sshdesk ({path})").format(
                path=home_relative(self.known_hosts.own_file)), own, read_only=False)
        for path in self.known_hosts.read_only_files:
            self._add_section(
                self.tr("From {path} (read-only)").format(path=home_relative(path)),
                [e for e in entries if e.source == path], read_only=True)
        self.tree.expandAll()
        self._apply_filter(self.filter_edit.text())
        self._selection_changed()

    def _add_section(self, title: str, entries: list[KnownHostEntry], read_only: bool) -> None:
        section = QTreeWidgetItem(self.tree, [title])
        section.setFirstColumnSpanned(True)
        section.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a choice
        font = section.font(0)
        font.setBold(True)
        section.setFont(0, font)
        for entry in entries:
            self._add_entry(section, entry, read_only)
        if not entries:
            placeholder = QTreeWidgetItem(section, [self.tr("(no entries)")])
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)  # greyed, never selected

    def _add_entry(self, section: QTreeWidgetItem, entry: KnownHostEntry,
                   read_only: bool) -> None:
        key_type = entry.key_type
        if entry.marker:
            key_type = self.tr("{key_type} (revoked)").format(key_type=key_type)
        item = QTreeWidgetItem(section, [self._hosts_text(entry), key_type, entry.fingerprint])
        item.setData(0, _ENTRY_ROLE, entry)
        item.setFont(_FINGERPRINT, QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        where = f"{home_relative(entry.source)}:{entry.line_number}"
        if read_only:
            tip = self.tr("From {where} (read-only): sshdesk trusts it but never changes "
                          "that file.").format(where=where)
            grey = self.palette().color(QPalette.ColorGroup.Disabled,
                                        QPalette.ColorRole.Text)
            for column in range(3):
                item.setForeground(column, grey)
        else:
            tip = where
        if any(p.startswith("|1|") for p in entry.patterns):
            tip += "\n" + self.tr("The host name is stored hashed; type the exact name "
                                  "(or [name]:port) in the filter to find it.")
        for column in range(3):
            item.setToolTip(column, tip)

    def _hosts_text(self, entry: KnownHostEntry) -> str:
        return ", ".join(self.tr("(hashed host name)") if p.startswith("|1|") else p
                         for p in entry.patterns)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        for item in self._rows():
            item.setHidden(bool(needle) and not self._matches(item, needle))

    def _matches(self, item: QTreeWidgetItem, needle: str) -> bool:
        entry: KnownHostEntry | None = item.data(0, _ENTRY_ROLE)
        if entry is None:  # the "(no entries)" line
            return False
        texts = (item.text(_HOST), item.text(_TYPE), item.text(_FINGERPRINT))
        # A hashed name cannot be searched for by a part of it, only by the whole name.
        return any(needle in text.lower() for text in texts) or entry.matches(needle)

    def _rows(self) -> list[QTreeWidgetItem]:
        """The rows under the section headings, in order ("(no entries)" included)."""
        rows = []
        for index in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(index)
            if section is not None:
                rows += [row for i in range(section.childCount())
                         if (row := section.child(i)) is not None]
        return rows

    def visible_entries(self) -> list[KnownHostEntry]:
        """The entries the list shows now (the filter applied), in order."""
        return [row.data(0, _ENTRY_ROLE) for row in self._rows()
                if not row.isHidden() and row.data(0, _ENTRY_ROLE) is not None]

    def select(self, entry: KnownHostEntry) -> None:
        """Selects ``entry``'s row (for keyboard users and tests)."""
        for row in self._rows():
            if row.data(0, _ENTRY_ROLE) == entry:
                self.tree.setCurrentItem(row)
                return

    def selected_entry(self) -> KnownHostEntry | None:
        """The selected entry, if any."""
        items = self.tree.selectedItems()
        entry: KnownHostEntry | None = items[0].data(0, _ENTRY_ROLE) if items else None
        return entry

    def _is_own(self, entry: KnownHostEntry | None) -> bool:
        return entry is not None and entry.source == self.known_hosts.own_file

    def _selection_changed(self) -> None:
        entry = self.selected_entry()
        self.remove_button.setEnabled(self._is_own(entry))
        if entry is not None and not self._is_own(entry):
            self.remove_button.setToolTip(self.tr(
                "This entry is in {path}, which sshdesk does not change. Edit that file, "
                "or run: ssh-keygen -R <host>").format(path=home_relative(entry.source)))
        else:
            self.remove_button.setToolTip("")

    # -- removing -----------------------------------------------------------------------

    def ask_remove_selected(self) -> None:
        """Asks for confirmation, then removes the selected entry (own file only)."""
        entry = self.selected_entry()
        if not self._is_own(entry) or self.confirmation is not None:
            return
        assert entry is not None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove host key"), self.tr(
            "Remove the {key_type} key of {hosts}?").format(
                key_type=entry.key_type, hosts=self._hosts_text(entry)), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # host patterns come from a file
        box.setInformativeText(self.tr(
            "sshdesk will no longer recognise this server, and will ask you to check and "
            "trust its key again the next time you connect."))
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _result: self._confirmed(box, remove, entry))
        self.confirmation = box
        box.open()

    def _confirmed(self, box: QMessageBox, remove: QPushButton, entry: KnownHostEntry) -> None:
        self.confirmation = None
        box.deleteLater()
        if box.clickedButton() is remove:
            self.remove(entry)

    def remove(self, entry: KnownHostEntry) -> bool:
        """Removes ``entry`` from sshdesk's own file at once, without asking.

        Returns:
            True if it was removed (or already gone); False if the file could not be
            written, which the dialog then says under the list.
        """
        try:
            self.known_hosts.remove(entry)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.status_label.setText(self.tr("Cannot remove the entry: {reason}").format(
                reason=reason))
            self.status_label.show()
            return False
        self.status_label.hide()
        self.reload()
        self.entry_removed.emit(entry)
        return True
