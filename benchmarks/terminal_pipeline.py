"""A log flood through the whole terminal, against OpenSSH's ``ssh`` on the same sshd.

    .venv/bin/python benchmarks/terminal_pipeline.py [--lines N]

Runs ``seq 1 N`` on a throwaway sshd (needs root, like the tests) and times:
- ``sshdesk terminal``: shell channel -> reader thread -> per-frame drain -> emulator ->
  widget repaints (offscreen Qt), until the end marker is on the screen;
- ``ssh -tt``: OpenSSH with a pty, its output thrown away (the transport's ceiling: no
  terminal emulation or drawing at all).
Prints MB/s for both and the ratio, plus how many frames were painted.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from sshdesk.core.connection import connect  # noqa: E402
from sshdesk.core.hostkeys import KnownHosts  # noqa: E402
from sshdesk.core.profile import SessionProfile  # noqa: E402
from sshdesk.core.prompts import NoPrompter  # noqa: E402
from sshdesk.terminal.emulator import TerminalEmulator  # noqa: E402
from sshdesk.terminal.session import TerminalSession  # noqa: E402
from sshdesk.terminal.widget import TerminalWidget  # noqa: E402
from tests.helpers.keys import generate_key, known_hosts_line, write_authorized_keys  # noqa: E402
from tests.helpers.sshd import start_sshd  # noqa: E402

MB = 1_000_000


def output_size(lines: int) -> int:
    """Bytes ``seq 1 N`` prints through a pty (LF becomes CR LF)."""
    return sum(len(str(n)) + 2 for n in range(1, lines + 1))


def through_sshdesk(app: QApplication, profile: SessionProfile, known: KnownHosts,
                    lines: int) -> tuple[float, int]:
    with connect(profile, NoPrompter(), known) as connection:
        emulator = TerminalEmulator(120, 40)
        widget = TerminalWidget(emulator)
        widget.resize(1100, 700)
        widget.show()
        painted: list[int] = []
        widget.paint_log = painted
        session = TerminalSession(connection.open_shell("xterm-256color", 120, 40), emulator)
        session.screen_changed.connect(widget.refresh)
        session.start()
        session.send_text("stty -echo; export PS1=''\n")
        _wait(app, lambda: session.bytes_received > 0)
        start = time.perf_counter()
        session.send_text(f"seq 1 {lines}; echo end-$((40+2))\n")
        _wait(app, lambda: any("end-42" in line for line in emulator.display()))
        elapsed = time.perf_counter() - start
        session.close(wait=True)
        widget.close()
    return elapsed, len(painted)


def _wait(app: QApplication, condition: object, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("the terminal never showed the end marker")
        app.processEvents()
        time.sleep(0.001)


def through_ssh(port: int, key: Path, known_file: Path, lines: int) -> float:
    command = ["ssh", "-tt", "-F", "/dev/null", "-o", "BatchMode=yes", "-o",
               f"UserKnownHostsFile={known_file}", "-i", str(key), "-p", str(port),
               "root@127.0.0.1", f"seq 1 {lines}"]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=3_000_000)
    args = parser.parse_args()
    app = QApplication([])
    work = Path(tempfile.mkdtemp(prefix="sshdesk-bench-"))
    os.chmod(work, 0o755)
    key = generate_key(work / "id_ed25519", "ed25519")
    authorized = write_authorized_keys(work / "authorized_keys", [work / "id_ed25519.pub"])
    server = start_sshd(authorized_keys=authorized, log_level="ERROR", label="bench")
    try:
        known_file = work / "known_hosts"
        known_file.write_text(known_hosts_line(server.server) + "\n")
        profile = SessionProfile(host="127.0.0.1", port=server.server.port, username="root",
                                 key_files=(str(key),), allow_agent=False,
                                 look_for_keys=False, keepalive_interval=0)
        size = output_size(args.lines)
        ours, frames = through_sshdesk(app, profile, KnownHosts(known_file), args.lines)
        theirs = through_ssh(server.server.port, key, known_file, args.lines)
    finally:
        server.stop()
    print(f"seq 1 {args.lines}: {size / MB:.1f} MB through a 120x40 terminal on 127.0.0.1")
    print(f"{'client':<34}{'seconds':>9}{'MB/s':>9}")
    print(f"{'sshdesk terminal (parse + paint)':<34}{ours:>9.2f}{size / MB / ours:>9.1f}")
    print(f"{'ssh -tt > /dev/null (no terminal)':<34}{theirs:>9.2f}{size / MB / theirs:>9.1f}")
    print(f"ratio (sshdesk time / ssh time): {ours / theirs:.2f}; frames painted: {frames}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
