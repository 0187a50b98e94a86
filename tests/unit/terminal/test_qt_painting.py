"""The grid painter on its own: each stretch of one-cell characters is one string yet every
glyph lands on its column, the font and pen are set only when they change, and its caches
follow the font and the scheme."""

from collections.abc import Iterator, Sequence

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from sshdesk.terminal.emulator import TerminalEmulator
from sshdesk.terminal.model import FrameView
from sshdesk.terminal.painting import GridPainter
from sshdesk.terminal.schemes import DEFAULT_SCHEME, SOLARIZED_DARK
from sshdesk.terminal.widget import default_font

#: A log line with a wide CJK word, accented letters, a combining mark and a character that
#: is wide on the grid but one cell in DejaVu Sans Mono (centred in its two cells).
MIXED = "12:00 INFO req 已完成 ünïcödé e\u0301 cup \u2615 done \x1b[31mred 请求 ok\x1b[0m end"


class RecordingPainter(QPainter):
    """Paints as usual, and records the strings drawn and the font and pen changes."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []
        self.fonts = 0
        self.pens = 0

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        self.texts.append(str(args[-1]))
        super().drawText(*args)  # type: ignore[call-overload]

    def setFont(self, font: QFont | str | Sequence[str]) -> None:
        self.fonts += 1
        super().setFont(font)

    def setPen(self, pen: QColor) -> None:  # type: ignore[override]
        self.pens += 1
        super().setPen(pen)


@pytest.fixture
def grid(qapp: QApplication) -> Iterator[GridPainter]:
    yield GridPainter(default_font())


def frame_of(text: str, columns: int = 60) -> FrameView:
    emulator = TerminalEmulator(columns, 2)
    emulator.feed(text.encode())
    return emulator.frame()


def blank_image(grid: GridPainter, frame: FrameView) -> QImage:
    image = QImage(frame.columns * grid.cell_width, grid.cell_height,
                   QImage.Format.Format_RGB32)
    image.fill(0)
    return image


def paint(grid: GridPainter, frame: FrameView,
          selected: tuple[int, int] | None = None) -> tuple[QImage, RecordingPainter]:
    image = blank_image(grid, frame)
    painter = RecordingPainter(image)
    grid.paint_row(painter, frame, frame.rows[0], 0, 0, selected)
    painter.end()
    return image, painter


def paint_each_grapheme(grid: GridPainter, frame: FrameView) -> QImage:
    """The reference: backgrounds as the painter draws them, then every grapheme drawn on its
    own at its column, a narrower glyph centred in its cells."""
    image, _painter = paint(grid, frame_of(" " * frame.columns, frame.columns))
    painter = QPainter(image)
    row = frame.rows[0]
    for column, _text, cells, style in row.runs:
        painter.setFont(grid._fonts[style.bold, style.italic])
        painter.setPen(grid.color(frame.rgb(style.foreground, frame.foreground)))
        for offset in range(column, column + cells):
            grapheme = row.graphemes[offset]
            if grapheme.strip():
                left = offset * grid.cell_width
                spare = (row.widths[offset] or 1) * grid.cell_width - grid._advance(grapheme)
                painter.drawText(QPointF(left + (spare / 2 if spare > 1 else 0), grid.ascent),
                                 grapheme)
    painter.end()
    return image


def test_a_mixed_row_draws_its_one_cell_stretches_as_strings(grid: GridPainter) -> None:
    _image, painter = paint(grid, frame_of(MIXED))
    assert "12:00 INFO req" in painter.texts  # spaces at the ends are left out
    assert "ünïcödé" in painter.texts  # in the font at one cell: no fallback, one string
    assert "done" in painter.texts
    for alone in ("已", "完", "成", "e\u0301", "\u2615", "请", "求"):
        assert alone in painter.texts  # fallback, combined or narrower than its cells
    assert len(painter.texts) <= 16


def test_every_glyph_lands_on_its_column(grid: GridPainter) -> None:
    frame = frame_of(MIXED)
    image, _painter = paint(grid, frame)
    assert image == paint_each_grapheme(grid, frame)


def test_plain_ascii_runs_are_one_string_each_with_one_font_and_pen_a_colour(
        grid: GridPainter) -> None:
    frame = frame_of("plain \x1b[1mbold\x1b[0m  again \x1b[32mgreen\x1b[0m plain")
    image, painter = paint(grid, frame)
    # Blanks at either end of a run are not drawn (the row's trailing blanks above all).
    assert painter.texts == ["plain", "bold", "again", "green", "plain"]
    assert painter.fonts == 3  # regular, bold, regular
    assert painter.pens == 3  # default, green, default
    assert image == paint_each_grapheme(grid, frame)


def test_right_to_left_letters_stay_on_their_own_columns(grid: GridPainter) -> None:
    # A string of them would be reversed and joined, off the columns the cursor and the
    # selection use.
    arabic = "\u0645\u0631\u062d\u0628\u0627"
    _image, painter = paint(grid, frame_of(f"salam {arabic} end"))
    assert [text for text in painter.texts if not text.isascii()] == list(arabic)


def test_a_selection_recolours_its_part_of_a_run(grid: GridPainter) -> None:
    frame = frame_of("abcdef 已完成 ghij")
    image, painter = paint(grid, frame, selected=(2, 9))
    assert painter.texts[:2] == ["ab", "cdef"]
    corner = grid.cell_height - 1
    selection = QColor(*DEFAULT_SCHEME.selection_background).rgb()
    assert image.pixel(0, corner) == QColor(*frame.background).rgb()
    assert image.pixel(2 * grid.cell_width, corner) == selection
    assert image.pixel(9 * grid.cell_width - 1, corner) == selection
    assert image.pixel(9 * grid.cell_width, corner) != selection


def test_a_new_scheme_and_a_new_font_are_used_at_once(grid: GridPainter) -> None:
    frame = frame_of("abc")
    paint(grid, frame, selected=(0, 1))
    grid.scheme = SOLARIZED_DARK
    image, _painter = paint(grid, frame, selected=(0, 1))
    assert image.pixel(0, 0) == QColor(*SOLARIZED_DARK.selection_background).rgb()
    font = default_font()
    font.setPointSizeF(font.pointSizeF() * 2)
    grid.set_font(font)
    image = blank_image(grid, frame)  # held: the painter does not keep it alive
    painter = RecordingPainter(image)
    grid.paint_row(painter, frame, frame.rows[0], 0, 0)
    assert painter.font().pointSizeF() == pytest.approx(font.pointSizeF())
    painter.end()
