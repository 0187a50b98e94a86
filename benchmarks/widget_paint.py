"""Paint cost of the terminal widget, offscreen: milliseconds per frame for a few workloads.

Run: ``.venv/bin/python benchmarks/widget_paint.py [frames]`` (default 1000). Each frame feeds
the emulator, calls ``refresh()`` as the session does, and lets Qt paint what was invalidated
(the offscreen platform paints into an image, as a real window's backing store does, minus
the flush to the screen). Prints the whole frame's cost (feeding and converting rows
included) and the part spent painting: its mean, median and worst frame.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from itertools import count, cycle
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication

from benchmarks.terminal import pty_bytes, write_log_file
from sshdesk.terminal.emulator import TerminalEmulator
from sshdesk.terminal.widget import PADDING, TerminalWidget


def listing_lines() -> Iterator[str]:
    """``ls --color -l``-like lines: several colours on every line, some truecolor."""
    for n in count():
        yield (f"-rw-r--r-- 1 user group {n * 37 % 99999:>8} Jan {n % 28 + 1:>2} 12:{n % 60:02d} "
               f"\x1b[01;34mdir{n}\x1b[0m \x1b[01;32mrun{n}.sh\x1b[0m \x1b[38;5;208mlog{n}\x1b[0m "
               f"\x1b[38;2;90;{n % 200};200mfile{n}.txt\x1b[0m \x1b[4mu\x1b[0m "
               "\x1b[7mrev\x1b[0m\r\n")


def cjk_lines() -> Iterator[str]:
    """Mixed Chinese and ASCII, as in a Chinese log or ``ls`` of Chinese file names."""
    for n in count():
        yield f"{n:>6} 中文测试 日志 \x1b[32m成功\x1b[0m mixed 文本 text 服务器 server-{n} 完成\r\n"


def log_lines() -> Iterator[str]:
    """The log text of ``benchmarks/terminal.py``'s ``cat`` (some colour, some CJK and
    accents, lines of 40-230 characters that wrap), with CR LF line ends."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log"
        write_log_file(path, 2_000_000)
        text = pty_bytes(path.read_bytes()).decode()
    return cycle(text.splitlines(keepends=True))


class TimedWidget(TerminalWidget):
    """Adds up the time spent in paint events."""

    paint_seconds = 0.0

    def paintEvent(self, event: QPaintEvent) -> None:
        started = time.perf_counter()
        super().paintEvent(event)
        self.paint_seconds += time.perf_counter() - started


def make_widget(columns: int, rows: int) -> tuple[TerminalEmulator, TimedWidget]:
    emulator = TerminalEmulator(columns, rows)
    widget = TimedWidget(emulator)
    widget.size_changed.connect(lambda c, r: (emulator.resize(c, r), widget.refresh()))
    width, height = widget.cell_size()
    scrollbar = widget.verticalScrollBar().sizeHint().width()
    widget.resize(columns * width + 2 * PADDING + scrollbar, rows * height + 2 * PADDING)
    widget.show()
    widget.cursor_blink = False
    QApplication.processEvents()
    return emulator, widget


def run(name: str, columns: int, rows: int, frames: int,
        step: Callable[[TerminalEmulator, TimedWidget, int], None]) -> None:
    emulator, widget = make_widget(columns, rows)
    widget.paint_log = []
    for n in range(min(frames, 50)):  # warm up the caches (glyphs, colours, styles)
        step(emulator, widget, n)
        QApplication.processEvents()
    widget.paint_log.clear()
    widget.paint_seconds = 0.0
    paints: list[float] = []
    started = time.perf_counter()
    for n in range(frames):
        before = widget.paint_seconds
        step(emulator, widget, n)
        QApplication.processEvents()
        paints.append(widget.paint_seconds - before)
    elapsed = time.perf_counter() - started
    painted = len(widget.paint_log) / frames
    print(f"{name:<42} {columns:>3}x{rows:<3} {elapsed / frames * 1000:7.3f} ms/frame, "
          f"painting {widget.paint_seconds / frames * 1000:6.3f} ms mean "
          f"{statistics.median(paints) * 1000:6.3f} median {max(paints) * 1000:6.3f} max "
          f"({painted:4.1f} rows a frame)")
    widget.close()


def scrolling(lines: Iterator[str]) -> Callable[[TerminalEmulator, TerminalWidget, int], None]:
    """One new line a frame: the screen scrolls, so every row moves and is repainted."""
    def step(emulator: TerminalEmulator, widget: TerminalWidget, _n: int) -> None:
        emulator.feed(next(lines).encode())
        widget.refresh()
    return step


def flood(lines: Iterator[str]) -> Callable[[TerminalEmulator, TerminalWidget, int], None]:
    """A screenful of new lines a frame (``cat`` of a big file): the worst case."""
    def step(emulator: TerminalEmulator, widget: TerminalWidget, _n: int) -> None:
        rows = emulator.size()[1]
        emulator.feed("".join(next(lines) for _ in range(rows)).encode())
        widget.refresh()
    return step


def typing(emulator: TerminalEmulator, widget: TerminalWidget, n: int) -> None:
    """A character typed at a prompt: one row changes."""
    if n % 60 == 0:
        emulator.feed(b"\r\n$ ")
    emulator.feed(b"x")
    widget.refresh()


def main() -> None:
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    app = QApplication.instance() or QApplication([])
    print(f"{frames} frames each; Qt platform {app.platformName()}")
    run("typing (one row)", 80, 24, frames, typing)
    run("scrolling colour listing (all rows)", 80, 24, frames, scrolling(listing_lines()))
    run("scrolling colour listing (all rows)", 200, 60, frames, scrolling(listing_lines()))
    run("flood colour listing (all rows, new text)", 200, 60, frames, flood(listing_lines()))
    run("scrolling CJK (all rows)", 120, 40, frames, scrolling(cjk_lines()))
    run("flood log (all rows new a frame)", 120, 40, frames, flood(log_lines()))


if __name__ == "__main__":
    main()
