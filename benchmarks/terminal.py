"""Throughput of the terminal core as the widget drives it: feed 64 KiB, read a frame, repeat.

Run: ``.venv/bin/python benchmarks/terminal.py``. Prints MB/s at 80x24 for each stream, for
``feed`` alone and for ``feed`` plus one ``frame()`` per chunk, and what a frame adds (the widget
reads at most one per repaint, so per 64 KiB is the worst case).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
CHUNK = 64 * 1024
COLUMNS, ROWS = 80, 24
MB = 1_000_000


def seq_lines() -> bytes:
    """``seq 1 2000000`` as a pty delivers it (LF turned into CR LF)."""
    return b"".join(b"%d\r\n" % n for n in range(1, 2_000_001))


def colored_listing() -> bytes:
    """An ``ls --color -l``-like listing: several SGR changes on every line."""
    line = ("-rw-r--r-- 1 user group {size:>8} Jan {day:>2} 12:{minute:02d} "
            "\x1b[01;34mdir{n}\x1b[0m \x1b[01;32mrun{n}.sh\x1b[0m \x1b[38;5;208mlog{n}\x1b[0m "
            "\x1b[38;2;90;{g};200mfile{n}.txt\x1b[0m\r\n")
    return "".join(line.format(size=n * 37 % 99999999, day=n % 28 + 1, minute=n % 60, n=n,
                               g=n % 256) for n in range(120_000)).encode()


def full_screen_redraws() -> bytes:
    """An htop-like stream: every frame repositions the cursor on each row and recolors."""
    frames = []
    for frame in range(6_000):
        parts = ["\x1b[?25l\x1b[H"]
        for row in range(1, ROWS + 1):
            bar = "|" * ((frame + row) % 30)
            parts.append(f"\x1b[{row};1H\x1b[36m{row:3}\x1b[1;39m[\x1b[0;32m{bar:<30}"
                         f"\x1b[1;90m{(frame * row) % 1000 / 10:5.1f}%\x1b[0;39m]\x1b[30;42m"
                         f" PID {frame * 7 + row:6} root 20 0 {frame % 999:4}M S \x1b[0m\x1b[K")
        parts.append("\x1b[24;1H\x1b[?25h")
        frames.append("".join(parts))
    return "".join(frames).encode()


def gbk_text() -> bytes:
    """Chinese log lines with some color, in GBK: every byte goes through the decoder."""
    line = "\x1b[32m[信息]\x1b[0m 第{n}行：终端模拟器正在处理中文输出，编码为国标码。\r\n"
    return "".join(line.format(n=n) for n in range(150_000)).encode("gbk")


def measure(data: bytes, encoding: str, with_frames: bool) -> tuple[float, int]:
    """Best-of-three MB/s for ``data`` fed in 64 KiB chunks, and the frames read."""
    from sshdesk.terminal.emulator import TerminalEmulator  # after the sys.path line above

    best, frames = 0.0, 0
    for _ in range(3):
        core = TerminalEmulator(COLUMNS, ROWS, encoding=encoding)
        frames = 0
        started = time.perf_counter()
        for start in range(0, len(data), CHUNK):
            core.feed(data[start:start + CHUNK])
            if with_frames:
                core.frame()
                frames += 1
        best = max(best, len(data) / (time.perf_counter() - started) / MB)
    return best, frames


def main() -> None:
    """Prints one row per stream."""
    streams: list[tuple[str, Callable[[], bytes], str]] = [
        ("seq 1 2000000", seq_lines, "utf-8"),
        ("colored listing (SGR-heavy)", colored_listing, "utf-8"),
        ("full-screen redraws (htop-like)", full_screen_redraws, "utf-8"),
        ("GBK text through the decoder", gbk_text, "gbk"),
    ]
    print(f"{COLUMNS}x{ROWS}, {CHUNK // 1024} KiB chunks, best of 3")
    print(f"{'stream':34} {'size MB':>8} {'feed MB/s':>10} {'+frame MB/s':>12} {'frames':>7}"
          f" {'ms/frame':>9}")
    for name, make, encoding in streams:
        data = make()
        feed_only, _ = measure(data, encoding, with_frames=False)
        with_frames, frames = measure(data, encoding, with_frames=True)
        # What a frame adds (its evp read and our run conversion), from the two timings.
        per_frame = (len(data) / MB / with_frames - len(data) / MB / feed_only) / frames
        print(f"{name:34} {len(data) / MB:8.1f} {feed_only:10.1f} {with_frames:12.1f}"
              f" {frames:7} {per_frame * 1000:9.2f}")


if __name__ == "__main__":
    main()
