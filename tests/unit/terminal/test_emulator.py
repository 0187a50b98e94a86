"""The evp adapter's own promises, beyond the conformance suite: the render model's caching,
colors, events, modes, encodings and the scrollback bookkeeping."""

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from sshdesk.terminal import emulator
from sshdesk.terminal.emulator import (
    Key,
    Mods,
    MouseAction,
    MouseButton,
    TerminalEmulator,
)
from sshdesk.terminal.model import (
    CellStyle,
    ClipboardWrite,
    CursorView,
    xterm_palette,
)

ROOT = Path(__file__).resolve().parents[3]


def fed(text: str, columns: int = 10, rows: int = 3, **options: object) -> TerminalEmulator:
    core = TerminalEmulator(columns, rows, **options)  # type: ignore[arg-type]
    core.feed(text.encode())
    return core


def test_module_loads_neither_qt_nor_paramiko() -> None:
    code = ("import sys, sshdesk.terminal.emulator\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'paramiko')]\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


# --- render model -------------------------------------------------------------------------

def test_unchanged_rows_are_the_same_objects() -> None:
    core = fed("one\r\ntwo")
    first = core.frame()
    core.feed(b"!")
    second = core.frame()
    assert second.rows[0] is first.rows[0] and second.rows[2] is first.rows[2]
    assert second.rows[1] is not first.rows[1] and second.rows[1].text.startswith("two!")


def test_a_scrolled_row_keeps_its_view() -> None:
    core = fed("a\r\nb\r\nc")
    before = core.frame()
    core.feed(b"\r\nd")
    after = core.frame()
    assert after.rows[0] is before.rows[1] and after.rows[1] is before.rows[2]


def test_each_style_is_converted_once() -> None:
    core = fed("\x1b[31mred\r\n\x1b[31mred too")
    rows = core.frame().rows
    assert rows[0].runs[0].style is rows[1].runs[0].style


def test_row_views_expose_graphemes_and_widths_for_placing_glyphs() -> None:
    row = fed("a中b").frame().rows[0]
    assert row.graphemes[:4] == ("a", "中", "", "b") and row.widths[:4] == b"\x01\x02\x00\x01"


def test_runs_of_a_single_style_row_are_one_run() -> None:
    [run] = fed("plain").frame().rows[0].runs
    assert run == (0, "plain     ", 10, CellStyle())


def test_cursor_view_covers_a_wide_character() -> None:
    core = fed("ab中\x1b[3G")
    assert core.frame().cursor == CursorView(0, 2, True, True)
    core.feed(b"\x1b[4G")
    assert core.frame().cursor == CursorView(0, 2, True, True)
    core.feed(b"\x1b[2G")
    assert core.frame().cursor == CursorView(0, 1, True, False)


def test_hidden_cursor_still_has_a_place() -> None:
    core = fed("\x1b[?25l\x1b[2;5H")
    assert core.frame().cursor == CursorView(1, 4, False, False)
    assert core.cursor() == (1, 4) and not core.modes().cursor_visible
    core.feed(b"\x1b[?25h")
    assert core.frame().cursor == CursorView(1, 4, True, False)


def test_frame_palette_and_default_colors_follow_the_scheme() -> None:
    core = TerminalEmulator(10, 2)
    scheme = [(i, i, i) for i in range(16)]
    core.set_colors((200, 201, 202), (1, 2, 3), scheme)
    frame = core.frame()
    assert (frame.foreground, frame.background) == ((200, 201, 202), (1, 2, 3))
    assert frame.palette[:16] == tuple(scheme) and len(frame.palette) == 256
    assert frame.rgb(None, frame.foreground) == (200, 201, 202)
    assert frame.rgb(5, frame.foreground) == (5, 5, 5)
    assert frame.rgb((9, 8, 7), frame.foreground) == (9, 8, 7)


def test_colors_the_program_set_outlive_a_scheme_change() -> None:
    core = fed("\x1b]4;1;rgb:ff/00/00\x07")
    core.set_colors((255, 255, 255), (0, 0, 0), [(1, 1, 1)] * 16)
    assert core.frame().palette[1] == (255, 0, 0)


def test_xterm_palette_adds_the_cube_and_greys() -> None:
    palette = xterm_palette([(7, 7, 7)] * 16)
    triples = [tuple(palette[i:i + 3]) for i in range(0, 768, 3)]
    assert len(triples) == 256 and triples[15] == (7, 7, 7)
    assert triples[16] == (0, 0, 0) and triples[17] == (0, 0, 95) and triples[231] == (255,) * 3
    assert triples[232] == (8, 8, 8) and triples[255] == (238, 238, 238)
    with pytest.raises(ValueError, match="16 colors"):
        xterm_palette([(0, 0, 0)] * 8)


# --- feeding, events, modes ---------------------------------------------------------------

def test_large_feeds_are_parsed_in_bounded_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    core = TerminalEmulator(80, 24)
    sizes: list[int] = []

    class Spy:
        def __init__(self, real: object) -> None:
            self.real = real

        def feed(self, data: bytes) -> None:
            sizes.append(len(data))
            self.real.feed(data)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self.real, name)

    monkeypatch.setattr(core, "_term", Spy(core._term))
    core.feed(b"x" * (3 * emulator.FEED_CHUNK + 5))
    assert sizes == [emulator.FEED_CHUNK] * 3 + [5]


