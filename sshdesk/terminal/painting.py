"""Paints terminal rows on the cell grid with QPainter: backgrounds, text, decorations, the
selection, the cursor and an input method's preedit text.

The grid stays exact because every glyph's position is computed from its column:

* A run of plain ASCII (or of characters the font has at the cell's width) is one
  ``drawText`` call; the font's letter spacing is set so that each glyph advances exactly one
  cell, as a fractional advance would otherwise drift over a long run.
* Anything else (wide CJK and emoji, combining marks, characters from a fallback font) is drawn
  grapheme by grapheme at its column, a narrower wide glyph centred in its two cells.

Backgrounds are drawn for a whole row before its text, so a glyph that overhangs its cell
(italics) is not cut by its neighbour's background; every row is clipped to its own rect so a
partial repaint looks exactly like a full one.
"""

from __future__ import annotations

import enum
import itertools
import math
import unicodedata
from collections.abc import Iterator, Sequence
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

from sshdesk.terminal.model import RGB, CellStyle, CursorView, FrameView, RowView
from sshdesk.terminal.schemes import DEFAULT_SCHEME, ColorScheme

__all__ = ["CursorShape", "GridPainter", "RowCache", "display_width"]


class CursorShape(enum.Enum):
    """How the cursor is drawn."""

    BLOCK = "block"
    UNDERLINE = "underline"
    BAR = "bar"


class _Segment(NamedTuple):
    """A run, or part of one cut where the selection starts or stops."""

    column: int
    text: str
    cells: int
    style: CellStyle
    selected: bool


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
        self._styles_key: object = None
        self._styles: dict[tuple[int, bool], tuple[CellStyle, tuple[RGB, RGB, QColor]]] = {}
        self._fits: dict[str, bool] = {}
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
        self._fits.clear()
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
        """Whether the font draws ``char`` itself, one cell wide (no fallback font)."""
        fits = self._fits.get(char)
        if fits is None:
            metrics = self._metrics
            fits = metrics.inFontUcs4(ord(char)) and math.isclose(
                metrics.horizontalAdvance(char), self.cell_width, abs_tol=0.05)
            self._fits[char] = fits
        return fits

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
        self._styles_key = None

    @property
    def bold_is_bright(self) -> bool:
        """Whether bold text in colours 0-7 uses their bright versions 8-15 (xterm's
        boldColors)."""
        return self._bold_is_bright

    @bold_is_bright.setter
    def bold_is_bright(self, value: bool) -> None:
        self._bold_is_bright = value
        self._styles_key = None

    def color(self, rgb: RGB) -> QColor:
        """A QColor for an RGB triple, cached (truecolor output reuses few colours a frame)."""
        color = self._colors.get(rgb)
        if color is None:
            if len(self._colors) > 4096:
                self._colors.clear()
            color = self._colors[rgb] = QColor(*rgb)
        return color

    def _style_colors(self, frame: FrameView, style: CellStyle,
                      selected: bool) -> tuple[RGB, RGB, QColor]:
        """``(foreground, background, foreground as QColor)`` of a style after bold, inverse,
        faint, invisible and selection; cached per style object for the frame's colours."""
        key = (id(frame.palette), frame.foreground, frame.background)
        if key != self._styles_key:
            self._styles_key, self._styles = key, {}
        cached = self._styles.get((id(style), selected))
        if cached is not None and cached[0] is style:
            return cached[1]
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
        colors = (fg, bg, self.color(fg))
        # Holding the style keeps its id from being reused by another while cached.
        self._styles[id(style), selected] = (style, colors)
        return colors

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
        default_bg = frame.background
        painter.fillRect(QRect(x, y, frame.columns * cw, ch), self.color(default_bg))
        segments = [_Segment(*run, False) for run in row.runs] if selected is None \
            else list(self._split(row, selected))
        colors = [self._style_colors(frame, s.style, s.selected) for s in segments]
        for segment, (_fg, bg, _qfg) in zip(segments, colors, strict=True):
            if bg != default_bg:
                painter.fillRect(QRect(x + segment.column * cw, y, segment.cells * cw, ch),
                                 self.color(bg))
        for segment, (fg, bg, qfg) in zip(segments, colors, strict=True):
            style = segment.style
            if style.invisible and fg == bg:
                continue
            if segment.text.strip():
                self._paint_text(painter, row, segment, x, y, qfg)
            if style.underline or style.strikethrough or style.overline:
                self._paint_lines(painter, frame, segment, x, y, fg)

    @staticmethod
    def _split(row: RowView, selected: tuple[int, int]) -> Iterator[_Segment]:
        """The row's runs, cut where the selection starts and stops."""
        first, last = selected
        graphemes = row.graphemes
        for column, text, cells, style in row.runs:
            stop = column + cells
            if stop <= first or column >= last:
                yield _Segment(column, text, cells, style, False)
                continue
            cuts = sorted({column, stop, max(column, first), min(stop, last)})
            for a, b in itertools.pairwise(cuts):
                yield _Segment(a, "".join(graphemes[a:b]), b - a, style, first <= a < last)

    def _paint_text(self, painter: QPainter, row: RowView, segment: _Segment, x: int, y: int,
                    color: QColor) -> None:
        text, style = segment.text, segment.style
        painter.setFont(self._fonts[style.bold, style.italic])
        painter.setPen(color)
        baseline = y + self.ascent
        left = x + segment.column * self.cell_width
        if len(text) == segment.cells and (text.isascii() or all(map(self._fits_cell, text))):
            painter.drawText(QPointF(left, baseline), text)
            return
        self._paint_graphemes(painter, row, segment, left, baseline)

    def _paint_graphemes(self, painter: QPainter, row: RowView, segment: _Segment, left: int,
                         baseline: int) -> None:
        """Draws each grapheme at its column (wide characters, combining marks, fallbacks)."""
        cw = self.cell_width
        start = segment.column
        for offset in range(segment.cells):
            grapheme = row.graphemes[start + offset]
            if not grapheme or grapheme == " ":
                continue
            cells = row.widths[start + offset] or 1
            gx: float = left + offset * cw
            spare = cells * cw - self._advance(grapheme)
            if spare > 1:  # a fallback glyph narrower than its cells: centre it
                gx += spare / 2
            painter.drawText(QPointF(gx, baseline), grapheme)

    def _paint_lines(self, painter: QPainter, frame: FrameView, segment: _Segment, x: int,
                     y: int, fg: RGB) -> None:
        """Underlines, strikethrough and overline of a segment."""
        style = segment.style
        left = x + segment.column * self.cell_width
        right = left + segment.cells * self.cell_width
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
