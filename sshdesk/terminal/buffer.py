"""Reading the terminal's whole buffer (scrollback and screen) for copy and search, Qt-free.

The emulator hands out the text of every row (``history_lines``) but cells, widths and the
screen's rows only for what the viewport shows. A selection's partial rows beyond the viewport,
or the screen's rows while the view is scrolled back, are read by moving the viewport there
and back; the owner is told, as the moves give it new row objects for unchanged rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from sshdesk.terminal.emulator import EmulatorCore
from sshdesk.terminal.model import RowView

__all__ = ["BufferReader"]


class BufferReader:
    """Reads buffer rows (see :mod:`sshdesk.terminal.selection` for buffer rows).

    Args:
        emulator: The terminal core.
        moved_back: Called after the viewport went elsewhere and came back.
    """

    def __init__(self, emulator: EmulatorCore, moved_back: Callable[[], None]) -> None:
        self._emulator = emulator
        self._moved_back = moved_back
        self._lines: list[str] | None = None

    def forget(self) -> None:
        """Drops the cached text (output arrived)."""
        self._lines = None

    def lines(self) -> list[str]:
        """Every buffer row's text, oldest first; cached until :meth:`forget`. Costs a
        count of the scrollback (about 7 us a row) when not cached."""
        if self._lines is None:
            emulator = self._emulator
            history = emulator.history_lines()
            if emulator.viewport_at_bottom():
                screen = emulator.display()
            else:
                with self._peeking():
                    emulator.scroll_viewport_to_bottom()
                    screen = emulator.display()
            self._lines = history + screen
        return self._lines

    def rows(self, wanted: Iterable[int], whole: Callable[[int], bool],
             visible: dict[int, RowView]) -> dict[int, RowView | str]:
        """Rows by buffer index: the viewport's own, only the text of rows needed ``whole``,
        and the others read from frames of the viewport moved to them (an empty text for a
        row that no longer exists)."""
        wanted = list(wanted)
        found: dict[int, RowView | str] = {}
        missing = []
        for index in wanted:
            if index in visible:
                found[index] = visible[index]
            elif whole(index):
                lines = self.lines()
                found[index] = lines[index] if index < len(lines) else ""
            else:
                missing.append(index)
        if missing:
            with self._peeking():
                for index in missing:
                    if index not in found:
                        self._emulator.scroll_viewport_to(index)
                        top = self._emulator.viewport_top()
                        found.update(enumerate(self._emulator.frame().rows, top))
                    found.setdefault(index, "")
        return {index: found[index] for index in wanted}

    @contextmanager
    def _peeking(self) -> Iterator[None]:
        emulator = self._emulator
        at_bottom = emulator.viewport_at_bottom()
        top = emulator.viewport_top()
        try:
            yield
        finally:
            if at_bottom:
                emulator.scroll_viewport_to_bottom()
            else:
                emulator.scroll_viewport_to(top)
            self._moved_back()