def test_bells_in_a_row_are_one_event_but_all_counted() -> None:
    core = fed("\x07" * 50 + "\x1b]0;t\x07\x07")
    assert core.bell_count == 51
    assert [type(event).__name__ for event in core.take_events()] == [
        "Bell", "TitleChanged", "Bell"]


def test_events_are_bounded_when_nobody_takes_them() -> None:
    core = fed("".join(f"\x1b]0;{n}\x07" for n in range(1000)))
    events = core.take_events()
    assert len(events) == 256 and events[-1] == emulator.TitleChanged("999")


def test_clipboard_targets_and_clearing() -> None:
    core = fed("\x1b]52;p;aGk=\x07\x1b]52;c;?\x07\x1b]52;s;\x07")
    # A query ("?") is not answered: programs must not read the user's clipboard.
    assert core.take_events() == [ClipboardWrite("primary", (("text/plain", "hi"),)),
                                  ClipboardWrite("selection", ())]
    assert ClipboardWrite("selection", ()).text is None


def test_modes_snapshot_tracks_the_program() -> None:
    core = fed("\x1b[?1002h\x1b[?1004h\x1b[?47h")
    modes = core.modes()
    assert modes.mouse_button_motion and modes.mouse_tracking and modes.focus_reporting
    assert modes.alternate_screen and not modes.mouse_any_motion and not modes.bracketed_paste


def test_focus_reports_only_when_asked() -> None:
    core = TerminalEmulator(10, 2)
    assert core.focus_bytes(True) == b""
    core.feed(b"\x1b[?1004h")
    assert core.focus_bytes(True) == b"\x1b[I" and core.focus_bytes(False) == b"\x1b[O"


def test_mouse_positions_are_pixels_after_the_cell_size_is_set() -> None:
    core = fed("\x1b[?1000h\x1b[?1006h", 80, 24)
    core.set_cell_size(8, 16)
    assert core.mouse_bytes(MouseAction.PRESS, 17, 33, MouseButton.LEFT) == b"\x1b[<0;3;3M"


def test_motion_in_the_same_cell_is_reported_once() -> None:
    core = fed("\x1b[?1003h\x1b[?1006h", 80, 24)
    assert core.mouse_bytes(MouseAction.MOTION, 2, 2) == b"\x1b[<35;3;3M"
    assert core.mouse_bytes(MouseAction.MOTION, 2.5, 2.2) == b""


def test_key_encoder_follows_kitty_keyboard_mode() -> None:
    core = fed("\x1b[>1u")
    assert core.key_bytes(Key.ESCAPE) == b"\x1b[27u"
    assert core.key_bytes(Key.C, Mods.CTRL, "c") == b"\x1b[99;5u"
    assert core.key_bytes(Key.DIGIT_1, Mods.CTRL | Mods.SHIFT, "!", unshifted="1") == (
        b"\x1b[49;6u")


# --- encodings ----------------------------------------------------------------------------

def test_encoding_names_are_normalised_and_checked() -> None:
    assert TerminalEmulator(10, 2, encoding="UTF8").encoding == "utf-8"
    assert TerminalEmulator(10, 2, encoding="latin-1").encoding == "iso8859-1"
    with pytest.raises(LookupError):
        TerminalEmulator(10, 2, encoding="no-such-codec")
    with pytest.raises(ValueError, match="ASCII"):
        TerminalEmulator(10, 2).set_encoding("utf-16")


