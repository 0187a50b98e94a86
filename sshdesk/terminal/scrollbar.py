"""Keeps the terminal's scroll bar on the scrollback without freezing the window.

The bar's range is the scrollback's size, and counting it blocks the GUI thread (evp 0.0.1 has
no cheap count: about 250 ms for 20,000 rows). So the bar follows an estimate: the rows each
frame scrolled off, found by where the new first row was. That is exact unless a frame
scrolled more than a screen (a flood), which brings a count once output pauses, or until the
scrollback is full (it then drops as many rows as it takes), which a count every minute (or
fifty times the count's own cost) corrects while output arrives.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QScrollBar

from sshdesk.terminal.emulator import EmulatorCore
from sshdesk.terminal.model import RowView

__all__ = ["ScrollBarSync"]

#: Output pausing this long brings the count.
PAUSE_MS = 250
#: The estimate moves the bar at most this often (each move repaints it: ~2 ms a frame).
ESTIMATE_MS = 100
#: The longest the count waits after output (a full scrollback makes the estimate drift).
MAX_WAIT_MS = 60_000
_COST_FACTOR = 50


class ScrollBarSync(QObject):
    """Sets a scroll bar's range and value from the emulator, lazily.

    Args:
        bar: The scroll bar (its signals are blocked while it is set).
        emulator: The terminal core.
        counted: Called with the viewport's exact first buffer row after each count.
    """

    def __init__(self, bar: QScrollBar, emulator: EmulatorCore,
                 counted: Callable[[int], None]) -> None:
        super().__init__(bar)
        self._bar = bar
        self._emulator = emulator
        self._counted = counted
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.sync)
        self._due: float | None = None  # when the count is due at the latest
        self._wait = MAX_WAIT_MS / 1000
        self._scrolled = 0  # rows scrolled off since the bar last moved
        self._exact = True  # whether the estimate counted every row scrolled off
        self._estimate_timer = QTimer(self, singleShot=True, interval=ESTIMATE_MS)
        self._estimate_timer.timeout.connect(self._apply_estimate)

    def output_arrived(self, at_bottom: bool) -> None:
        """Schedules a count: when output pauses if the estimate is off (or the view is
        scrolled back, where nothing is estimated), else when due."""
        if not at_bottom:
            self._exact = False
        now = time.monotonic()
        if self._due is None:
            self._due = now + self._wait
        wait = max(0.0, self._due - now)
        if not self._exact:
            wait = min(PAUSE_MS / 1000, wait)
        self._timer.start(round(wait * 1000))

    def scrolled_off(self, old: Sequence[RowView], new: Sequence[RowView]) -> None:
        """Moves the bar by the rows output scrolled from ``old`` (the last frame at the
        bottom) to ``new``: how far up the first row with text both show went. Blank rows
        say nothing (the emulator may keep one blank row's object where it was), and
        without a row in common the estimate is a screenful and a count follows."""
        if self._emulator.modes().alternate_screen:
            return  # no scrollback there
        where = {id(row): index for index, row in enumerate(old)}
        shift = next((where[id(row)] - index for index, row in enumerate(new)
                      if id(row) in where and old[where[id(row)]] is row and row.text.strip()),
                     None)
        if shift is None:
            shift, self._exact = len(new), False
        self._scrolled += max(0, shift)
        if not self._estimate_timer.isActive():
            self._estimate_timer.start()

    def _apply_estimate(self) -> None:
        if self._scrolled:
            self._set(self._bar.maximum() + self._scrolled, None)
            self._scrolled = 0

    def sync(self) -> None:
        """Counts the scrollback now and sets the bar exactly."""
        self._timer.stop()
        self._estimate_timer.stop()
        self._scrolled = 0
        started = time.perf_counter()
        history = self._emulator.scrollback_size()
        top = self._emulator.viewport_top()
        cost = time.perf_counter() - started
        self._wait = max(MAX_WAIT_MS / 1000, cost * _COST_FACTOR)
        self._due = None
        self._exact = True
        self._set(history, top)
        self._counted(top)

    def moved(self, top: int | None) -> None:
        """The user moved the viewport to buffer row ``top`` (``None``: the bottom); no count
        (one is scheduled if output made the range stale)."""
        maximum = self._bar.maximum()
        self._set(maximum if top is None else max(maximum, top), top)

    def set_page(self, rows: int) -> None:
        """A page is a screenful."""
        self._bar.setPageStep(rows)

    def _set(self, maximum: int, value: int | None) -> None:
        bar = self._bar
        blocked = bar.blockSignals(True)
        try:
            bar.setRange(0, maximum)
            bar.setValue(maximum if value is None else value)
        finally:
            bar.blockSignals(blocked)
