"""Machine plumbing for sshdesk's integration tests: checks, commands, ports, processes.

The functions are plain library code without pytest; ``tests/integration/conftest.py``
wraps the helpers built on them into fixtures. Functions that need something missing
from the machine raise :class:`FixtureSetupError` with an install hint; the fixtures
turn that into a loud test failure, never a skip.

Most of the helpers need root: ``sshd`` must run as root to switch to the test users,
and users and PAM services live in ``/etc``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

LOOPBACK = "127.0.0.1"

OPENSSH_INSTALL_HINT = (
    "apt-get update && apt-get install -y --no-install-recommends openssh-server openssh-client"
)


class FixtureSetupError(RuntimeError):
    """The machine lacks something a fixture needs (a tool, root, a PAM module)."""


# --------------------------------------------------------------------------- tools


def require_root(what: str) -> None:
    """Fail unless running as root.

    Args:
        what: What needs root, for the error message.

    Raises:
        FixtureSetupError: Not root.
    """
    if os.geteuid() != 0:
        raise FixtureSetupError(
            f"{what} needs root (run the integration tests as root, as CI does)"
        )


def require_programs(*names: str, hint: str = OPENSSH_INSTALL_HINT) -> None:
    """Fail unless every named program is installed.

    Args:
        *names: Program names or absolute paths.
        hint: How to install them, for the error message.

    Raises:
        FixtureSetupError: A program is missing.
    """
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        raise FixtureSetupError(f"missing {', '.join(missing)}; install with: {hint}")


def run(
    argv: Sequence[str | os.PathLike[str]],
    *,
    input_text: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> subprocess.CompletedProcess[str]:
    """Run a short command and raise with its output if it fails."""
    result = subprocess.run(
        [os.fspath(arg) for arg in argv],
        input=input_text,
        env=None if env is None else dict(env),
        stdin=None if input_text is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(os.fspath(a) for a in argv)} exited {result.returncode}:\n"
            f"{result.stdout}{result.stderr}"
        )
    return result


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port that nothing listens on right now.

    The port is only free at the moment of return; a caller that binds later must
    cope with losing the race (``start_sshd`` retries).
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def make_temp_dir(prefix: str, mode: int = 0o700) -> Path:
    """Make a short-named directory in the system temp dir.

    Short paths matter: Unix socket paths are limited to 107 bytes, and pytest's
    ``tmp_path`` names grow with the test name. pytest's base temp dir is also mode
    700, which other users (the test users sshd switches to) cannot traverse.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(mode)
    return path


# ---------------------------------------------------------------------- processes


def descendant_pids(root: int) -> list[int]:
    """Return the pids of all live descendants of ``root`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # exited while we looked
        # The command name (field 2) may contain spaces; fields after ')' are fixed.
        ppid = int(stat.rpartition(")")[2].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _is_gone(pid: int) -> bool:
    """True if the pid no longer runs (exited, or a zombie nobody reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] == "Z"


def terminate_pid(pid: int, timeout: float, popen: subprocess.Popen[bytes] | None = None) -> None:
    """SIGTERM a process, wait up to ``timeout``, then SIGKILL it.

    Args:
        pid: The process id.
        timeout: Seconds to wait after each signal.
        popen: Its Popen if we started it, so it is also reaped.
    """
    if popen is not None and popen.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            break
        if popen is not None:
            try:
                popen.wait(timeout)
                return
            except subprocess.TimeoutExpired:
                continue
        deadline = time.monotonic() + timeout
        while not _is_gone(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if _is_gone(pid):
            return
    if popen is not None:
        popen.wait(timeout)


@contextmanager
def loud_setup(what: str) -> Iterator[None]:
    """Turns a missing tool or privilege into a test failure with the fix, not a skip;
    ``what`` names the set-up in the message (e.g. "integration test setup")."""
    try:
        yield
    except FixtureSetupError as exc:
        message = str(exc)
    else:
        return
    # Outside the except block, so the report shows only the fix, not a chained traceback.
    pytest.fail(f"{what}: {message}", pytrace=False)
