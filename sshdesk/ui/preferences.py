"""The user's terminal preferences, kept with QSettings in the app's config folder."""

import json
from dataclasses import dataclass, fields

from PySide6.QtCore import QSettings

from sshdesk.core import paths


@dataclass
class TerminalPreferences:
    """How terminals look and behave, for every session.

    Attributes:
        scheme: The colour scheme's name.
        font_family: Monospace font family; "" for the system's fixed font.
        font_size: Point size.
        cursor_shape: "block", "underline" or "bar".
        cursor_blink: Whether the cursor blinks.
        copy_on_select: Selecting text copies it at once (as in PuTTY).
        confirm_multiline_paste: Ask before pasting text with line breaks.
        allow_clipboard_write: Let programs set the clipboard (OSC 52).
        scrollback_lines: Lines kept above the screen.
    """

    scheme: str = "sshdesk Dark"
    font_family: str = ""
    font_size: float = 11.0
    cursor_shape: str = "block"
    cursor_blink: bool = True
    copy_on_select: bool = False
    confirm_multiline_paste: bool = True
    allow_clipboard_write: bool = False
    scrollback_lines: int = 10_000


def _settings() -> QSettings:
    path = paths.config_dir() / "preferences.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def load() -> TerminalPreferences:
    """Reads the preferences; missing or unreadable values keep their defaults."""
    settings = _settings()
    defaults = TerminalPreferences()
    values = {}
    for field in fields(TerminalPreferences):
        default = getattr(defaults, field.name)
        raw = settings.value(f"terminal/{field.name}", default)
        values[field.name] = _coerce(raw, default)
    return TerminalPreferences(**values)


def save(preferences: TerminalPreferences) -> None:
    settings = _settings()
    for field in fields(TerminalPreferences):
        settings.setValue(f"terminal/{field.name}", getattr(preferences, field.name))
    settings.sync()


def _coerce(raw: object, default: object) -> object:
    """INI files give strings back; turn them into the default's type, or the default."""
    try:
        if isinstance(default, bool):
            return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1", "yes")
        if isinstance(default, int):
            return int(str(raw))
        if isinstance(default, float):
            return float(str(raw))
        return str(raw)
    except ValueError:
        return default


def load_open_folders() -> list[tuple[str, ...]]:
    """The sidebar folders that were open when the app last closed."""
    raw = _settings().value("sidebar/open_folders", "[]")
    try:
        folders = json.loads(str(raw))
    except ValueError:
        return []
    if not isinstance(folders, list):
        return []
    return [tuple(str(name) for name in folder) for folder in folders
            if isinstance(folder, list) and folder]


def save_open_folders(folders: list[tuple[str, ...]]) -> None:
    settings = _settings()
    settings.setValue("sidebar/open_folders", json.dumps([list(f) for f in folders],
                                                         ensure_ascii=False))
    settings.sync()
