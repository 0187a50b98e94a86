"""The terminal widget with a real emulator: keys, paste, input methods, selection, mouse
reports, scrollback, search, rendering and partial repaints."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QMouseEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from sshdesk.terminal.emulator import TerminalEmulator
from sshdesk.terminal.painting import CursorShape
from sshdesk.terminal.schemes import DEFAULT_SCHEME, SCHEMES, SOLARIZED_DARK, scheme_named
from sshdesk.terminal.selection import Selection
from sshdesk.terminal.widget import PADDING, UNFOCUSED_REFRESH_MS, TerminalWidget

B = Qt.MouseButton
M = Qt.KeyboardModifier


class Terminal:
    """A widget on a real emulator, wired as the session tab wires them, recording output."""

    def __init__(self, qtbot: QtBot, encoding: str = "utf-8") -> None:
        self.emulator = TerminalEmulator(80, 24, encoding=encoding)
        self.widget = TerminalWidget(self.emulator)
        self.sent: list[bytes] = []
        self.widget.input_ready.connect(self.sent.append)
        self.widget.size_changed.connect(self._resize)
        qtbot.addWidget(self.widget)
        width, height = self.widget.cell_size()
        scrollbar = self.widget.verticalScrollBar().sizeHint().width()
        self.widget.resize(80 * width + 2 * PADDING + scrollbar, 24 * height + 2 * PADDING)
        self.widget.show()
        qtbot.waitExposed(self.widget)
        self.widget.activateWindow()
        self.widget.setFocus()
        self.qtbot = qtbot

    def _resize(self, columns: int, rows: int) -> None:
        self.emulator.resize(columns, rows)
        self.widget.refresh()

    def feed(self, text: str | bytes) -> None:
        self.emulator.feed(text.encode() if isinstance(text, str) else text)
        self.widget.refresh()

    def output(self) -> bytes:
        data = b"".join(self.sent)
        self.sent.clear()
        return data

    def point(self, column: float, row: float) -> QPointF:
        """The middle of a cell (fractions move within it)."""
        width, height = self.widget.cell_size()
        return QPointF(PADDING + (column + 0.5) * width, PADDING + (row + 0.5) * height)

    def mouse(self, kind: QEvent.Type, point: QPointF, button: B = B.LeftButton,
              buttons: B | None = None, modifiers: M = M.NoModifier) -> None:
        viewport = self.widget.viewport()
        held = buttons if buttons is not None else (
            B.NoButton if kind == QEvent.Type.MouseButtonRelease else button)
        event = QMouseEvent(kind, point, viewport.mapToGlobal(point), button, held, modifiers)
        QApplication.sendEvent(viewport, event)

    def drag(self, start: QPointF, end: QPointF, modifiers: M = M.NoModifier) -> None:
        self.mouse(QEvent.Type.MouseButtonPress, start, modifiers=modifiers)
        self.mouse(QEvent.Type.MouseMove, end, B.NoButton, B.LeftButton, modifiers)
        self.mouse(QEvent.Type.MouseButtonRelease, end, modifiers=modifiers)

    def click(self, point: QPointF, count: int = 1) -> None:
        """Clicks as Qt reports them: the second press of a double click is a double-click
        event, the third a press again."""
        for press in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                      QEvent.Type.MouseButtonPress)[:count]:
            self.mouse(press, point)
            self.mouse(QEvent.Type.MouseButtonRelease, point)

    def wheel(self, notches: int, modifiers: M = M.NoModifier) -> None:
        viewport = self.widget.viewport()
        point = self.point(5, 5)
        event = QWheelEvent(point, viewport.mapToGlobal(point), QPoint(), QPoint(0, 120 * notches),
                            B.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)


def focus_elsewhere(term: Terminal, qtbot: QtBot) -> None:
    """Gives the keyboard focus to another window's line edit."""
    other = QLineEdit()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    other.setFocus()
    qtbot.waitUntil(lambda: not term.widget.hasFocus())


@pytest.fixture
def term(qtbot: QtBot) -> Iterator[Terminal]:
    terminal = Terminal(qtbot)
    yield terminal
    terminal.widget.close()


# -- keys ---------------------------------------------------------------------------------

