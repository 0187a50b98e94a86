"""The terminal widget: paints an emulator's frames and turns the user's keys, mouse and input
method into bytes for the host.

It knows the emulator only as :class:`~sshdesk.terminal.emulator.EmulatorCore` and never talks
to the host itself: bytes leave through :attr:`TerminalWidget.input_ready`, and the owner (the
session tab) forwards them. The owner also connects the session's ``screen_changed`` to
:meth:`TerminalWidget.refresh`, and ``size_changed`` to the session's ``resize``.

* **Repaints.** :meth:`~TerminalWidget.refresh` reads one frame and invalidates only the rows
  whose :class:`~sshdesk.terminal.model.RowView` is not the object the last frame had there
  (the emulator keeps an unchanged row's object), plus the cursor's old and new rows. Qt merges
  the ``update()`` calls into one paint per event-loop pass. Rows are kept as pixmaps while
  they stay on screen, so a scroll only draws the new rows.
* **Coordinates.** Painting and mouse reports use pixels from the grid's top left corner
  (the emulator is told the cell size, so its mouse encoder takes pixels too). Selections and
  find matches use buffer rows (see :mod:`sshdesk.terminal.selection`).
* **Selection lifetime.** A selection stays while the text under it stays: output that scrolls
  the screen it is on, or rewrites a row it covers, clears it. Scrolled back, the emulator pins
  the viewport, so a selection there survives streaming output.
* **Helpers.** Keys and input methods are :mod:`~sshdesk.terminal.keyboard`'s, the mouse is
  :mod:`~sshdesk.terminal.mouse`'s; this module holds the state they share.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRegion,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QMenu, QWidget

from sshdesk.terminal import clipboard
from sshdesk.terminal.buffer import BufferReader
from sshdesk.terminal.emulator import EmulatorCore, Key
from sshdesk.terminal.findbar import Finder, TerminalFindBar
from sshdesk.terminal.keyboard import KeyboardHandler
from sshdesk.terminal.model import FrameView, RowView
from sshdesk.terminal.mouse import MouseHandler
from sshdesk.terminal.painting import CursorShape, GridPainter, RowCache
from sshdesk.terminal.schemes import DEFAULT_SCHEME, ColorScheme
from sshdesk.terminal.scrollbar import ScrollBarSync
from sshdesk.terminal.selection import (
    Selection,
    column_of,
    selection_text,
    snap_span,
    takes_whole_row,
)
from sshdesk.terminal.tracking import FrameTracker

__all__ = ["CursorShape", "TerminalWidget", "default_font"]

#: Pixels between the widget's edge and the cell grid.
PADDING = 3
#: Lines a wheel notch scrolls.
WHEEL_LINES = 3
#: The cursor's blink period (xterm's and GTK's).
BLINK_MS = 530
#: A terminal without the keyboard focus shows new output at most this often: during a flood
#: its repaints would otherwise take the time the focused one needs to show echoed keys.
UNFOCUSED_REFRESH_MS = 50
#: While output floods in (most rows new at each frame) the screen is repainted at most this
#: often: nobody reads text scrolling that fast, and the time goes to parsing it instead.
FLOOD_REFRESH_MS = 50
#: A throttled refresh is shown once output has been quiet this long, without waiting out the
#: throttle: the last screen of a burst appears at once. Longer than a frame, so a flood
#: (fed every frame) keeps its pace.
QUIET_REFRESH_MS = 20
_PAINT_NOW_ROWS = 4


def default_font() -> QFont:
    """The system's monospace font (DejaVu Sans Mono on most Linux desktops) at 11 points."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if "DejaVu Sans Mono" in QFontDatabase.families():
        font = QFont("DejaVu Sans Mono")
    font.setPointSizeF(max(font.pointSizeF(), 11.0))
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    return font


def _rects(region: QRegion) -> Iterator[QRect]:
    """A region's rects (PySide6 iterates them; its type stubs do not say so)."""
    yield from region  # type: ignore[misc]


