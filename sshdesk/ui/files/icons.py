"""File-type icons for pane rows, chosen by name alone (reading files to guess their type
would be a disk or network round trip per row)."""

from PySide6.QtCore import QMimeDatabase
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileIconProvider

from sshdesk.core.files import FileEntry, display_name


class EntryIcons:
    """Icons for entries: folders, links to folders, and files by their mime type.

    One icon per mime type is kept, so a folder of 10,000 photos looks one icon up once.
    """

    def __init__(self) -> None:
        self._database = QMimeDatabase()
        self._by_mime: dict[str, QIcon] = {}
        self._folder: QIcon | None = None
        self._file = QIcon()

    def icon_for(self, entry: FileEntry) -> QIcon:
        if self._folder is None:  # on first use: the provider needs a QApplication
            provider = QFileIconProvider()
            self._folder = provider.icon(QFileIconProvider.IconType.Folder)
            self._file = provider.icon(QFileIconProvider.IconType.File)
        if entry.is_dir:
            return self._folder
        mime = self._database.mimeTypeForFile(display_name(entry.name),
                                              QMimeDatabase.MatchMode.MatchExtension)
        name = mime.name()
        icon = self._by_mime.get(name)
        if icon is None:
            icon = QIcon.fromTheme(mime.iconName())
            if icon.isNull():
                icon = QIcon.fromTheme(mime.genericIconName())
            if icon.isNull():
                icon = self._file
            self._by_mime[name] = icon
        return icon
