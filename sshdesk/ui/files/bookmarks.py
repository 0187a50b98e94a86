"""Bookmarked folders, one list per pane side (this computer, or one server).

Kept with QSettings in ``bookmarks.ini`` in the app's config folder. Each list is stored as
JSON text, which keeps an undecodable name's escape characters (see
:mod:`sshdesk.core.files`) that a plain QSettings string list would drop.
"""

import json
import logging

from PySide6.QtCore import QSettings

from sshdesk.core import paths

log = logging.getLogger(__name__)


def _settings() -> QSettings:
    return QSettings(str(paths.config_dir() / "bookmarks.ini"), QSettings.Format.IniFormat)


class Bookmarks:
    """The bookmarks of one side, read and written through at once.

    Args:
        key: Which list: ``"local"`` for this computer, ``"remote/<host>"`` for a server.
    """

    def __init__(self, key: str) -> None:
        # QSettings reads "/" as a group separator: one key per list, whatever the host.
        self._key = "folders/" + key.replace("/", "|")

    def paths(self) -> list[str]:
        """The bookmarked folders, in the order they were added."""
        raw = _settings().value(self._key, "[]")
        try:
            value = json.loads(str(raw))
        except ValueError:
            log.warning("bookmarks %s are unreadable; ignored", self._key)
            return []
        return [item for item in value if isinstance(item, str)] \
            if isinstance(value, list) else []

    def add(self, path: str) -> None:
        current = self.paths()
        if path not in current:
            self._save([*current, path])

    def remove(self, path: str) -> None:
        self._save([item for item in self.paths() if item != path])

    def _save(self, items: list[str]) -> None:
        settings = _settings()
        settings.setValue(self._key, json.dumps(items))
        settings.sync()