class TerminalWidget(QAbstractScrollArea):
    """A terminal view of an emulator, with scrollback, selection, search and paste.

    Keys: Ctrl+Shift+C copies, Ctrl+Shift+V and Shift+Insert paste, Ctrl+Insert copies when
    something is selected, Ctrl+Shift+F finds, Shift+PgUp/PgDn scroll a page; everything else
    goes to the host, Tab included.

    Args:
        emulator: The terminal core to show and to encode input with.
        parent: The parent widget.

    Attributes:
        copy_on_select: Selecting also copies to the clipboard (off by default; the X11
            primary selection is always set, as every X11 terminal does).
        confirm_multiline_paste: Ask before pasting several lines ("Don't ask again" turns
            it off; the owner may persist it).
        confirm_paste: Asked before such a paste; returns whether to paste. Replace it to
            answer without a dialog (tests, scripts).
        find_bar: The find bar, shown by Ctrl+Shift+F at the top right corner.
        paint_log: When a list, each paint appends the viewport rows it painted (for tests
            and benchmarks).
        damaged_rows: The viewport rows last invalidated (for tests).

    Signals:
        input_ready(bytes): Bytes for the host: keys, pastes, input method text, mouse and
            focus reports.
        size_changed(int, int): The columns and rows that fit the widget changed; the owner
            resizes the session (the widget does not resize the emulator itself).
        selection_copied(str): Text was put on the clipboard.
        focus_changed(bool): The widget gained (True) or lost the keyboard focus; the
            session feeds the focused terminal first.
    """

    input_ready = Signal(bytes)
    size_changed = Signal(int, int)
    selection_copied = Signal(str)
    focus_changed = Signal(bool)

    def __init__(self, emulator: EmulatorCore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._emulator = emulator
        self._grid = GridPainter(default_font())
        self._row_cache = RowCache()
        self._tracker = FrameTracker(emulator)
        self._grid_size: tuple[int, int] | None = None
        self._stale = False  # output arrived while hidden
        self._last_refresh = 0.0
        self._refresh_timer = QTimer(self, singleShot=True)
        self._refresh_timer.timeout.connect(self.refresh)
        self._quiet_timer = QTimer(self, singleShot=True, interval=QUIET_REFRESH_MS)
        self._quiet_timer.timeout.connect(self._refresh_after_quiet)
        self._selection: Selection | None = None
        self._cursor_shape = CursorShape.BLOCK
        self._cursor_blink = True
        self._blink_on = True
        self.copy_on_select = False
        self.confirm_multiline_paste = True
        self.confirm_paste: Callable[[str], bool] = self._ask_before_paste
        self.paint_log: list[int] | None = None
        self.damaged_rows: tuple[int, ...] = ()
        self._buffer = BufferReader(emulator, self._rebase_frame)
        self._finder = Finder(self)
        self._keyboard = KeyboardHandler(self)
        self._mouse = MouseHandler(self)
        self._setup_widget()
        self.find_bar = TerminalFindBar(self)
        self.set_scheme(DEFAULT_SCHEME)
        self._apply_font()

    def _setup_widget(self) -> None:
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        self.setAttribute(Qt.WidgetAttribute.WA_KeyCompression, False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        viewport = self.viewport()
        # Every pixel is painted from the frame: no erase, no system background first.
        viewport.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        viewport.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        viewport.setAutoFillBackground(False)
        viewport.setMouseTracking(True)  # mode 1003 reports motion without a button
        viewport.setCursor(Qt.CursorShape.IBeamCursor)
        self.verticalScrollBar().valueChanged.connect(self._on_scrollbar)
        self._blink_timer = QTimer(self, interval=BLINK_MS)
        self._blink_timer.timeout.connect(self._blink)
        self._scrollbar = ScrollBarSync(self.verticalScrollBar(), self._emulator,
                                        self._tracker.counted)

    # -- settings -------------------------------------------------------------------------

    @property
    def emulator(self) -> EmulatorCore:
        """The terminal core shown."""
        return self._emulator

    @property
    def terminal_font(self) -> QFont:
        """The font the grid is drawn with, as given to :meth:`set_font` (to persist)."""
        return self._grid.font

    def set_font(self, font: QFont) -> None:
        """Draws with ``font`` (family and size); the cell size and so the grid size follow."""
        self._grid.set_font(font)
        self._apply_font()

    def _apply_font(self) -> None:
        self._row_cache.clear()
        self._emulator.set_cell_size(self._grid.cell_width, self._grid.cell_height)
        self._update_grid_size()
        self.viewport().update()
        self.updateGeometry()

    @property
    def scheme(self) -> ColorScheme:
        """The colour scheme."""
        return self._grid.scheme

    def set_scheme(self, scheme: ColorScheme) -> None:
        """Uses ``scheme`` (the emulator's default colours and palette follow)."""
        self._grid.scheme = scheme
        self._row_cache.clear()
        self._emulator.set_colors(scheme.foreground, scheme.background, scheme.palette)
        self.refresh()
        self.viewport().update()

    @property
    def bold_is_bright(self) -> bool:
        """Whether bold text in colours 0-7 is drawn in the bright colours 8-15."""
        return self._grid.bold_is_bright

    @bold_is_bright.setter
    def bold_is_bright(self, value: bool) -> None:
        self._grid.bold_is_bright = value
        self._row_cache.clear()
        self.viewport().update()

    @property
    def cursor_shape(self) -> CursorShape:
        """Block, underline or bar."""
        return self._cursor_shape

    @cursor_shape.setter
    def cursor_shape(self, shape: CursorShape) -> None:
        self._cursor_shape = shape
        self.update_cursor_row()

    @property
    def cursor_blink(self) -> bool:
        """Whether the cursor blinks while the widget has the focus."""
        return self._cursor_blink

    @cursor_blink.setter
    def cursor_blink(self, blink: bool) -> None:
        self._cursor_blink = blink
        self._restart_blink()

    def grid_size(self) -> tuple[int, int]:
        """``(columns, rows)`` that fit the widget now."""
        return self._grid_size or self._fit()

    def cell_size(self) -> tuple[int, int]:
        """A cell's ``(width, height)`` in pixels."""
        return self._grid.cell_width, self._grid.cell_height

    def sizeHint(self) -> QSize:
        """Room for 80 x 24 cells and the scroll bar."""
        width = 80 * self._grid.cell_width + 2 * PADDING
        width += self.verticalScrollBar().sizeHint().width()
        return QSize(width, 24 * self._grid.cell_height + 2 * PADDING)

    # -- frames and repaints --------------------------------------------------------------

    def refresh(self) -> None:
        """Shows what the emulator has now, repainting only rows that changed. Connect the
        session's ``screen_changed`` here."""
        self._buffer.forget()  # output may have changed the buffer's text
        if not self.isVisible():
            self._stale = True  # a background tab: read the frame when shown
            return
        focused, now = self.hasFocus(), time.monotonic()
        interval = (UNFOCUSED_REFRESH_MS if not focused
                    else FLOOD_REFRESH_MS if not self._row_cache.storing else 0)
        if interval:
            wait_ms = interval - (now - self._last_refresh) * 1000
            if wait_ms > 0:
                if not self._refresh_timer.isActive():
                    self._refresh_timer.start(int(wait_ms) + 1)
                if wait_ms > QUIET_REFRESH_MS:
                    self._quiet_timer.start()  # restarted by each new output
                return
        self._refresh_timer.stop()
        self._quiet_timer.stop()
        self._last_refresh = now
        # The terminal being typed in paints a small change (an echo) now: a posted repaint
        # would wait behind whatever else is queued (another tab's flood). Big changes (its
        # own flood) are left to Qt, which paints them once per frame.
        self._update_frame(paint_now=focused)
        self._scrollbar.output_arrived(self._emulator.viewport_at_bottom())

    def _refresh_after_quiet(self) -> None:
        self._last_refresh = 0.0
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Catches up with output that arrived while hidden."""
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._last_refresh = 0.0  # shown now: no waiting
            self.refresh()

    def _update_frame(self, scrolled: bool = False, paint_now: bool = False) -> None:
        """Takes a new frame and invalidates what changed; ``scrolled`` when the user (not
        output) moved the viewport; ``paint_now`` to paint a small change at once."""
        change = self._tracker.take(self._selection, scrolled)
        frame = self._tracker.frame
        if change.scrolled_off:
            self._scrollbar.scrolled_off(change.old.rows, frame.rows)
        if change.selection_changed:
            self.clear_selection()
        self._row_cache.keep(frame.rows, change.old.rows)
        if change.cursor_moved and self.hasFocus():
            QGuiApplication.inputMethod().update(Qt.InputMethodQuery.ImCursorRectangle)
        if change.full:
            self._row_cache.clear()
            self.damaged_rows = change.rows
            self.viewport().update()
        else:
            self._invalidate(set(change.rows), paint_now)

    def _rebase_frame(self) -> None:
        """After the viewport went elsewhere and came back (to read rows), its unchanged rows
        are new objects: take them as they are."""
        self._tracker.rebase()
        self._row_cache.clear()
        self.viewport().update()

    def _invalidate(self, rows: set[int], paint_now: bool = False) -> None:
        """Repaints these viewport rows, one rect per run of adjacent rows: queued, or at once
        with ``paint_now`` when they are few."""
        self.damaged_rows = tuple(sorted(rows))
        runs: list[list[int]] = []
        for row in self.damaged_rows:
            if runs and runs[-1][1] == row:
                runs[-1][1] = row + 1
            else:
                runs.append([row, row + 1])
        viewport, height = self.viewport(), self._grid.cell_height
        region = QRegion()
        for start, stop in runs:
            top = 0 if start == 0 else PADDING + start * height  # with the padding above
            region += QRect(0, top, viewport.width(), PADDING + stop * height - top)
        if paint_now and len(self.damaged_rows) <= _PAINT_NOW_ROWS:
            viewport.repaint(region)
        else:
            viewport.update(region)

    def update_cursor_row(self) -> None:
        """Repaints the cursor's row (blink, shape, preedit)."""
        cursor = self._tracker.frame.cursor
        if cursor is not None:
            self._invalidate({cursor.row})

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paints the rows the event's region touches, and the padding around the grid."""
        painter = QPainter(self.viewport())
        frame, grid = self._tracker.frame, self._grid
        height = grid.cell_height
        region = event.region()
        # Rows cover their own rect: only the padding and the space past the grid are filled.
        grid_rect = QRect(PADDING, PADDING, frame.columns * grid.cell_width,
                          len(frame.rows) * height)
        for rect in _rects(region.subtracted(QRegion(grid_rect))):
            painter.fillRect(rect, grid.color(frame.background))
        rows: set[int] = set()
        for rect in _rects(region):
            first = max(0, (rect.top() - PADDING) // height)
            last = min(len(frame.rows) - 1, (rect.bottom() - PADDING) // height)
            rows.update(range(first, last + 1))
        if self.paint_log is not None:
            self.paint_log.extend(sorted(rows))
        for row in sorted(rows):
            self._paint_row(painter, row)
        painter.end()

    def _paint_row(self, painter: QPainter, row: int) -> None:
        frame, grid = self._tracker.frame, self._grid
        y = PADDING + row * grid.cell_height
        painter.setClipRect(QRect(0, y, self.viewport().width(), grid.cell_height))
        view = frame.rows[row]
        selected = self._selected_span(row, view)
        pixmap = None if selected is not None else self._row_cache.pixmap(
            grid, frame, view, self.devicePixelRatioF())
        if pixmap is not None:
            painter.drawPixmap(PADDING, y, pixmap)
        else:
            grid.paint_row(painter, frame, view, PADDING, y, selected)
        cursor = frame.cursor
        if cursor is None or cursor.row != row:
            return
        preedit = self._keyboard.preedit
        if preedit:
            grid.paint_preedit(painter, frame, preedit, PADDING + cursor.column * grid.cell_width,
                               y)
        elif cursor.visible and (self._blink_on or not self.hasFocus()):
            grid.paint_cursor(painter, frame, cursor, PADDING, y, self._cursor_shape,
                              self.hasFocus())

    def _selected_span(self, row: int, view: RowView) -> tuple[int, int] | None:
        top = self._tracker.known_top
        if self._selection is None or top is None:
            return None
        span = self._selection.span(top + row, self._tracker.frame.columns)
        return None if span is None else snap_span(view.widths, *span)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Recomputes the grid's size and keeps the find bar in its corner."""
        super().resizeEvent(event)
        self._update_grid_size()
        self._place_find_bar()

    def _fit(self) -> tuple[int, int]:
        viewport = self.viewport()
        columns = (viewport.width() - 2 * PADDING) // self._grid.cell_width
        rows = (viewport.height() - 2 * PADDING) // self._grid.cell_height
        return max(1, columns), max(1, rows)

    def _update_grid_size(self) -> None:
        size = self._fit()
        if size != self._grid_size:
            self._grid_size = size
            self._scrollbar.set_page(size[1])
            self.size_changed.emit(*size)

    def _place_find_bar(self) -> None:
        bar, width = self.find_bar, self.viewport().width()
        hint = bar.sizeHint()
        bar.setGeometry(max(0, width - hint.width()), 0, min(hint.width(), width), hint.height())

    # -- scrolling ------------------------------------------------------------------------

    def buffer_top(self) -> int:
        """The viewport's first buffer row (counting the scrollback if output made it stale)."""
        if self._stale:  # hidden since output arrived: catch up first
            self._stale = False
            self._update_frame()
        return self._tracker.top()

    def scroll_lines(self, lines: int) -> None:
        """Scrolls the view ``lines`` rows down (up into the scrollback for negative)."""
        if lines:
            self._scroll_to(self.buffer_top() + lines)

    def scroll_pages(self, pages: int) -> None:
        """Scrolls by whole screens."""
        self.scroll_lines(pages * len(self._tracker.frame.rows))

    def scroll_to_bottom(self) -> None:
        """Shows the live screen again (typing does this)."""
        if not self._emulator.viewport_at_bottom():
            self._before_move()
            self._emulator.scroll_viewport_to_bottom()
            self._viewport_moved()

    def _scroll_to(self, top: int) -> None:
        self._before_move()
        self._emulator.scroll_viewport_to(max(0, top))
        self._viewport_moved()

    def _before_move(self) -> None:
        if self._selection is not None:
            self.buffer_top()  # the selection's rows must be known before the view moves

    def _viewport_moved(self) -> None:
        self._update_frame(scrolled=True)
        top = self._tracker.known_top
        self._scrollbar.moved(None if self._emulator.viewport_at_bottom() else top)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Nothing: the scroll bar moves the emulator's viewport (``_on_scrollbar``), and the
        new frame repaints what changed."""

    def _on_scrollbar(self, value: int) -> None:
        if value >= self.verticalScrollBar().maximum():
            self._before_move()
            self._emulator.scroll_viewport_to_bottom()
            self._viewport_moved()
        else:
            self._scroll_to(value)

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Scrolls the scrollback, or passes the wheel on as the program's modes ask."""
        notches = self._mouse.wheel_notches(event.angleDelta().y())
        event.accept()
        if not notches:
            return
        modes = self._emulator.modes()
        if self._mouse.reporting(event.modifiers()):
            self._mouse.report_wheel(event, notches)
        elif modes.alternate_screen and not modes.mouse_tracking:
            # xterm's alternateScroll: pagers and editors scroll by the arrow keys.
            key = Key.ARROW_UP if notches > 0 else Key.ARROW_DOWN
            self.send(self._emulator.key_bytes(key) * (abs(notches) * WHEEL_LINES))
        else:
            self.scroll_lines(-notches * WHEEL_LINES)

    # -- keys, input methods, focus (KeyboardHandler does the work) -----------------------

    def event(self, event: QEvent) -> bool:
        """Keeps the keys the terminal needs from the window's shortcuts."""
        if event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if self._keyboard.wants(event):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Terminal shortcuts, else the key's bytes for the host."""
        self._keyboard.press(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Sends committed text in the session's encoding; shows the preedit at the cursor."""
        self._keyboard.input_method(event)

    def inputMethodQuery(self, query: Qt.InputMethodQuery) -> object:
        """Tells the input method where the cursor is, so its candidate window follows it."""
        answer = self._keyboard.query(query)
        return answer if answer is not None else super().inputMethodQuery(query)

    def focusNextPrevChild(self, _next: bool) -> bool:
        """Tab and Shift+Tab are the shell's (completion), never a focus move."""
        return False

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Reports the focus (mode 1004) and starts the cursor blinking."""
        super().focusInEvent(event)
        self._focus_changed(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Reports the loss of focus and shows a hollow, steady cursor."""
        super().focusOutEvent(event)
        self._focus_changed(False)

    def _focus_changed(self, gained: bool) -> None:
        self.send(self._emulator.focus_bytes(gained))
        self._restart_blink()
        self.focus_changed.emit(gained)

    def _restart_blink(self) -> None:
        self._blink_on = True
        if self._cursor_blink and self.hasFocus():
            self._blink_timer.start()
        else:
            self._blink_timer.stop()
        self.update_cursor_row()

    def _blink(self) -> None:
        self._blink_on = not self._blink_on
        self.update_cursor_row()

    def send(self, data: bytes) -> None:
        """Emits ``data`` for the host, if any."""
        if data:
            self.input_ready.emit(data)

    def send_typed(self, data: bytes) -> None:
        """Emits what the user typed or pasted: back to the live screen, cursor shown."""
        self.scroll_to_bottom()
        self._restart_blink()
        self.send(data)

    # -- selection, clipboard, search -----------------------------------------------------

    def has_selection(self) -> bool:
        """Whether some text is selected."""
        return self._selection is not None and not self._selection.is_empty()

    def selection(self) -> Selection | None:
        """The selection, in buffer rows and column boundaries."""
        return self._selection

    def set_selection(self, selection: Selection | None) -> None:
        """Selects (and repaints) ``selection``; ``None`` clears it."""
        if selection is not None:
            self.buffer_top()  # painting it needs the viewport's place in the buffer
        old, self._selection = self._selection, selection
        if old == selection:
            return
        top, count = self._tracker.known_top, len(self._tracker.frame.rows)
        if top is None:  # not worth a count of the scrollback: repaint it all
            self.viewport().update()
            return
        self._invalidate({b - top for s in (old, selection) if s is not None
                          for b in s.rows if 0 <= b - top < count})

    def clear_selection(self) -> None:
        """Unselects."""
        self.set_selection(None)

    def select_all(self) -> None:
        """Selects the whole buffer, the scrollback's oldest row to the screen's last."""
        last = self._emulator.scrollback_size() + len(self._tracker.frame.rows) - 1
        self.set_selection(Selection((0, 0), (last, self._tracker.frame.columns)))
        self._mouse.publish_selection()

    def selected_text(self) -> str:
        """The selected text (a wide character once, trailing blanks trimmed per line)."""
        selection = self._selection
        if selection is None or selection.is_empty():
            return ""
        columns, top = self._tracker.frame.columns, self.buffer_top()
        visible = {top + i: row for i, row in enumerate(self._tracker.frame.rows)}
        rows = self._buffer.rows(selection.rows,
                                 lambda b: takes_whole_row(selection, b, columns), visible)
        return selection_text(selection, rows.__getitem__, columns)

    def copy(self) -> None:
        """Puts the selected text on the clipboard (nothing happens without a selection)."""
        text = self.selected_text()
        if text:
            clipboard.put(text)
            self.selection_copied.emit(text)

    def paste(self, text: str | None = None) -> None:
        """Pastes ``text`` (by default the clipboard's), asking first if it has several
        lines, bracketed when the program asked (mode 2004)."""
        if text is None:
            text = clipboard.get()
        text = text.replace("\r\n", "\n")  # a Windows clipboard's line ends: one Enter each
        if not text:
            return
        if (self.confirm_multiline_paste and not self._emulator.is_paste_safe(text)
                and not self.confirm_paste(text)):
            return
        self.send_typed(self._emulator.paste_bytes(text))

    def paste_selection(self) -> None:
        """Pastes the primary selection (the clipboard where there is none), as a middle click
        does."""
        self.paste(clipboard.get(primary=True))

    def _ask_before_paste(self, text: str) -> bool:
        answer, dont_ask = clipboard.ask_before_paste(self, text)
        if answer and dont_ask:
            self.confirm_multiline_paste = False
        return answer

    # Hides QWidget.find (a static lookup by window id nobody calls on a terminal).
    def find(  # type: ignore[override]
            self, text: str, backwards: bool = True, case_sensitive: bool = False) -> bool:
        """Finds ``text`` in the scrollback and screen, scrolls to it and selects it.

        The same search again moves on from the last match (wrapping around); a new text
        starts at the bottom (backwards) or the top.

        Returns:
            Whether ``text`` was found.
        """
        return self._finder.find(text, backwards, case_sensitive)

    def find_next(self) -> bool:
        """Repeats the last search in its direction (older matches, by default)."""
        return self._finder.again()

    def find_previous(self) -> bool:
        """Repeats the last search the other way."""
        return self._finder.again(reverse=True)

    def show_find_bar(self) -> None:
        """Opens the find bar (Ctrl+Shift+F)."""
        self._place_find_bar()
        self.find_bar.open()

    def buffer_lines(self) -> list[str]:
        """Every buffer row's text, oldest first (what :meth:`find` searches)."""
        return self._buffer.lines()

    def show_match(self, row: int, start: int, stop: int) -> None:
        """Scrolls buffer ``row`` into view (to the middle when off screen) and selects its
        characters ``[start, stop)``."""
        top, rows = self.buffer_top(), len(self._tracker.frame.rows)
        if not top <= row < top + rows:
            self._scroll_to(row - rows // 2)
            top = self.buffer_top()
        view = self._tracker.frame.rows[row - top]
        self.set_selection(Selection((row, column_of(view, start)), (row, column_of(view, stop))))

    # -- mouse (MouseHandler does the work) -----------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Reports the press to the program, or starts a selection, or pastes (middle)."""
        self._mouse.press(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Selects a word (or reports a second press)."""
        self._mouse.double_click(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extends the selection, or reports motion."""
        self._mouse.move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Finishes the selection, or reports the release."""
        self._mouse.release(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Copy, Paste, Select All and Find; the program's when it reports the mouse."""
        if not self._mouse.reporting(event.modifiers()):
            self._context_menu().exec(event.globalPos())

    def _context_menu(self) -> QMenu:
        menu = QMenu(self)
        copy = menu.addAction(self.tr("&Copy"), self.copy)
        copy.setShortcut(QKeySequence("Ctrl+Shift+C"))
        copy.setEnabled(self.has_selection())
        paste = menu.addAction(self.tr("&Paste"), self.paste)
        paste.setShortcut(QKeySequence("Ctrl+Shift+V"))
        menu.addAction(self.tr("Select &All"), self.select_all)
        menu.addSeparator()
        find = menu.addAction(self.tr("&Find…"), self.show_find_bar)
        find.setShortcut(QKeySequence("Ctrl+Shift+F"))
        return menu

    def frame(self) -> FrameView:
        """The frame on screen."""
        return self._tracker.frame

    def cell_at(self, position: QPoint) -> tuple[int, int, int]:
        """``(viewport row, column boundary, column)`` nearest a viewport position, clamped
        to the grid."""
        grid, frame = self._grid, self._tracker.frame
        x, y = position.x() - PADDING, position.y() - PADDING
        row = max(0, min(y // grid.cell_height, len(frame.rows) - 1))
        boundary = max(0, min(round(x / grid.cell_width), frame.columns))
        column = max(0, min(x // grid.cell_width, frame.columns - 1))
        return row, boundary, column

    def cell_rect(self, row: int, column: int) -> QRect:
        """A cell's rect in the viewport."""
        grid = self._grid
        return QRect(PADDING + column * grid.cell_width, PADDING + row * grid.cell_height,
                     grid.cell_width, grid.cell_height)

    def grid_position(self, position: QPoint) -> tuple[int, int]:
        """A viewport position in pixels from the grid's corner, inside the grid (for mouse
        reports: a drag out of the window reports the edge, as in xterm)."""
        grid, frame = self._grid, self._tracker.frame
        x = max(0, min(position.x() - PADDING, frame.columns * grid.cell_width - 1))
        y = max(0, min(position.y() - PADDING, len(frame.rows) * grid.cell_height - 1))
        return x, y
