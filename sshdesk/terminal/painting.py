"""Paints terminal rows on the cell grid with QPainter: backgrounds, text, decorations, the
selection, the cursor and an input method's preedit text.

The grid stays exact because every glyph's position is computed from its column:

* Each stretch of a run made of plain ASCII or of other characters the font has at the cell's
  width is one ``drawText`` call, without the spaces at its ends; the font's letter spacing is
  set so that each glyph advances exactly one cell, as a fractional advance would otherwise
  drift over a long run. Right-to-left letters are left out: a string would reorder them.
* Anything else (wide CJK and emoji, combining marks, characters from a fallback font) is drawn
  grapheme by grapheme at its column, a narrower wide glyph centred in its two cells.

Backgrounds are drawn for a whole row before its text, so a glyph that overhangs its cell
(italics) is not cut by its neighbour's background; every row is clipped to its own rect so a
partial repaint looks exactly like a full one.

During an output flood every row of every frame is new and drawn here (``RowCache`` does not
help), so the per-row work is kept small: a cached look (colours, font) per style, the font and
pen set only when they change within a row, and a C-level scan for the graphemes that need
drawing on their own. ``benchmarks/widget_paint.py`` measures it.
"""

from __future__ import annotations

import enum
import itertools
import math
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from sshdesk.terminal.model import RGB, CellStyle, CursorView, FrameView, RowView, Run
from sshdesk.terminal.schemes import DEFAULT_SCHEME, ColorScheme

__all__ = ["CursorShape", "GridPainter", "RowCache", "display_width"]


class CursorShape(enum.Enum):
    """How the cursor is drawn."""

    BLOCK = "block"
    UNDERLINE = "underline"
    BAR = "bar"


class _Look(NamedTuple):
    """How runs of one style are drawn with a frame's colours."""

    style: CellStyle  # held, so that its id (the cache key) is not reused while cached
    fg: RGB
    pen: QColor  # the foreground
    fill: QColor | None  # the background, None for the frame's own (already painted)
    font: QFont
    visible: bool  # False for invisible text (its decorations too)
    lines: bool  # underline, strikethrough or overline


#: Bidirectional classes that a string would reorder.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})


class _Stretchable(dict[str, int]):
    """Per grapheme, 1 when it can be drawn in one string with its neighbours (a single
    character the font has at one cell's width, ASCII taken as such), else 0. Bytes of these
    flags let a C-level ``find`` skip to the few graphemes drawn on their own."""

    def __init__(self, fits_cell: Callable[[str], bool]) -> None:
        super().__init__()
        self._fits_cell = fits_cell

    def __missing__(self, grapheme: str) -> int:
        flag = int(len(grapheme) == 1 and (grapheme.isascii() or self._fits_cell(grapheme)))
        self[grapheme] = flag
        return flag


