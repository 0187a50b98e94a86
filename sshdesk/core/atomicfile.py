"""Replacing a file so that a crash leaves the old version or the new, never a mix.

Used by every file the app rewrites (saved sessions, known hosts): the new content goes
to a temporary file beside the target, is synced, renamed over the target, and the rename
itself is synced. On failure the temporary file is removed and the old file is untouched.
"""

import contextlib
import logging
import os
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def replace_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Atomically replaces ``path`` (created, with its folder, if missing) with ``data``.

    Args:
        mode: Permission bits of the new file; by default the old file's, or private
            (0600) for a new one. A symbolic link is written through to its target.

    Raises:
        OSError: Nothing was changed.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o600
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)  # mkstemp makes it private
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Makes the rename durable (POSIX); Windows cannot open a folder for that."""
    if sys.platform == "win32":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as error:  # some file systems refuse fsync on folders; the file is written
        log.debug("fsync of %s: %s", folder, error)
