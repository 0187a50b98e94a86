"""Which rows a new frame changed, where the viewport is in the buffer, and whether the text
under a selection changed: the terminal widget's bookkeeping, Qt-free.

Rows are compared by identity: the emulator hands out the same
:class:`~sshdesk.terminal.model.RowView` for a row that still shows the same thing, also after
a scroll moved it.

The viewport's first buffer row (see :mod:`sshdesk.terminal.selection`) costs a count of the
scrollback whenever output may have grown it, so it is kept here and forgotten only then:
output that scrolls always changes the first row, so a frame at the bottom whose first row
is unchanged left the scrollback alone. A resize rewraps it, so it is forgotten then too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sshdesk.terminal.emulator import EmulatorCore
from sshdesk.terminal.model import FrameView
from sshdesk.terminal.selection import Selection

__all__ = ["FrameChange", "FrameTracker"]


@dataclass(frozen=True, slots=True)
class FrameChange:
    """What a new frame changed.

    Attributes:
        old: The frame before.
        full: Everything changed (the size or the colours).
        rows: The viewport rows to repaint: those whose row changed, and the cursor's old
            and new rows (every row when ``full``).
        cursor_moved: The cursor moved, appeared or went.
        scrolled_off: Output scrolled the live screen (the scrollback may have grown).
        selection_changed: The text under the selection changed.
    """

    old: FrameView
    full: bool
    rows: tuple[int, ...]
    cursor_moved: bool
    scrolled_off: bool
    selection_changed: bool


class FrameTracker:
    """The frame on screen and the viewport's place in the buffer.

    Args:
        emulator: The terminal core.
    """

    def __init__(self, emulator: EmulatorCore) -> None:
        self._emulator = emulator
        self.frame = emulator.frame()
        self._top: int | None = None  # the frame's first buffer row, if known

    @property
    def known_top(self) -> int | None:
        """The viewport's first buffer row if known without counting, else ``None``."""
        return self._top

    def top(self) -> int:
        """The viewport's first buffer row (counting the scrollback if output made it
        stale, which costs about 7 us a row)."""
        if self._top is None:
            self._top = self._emulator.viewport_top()
        return self._top

    def counted(self, top: int) -> None:
        """Takes the first buffer row someone just counted for the frame on screen."""
        self._top = top

    def rebase(self) -> None:
        """Takes the emulator's frame as the new baseline without comparing: after the
        viewport went elsewhere and came back, its unchanged rows are new objects."""
        self.frame = self._emulator.frame()
        self._top = self._emulator.viewport_top()

    def take(self, selection: Selection | None, scrolled: bool = False) -> FrameChange:
        """Takes the emulator's frame and says what changed.

        Args:
            selection: The selection, to tell whether the text under it changed.
            scrolled: The user (not output) moved the viewport since the last frame (with a
                selection, call :meth:`top` before moving it).
        """
        old, old_top = self.frame, self._top
        frame = self.frame = self._emulator.frame()
        full = (frame.columns != old.columns or len(frame.rows) != len(old.rows)
                or frame.palette is not old.palette or frame.foreground != old.foreground
                or frame.background != old.background)
        changed = [] if full else [
            i for i, (a, b) in enumerate(zip(old.rows, frame.rows, strict=True)) if a is not b]
        scrolled_off = False
        if scrolled:
            # Back at the bottom the top costs a count if output arrived meanwhile: only a
            # selection needs it.
            at_bottom = self._emulator.viewport_at_bottom()
            self._top = None if at_bottom and selection is None \
                else self._emulator.viewport_top()
        elif full:
            self._top = None
        elif changed and changed[0] == 0 and self._emulator.viewport_at_bottom():
            self._top, scrolled_off = None, True
        rows = set(range(len(frame.rows))) if full else set(changed)
        cursor_moved = old.cursor != frame.cursor
        if cursor_moved:
            rows.update(c.row for c in (old.cursor, frame.cursor) if c is not None)
        hit = selection is not None and self._under(
            selection, old, old_top if scrolled else None, changed, full)
        return FrameChange(old, full, tuple(sorted(rows)), cursor_moved, scrolled_off, hit)

    def _under(self, selection: Selection, old: FrameView, old_top: int | None,
               changed: list[int], full: bool) -> bool:
        """Whether the text under ``selection`` changed; ``old_top`` is the old frame's
        first buffer row when the user scrolled since."""
        top = self._top
        if full or top is None:
            return True
        if old_top is not None:  # the user scrolled: compare the rows of each buffer row
            new_rows, old_rows = self.frame.rows, old.rows
            return any(0 <= b - old_top < len(old_rows) and 0 <= b - top < len(new_rows)
                       and old_rows[b - old_top] is not new_rows[b - top]
                       for b in selection.rows)
        return any(top + row in selection.rows for row in changed)