@pytest.mark.parametrize(("encoding", "data"), [("gbk", b"a\x81 b"), ("utf-8", b"a\xff b")])
def test_undecodable_bytes_become_replacement_characters(encoding: str, data: bytes) -> None:
    core = TerminalEmulator(10, 2, encoding=encoding)
    core.feed(data)
    assert core.display()[0].rstrip() == "a\ufffd b"


def test_characters_the_host_cannot_take_become_question_marks() -> None:
    core = TerminalEmulator(10, 2, encoding="latin-1")
    assert core.encode_input("é😀") == b"\xe9?"
    assert core.paste_bytes("中") == b"?"


def test_gbk_escape_sequences_split_across_reads_still_parse() -> None:
    core = TerminalEmulator(10, 2, encoding="gbk")
    for piece in (b"\x1b[3", b"1m\xd6", b"\xd0\x1b[0m"):
        core.feed(piece)
    [red, rest] = core.frame().rows[0].runs
    assert red.text == "中" and red.style.foreground == 1 and rest.style == CellStyle()


# --- scrollback ---------------------------------------------------------------------------

def lines(count: int) -> bytes:
    return b"".join(b"%d\r\n" % n for n in range(count))


def test_scrolled_viewport_stays_put_while_output_arrives() -> None:
    core = TerminalEmulator(10, 3)
    core.feed(lines(20))
    core.scroll_viewport(-4)
    core.feed(lines(5))
    assert core.display()[0].rstrip() == "14" and core.viewport_top() == 14
    assert core.scrollback_size() == 23 and not core.viewport_at_bottom()


def test_scrolling_above_the_last_count_does_not_recount(
        monkeypatch: pytest.MonkeyPatch) -> None:
    core = TerminalEmulator(10, 3)
    core.feed(lines(50))
    core.scroll_viewport(-10)
    core.feed(lines(5))
    monkeypatch.setattr(core, "history_lines", lambda: pytest.fail("recounted"))
    core.scroll_viewport(3)
    assert core.viewport_top() == 41


def test_resize_returns_to_the_bottom() -> None:
    core = TerminalEmulator(10, 3)
    core.feed(lines(20))
    core.scroll_viewport(-5)
    core.resize(12, 4)
    assert core.viewport_at_bottom() and core.viewport_top() == core.scrollback_size()


def test_alternate_screen_has_no_scrollback_to_scroll() -> None:
    core = TerminalEmulator(10, 3)
    core.feed(lines(20) + b"\x1b[?1049h\x1b[Hvim")
    core.scroll_viewport(-5)
    assert core.viewport_at_bottom() and core.display()[0].rstrip() == "vim"


def test_no_scrollback_when_none_is_asked_for() -> None:
    core = TerminalEmulator(10, 3, scrollback_lines=0)
    core.feed(lines(20))
    assert core.scrollback_size() == 0 and core.history_lines() == []


def test_leaving_the_alternate_screen_shows_the_bottom() -> None:
    core = TerminalEmulator(10, 3)
    core.feed(lines(20))
    core.scroll_viewport(-5)
    core.feed(b"\x1b[?1049h")
    assert core.viewport_at_bottom() and core.scrollback_size() == 0
    core.resize(10, 4)
    core.feed(b"\x1b[?1049l")
    assert core.viewport_at_bottom() and core.display()[-2:] == ["19        ", " " * 10]


@pytest.mark.parametrize("reset", [b"\x1b[3J", b"\x1bc"])
def test_erasing_the_scrollback_while_scrolled_back_returns_to_the_bottom(reset: bytes) -> None:
    core = TerminalEmulator(10, 3)
    core.feed(lines(20))
    core.scroll_viewport(-5)
    core.feed(reset + b"x\r\n")
    assert core.viewport_at_bottom()
    core.scroll_viewport(-1)
    assert core.viewport_top() == max(core.scrollback_size() - 1, 0)


def test_a_dropped_emulator_is_freed() -> None:
    # evp keeps the callbacks where the garbage collector cannot see them: none may hold the
    # emulator, or every closed tab would keep its scrollback.
    core = TerminalEmulator(10, 3)
    core.feed(b"\x07\x1b]0;t\x07" + lines(50))
    core.frame()
    ref = weakref.ref(core)
    del core
    gc.collect()
    assert ref() is None
