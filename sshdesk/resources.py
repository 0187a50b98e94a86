"""Locating the files under the project's ``resources/`` folder (icons, translations)."""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def icon_path() -> Path:
    """The scalable app icon."""
    return RESOURCES / "icons" / "sshdesk.svg"
