"""The terminal's screen as plain, Qt-free records: what the painter draws and the events
the session passes on. Any terminal core (see :mod:`sshdesk.terminal.emulator`) produces these.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

type RGB = tuple[int, int, int]
#: ``None`` for the default color, a palette index (0-255), or RGB.
type Color = int | RGB | None

@dataclass(frozen=True, slots=True)
class CellStyle:
    """How a run of cells is drawn. Colors stay symbolic: the painter resolves them."""

    foreground: Color = None
    background: Color = None
    underline_color: Color = None
    bold: bool = False
    faint: bool = False
    italic: bool = False
    underline: int = 0  # 0 none, 1 single, 2 double, 3 curly, 4 dotted, 5 dashed
    strikethrough: bool = False
    inverse: bool = False
    invisible: bool = False
    blink: bool = False
    overline: bool = False


class Run(NamedTuple):
    """Adjacent cells of one style: ``text`` spans ``cells`` columns from ``column``."""

    column: int
    text: str
    cells: int
    style: CellStyle


@dataclass(frozen=True, slots=True, eq=False)
class RowView:
    """One row, converted once per evp row (compare by identity to skip repaints).

    Attributes:
        text: The row's text: a space per blank cell, a wide character once.
        runs: The style runs, left to right, covering every column.
        graphemes: Each column's grapheme, ``""`` in a wide character's second column.
        widths: Each column's width: 1, 2 for a wide character, 0 for its second column.
    """

    text: str
    runs: tuple[Run, ...]
    graphemes: tuple[str, ...]
    widths: bytes


@dataclass(frozen=True, slots=True)
class CursorView:
    """The cursor in viewport coordinates; ``wide`` when it sits on a two-cell character, then
    ``column`` is that character's first cell."""

    row: int
    column: int
    visible: bool
    wide: bool


@dataclass(frozen=True, slots=True, eq=False)
class FrameView:
    """What the viewport shows, for the painter. ``cursor`` is ``None`` when off the viewport."""

    columns: int
    rows: tuple[RowView, ...]
    cursor: CursorView | None
    foreground: RGB
    background: RGB
    palette: tuple[RGB, ...]

    def rgb(self, color: Color, default: RGB) -> RGB:
        """Resolves a style color against this frame's palette, ``default`` for ``None``."""
        if color is None:
            return default
        return self.palette[color] if isinstance(color, int) else color


@dataclass(frozen=True, slots=True)
class Modes:
    """The terminal modes the widget acts on (DEC private mode numbers in the comments)."""

    application_cursor: bool  # 1: arrows send ESC O x (the key encoder applies it itself)
    cursor_visible: bool  # 25
    mouse_x10: bool  # 9
    mouse_normal: bool  # 1000
    mouse_button_motion: bool  # 1002
    mouse_any_motion: bool  # 1003
    mouse_sgr: bool  # 1006
    focus_reporting: bool  # 1004
    bracketed_paste: bool  # 2004
    alternate_screen: bool  # 1049, 1047 or 47

    @property
    def mouse_tracking(self) -> bool:
        """Whether the program wants mouse events (the widget then stops selecting text)."""
        return any((self.mouse_x10, self.mouse_normal, self.mouse_button_motion,
                    self.mouse_any_motion))


@dataclass(frozen=True, slots=True)
class TitleChanged:
    """The program set the title (OSC 0 or 2)."""

    title: str


@dataclass(frozen=True, slots=True)
class PwdChanged:
    """The program reported its working directory (OSC 7), usually a ``file://`` URL."""

    pwd: str


@dataclass(frozen=True, slots=True)
class Bell:
    """BEL; consecutive bells between two :meth:`take_events` calls are one event."""


@dataclass(frozen=True, slots=True)
class ClipboardWrite:
    """The program asks to write ``target`` (``clipboard``, ``selection`` or ``primary``; OSC 52)
    with ``(mime_type, data)`` items, none to clear it. The UI decides whether to allow it."""

    target: str
    items: tuple[tuple[str, str], ...]

    @property
    def text(self) -> str | None:
        """The plain text to put on the clipboard, ``None`` to clear it."""
        return next((data for mime, data in self.items if mime.startswith("text/")), None)


type TerminalEvent = TitleChanged | PwdChanged | Bell | ClipboardWrite


def xterm_palette(palette16: Sequence[RGB]) -> bytes:
    """The 256-color palette as 768 RGB bytes: the 16 given, xterm's 6x6x6 cube and 24 greys."""
    if len(palette16) != 16:
        raise ValueError(f"need 16 colors, got {len(palette16)}")
    levels = (0, 95, 135, 175, 215, 255)
    cube = [(r, g, b) for r in levels for g in levels for b in levels]
    greys = [(v, v, v) for v in range(8, 248, 10)]
    return bytes(channel for rgb in (*palette16, *cube, *greys) for channel in rgb)
