"""The OpenSSH side of ``benchmarks/transfer.py``: timed ``sftp`` runs, the data, the checks.

Every figure is a whole process, start to exit, as a user would see it: OpenSSH's ``sftp
-b`` (connect, log in, transfer, quit), timed and measured by :func:`peak_rss_of`, which
runs our CLI the same way. No compression and no connection sharing on either side.

OpenSSH runs with its defaults (``-B 32768 -R 64``, and whatever ``limits@openssh.com``
lets it raise them to), as a user's ``sftp`` would.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024
# Reads when hashing: big enough that hashing, not the syscalls, sets the pace.
_HASH_CHUNK = 4 * MiB


@dataclass(frozen=True)
class SshTarget:
    """Where the benchmark's sshd is and how to log in to it without questions.

    Attributes:
        host: The server's address (``127.0.0.1``).
        port: Its port.
        user: The login name.
        key: An unencrypted private key the server accepts.
        known_hosts: A known_hosts file that already trusts the server's host key.
    """

    host: str
    port: int
    user: str
    key: Path
    known_hosts: Path

    def openssh_options(self) -> list[str]:
        """Options that make ``ssh``/``sftp`` use only this key and this known_hosts file,
        never ask, and ignore the machine's own configuration."""
        return [
            "-F", "/dev/null",
            "-o", "BatchMode=yes",
            "-o", "IdentitiesOnly=yes",
            "-o", f"UserKnownHostsFile={self.known_hosts}",
            "-o", "StrictHostKeyChecking=yes",
            "-i", os.fspath(self.key),
        ]


class CommandFailed(RuntimeError):
    """A timed command exited with a status other than 0 (or was killed on timeout).

    Attributes:
        argv: The command.
        returncode: Its exit status (negative: killed by that signal).
        stderr: What it wrote to stderr.
    """

    def __init__(self, argv: Sequence[str], returncode: int, stderr: str) -> None:
        tail = stderr.strip().splitlines()[-1:] or ["(no output on stderr)"]
        super().__init__(f"{argv[0]} exited with {returncode}: {tail[0]}")
        self.argv = list(argv)
        self.returncode = returncode
        self.stderr = stderr


