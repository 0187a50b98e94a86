"""Sizes, rates, durations and times as the file panes and the transfer panel show them."""

import time

from PySide6.QtCore import QCoreApplication, QLocale

_UNITS = ("KiB", "MiB", "GiB", "TiB", "PiB")


def human_size(size: int) -> str:
    """``1.2 MiB``: binary units with one decimal, or plain bytes below 1 KiB."""
    if size < 1024:
        return QCoreApplication.translate("formatting", "{size} B").format(size=size)
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            break
    return f"{QLocale().toString(value, 'f', 1)} {unit}"


def human_rate(rate: float) -> str:
    """``12.3 MiB/s``."""
    return QCoreApplication.translate("formatting", "{size}/s").format(
        size=human_size(int(rate)))


def human_duration(seconds: float) -> str:
    """``0:42``, ``12:05`` or ``3:04:05``."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def local_time(mtime: int) -> str:
    """A modification time in this computer's time zone, to the minute."""
    try:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(mtime))
    except (OverflowError, OSError, ValueError):  # a server's nonsense date
        return ""
