"""The terminal widget's mouse: selecting text (drag, double- and triple-click, Alt+drag for a
block), middle-click paste, and reporting to programs that track the mouse.

A program that turned mouse tracking on gets presses, releases, motion and the wheel while the
view is at the bottom; Shift held keeps the mouse for selecting, as in xterm.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from sshdesk.terminal import clipboard
from sshdesk.terminal.emulator import MouseAction, MouseButton
from sshdesk.terminal.qtkeys import mods_of
from sshdesk.terminal.selection import Selection, word_bounds

if TYPE_CHECKING:
    from sshdesk.terminal.widget import TerminalWidget

__all__ = ["MouseHandler"]

_BUTTONS = {
    Qt.MouseButton.LeftButton: MouseButton.LEFT,
    Qt.MouseButton.MiddleButton: MouseButton.MIDDLE,
    Qt.MouseButton.RightButton: MouseButton.RIGHT,
    Qt.MouseButton.BackButton: MouseButton.EIGHT,
    Qt.MouseButton.ForwardButton: MouseButton.NINE,
}
#: One wheel notch in Qt's angle units (eighths of a degree).
_NOTCH = 120
#: How often a drag past the top or bottom edge scrolls a line.
_AUTOSCROLL_MS = 50


@dataclass(slots=True)
class _Drag:
    """A selection being made: by character, block, word or line, from an anchor.

    For words and lines, ``first`` and ``last`` bound the unit first clicked (so dragging back
    past it keeps it whole); for characters and blocks both are the anchor point.
    """

    unit: str
    first: tuple[int, int]
    last: tuple[int, int]
    position: QPoint


class MouseHandler:
    """Does the mouse work of a :class:`~sshdesk.terminal.widget.TerminalWidget`."""

    def __init__(self, widget: TerminalWidget) -> None:
        self._widget = widget
        self._drag: _Drag | None = None
        self._wheel_rest = 0
        self._double_click: tuple[float, QPoint] = (0.0, QPoint())
        self._reported: set[Qt.MouseButton] = set()
        self._autoscroll = QTimer(widget, interval=_AUTOSCROLL_MS)
        self._autoscroll.timeout.connect(self._scroll_drag)

    # -- reporting ------------------------------------------------------------------------

    def reporting(self, modifiers: Qt.KeyboardModifier) -> bool:
        """Whether the mouse goes to the program now (it tracks the mouse, the view is live,
        and Shift is not held)."""
        emulator = self._widget.emulator
        return (not modifiers & Qt.KeyboardModifier.ShiftModifier
                and emulator.modes().mouse_tracking and emulator.viewport_at_bottom())

    def _report(self, action: MouseAction, event: QMouseEvent, button: MouseButton | None,
                any_pressed: bool) -> None:
        x, y = self._widget.grid_position(event.position().toPoint())
        self._widget.send(self._widget.emulator.mouse_bytes(
            action, x, y, button, mods_of(event.modifiers()), any_button_pressed=any_pressed))

    def wheel_notches(self, delta: int) -> int:
        """Whole notches in a wheel delta, keeping the rest (touchpads send small deltas)."""
        self._wheel_rest += delta
        notches = int(self._wheel_rest / _NOTCH)
        self._wheel_rest -= notches * _NOTCH
        return notches

    def report_wheel(self, event: QWheelEvent, notches: int) -> None:
        """Sends a notch of the wheel as a press of button 4 (up) or 5 (down)."""
        x, y = self._widget.grid_position(event.position().toPoint())
        button = MouseButton.FOUR if notches > 0 else MouseButton.FIVE
        data = self._widget.emulator.mouse_bytes(MouseAction.PRESS, x, y, button,
                                                 mods_of(event.modifiers()))
        self._widget.send(data * abs(notches))

    # -- events ---------------------------------------------------------------------------

    def press(self, event: QMouseEvent) -> None:
        """A button went down."""
        widget = self._widget
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        button = event.button()
        if self.reporting(event.modifiers()):
            self._reported.add(button)
            self._report(MouseAction.PRESS, event, _BUTTONS.get(button), True)
            return
        if button == Qt.MouseButton.LeftButton:
            position = event.position().toPoint()
            at, where = self._double_click
            if (time.monotonic() - at < QApplication.doubleClickInterval() / 1000
                    and (position - where).manhattanLength() < QApplication.startDragDistance()):
                self._double_click = (0.0, QPoint())  # a fourth click starts afresh
                self._start(event, "line")
            elif event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self._start(event, "block")
            else:
                self._start(event, "char")
        elif button == Qt.MouseButton.MiddleButton:
            widget.paste_selection()

    def double_click(self, event: QMouseEvent) -> None:
        """The second press of a double click (Qt sends this instead of a press)."""
        if self.reporting(event.modifiers()) or event.button() != Qt.MouseButton.LeftButton:
            self.press(event)
            return
        self._double_click = (time.monotonic(), event.position().toPoint())
        self._start(event, "word")

    def move(self, event: QMouseEvent) -> None:
        """The mouse moved (with or without a button)."""
        if self._reported or (self._drag is None and self.reporting(event.modifiers())):
            held = next((_BUTTONS[b] for b in _BUTTONS if event.buttons() & b), None)
            self._report(MouseAction.MOTION, event, held, held is not None)
            return
        if self._drag is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if self._widget.selection() is None:  # output cleared it under the mouse
            self._stop_drag()
            return
        self._drag.position = event.position().toPoint()
        self._extend(self._drag.position)
        height = self._widget.viewport().height()
        if 0 <= self._drag.position.y() < height:
            self._autoscroll.stop()
        elif not self._autoscroll.isActive():
            self._autoscroll.start()

    def release(self, event: QMouseEvent) -> None:
        """A button went up."""
        button = event.button()
        if button in self._reported:
            self._reported.discard(button)
            self._report(MouseAction.RELEASE, event, _BUTTONS.get(button), bool(event.buttons()))
            return
        if button == Qt.MouseButton.LeftButton and self._drag is not None:
            self._stop_drag()
            selection = self._widget.selection()
            if selection is None or selection.is_empty():
                self._widget.clear_selection()
            else:
                self.publish_selection()

    # -- selecting ------------------------------------------------------------------------

    def _start(self, event: QMouseEvent, unit: str) -> None:
        widget = self._widget
        position = event.position().toPoint()
        row, boundary, column = widget.cell_at(position)
        buffer_row = widget.buffer_top() + row
        frame = widget.frame()
        if unit == "word":
            start, stop = word_bounds(frame.rows[row], column)
            first, last = (buffer_row, start), (buffer_row, stop)
        elif unit == "line":
            first, last = (buffer_row, 0), (buffer_row, frame.columns)
        else:
            first = last = (buffer_row, boundary)
        self._drag = _Drag(unit, first, last, position)
        widget.set_selection(Selection(first, last, unit == "block"))

    def _extend(self, position: QPoint) -> None:
        drag, widget = self._drag, self._widget
        assert drag is not None
        row, boundary, column = widget.cell_at(position)
        buffer_row = widget.buffer_top() + row
        if drag.unit in ("char", "block"):
            selection = Selection(drag.first, (buffer_row, boundary), drag.unit == "block")
        elif drag.unit == "word":
            start, stop = word_bounds(widget.frame().rows[row], column)
            if (buffer_row, column) >= drag.first:
                selection = Selection(drag.first, max(drag.last, (buffer_row, stop)))
            else:
                selection = Selection(drag.last, (buffer_row, start))
        elif buffer_row >= drag.first[0]:
            selection = Selection(drag.first, (buffer_row, widget.frame().columns))
        else:
            selection = Selection(drag.last, (buffer_row, 0))
        widget.set_selection(selection)

    def _scroll_drag(self) -> None:
        """Scrolls a line towards the mouse while a drag is past the top or bottom edge."""
        drag = self._drag
        if drag is None or self._widget.selection() is None:
            self._stop_drag()
            return
        self._widget.scroll_lines(-1 if drag.position.y() < 0 else 1)
        self._extend(drag.position)

    def _stop_drag(self) -> None:
        self._drag = None
        self._autoscroll.stop()

    def publish_selection(self) -> None:
        """Offers the selection as the primary selection (X11), and on the clipboard too when
        copy-on-select is on."""
        widget = self._widget
        text = widget.selected_text()
        if not text:
            return
        clipboard.put(text, primary=True)
        if widget.copy_on_select:
            clipboard.put(text)
            widget.selection_copied.emit(text)