def peak_rss_of(
    command: Sequence[str | os.PathLike[str]],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdout: Path | None = None,
    timeout: float = 3600.0,
) -> tuple[float, int]:
    """Run a command to its end; return its wall time and its peak resident set size.

    The peak comes from ``wait4``'s rusage: the largest RSS of the process and of the
    children it waited for (``sftp`` and its ``ssh``: the larger of the two, not the sum).

    Args:
        command: The program and its arguments.
        env: Its environment (default: ours).
        cwd: Its working folder.
        stdout: A file for its output; None sends it to ``/dev/null``.
        timeout: Seconds before it is killed (and :class:`CommandFailed` raised).

    Returns:
        ``(seconds, peak_rss_bytes)``.

    Raises:
        CommandFailed: It exited with a status other than 0.
    """
    argv = [os.fspath(part) for part in command]
    with tempfile.TemporaryFile() as errors, _output(stdout) as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=errors,
                                   env=None if env is None else dict(env), cwd=cwd)
        # wait4 instead of Popen.wait: only wait4 hands back the child's rusage.
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # so Popen knows it is reaped
        if process.returncode != 0:
            errors.seek(0)
            raise CommandFailed(argv, process.returncode, errors.read().decode(errors="replace"))
    return seconds, usage.ru_maxrss * 1024  # Linux reports KiB


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[int]:
    """A descriptor of ``path`` opened for writing, or of ``/dev/null`` for None."""
    descriptor = os.open(os.devnull if path is None else path,
                         os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


# -- OpenSSH sftp --------------------------------------------------------------------------

def _quoted(path: Path | str) -> str:
    """A path as an sftp batch line takes it: double quotes, with ``\\`` and ``"`` escaped."""
    text = os.fspath(path).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def sftp_batch(target: SshTarget, commands: Sequence[str], stdout: Path | None = None
               ) -> tuple[float, int]:
    """Run OpenSSH's ``sftp -b`` with these batch commands; return ``(seconds, peak RSS)``.

    In batch mode ``sftp`` stops at the first failing command and exits non-zero, so a
    run that did not do its work raises instead of looking fast.

    Raises:
        CommandFailed: ``sftp`` failed (connecting, logging in, or a command).
    """
    with tempfile.NamedTemporaryFile("w", prefix="sftp-batch-", suffix=".txt") as batch:
        batch.write("".join(line + "\n" for line in commands))
        batch.flush()
        argv = ["sftp", "-b", batch.name, "-P", str(target.port), *target.openssh_options(),
                f"{target.user}@{target.host}"]
        return peak_rss_of(argv, stdout=stdout)


def download_file(target: SshTarget, remote: Path, local: Path) -> float:
    """Seconds for ``get REMOTE LOCAL`` (LOCAL: the new file's path)."""
    return sftp_batch(target, [f"get {_quoted(remote)} {_quoted(local)}"])[0]


def upload_file(target: SshTarget, local: Path, remote: Path) -> float:
    """Seconds for ``put LOCAL REMOTE`` (REMOTE: the new file's path)."""
    return sftp_batch(target, [f"put {_quoted(local)} {_quoted(remote)}"])[0]


def download_folder(target: SshTarget, remote: Path, local_parent: Path) -> float:
    """Seconds for ``get -r REMOTE LOCAL_PARENT``: an existing LOCAL_PARENT receives a copy
    named as REMOTE's last part."""
    return sftp_batch(target, [f"get -r {_quoted(remote)} {_quoted(local_parent)}"])[0]


def upload_folder(target: SshTarget, local: Path, remote_parent: Path) -> float:
    """Seconds for ``put -r LOCAL REMOTE_PARENT``: an existing REMOTE_PARENT receives a
    copy named as LOCAL's last part."""
    return sftp_batch(target, [f"put -r {_quoted(local)} {_quoted(remote_parent)}"])[0]


def list_folder(target: SshTarget, remote: Path) -> float:
    """Seconds for ``ls -l REMOTE``, its output to ``/dev/null``."""
    return sftp_batch(target, [f"ls -l {_quoted(remote)}"])[0]


# -- data ----------------------------------------------------------------------------------

def make_big_file(path: Path, size: int) -> Path:
    """Write ``size`` bytes that neither compress nor deduplicate, fast.

    One random MiB, repeated, each copy starting with its own 8-byte counter: random
    data at the speed of a memory copy, and no two blocks alike.
    """
    block = bytearray(os.urandom(MiB))
    with path.open("wb") as out:
        for number in range(-(-size // MiB)):
            struct.pack_into(">Q", block, 0, number)
            out.write(memoryview(block)[: min(MiB, size - number * MiB)])
    return path


def make_small_tree(root: Path, folders: int = 50, files: int = 2000, size: int = 4096) -> Path:
    """Make ``root`` holding ``folders`` folders with ``files`` random files of ``size``
    bytes between them (dealt out in turn: ``d07/f000107.bin``)."""
    root.mkdir(parents=True)
    for folder in range(folders):
        (root / f"d{folder:02d}").mkdir()
    for number in range(files):
        (root / f"d{number % folders:02d}" / f"f{number:06d}.bin").write_bytes(os.urandom(size))
    return root


def make_wide_folder(root: Path, count: int = 10_000) -> Path:
    """Make ``root`` holding ``count`` empty files ``entry-00000`` ...: a listing, not data."""
    root.mkdir(parents=True)
    for number in range(count):
        os.close(os.open(root / f"entry-{number:05d}", os.O_WRONLY | os.O_CREAT, 0o644))
    return root


def wide_folder_names(count: int) -> list[str]:
    """The names :func:`make_wide_folder` makes, in order."""
    return [f"entry-{number:05d}" for number in range(count)]


# -- checks --------------------------------------------------------------------------------

def file_digest(path: Path) -> str:
    """SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tree_digest(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file below ``root`` (folders only by their files)."""
    return {
        os.fspath(path.relative_to(root)): file_digest(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def fresh_folder(path: Path) -> Path:
    """Make ``path`` an empty folder, removing what was there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.mkdir(parents=True)
    return path
