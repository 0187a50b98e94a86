"""Text selection on the terminal grid, Qt-free: where it is, which cells of a row it covers,
and the text it selects.

Rows are *buffer rows*: the scrollback's rows first (0 is the oldest), then the screen's, so
row ``viewport_top() + r`` is the viewport's row ``r`` (see
:meth:`sshdesk.terminal.emulator.EmulatorCore.viewport_top`). Columns are cell *boundaries*:
a selection from column 2 to column 5 covers cells 2, 3 and 4. A boundary inside a wide
character is pushed outwards, so such a character is selected whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sshdesk.terminal.model import RowView

__all__ = [
    "WORD_CHARACTERS", "Selection", "column_of", "row_slice", "selection_text", "snap_span",
    "takes_whole_row", "word_bounds",
]

#: Besides letters and digits, what a double-click takes as part of a word: enough for paths,
#: URLs, addresses and options (``/var/log/syslog``, ``user@host:22``, ``--max-count=3``).
WORD_CHARACTERS = frozenset("-#%&+,./:=?@_~")


@dataclass(frozen=True, slots=True)
class Selection:
    """A selection between two grid points, in the order the user made it.

    Attributes:
        anchor: ``(row, column)`` where the selection started.
        end: ``(row, column)`` where it ends now (before or after the anchor).
        block: A rectangle (Alt+drag) rather than running text.
    """

    anchor: tuple[int, int]
    end: tuple[int, int]
    block: bool = False

    @property
    def start_point(self) -> tuple[int, int]:
        """The earlier of the two points."""
        return min(self.anchor, self.end)

    @property
    def end_point(self) -> tuple[int, int]:
        """The later of the two points."""
        return max(self.anchor, self.end)

    @property
    def rows(self) -> range:
        """The buffer rows the selection touches."""
        return range(self.start_point[0], self.end_point[0] + 1)

    def is_empty(self) -> bool:
        """Whether it covers no cell."""
        if self.block:
            return self.anchor[1] == self.end[1]
        return self.anchor == self.end

    def span(self, row: int, columns: int) -> tuple[int, int] | None:
        """The columns ``[start, stop)`` selected in ``row`` of ``columns`` cells, or ``None``."""
        (first_row, first), (last_row, last) = self.start_point, self.end_point
        if not first_row <= row <= last_row:
            return None
        if self.block:
            left, right = sorted((self.anchor[1], self.end[1]))
            start, stop = left, right
        else:
            start = first if row == first_row else 0
            stop = last if row == last_row else columns
        start, stop = max(0, min(start, columns)), max(0, min(stop, columns))
        return (start, stop) if start < stop else None

    def shifted(self, rows: int) -> Selection:
        """The same selection ``rows`` further down the buffer."""
        return Selection((self.anchor[0] + rows, self.anchor[1]),
                         (self.end[0] + rows, self.end[1]), self.block)


def snap_span(widths: bytes, start: int, stop: int) -> tuple[int, int]:
    """``[start, stop)`` widened so that it never splits a wide character."""
    if 0 < start < len(widths) and widths[start] == 0:
        start -= 1
    if 0 < stop < len(widths) and widths[stop] == 0:
        stop += 1
    return start, stop


def row_slice(row: RowView, start: int, stop: int) -> str:
    """The text of columns ``[start, stop)``: a wide character once, trailing blanks kept."""
    start, stop = snap_span(row.widths, start, stop)
    return "".join(row.graphemes[start:stop])


def selection_text(selection: Selection, row_at: Callable[[int], RowView | str],
                   columns: int) -> str:
    """The selected text: each row's part with trailing blanks removed, joined with newlines.

    Args:
        selection: What is selected.
        row_at: The buffer row by index: a :class:`RowView`, or only its text (all of the
            row's graphemes joined) for a row the selection takes whole.
        columns: The grid's width.
    """
    lines = []
    for index in selection.rows:
        span = selection.span(index, columns)
        row = row_at(index)
        if span is None:
            lines.append("")
        elif isinstance(row, str):
            lines.append(row.rstrip(" "))
        else:
            lines.append(row_slice(row, *span).rstrip(" "))
    return "\n".join(lines)


def takes_whole_row(selection: Selection, row: int, columns: int) -> bool:
    """Whether ``row`` is selected from its first column to its last."""
    return selection.span(row, columns) == (0, columns)


def column_of(row: RowView, index: int) -> int:
    """The column of character ``index`` of ``row.text`` (wide characters and combining
    marks make the two differ)."""
    chars = 0
    for column, grapheme in enumerate(row.graphemes):
        if chars >= index and grapheme:
            return column
        chars += len(grapheme)
    return len(row.graphemes)


def _char_class(grapheme: str) -> int:
    """0 for blank, 1 for word characters, else a class of its own per character."""
    if not grapheme.strip():
        return 0
    head = grapheme[0]
    if head.isalnum() or head in WORD_CHARACTERS:
        return 1
    return 2 + ord(head)


def word_bounds(row: RowView, column: int,
                char_class: Callable[[str], int] = _char_class) -> tuple[int, int]:
    """The columns ``[start, stop)`` of the word (or run of blanks, or single symbol) at
    ``column``, for a double-click."""
    graphemes, count = row.graphemes, len(row.graphemes)
    if not count:
        return 0, 0
    column = max(0, min(column, count - 1))
    if row.widths[column] == 0 and column > 0:
        column -= 1  # the tail of a wide character belongs to its head
    wanted = char_class(graphemes[column])
    if wanted >= 2:
        return snap_span(row.widths, column, column + 1)

    def same(index: int) -> bool:
        if row.widths[index] == 0 and index > 0:
            index -= 1  # a wide character's tail is of its head's class
        return char_class(graphemes[index]) == wanted

    start = column
    while start > 0 and same(start - 1):
        start -= 1
    stop = column + 1
    while stop < count and same(stop):
        stop += 1
    return snap_span(row.widths, start, stop)