def test_typing_sends_the_keys(term: Terminal, qtbot: QtBot) -> None:
    qtbot.keyClicks(term.widget, "ls")
    qtbot.keyClick(term.widget, Qt.Key.Key_Return)
    assert term.output() == b"ls\r"
    qtbot.keyClick(term.widget, Qt.Key.Key_C, M.ControlModifier)
    assert term.output() == b"\x03"


def test_arrows_f1_alt_and_keypad(term: Terminal, qtbot: QtBot) -> None:
    qtbot.keyClick(term.widget, Qt.Key.Key_Up)
    assert term.output() == b"\x1b[A"
    term.feed(b"\x1b[?1h")
    qtbot.keyClick(term.widget, Qt.Key.Key_Up)
    assert term.output() == b"\x1bOA"
    qtbot.keyClick(term.widget, Qt.Key.Key_F1)
    assert term.output() == b"\x1bOP"
    qtbot.keyClick(term.widget, Qt.Key.Key_B, M.AltModifier)
    assert term.output() == b"\x1bb"
    qtbot.keyClick(term.widget, Qt.Key.Key_7, M.KeypadModifier)
    assert term.output() == b"7"


def test_tab_stays_in_the_terminal(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    emulator = TerminalEmulator(80, 24)
    widget = TerminalWidget(emulator)
    sent: list[bytes] = []
    widget.input_ready.connect(sent.append)
    layout = QVBoxLayout(window)
    layout.addWidget(widget)
    layout.addWidget(QLineEdit())
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    qtbot.keyClick(widget, Qt.Key.Key_Backtab, M.ShiftModifier)
    assert sent == [b"\t", b"\x1b[Z"]
    assert widget.hasFocus()


def test_focus_reports_when_the_program_asks(term: Terminal, qtbot: QtBot) -> None:
    term.feed(b"\x1b[?1004h")
    focus_elsewhere(term, qtbot)
    term.widget.activateWindow()
    term.widget.setFocus()
    qtbot.waitUntil(term.widget.hasFocus)
    assert term.output() == b"\x1b[O\x1b[I"


# -- paste and input methods --------------------------------------------------------------

def test_paste_is_bracketed_when_the_program_asks(term: Terminal) -> None:
    term.widget.paste("echo hi")
    assert term.output() == b"echo hi"
    term.feed(b"\x1b[?2004h")
    term.widget.paste("echo hi")
    assert term.output() == b"\x1b[200~echo hi\x1b[201~"


def test_a_multi_line_paste_asks_first(term: Terminal) -> None:
    asked: list[str] = []
    answer = False

    def confirm(text: str) -> bool:
        asked.append(text)
        return answer

    term.widget.confirm_paste = confirm
    term.widget.paste("rm -rf build\r\nmake\n")
    assert asked == ["rm -rf build\nmake\n"]
    assert term.output() == b""
    answer = True
    term.widget.paste("make\nmake install")
    assert term.output() == b"make\rmake install"
    term.widget.confirm_multiline_paste = False  # "Don't ask again"
    term.widget.paste("a\nb")
    assert len(asked) == 2
    assert term.output() == b"a\rb"


def test_clipboard_copy_and_paste_keys(term: Terminal, qtbot: QtBot) -> None:
    term.feed("copy me\r\n")
    term.drag(term.point(0, 0), term.point(3.9, 0))  # the middle of "y": boundary after it
    qtbot.keyClick(term.widget, Qt.Key.Key_C, M.ControlModifier | M.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "copy"
    assert term.output() == b""
    qtbot.keyClick(term.widget, Qt.Key.Key_V, M.ControlModifier | M.ShiftModifier)
    assert term.output() == b"copy"
    qtbot.keyClick(term.widget, Qt.Key.Key_Insert, M.ShiftModifier)
    assert term.output() == b"copy"


def commit(widget: TerminalWidget, text: str, preedit: str = "") -> None:
    event = QInputMethodEvent(preedit, [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_input_method_text_in_the_session_encoding(qtbot: QtBot) -> None:
    utf8 = Terminal(qtbot)
    commit(utf8.widget, "中文")
    assert utf8.output() == "中文".encode()
    gbk = Terminal(qtbot, encoding="gbk")
    commit(gbk.widget, "中文")
    assert gbk.output() == "中文".encode("gbk") == b"\xd6\xd0\xce\xc4"


def test_input_method_preedit_and_candidate_window_at_the_cursor(term: Terminal) -> None:
    term.feed("$ ")
    widget = term.widget
    rect = widget.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
    width, height = widget.cell_size()
    assert (rect.x(), rect.y(), rect.height()) == (PADDING + 2 * width, PADDING, height)
    commit(widget, "", preedit="zhong")
    assert term.output() == b""
    moved = widget.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
    assert moved.x() == rect.x() + 5 * width  # after the preedit text
    assert widget.inputMethodQuery(Qt.InputMethodQuery.ImFont).family() \
        == widget.terminal_font.family()
    commit(widget, "中")
    assert term.output() == "中".encode()


# -- size ---------------------------------------------------------------------------------

def test_size_changed_follows_the_widget(term: Terminal, qtbot: QtBot) -> None:
    width, height = term.widget.cell_size()
    assert term.emulator.size() == (80, 24)
    scrollbar = term.widget.verticalScrollBar().width()
    with qtbot.waitSignal(term.widget.size_changed) as signal:
        term.widget.resize(100 * width + 2 * PADDING + scrollbar, 30 * height + 2 * PADDING)
    assert signal.args == [100, 30]
    assert term.emulator.size() == (100, 30)


def test_set_font_changes_the_cell_size(term: Terminal) -> None:
    font = term.widget.terminal_font
    before = term.widget.cell_size()
    term.widget.set_font(font)
    assert term.widget.cell_size() == before
    font.setPointSizeF(font.pointSizeF() * 2)
    term.widget.set_font(font)
    assert term.widget.cell_size()[1] > before[1] * 1.5
    assert term.widget.grid_size()[1] < 24


# -- selection ----------------------------------------------------------------------------

def test_selection_by_drag_word_and_line(term: Terminal) -> None:
    term.feed("hello wide 中文 world   \r\nnext line\r\n")
    widget = term.widget
    term.drag(term.point(-0.4, 0), term.point(4.4, 0))
    assert widget.selected_text() == "hello"
    # Columns: "hello wide " is 11, 中 takes 11-12, 文 13-14, then " world".
    term.drag(term.point(11.6, 0), term.point(13.2, 0))  # both halves: each char once
    assert widget.selected_text() == "中文"
    term.click(term.point(17, 0), count=2)
    assert widget.selected_text() == "world"
    term.click(term.point(2, 0), count=3)
    assert widget.selected_text() == "hello wide 中文 world"  # trailing blanks trimmed
    term.drag(term.point(6, 0), term.point(3.6, 1))
    assert widget.selected_text() == "wide 中文 world\nnext"


def test_block_selection_with_alt(term: Terminal) -> None:
    term.feed("abcdef\r\nghijkl\r\nmnopqr\r\n")
    term.drag(term.point(0.9, 0), term.point(2.6, 2), M.AltModifier)
    assert term.widget.selected_text() == "bc\nhi\nno"


def test_copy_on_select(term: Terminal) -> None:
    term.feed("selected text\r\n")
    copied: list[str] = []
    term.widget.selection_copied.connect(copied.append)
    QGuiApplication.clipboard().setText("before")
    term.click(term.point(0, 0), count=2)
    assert QGuiApplication.clipboard().text() == "before"
    term.widget.copy_on_select = True
    term.click(term.point(10, 0), count=2)
    assert QGuiApplication.clipboard().text() == "text"
    assert copied == ["text"]


def test_selection_lives_until_its_text_changes(term: Terminal) -> None:
    term.feed("keep me\r\nother\r\n$ ")
    widget = term.widget
    term.click(term.point(1, 0), count=2)
    assert widget.selected_text() == "keep"
    term.feed("typing")  # the prompt row only
    assert widget.selected_text() == "keep"
    term.feed("\x1b[1;1Hkept")  # the selected row
    assert not widget.has_selection()


def test_select_all_takes_the_scrollback(term: Terminal) -> None:
    term.feed("".join(f"line {n}\r\n" for n in range(100)))
    term.widget.select_all()
    text = term.widget.selected_text()
    assert text.startswith("line 0\nline 1\n")
    assert "line 99" in text


# -- mouse reports ------------------------------------------------------------------------

def test_mouse_reports_in_sgr_and_shift_selects(term: Terminal) -> None:
    term.feed("some text\r\n\x1b[?1000h\x1b[?1006h")
    term.click(term.point(2, 1))
    assert term.output() == b"\x1b[<0;3;2M\x1b[<0;3;2m"
    assert not term.widget.has_selection()
    term.mouse(QEvent.Type.MouseButtonPress, term.point(0, 0), modifiers=M.ShiftModifier)
    term.mouse(QEvent.Type.MouseMove, term.point(3.6, 0), B.NoButton, B.LeftButton,
               M.ShiftModifier)
    term.mouse(QEvent.Type.MouseButtonRelease, term.point(3.6, 0), modifiers=M.ShiftModifier)
    assert term.output() == b""
    assert term.widget.selected_text() == "some"
    term.wheel(1)
    assert term.output() == b"\x1b[<64;6;6M"


def test_mouse_motion_with_a_button_held(term: Terminal) -> None:
    term.feed(b"\x1b[?1002h\x1b[?1006h")
    term.mouse(QEvent.Type.MouseButtonPress, term.point(1, 1))
    term.mouse(QEvent.Type.MouseMove, term.point(4, 1), B.NoButton, B.LeftButton)
    term.mouse(QEvent.Type.MouseButtonRelease, term.point(4, 1))
    assert term.output() == b"\x1b[<0;2;2M\x1b[<32;5;2M\x1b[<0;5;2m"


# -- scrollback ---------------------------------------------------------------------------

def test_wheel_scrolls_back_and_typing_returns(term: Terminal, qtbot: QtBot) -> None:
    term.feed("".join(f"line {n}\r\n" for n in range(200)))
    emulator = term.emulator
    bottom = emulator.viewport_top()
    assert bottom == 200 + 1 - 24
    term.wheel(2)
    assert emulator.viewport_top() == bottom - 6
    assert emulator.display()[0].rstrip() == f"line {bottom - 6}"
    term.wheel(-1)
    assert emulator.viewport_top() == bottom - 3
    qtbot.keyClick(term.widget, Qt.Key.Key_PageUp, M.ShiftModifier)
    assert emulator.viewport_top() == bottom - 3 - 24
    assert term.output() == b""
    qtbot.keyClicks(term.widget, "x")
    assert emulator.viewport_at_bottom()
    assert term.output() == b"x"


def test_wheel_on_the_alternate_screen_sends_arrows(term: Terminal) -> None:
    term.feed(b"\x1b[?1049h")
    term.wheel(1)
    assert term.output() == b"\x1b[A" * 3
    term.wheel(-1)
    assert term.output() == b"\x1b[B" * 3


def test_scrollbar_follows_the_scrollback(term: Terminal, qtbot: QtBot) -> None:
    term.feed("".join(f"line {n}\r\n" for n in range(100)))
    bar = term.widget.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 100 + 1 - 24)
    assert bar.value() == bar.maximum()
    bar.setValue(10)
    assert term.emulator.viewport_top() == 10
    assert term.emulator.display()[0].rstrip() == "line 10"


def test_find_scrolls_to_and_selects_the_match(term: Terminal) -> None:
    term.feed("the Needle is here\r\n" + "".join(f"hay {n}\r\n" for n in range(100))
              + "needle again\r\n")
    widget = term.widget
    assert widget.find("needle")  # backwards from the bottom: the newest first
    assert widget.selected_text() == "needle"
    assert term.emulator.viewport_at_bottom()
    assert widget.find_next()
    assert widget.selected_text() == "Needle"
    assert term.emulator.viewport_top() == 0
    selection = widget.selection()
    assert selection is not None and selection.rows == range(0, 1)
    assert not widget.find("needle", case_sensitive=True) or widget.selected_text() == "needle"
    assert not widget.find("no such text")


def test_find_bar(term: Terminal, qtbot: QtBot) -> None:
    term.feed("alpha\r\nbeta\r\nalpha\r\n")
    widget = term.widget
    qtbot.keyClick(widget, Qt.Key.Key_F, M.ControlModifier | M.ShiftModifier)
    bar = widget.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "alpha")
    assert widget.selection() == Selection((2, 0), (2, 5))
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert widget.selection() == Selection((0, 0), (0, 5))
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, M.ShiftModifier)
    assert widget.selection() == Selection((2, 0), (2, 5))
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert widget.hasFocus()
    assert term.output() == b""


# -- painting -----------------------------------------------------------------------------

def pixels_of_cell(term: Terminal, column: int, row: int) -> set[tuple[int, int, int]]:
    image = term.widget.viewport().grab().toImage()
    width, height = term.widget.cell_size()
    left, top = PADDING + column * width, PADDING + row * height
    return {QColor(image.pixel(x, y)).getRgb()[:3]
            for x in range(left, left + width) for y in range(top, top + height)}


def test_red_text_is_painted_red_on_the_background(term: Terminal) -> None:
    term.feed("\x1b[31mX\x1b[0m")
    red = DEFAULT_SCHEME.palette[1]
    background = DEFAULT_SCHEME.background
    glyph = pixels_of_cell(term, 0, 0)
    assert red in glyph
    assert background in glyph
    assert pixels_of_cell(term, 5, 3) == {background}
    term.feed("\x1b[44m \x1b[0m")  # a blue background cell
    assert pixels_of_cell(term, 1, 0) == {DEFAULT_SCHEME.palette[4]}


def test_truecolor_and_256_colors(term: Terminal) -> None:
    term.feed("\x1b[48;2;10;200;30m \x1b[48;5;196m \x1b[0m")
    assert pixels_of_cell(term, 0, 0) == {(10, 200, 30)}
    assert pixels_of_cell(term, 1, 0) == {(255, 0, 0)}


def test_cursor_shapes(term: Terminal) -> None:
    term.widget.cursor_blink = False
    cursor = DEFAULT_SCHEME.cursor
    assert pixels_of_cell(term, 0, 0) == {cursor}  # a focused block
    term.widget.cursor_shape = CursorShape.BAR
    assert pixels_of_cell(term, 0, 0) == {cursor, DEFAULT_SCHEME.background}
    term.feed(b"\x1b[?25l")
    assert pixels_of_cell(term, 0, 0) == {DEFAULT_SCHEME.background}


def test_a_scheme_recolours_everything(term: Terminal) -> None:
    term.widget.set_scheme(SOLARIZED_DARK)
    assert pixels_of_cell(term, 10, 10) == {SOLARIZED_DARK.background}
    assert scheme_named("solarized dark") is SOLARIZED_DARK
    assert scheme_named("no such scheme") is DEFAULT_SCHEME
    assert next(iter(SCHEMES)) == "sshdesk Dark" and len(SCHEMES) == 4


def test_only_changed_rows_are_repainted(term: Terminal, qtbot: QtBot) -> None:
    widget = term.widget
    widget.cursor_blink = False
    term.feed("".join(f"row {n}\r\n" for n in range(10)))
    qtbot.wait(20)
    widget.paint_log = []
    term.feed("\x1b[6;1Hchanged")  # row 5; the cursor moves from row 10 to row 5
    assert widget.damaged_rows == (5, 10)
    qtbot.waitUntil(lambda: bool(widget.paint_log))
    qtbot.wait(20)
    assert sorted(set(widget.paint_log)) == [5, 10]
    widget.paint_log = []
    term.feed("!")  # the same row
    assert widget.damaged_rows == (5,)
    qtbot.waitUntil(lambda: bool(widget.paint_log))
    assert set(widget.paint_log) == {5}


def test_the_paste_question_and_dont_ask_again(term: Terminal, qtbot: QtBot) -> None:
    shown: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.checkBox().setChecked(True)
        paste = next(b for b in box.buttons()
                     if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        paste.click()

    QTimer.singleShot(0, answer)
    term.widget.paste("one\ntwo\nthree")
    assert shown == ["Paste 3 lines into the terminal?"]
    assert term.output() == b"one\rtwo\rthree"
    assert not term.widget.confirm_multiline_paste
    term.widget.paste("four\nfive")  # no question now
    assert term.output() == b"four\rfive"


def test_a_selection_scrolled_back_survives_output(term: Terminal) -> None:
    term.feed("".join(f"line {n}\r\n" for n in range(100)))
    widget = term.widget
    term.wheel(5)  # 15 lines up
    top = term.emulator.viewport_top()
    term.click(term.point(5.5, 2), count=2)
    assert widget.selected_text() == str(top + 2)
    term.feed("".join(f"more {n}\r\n" for n in range(50)))
    assert term.emulator.viewport_top() == top  # the view stays put ...
    assert widget.selected_text() == str(top + 2)  # ... and so does the selection
    term.wheel(-1)  # the user scrolls: the selection moves with its text
    assert widget.selected_text() == str(top + 2)
    term.widget.scroll_to_bottom()
    assert widget.selected_text() == str(top + 2)  # now off screen, still copyable


def test_output_that_scrolls_clears_a_selection_on_the_live_screen(term: Terminal) -> None:
    term.feed("first\r\n")
    term.click(term.point(1, 0), count=2)
    assert term.widget.selected_text() == "first"
    term.feed("".join(f"line {n}\r\n" for n in range(30)))
    assert not term.widget.has_selection()


def test_copy_a_selection_larger_than_the_screen(term: Terminal, qtbot: QtBot) -> None:
    term.feed("".join(f"row {n:03d} 中文\r\n" for n in range(100)))
    widget = term.widget
    widget.set_selection(Selection((10, 4), (60, 3)))  # partial first and last rows
    widget.copy()
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines[0] == "010 中文"
    assert lines[1] == "row 011 中文"
    assert lines[-1] == "row"
    assert len(lines) == 51
    assert widget.has_selection()  # reading other rows left it alone
    assert term.emulator.viewport_at_bottom()
    term.wheel(1)
    qtbot.keyClick(widget, Qt.Key.Key_Insert, M.ControlModifier)  # Ctrl+Insert copies too
    assert QGuiApplication.clipboard().text().split("\n")[0] == "010 中文"


def test_the_cursor_is_hollow_and_steady_without_focus(term: Terminal, qtbot: QtBot) -> None:
    widget = term.widget
    assert widget._blink_timer.isActive()
    focus_elsewhere(term, qtbot)
    assert not widget._blink_timer.isActive()
    pixels = pixels_of_cell(term, 0, 0)
    assert DEFAULT_SCHEME.cursor in pixels and DEFAULT_SCHEME.background in pixels


def test_the_find_bar_starts_with_the_selection(term: Terminal, qtbot: QtBot) -> None:
    term.feed("find this word\r\n")
    term.click(term.point(6, 0), count=2)
    term.widget.show_find_bar()
    assert term.widget.find_bar.edit.text() == "this"
    assert term.widget.find_bar.edit.hasFocus() or not term.widget.isActiveWindow()


def test_typing_goes_to_the_host_not_to_window_shortcuts(term: Terminal) -> None:
    for key, modifiers, wanted in [
        (Qt.Key.Key_W, M.ControlModifier, True),  # Ctrl+W is the shell's (delete a word)
        (Qt.Key.Key_C, M.ControlModifier | M.ShiftModifier, True),  # our copy
        (Qt.Key.Key_T, M.ControlModifier | M.ShiftModifier, False),  # the window's
        (Qt.Key.Key_Tab, M.ControlModifier, False),  # tab switching
    ]:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers, "")
        QApplication.sendEvent(term.widget, event)
        assert event.isAccepted() == wanted, (key, modifiers)


def test_dragging_past_the_top_scrolls_and_extends(term: Terminal, qtbot: QtBot) -> None:
    term.feed("".join(f"line {n}\r\n" for n in range(60)))
    emulator, widget = term.emulator, term.widget
    bottom = emulator.viewport_top()
    term.mouse(QEvent.Type.MouseButtonPress, term.point(3, 5))
    term.mouse(QEvent.Type.MouseMove, QPointF(20, -10), B.NoButton, B.LeftButton)
    qtbot.waitUntil(lambda: emulator.viewport_top() <= bottom - 3)
    term.mouse(QEvent.Type.MouseButtonRelease, QPointF(20, -10))
    top = emulator.viewport_top()
    qtbot.wait(100)
    assert emulator.viewport_top() == top  # stopped with the release
    # From the row at the top edge, column 2 (x = 20 px), to where the drag began.
    lines = widget.selected_text().split("\n")
    assert lines[0] == f"ne {top}"
    assert lines[1] == f"line {top + 1}"
    assert lines[-1] == "line"
    assert len(lines) == bottom + 5 - top + 1


def test_triple_click_drag_selects_whole_lines(term: Terminal) -> None:
    term.feed("alpha beta\r\ngamma delta\r\nepsilon\r\n")
    point = term.point(2, 0)
    term.mouse(QEvent.Type.MouseButtonPress, point)
    term.mouse(QEvent.Type.MouseButtonRelease, point)
    term.mouse(QEvent.Type.MouseButtonDblClick, point)
    term.mouse(QEvent.Type.MouseButtonRelease, point)
    term.mouse(QEvent.Type.MouseButtonPress, point)
    term.mouse(QEvent.Type.MouseMove, term.point(1, 1), B.NoButton, B.LeftButton)
    term.mouse(QEvent.Type.MouseButtonRelease, term.point(1, 1))
    assert term.widget.selected_text() == "alpha beta\ngamma delta"


def test_a_hidden_terminal_reads_frames_only_when_shown(term: Terminal, qtbot: QtBot) -> None:
    widget = term.widget
    widget.hide()
    term.feed("while hidden\r\n")
    assert "while hidden" not in widget.frame().rows[0].text
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.frame().rows[0].text.startswith("while hidden")


def test_the_scrollbar_follows_output_without_counting(term: Terminal, qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    bar = term.widget.verticalScrollBar()
    term.feed("".join(f"first {n}\r\n" for n in range(30)))  # more than a screen at once
    qtbot.waitUntil(lambda: bar.maximum() == 30 + 1 - 24)  # counted once output paused
    counts: list[int] = []
    count = term.emulator.scrollback_size
    monkeypatch.setattr(term.emulator, "scrollback_size", lambda: counts.append(1) or count())
    for n in range(40):  # a line at a time, as a shell prints: each frame scrolls a row
        term.feed(f"line {n}\r\n")
    qtbot.waitUntil(lambda: bar.maximum() == 70 + 1 - 24)
    qtbot.wait(300)
    assert bar.value() == bar.maximum()
    assert counts == []  # the estimate was exact: no count of the scrollback was needed
    term.feed("".join(f"flood {n}\r\n" for n in range(100)))
    qtbot.waitUntil(lambda: bar.maximum() == 170 + 1 - 24)
    assert counts


def test_scrolling_back_during_output_counts_nothing(term: Terminal, qtbot: QtBot,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    term.feed("".join(f"line {n}\r\n" for n in range(200)))
    term.wheel(1)  # the first scroll from the bottom may count (the emulator needs it)
    counts: list[int] = []
    count = term.emulator.scrollback_size
    monkeypatch.setattr(term.emulator, "scrollback_size", lambda: counts.append(1) or count())
    top = term.emulator.viewport_top()
    for n in range(5):
        term.feed(f"more {n}\r\n")
        term.wheel(1)
    assert term.emulator.viewport_top() == top - 15
    assert counts == []
    qtbot.keyClicks(term.widget, "x")  # back to the bottom: no count needed either
    assert term.emulator.viewport_at_bottom()
    assert counts == []


def test_the_focused_terminal_paints_output_at_once(term: Terminal, qtbot: QtBot) -> None:
    """Its repaint is not queued behind other work (another tab's flood)."""
    qtbot.waitUntil(term.widget.hasFocus)
    term.widget.paint_log = []
    term.feed("echo")  # no event loop runs between the feed and the check
    assert term.widget.paint_log == [0]


def test_an_unfocused_terminal_shows_output_at_a_calmer_pace(term: Terminal,
                                                             qtbot: QtBot) -> None:
    focus_elsewhere(term, qtbot)
    qtbot.wait(UNFOCUSED_REFRESH_MS * 2)
    term.feed("first")
    assert term.widget.frame().rows[0].text.startswith("first")  # after a pause: at once
    term.feed(" second")
    assert "second" not in term.widget.frame().rows[0].text  # soon after: held back...
    qtbot.waitUntil(lambda: "first second" in term.widget.frame().rows[0].text,  # ... shown
                    timeout=1000)