def display_width(text: str) -> int:
    """Cells a string takes, for text that is not on the grid yet (an input method's preedit):
    East Asian wide and full-width characters take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _blend(a: RGB, b: RGB, amount: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * amount), round(a[1] + (b[1] - a[1]) * amount),
            round(a[2] + (b[2] - a[2]) * amount))


class GridPainter:
    """Draws rows of a :class:`FrameView` with a font and a colour scheme.

    Args:
        font: The terminal font; should be monospace (others are forced onto the grid).
    """

    def __init__(self, font: QFont) -> None:
        self._scheme = DEFAULT_SCHEME
        self._bold_is_bright = False
        self._colors: dict[RGB, QColor] = {}
        self._looks_key: object = None
        self._looks: tuple[dict[int, _Look], dict[int, _Look]] = ({}, {})
        self._stretchable = _Stretchable(self._fits_cell)
        self._advances: dict[str, float] = {}
        self.set_font(font)

    # -- fonts and metrics ----------------------------------------------------------------

    def set_font(self, font: QFont) -> None:
        """Uses ``font``; the cell size follows from its metrics."""
        self._font = QFont(font)
        base = QFont(font)
        base.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100)  # ours come later
        base.setKerning(False)  # pairs of glyphs must not move off their cells
        base.setStyleHint(QFont.StyleHint.TypeWriter, QFont.StyleStrategy.PreferDefault)
        metrics = QFontMetrics(base)
        self.cell_width = max(1, round(QFontMetricsF(base).horizontalAdvance("M")))
        self.cell_height = max(1, metrics.height())
        self.ascent = metrics.ascent()
        self.line_width = max(1, metrics.lineWidth())
        self.underline_y = self.ascent + max(1, metrics.underlinePos())
        self.strike_y = self.ascent - max(1, metrics.strikeOutPos())
        self._fonts = {(bold, italic): self._variant(base, bold, italic)
                       for bold in (False, True) for italic in (False, True)}
        self._metrics = QFontMetricsF(self._fonts[False, False])
        self._looks_key = None  # the looks hold the old fonts
        self._stretchable.clear()
        self._advances.clear()

    @property
    def font(self) -> QFont:
        """The font as given to :meth:`set_font`."""
        return QFont(self._font)

    def _variant(self, base: QFont, bold: bool, italic: bool) -> QFont:
        font = QFont(base)
        font.setBold(bold)
        font.setItalic(italic)
        advance = QFontMetricsF(font).horizontalAdvance("M")
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, self.cell_width - advance)
        return font

    def _fits_cell(self, char: str) -> bool:
        """Whether ``char`` can be drawn in a string with its neighbours: the font draws it
        itself, one cell wide (no fallback font), and it is not right-to-left (a string of
        those would be reversed and joined, off their columns). Cached by ``_stretchable``."""
        metrics = self._metrics
        return metrics.inFontUcs4(ord(char)) and math.isclose(
            metrics.horizontalAdvance(char), self.cell_width, abs_tol=0.05) \
            and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT

    def _advance(self, grapheme: str) -> float:
        advance = self._advances.get(grapheme)
        if advance is None:
            advance = self._advances[grapheme] = self._metrics.horizontalAdvance(grapheme)
        return advance

    # -- colours --------------------------------------------------------------------------

    @property
    def scheme(self) -> ColorScheme:
        """The scheme for the cursor and selection (the frame brings the text colours)."""
        return self._scheme

    @scheme.setter
    def scheme(self, scheme: ColorScheme) -> None:
        self._scheme = scheme
        self._looks_key = None

    @property
    def bold_is_bright(self) -> bool:
        """Whether bold text in colours 0-7 uses their bright versions 8-15 (xterm's
        boldColors)."""
        return self._bold_is_bright

    @bold_is_bright.setter
    def bold_is_bright(self, value: bool) -> None:
        self._bold_is_bright = value
        self._looks_key = None

    def color(self, rgb: RGB) -> QColor:
        """A QColor for an RGB triple, cached (truecolor output reuses few colours a frame)."""
        color = self._colors.get(rgb)
        if color is None:
            if len(self._colors) > 4096:
                self._colors.clear()
            color = self._colors[rgb] = QColor(*rgb)
        return color

    def _frame_looks(self, frame: FrameView) -> tuple[dict[int, _Look], dict[int, _Look]]:
        """How each style is drawn in ``frame``'s colours, unselected and selected, by style
        id (a look holds its style, so the id is not reused while cached): a row then costs
        a dict look-up per run rather than colour arithmetic and QColor look-ups."""
        key = (id(frame.palette), frame.foreground, frame.background)
        if key != self._looks_key or len(self._looks[0]) + len(self._looks[1]) > 4096:
            self._looks_key, self._looks = key, ({}, {})
        return self._looks

    def _new_look(self, frame: FrameView, style: CellStyle, selected: bool) -> _Look:
        """Colours after bold, inverse, faint, invisible and selection; font; decorations.
        Cached in :meth:`_frame_looks`."""
        foreground = style.foreground
        if self.bold_is_bright and style.bold and isinstance(foreground, int) and foreground < 8:
            foreground += 8
        fg = frame.rgb(foreground, frame.foreground)
        bg = frame.rgb(style.background, frame.background)
        if style.inverse:
            fg, bg = bg, fg
        if selected:
            bg = self.scheme.selection_background
            fg = self.scheme.selection_foreground or fg
        if style.faint:
            fg = _blend(fg, bg, 0.5)
        if style.invisible:
            fg = bg
        look = _Look(style, fg, self.color(fg), None if bg == frame.background else self.color(bg),
                     self._fonts[style.bold, style.italic],
                     visible=not (style.invisible and fg == bg),
                     lines=bool(style.underline or style.strikethrough or style.overline))
        self._frame_looks(frame)[selected][id(style)] = look
        return look

    # -- rows -----------------------------------------------------------------------------

    def paint_row(self, painter: QPainter, frame: FrameView, row: RowView, x: int, y: int,
                  selected: tuple[int, int] | None = None) -> None:
        """Paints one row with its top left corner at ``(x, y)``, across the whole frame width.

        Args:
            painter: Where to paint; its clip should be the row's rect.
            frame: The frame the row belongs to (for its colours).
            row: The row.
            x: Left edge of column 0.
            y: Top edge of the row.
            selected: The selected columns ``[start, stop)``, if any.
        """
        cw, ch = self.cell_width, self.cell_height
        # Plain ints, not a QRect or QPointF: building those costs more than filling a rect.
        painter.fillRect(x, y, frame.columns * cw, ch, self.color(frame.background))
        runs = self._looks_of_runs(frame, row, selected)
        for (column, _text, cells, _style), look in runs:
            if look.fill is not None:
                painter.fillRect(x + column * cw, y, cells * cw, ch, look.fill)
        self._paint_runs(painter, frame, row, runs, x, y)

    def _looks_of_runs(self, frame: FrameView, row: RowView,
                       selected: tuple[int, int] | None) -> list[tuple[Run, _Look]]:
        """The row's runs, cut where the selection starts and stops, with their looks."""
        looks = self._frame_looks(frame)
        if selected is None:
            plain = looks[False]
            return [(run, plain.get(id(run.style)) or self._new_look(frame, run.style, False))
                    for run in row.runs]
        return [(run, looks[chosen].get(id(run.style))
                 or self._new_look(frame, run.style, chosen))
                for run, chosen in self._split(row, selected)]

    def _paint_runs(self, painter: QPainter, frame: FrameView, row: RowView,
                    runs: list[tuple[Run, _Look]], x: int, y: int) -> None:
        """The text and decorations of a row's runs, over their backgrounds. The font and pen
        are set only when they change: most runs of a row share them."""
        font: QFont | None = None
        pen: QColor | None = None
        cw, baseline = self.cell_width, y + self.ascent
        for run, look in runs:
            if not look.visible:
                continue
            text = run.text
            if text.strip():
                if look.font is not font:
                    painter.setFont(font := look.font)
                if look.pen is not pen:
                    painter.setPen(pen := look.pen)
                if len(text) == run.cells and text.isascii():
                    self._paint_string(painter, text, x + run.column * cw, baseline)
                else:
                    self._paint_graphemes(painter, row, run, x + run.column * cw, baseline)
            if look.lines:
                self._paint_lines(painter, frame, run, x, y, look.fg)
                pen = None  # the lines have their own pen

    @staticmethod
    def _split(row: RowView, selected: tuple[int, int]) -> Iterator[tuple[Run, bool]]:
        """The row's runs, cut where the selection starts and stops, each with whether it is
        selected."""
        first, last = selected
        graphemes = row.graphemes
        for run in row.runs:
            column, _text, cells, style = run
            stop = column + cells
            if stop <= first or column >= last:
                yield run, False
                continue
            cuts = sorted({column, stop, max(column, first), min(stop, last)})
            for a, b in itertools.pairwise(cuts):
                yield Run(a, "".join(graphemes[a:b]), b - a, style), first <= a < last

    def _paint_graphemes(self, painter: QPainter, row: RowView, run: Run, left: int,
                         baseline: int) -> None:
        """Draws a run that is not plain ASCII: each stretch of one-cell characters of the
        font as one string, everything else (wide characters, combining marks, fallbacks)
        grapheme by grapheme at its column."""
        cw, start = self.cell_width, run.column
        graphemes = row.graphemes[start:start + run.cells]
        flags = bytes(map(self._stretchable.__getitem__, graphemes))
        widths = row.widths
        first = 0  # the first column (in the run) not drawn yet
        while (alone := flags.find(0, first)) >= 0:
            stop = alone
            if widths[start + alone] == 0 and alone > first:
                stop -= 1  # a wide character the font has at one cell: centre it on its own
            if first < stop:
                self._paint_string(painter, "".join(graphemes[first:stop]), left + first * cw,
                                   baseline)
            for column in range(stop, alone + 1):
                self._paint_grapheme(painter, graphemes[column], widths[start + column] or 1,
                                     left + column * cw, baseline)
            first = alone + 1
        if first < len(graphemes):
            self._paint_string(painter, "".join(graphemes[first:]), left + first * cw, baseline)

    def _paint_string(self, painter: QPainter, text: str, left: int, baseline: int) -> None:
        """Draws one-cell characters from ``left``, but not the spaces at either end: blank,
        yet each costs about a third of a visible glyph (a row's trailing blanks)."""
        body = text.lstrip(" ")
        if body:
            painter.drawText(left + (len(text) - len(body)) * self.cell_width, baseline,
                             body.rstrip(" "))

    def _paint_grapheme(self, painter: QPainter, grapheme: str, cells: int, left: int,
                        baseline: int) -> None:
        if not grapheme:  # a wide character's second column
            return
        spare = cells * self.cell_width - self._advance(grapheme)
        if spare > 1:  # a fallback glyph narrower than its cells: centre it
            painter.drawText(QPointF(left + spare / 2, baseline), grapheme)
        else:
            painter.drawText(left, baseline, grapheme)

    def _paint_lines(self, painter: QPainter, frame: FrameView, run: Run, x: int, y: int,
                     fg: RGB) -> None:
        """Underlines, strikethrough and overline of a run."""
        style = run.style
        left = x + run.column * self.cell_width
        right = left + run.cells * self.cell_width
        pen = QPen(self.color(fg), self.line_width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if style.strikethrough:
            self._hline(painter, pen, left, right, y + self.strike_y)
        if style.overline:
            self._hline(painter, pen, left, right, y + self.line_width / 2)
        if style.underline:
            pen.setColor(self.color(frame.rgb(style.underline_color, fg)))
            self._underline(painter, pen, style.underline, left, right, y)

    def _underline(self, painter: QPainter, pen: QPen, kind: int, left: int, right: int,
                   y: int) -> None:
        # Keep every line inside the cell: the row below repaints on its own.
        bottom = y + self.cell_height - self.line_width / 2
        base = min(y + self.underline_y + self.line_width / 2, bottom)
        if kind == 2:  # double
            upper = min(base, bottom - 2 * self.line_width)
            self._hline(painter, pen, left, right, upper)
            self._hline(painter, pen, left, right, upper + 2 * self.line_width)
        elif kind == 3:  # curly
            self._curl(painter, pen, left, right, min(base, bottom - 1.5))
        else:
            if kind == 4:
                pen.setStyle(Qt.PenStyle.DotLine)
            elif kind == 5:
                pen.setStyle(Qt.PenStyle.DashLine)
            self._hline(painter, pen, left, right, base)

    @staticmethod
    def _hline(painter: QPainter, pen: QPen, left: float, right: float, y: float) -> None:
        painter.setPen(pen)
        painter.drawLine(QPointF(left, y), QPointF(right, y))

    def _curl(self, painter: QPainter, pen: QPen, left: int, right: int, y: float) -> None:
        amplitude = max(1.0, self.cell_height / 12)
        step = max(2.0, self.cell_width / 2)
        path = QPainterPath(QPointF(left, y))
        x, up = float(left), True
        while x < right:
            path.quadTo(QPointF(x + step / 2, y - amplitude if up else y + amplitude),
                        QPointF(x + step, y))
            x += step
            up = not up
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.drawPath(path)
        painter.restore()

    # -- cursor and preedit ---------------------------------------------------------------

    def paint_cursor(self, painter: QPainter, frame: FrameView, cursor: CursorView, x: int,
                     y: int, shape: CursorShape, focused: bool) -> None:
        """Draws the cursor on its cell, whose row was just painted at ``y``.

        Unfocused, any shape becomes a hollow block, as in xterm.
        """
        cells = 2 if cursor.wide else 1
        rect = QRect(x + cursor.column * self.cell_width, y, cells * self.cell_width,
                     self.cell_height)
        color = self.color(self.scheme.cursor)
        if not focused:
            painter.setPen(QPen(color, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5))
            return
        thickness = max(2, self.line_width * 2)
        if shape is CursorShape.UNDERLINE:
            painter.fillRect(rect.adjusted(0, rect.height() - thickness, 0, 0), color)
        elif shape is CursorShape.BAR:
            painter.fillRect(QRect(rect.left(), rect.top(), thickness, rect.height()), color)
        else:
            painter.fillRect(rect, color)
            self._paint_under_cursor(painter, frame.rows[cursor.row], cursor.column, rect)

    def _paint_under_cursor(self, painter: QPainter, row: RowView, column: int,
                            rect: QRect) -> None:
        if column >= len(row.graphemes) or not row.graphemes[column].strip():
            return
        style = next((r.style for r in reversed(row.runs) if r.column <= column), CellStyle())
        if style.invisible:
            return
        painter.setFont(self._fonts[style.bold, style.italic])
        painter.setPen(self.color(self.scheme.cursor_text))
        grapheme = row.graphemes[column]
        spare = rect.width() - self._advance(grapheme)
        left = rect.left() + (spare / 2 if spare > 1 and row.widths[column] == 2 else 0)
        painter.drawText(QPointF(left, rect.top() + self.ascent), grapheme)

    def paint_preedit(self, painter: QPainter, frame: FrameView, text: str, x: int,
                      y: int) -> None:
        """Draws an input method's composing text at ``(x, y)``, underlined, over the grid."""
        width = max(display_width(text) * self.cell_width,
                    math.ceil(self._metrics.horizontalAdvance(text)))
        rect = QRect(x, y, width, self.cell_height)
        painter.fillRect(rect, self.color(frame.background))
        fg = self.color(frame.foreground)
        painter.setFont(self._fonts[False, False])
        painter.setPen(fg)
        painter.drawText(QPointF(x, y + self.ascent), text)
        self._hline(painter, QPen(fg, self.line_width), x, x + width,
                    y + self.cell_height - self.line_width / 2)


class RowCache:
    """Rows already painted, as pixmaps, by row object.

    A scroll moves every row on the screen, but the emulator keeps each row's object: the
    rows that moved are copied from here and only the new ones are drawn (see
    ``benchmarks/widget_paint.py``). Pixmaps of rows that left the screen are reused.
    """

    def __init__(self) -> None:
        self._rows: dict[int, tuple[RowView, QPixmap]] = {}
        self._spare: list[QPixmap] = []
        self.storing = True

    def clear(self) -> None:
        """Forgets everything (the font, colours or size changed)."""
        self._rows.clear()
        self._spare.clear()

    def keep(self, rows: Sequence[RowView], before: Sequence[RowView]) -> None:
        """Keeps only these rows (a frame's), so a row object's id is never reused here.

        When most of them are new (``before`` was the last frame), output is flooding in:
        rows are then drawn straight to the screen until a frame reuses rows again, as
        rendering them into pixmaps first would only add a copy.
        """
        seen = set(map(id, before))
        self.storing = 2 * sum(id(row) in seen for row in rows) >= len(rows)
        old, kept = self._rows, {}
        for row in rows:
            entry = old.pop(id(row), None)
            if entry is not None and entry[0] is row:
                kept[id(row)] = entry
        self._spare.extend(pixmap for _row, pixmap in old.values())
        del self._spare[64:]
        self._rows = kept

    def pixmap(self, grid: GridPainter, frame: FrameView, row: RowView,
               ratio: float) -> QPixmap | None:
        """The row painted on its own, from the cache or drawn now; ``None`` when it is not
        cached and not worth caching now (see :meth:`keep`)."""
        entry = self._rows.get(id(row))
        if entry is not None and entry[0] is row and entry[1].devicePixelRatio() == ratio:
            return entry[1]
        if not self.storing:
            return None
        width, height = frame.columns * grid.cell_width, grid.cell_height
        pixmap = self._spare_pixmap(round(width * ratio), round(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        painter = QPainter(pixmap)
        grid.paint_row(painter, frame, row, 0, 0)
        painter.end()
        self._rows[id(row)] = (row, pixmap)
        return pixmap

    def _spare_pixmap(self, width: int, height: int) -> QPixmap:
        while self._spare:
            pixmap = self._spare.pop()
            if pixmap.width() == width and pixmap.height() == height:
                return pixmap
        return QPixmap(width, height)
