"""Remote names are not trusted as local paths.

A server chooses the names it lists, and a hostile or broken one may send ``../../x``,
``/etc/x``, ``C:\\x`` or ``nul\\0``. A download takes each name through :func:`local_name`
and checks each final path with :func:`is_inside` (which also catches a symlink in the
local target tree leading out of it) before writing anything.
"""

import os
import re
from pathlib import Path

_DRIVE = re.compile(r"^[A-Za-z]:")
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{n}" for n in range(1, 10)]
    + [f"LPT{n}" for n in range(1, 10)])
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f]')


def local_name(name: str, windows: bool = os.name == "nt") -> str | None:
    """The local file name to use for the remote ``name``, or ``None`` to refuse it.

    Refused: empty, ``.``, ``..``, anything with ``/``, ``\\`` or NUL, a drive prefix.
    On Windows (``windows``), a reserved device name (``CON``, ``aux.txt``) gets a ``_``
    in front, and characters Windows forbids become ``_``; elsewhere those are ordinary
    names.
    """
    if (not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name
            or _DRIVE.match(name)):
        return None
    if windows:
        name = _WINDOWS_FORBIDDEN.sub("_", name)
        if name.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
            name = "_" + name
        if name.endswith((" ", ".")):
            name = name.rstrip(" .") + "_"
    return name


def is_inside(folder: Path, path: Path) -> bool:
    """Whether ``path`` (which need not exist yet) resolves to somewhere inside ``folder``,
    following any symlinks on the way."""
    root = os.path.realpath(folder)
    resolved = os.path.realpath(path)
    return resolved == root or resolved.startswith(root.rstrip(os.sep) + os.sep)
