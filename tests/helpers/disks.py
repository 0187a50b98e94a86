"""Local disks and folders with awkward properties, for transfer tests.

- :func:`small_disk`: a tiny tmpfs, so a download can run out of space for real (ENOSPC)
  instead of through a mock.
- :func:`gbk_names_folder`: files and folders whose names are GBK bytes, as a Chinese
  Windows share or an old Linux server in a GBK locale leaves them. They are not UTF-8,
  so Python shows them with surrogates and paramiko's strict decoding fails on them.

:func:`small_disk` needs root (``mount``); a machine where it cannot mount fails the
test with the reason, never skips it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.system import make_temp_dir

# tmpfs sizes are whole pages; a smaller request still gets one page.
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

#: What :func:`gbk_names_folder` makes: folders end in ``/``, parents come first. ``誠``
#: is in GBK ``D5 5C``: its second byte is a backslash, a trap for code that splits
#: Windows paths on bytes.
GBK_ENTRIES: tuple[str, ...] = (
    "中文文件.txt",
    "配置/",
    "配置/设置.conf",
    "数据/",
    "数据/报告 2024.csv",
    "誠.txt",
)


def is_mounted(path: Path) -> bool:
    """Whether something is mounted exactly at ``path``."""
    target = os.fsencode(path.resolve())
    for line in Path("/proc/self/mounts").read_bytes().splitlines():
        fields = line.split()
        # /proc/mounts escapes spaces and the like as \040; our temp paths have none.
        if len(fields) > 1 and fields[1] == target:
            return True
    return False


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=30, check=False
    )


@contextlib.contextmanager
def small_disk(size_bytes: int) -> Iterator[Path]:
    """Mount a tmpfs of ``size_bytes`` (rounded up to whole pages) on a new folder.

    Writing more than that fails with ``OSError(ENOSPC)``. The disk is unmounted and
    its folder removed on exit, also when the body raised; what was on it is gone.

    Args:
        size_bytes: The disk's size; at least one page (:data:`PAGE_SIZE`) is mounted.

    Yields:
        The mount point, mode 755, empty.

    Raises:
        pytest.fail.Exception: ``mount`` failed (not root, no tmpfs, a container without
            CAP_SYS_ADMIN): the message says why.
    """
    if size_bytes <= 0:
        raise ValueError(f"a disk needs a positive size, not {size_bytes}")
    mount_point = make_temp_dir("sshdesk-disk-", mode=0o755)
    try:
        mounted = _run(
            ["mount", "-t", "tmpfs", "-o", f"size={size_bytes},mode=0755", "tmpfs",
             os.fspath(mount_point)]
        )
    except OSError as error:  # no mount binary at all
        mount_point.rmdir()
        pytest.fail(f"small_disk: cannot run mount: {error}", pytrace=False)
    if mounted.returncode != 0:
        mount_point.rmdir()
        pytest.fail(
            f"small_disk: mount -t tmpfs failed (exit {mounted.returncode}): "
            f"{mounted.stderr.strip().rstrip('.')}. It needs root with CAP_SYS_ADMIN "
            "(run the integration tests as root, as CI does).",
            pytrace=False,
        )
    try:
        yield mount_point
    finally:
        _unmount(mount_point)


def _unmount(mount_point: Path) -> None:
    """Unmount, lazily if a file on it is still open (a leaked handle must not leave the
    mount behind), then remove the folder."""
    if _run(["umount", os.fspath(mount_point)]).returncode != 0:
        lazy = _run(["umount", "-l", os.fspath(mount_point)])
        if lazy.returncode != 0 and is_mounted(mount_point):
            raise RuntimeError(f"cannot unmount {mount_point}: {lazy.stderr.strip()}")
    mount_point.rmdir()


def gbk_names_folder(path: Path) -> list[tuple[str, bytes]]:
    """Create :data:`GBK_ENTRIES` in the existing folder ``path`` under GBK-encoded names.

    The names are written as raw bytes (``os.open(b"...")``), not through the file
    system encoding, so they stay GBK whatever the locale. Each file holds its name in
    UTF-8, so a test can tell which file landed where.

    Returns:
        ``(name, gbk_bytes)`` for every entry, in creation order: the relative path as
        text (``"配置/设置.conf"``, folders with a trailing ``/``) and as the GBK bytes on
        disk (folders with a trailing ``b"/"``).
    """
    base = os.fsencode(path)
    created: list[tuple[str, bytes]] = []
    for name in GBK_ENTRIES:
        raw = name.encode("gbk")
        target = base + b"/" + raw
        if name.endswith("/"):
            os.mkdir(target.rstrip(b"/"), 0o755)
        else:
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(name.encode("utf-8"))
        created.append((name, raw))
    return created
