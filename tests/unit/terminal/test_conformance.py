"""What any terminal core must do to sit behind the widget (see ``EmulatorCore``).

Every test runs against each core in ``CORES``; a replacement core is added there and has to
pass all of them, golden captures of real programs included.
"""

import base64
from collections.abc import Callable
from pathlib import Path

import pytest

from sshdesk.terminal.emulator import (
    EmulatorCore,
    Key,
    Mods,
    MouseAction,
    MouseButton,
    TerminalEmulator,
)
from sshdesk.terminal.model import (
    Bell,
    CellStyle,
    ClipboardWrite,
    FrameView,
    PwdChanged,
    Run,
    TitleChanged,
)

type Factory = Callable[..., EmulatorCore]

CORES: list[Factory] = [TerminalEmulator]
CAPTURES = Path(__file__).parent / "captures"
ESC = "\x1b"


@pytest.fixture(params=CORES, ids=lambda core: core.__name__)
def make(request: pytest.FixtureRequest) -> Factory:
    factory: Factory = request.param
    return factory


def fed(core: EmulatorCore, text: str) -> EmulatorCore:
    core.feed(text.encode())
    return core


def screen(core: EmulatorCore) -> list[str]:
    return [line.rstrip() for line in core.display()]


def run_at(frame: FrameView, row: int, column: int) -> Run:
    return next(run for run in frame.rows[row].runs
                if run.column <= column < run.column + run.cells)


# --- text, cursor, erase ---------------------------------------------------------------------

def test_plain_text_wraps_at_the_right_margin(make: Factory) -> None:
    core = fed(make(10, 3), "hello\r\n0123456789abc")
    assert screen(core) == ["hello", "0123456789", "abc"]
    assert core.cursor() == (2, 3)


def test_rows_are_full_width_with_one_character_per_cell(make: Factory) -> None:
    assert fed(make(6, 2), "ab").display() == ["ab    ", "      "]


@pytest.mark.parametrize(("sequence", "cursor"), [
    (f"{ESC}[3;5H", (2, 4)), (f"{ESC}[3;5H{ESC}[2A", (0, 4)), (f"{ESC}[2B{ESC}[3C", (2, 3)),
    (f"{ESC}[1;9H{ESC}[4D", (0, 4)), ("abc\b\b", (0, 1)), ("abc\r", (0, 0)),
    (f"{ESC}[2;3H{ESC}[G", (1, 0)), (f"{ESC}[99;99H", (4, 9)),
])
def test_cursor_movement(make: Factory, sequence: str, cursor: tuple[int, int]) -> None:
    assert fed(make(10, 5), sequence).cursor() == cursor


def test_text_lands_where_the_cursor_was_moved(make: Factory) -> None:
    assert screen(fed(make(10, 3), f"{ESC}[2;4HX{ESC}[1;1HY")) == ["Y", "   X", ""]


@pytest.mark.parametrize(("sequence", "expected"), [
    (f"{ESC}[1;4H{ESC}[K", ["abc", "abcdef", "abcdef"]),
    (f"{ESC}[1;4H{ESC}[1K", ["    ef", "abcdef", "abcdef"]),
    (f"{ESC}[1;4H{ESC}[2K", ["", "abcdef", "abcdef"]),
    (f"{ESC}[2;3H{ESC}[J", ["abcdef", "ab", ""]),
    (f"{ESC}[2;3H{ESC}[1J", ["", "   def", "abcdef"]),
    (f"{ESC}[2J", ["", "", ""]),
    (f"{ESC}[1;2H{ESC}[2X", ["a  def", "abcdef", "abcdef"]),
    (f"{ESC}[1;2H{ESC}[2P", ["adef", "abcdef", "abcdef"]),
])
def test_erase(make: Factory, sequence: str, expected: list[str]) -> None:
    core = fed(make(6, 3), "abcdef" * 3)
    assert screen(fed(core, sequence)) == expected


# --- styles -------------------------------------------------------------------------------

@pytest.mark.parametrize(("sgr", "foreground", "background"), [
    ("31", 1, None), ("97", 15, None), ("42", None, 2), ("38;5;123", 123, None),
    ("48;5;17", None, 17), ("38;2;10;20;30", (10, 20, 30), None),
    ("48;2;1;2;3", None, (1, 2, 3)), ("31;44", 1, 4),
])
def test_sgr_colors_become_runs(make: Factory, sgr: str, foreground: object,
                                background: object) -> None:
    frame = fed(make(20, 2), f"ab{ESC}[{sgr}mcolor{ESC}[0mz").frame()
    assert [run[:3] for run in frame.rows[0].runs[:3]] == [(0, "ab", 2), (2, "color", 5),
                                                           (7, "z" + " " * 12, 13)]
    style = run_at(frame, 0, 2).style
    assert (style.foreground, style.background) == (foreground, background)
    assert run_at(frame, 0, 0).style == run_at(frame, 0, 7).style == CellStyle()


@pytest.mark.parametrize(("sgr", "attribute", "value"), [
    ("1", "bold", True), ("2", "faint", True), ("3", "italic", True), ("4", "underline", 1),
    ("21", "underline", 2), ("4:3", "underline", 3), ("4:4", "underline", 4),
    ("4:5", "underline", 5), ("5", "blink", True), ("7", "inverse", True),
    ("8", "invisible", True), ("9", "strikethrough", True), ("53", "overline", True),
])
def test_sgr_attributes(make: Factory, sgr: str, attribute: str, value: object) -> None:
    frame = fed(make(10, 1), f"{ESC}[{sgr}mx{ESC}[mx").frame()
    assert getattr(run_at(frame, 0, 0).style, attribute) == value
    assert run_at(frame, 0, 1).style == CellStyle()


def test_runs_cover_the_row_and_rebuild_its_text(make: Factory) -> None:
    frame = fed(make(12, 1), f"{ESC}[1ma{ESC}[32m中b{ESC}[7mc{ESC}[m").frame()
    runs = frame.rows[0].runs
    assert sum(run.cells for run in runs) == 12
    assert "".join(run.text for run in runs) == frame.rows[0].text
    assert [run.column for run in runs] == [0, 1, 4, 5]


# --- wide and combining characters --------------------------------------------------------

@pytest.mark.parametrize("wide", ["中", "한", "ア", "😀", "🎉"])
def test_wide_characters_take_two_cells_and_show_once(make: Factory, wide: str) -> None:
    core = fed(make(8, 1), f"a{wide}b")
    assert core.display() == [f"a{wide}b    "]
    assert core.cursor() == (0, 4)
    run = core.frame().rows[0].runs[0]
    assert run.cells == 8 and run.text.count(wide) == 1


def test_wide_character_at_the_margin_wraps_whole(make: Factory) -> None:
    assert screen(fed(make(5, 2), "abcd中")) == ["abcd", "中"]


def test_combining_marks_join_their_base_cell(make: Factory) -> None:
    core = fed(make(8, 1), "e\u0301a\u0308x")
    assert screen(core) == ["e\u0301a\u0308x"]
    assert core.cursor() == (0, 3)


# --- screens and scrolling ----------------------------------------------------------------

def test_alternate_screen_leaves_the_main_screen_as_it_was(make: Factory) -> None:
    core = fed(make(10, 3), "shell $ ")
    fed(core, f"{ESC}[?1049h{ESC}[H{ESC}[2Jfull screen")
    assert screen(core) == ["full scree", "n", ""] and core.modes().alternate_screen
    fed(core, f"{ESC}[?1049l")
    assert screen(core) == ["shell $", "", ""] and not core.modes().alternate_screen
    assert core.cursor() == (0, 8)


def test_scroll_region_scrolls_only_its_rows(make: Factory) -> None:
    core = fed(make(5, 5), "A\r\nB\r\nC\r\nD\r\nE")
    fed(core, f"{ESC}[2;4r{ESC}[4;1H\nX")
    assert screen(core) == ["A", "C", "D", "X", "E"]
    fed(core, f"{ESC}[2;1H{ESC}M")
    assert screen(core) == ["A", "", "C", "D", "E"]


def test_resize_keeps_the_text_and_reports_the_new_size(make: Factory) -> None:
    core = fed(make(10, 3), "hello")
    core.resize(20, 5)
    assert core.size() == (20, 5)
    assert len(core.display()) == 5 and all(len(row) == 20 for row in core.display())
    assert screen(core)[0] == "hello"
    core.set_cell_size(8, 16)
    fed(core, f"{ESC}[18t{ESC}[14t")
    assert core.take_replies() == b"\x1b[8;5;20t\x1b[4;80;160t"


def test_scrollback_keeps_ten_thousand_lines_in_reach(make: Factory) -> None:
    core = make(80, 24, scrollback_lines=10000)
    core.feed(b"".join(b"line %05d\r\n" % n for n in range(12000)))
    history = [line.rstrip() for line in core.history_lines()]
    assert len(history) >= 10000
    assert history[-1] == "line 11976"
    target = history.index("line 01500")
    core.scroll_viewport_to(target)
    assert not core.viewport_at_bottom()
    assert screen(core)[0] == "line 01500"
    core.scroll_viewport_to_bottom()
    assert core.viewport_at_bottom() and screen(core)[0] == "line 11977"


def test_viewport_scrolls_by_rows_and_clamps(make: Factory) -> None:
    core = make(10, 3)
    core.feed(b"".join(b"%d\r\n" % n for n in range(20)))
    assert core.scrollback_size() == 18 and core.viewport_top() == 18
    core.scroll_viewport(-5)
    assert screen(core) == ["13", "14", "15"] and core.viewport_top() == 13
    core.scroll_viewport_to_top()
    assert screen(core) == ["0", "1", "2"]
    core.scroll_viewport(-3)
    assert core.viewport_top() == 0
    core.scroll_viewport(100)
    assert core.viewport_at_bottom() and screen(core) == ["18", "19", ""]


# --- replies and events -------------------------------------------------------------------

def test_device_attributes_and_cursor_position_reports(make: Factory) -> None:
    core = fed(make(10, 5), f"{ESC}[3;4H{ESC}[6n")
    assert core.take_replies() == b"\x1b[3;4R"
    assert core.take_replies() == b""
    fed(core, f"{ESC}[c")
    reply = core.take_replies()
    assert reply.startswith(b"\x1b[?") and reply.endswith(b"c")
    fed(core, f"{ESC}[5n")
    assert core.take_replies() == b"\x1b[0n"


def test_title_and_working_directory(make: Factory) -> None:
    core = fed(make(10, 2), f"{ESC}]0;first\x07{ESC}]2;second{ESC}\\{ESC}]7;file://h/tmp\x07")
    assert core.title() == "second" and core.pwd() == "file://h/tmp"
    assert core.take_events() == [TitleChanged("first"), TitleChanged("second"),
                                  PwdChanged("file://h/tmp")]
    assert core.take_events() == []


def test_bell_is_counted_and_reported(make: Factory) -> None:
    core = fed(make(10, 2), "a\x07b\x07")
    assert core.bell_count == 2
    assert Bell() in core.take_events()
    assert screen(core)[0] == "ab"


def test_clipboard_writes_are_events_for_the_ui_to_allow(make: Factory) -> None:
    payload = base64.b64encode("héllo".encode()).decode()
    core = fed(make(10, 2), f"{ESC}]52;c;{payload}\x07")
    [event] = core.take_events()
    assert isinstance(event, ClipboardWrite)
    assert event.target == "clipboard" and event.text == "héllo"


# --- input --------------------------------------------------------------------------------

def test_paste_is_bracketed_only_when_the_program_asks(make: Factory) -> None:
    core = make(10, 2)
    assert core.paste_bytes("a\nb") == b"a\rb"
    fed(core, f"{ESC}[?2004h")
    assert core.modes().bracketed_paste
    assert core.paste_bytes("a\nb") == b"\x1b[200~a\nb\x1b[201~"
    assert core.is_paste_safe("ls -l") and not core.is_paste_safe("rm -rf x\n")


@pytest.mark.parametrize(("key", "normal", "application"), [
    (Key.ARROW_UP, b"\x1b[A", b"\x1bOA"), (Key.ARROW_DOWN, b"\x1b[B", b"\x1bOB"),
    (Key.ARROW_RIGHT, b"\x1b[C", b"\x1bOC"), (Key.ARROW_LEFT, b"\x1b[D", b"\x1bOD"),
    (Key.HOME, b"\x1b[H", b"\x1bOH"), (Key.END, b"\x1b[F", b"\x1bOF"),
    (Key.PAGE_UP, b"\x1b[5~", b"\x1b[5~"), (Key.PAGE_DOWN, b"\x1b[6~", b"\x1b[6~"),
])
def test_cursor_keys_follow_decckm(make: Factory, key: Key, normal: bytes,
                                   application: bytes) -> None:
    core = make(10, 2)
    assert core.key_bytes(key) == normal
    fed(core, f"{ESC}[?1h")
    assert core.modes().application_cursor and core.key_bytes(key) == application
    fed(core, f"{ESC}[?1l")
    assert core.key_bytes(key) == normal


@pytest.mark.parametrize(("number", "expected"), list(enumerate([
    b"\x1bOP", b"\x1bOQ", b"\x1bOR", b"\x1bOS", b"\x1b[15~", b"\x1b[17~", b"\x1b[18~",
    b"\x1b[19~", b"\x1b[20~", b"\x1b[21~", b"\x1b[23~", b"\x1b[24~"], start=1)))
def test_function_keys(make: Factory, number: int, expected: bytes) -> None:
    assert make(10, 2).key_bytes(Key[f"F{number}"]) == expected


@pytest.mark.parametrize(("key", "mods", "text", "expected"), [
    (Key.C, Mods.CTRL, "c", b"\x03"), (Key.X, Mods.ALT, "x", b"\x1bx"),
    (Key.A, Mods(0), "a", b"a"), (Key.ENTER, Mods(0), None, b"\r"),
    (Key.BACKSPACE, Mods(0), None, b"\x7f"), (Key.TAB, Mods(0), None, b"\t"),
    (Key.ESCAPE, Mods(0), None, b"\x1b"), (Key.ARROW_UP, Mods.CTRL, None, b"\x1b[1;5A"),
])
def test_keys_with_modifiers(make: Factory, key: Key, mods: Mods, text: str | None,
                             expected: bytes) -> None:
    assert make(10, 2).key_bytes(key, mods, text) == expected


def test_mouse_reports_in_sgr_mode(make: Factory) -> None:
    core = make(80, 24)
    assert core.mouse_bytes(MouseAction.PRESS, 3, 1, MouseButton.LEFT) == b""
    fed(core, f"{ESC}[?1000h{ESC}[?1006h")
    modes = core.modes()
    assert modes.mouse_tracking and modes.mouse_normal and modes.mouse_sgr
    assert core.mouse_bytes(MouseAction.PRESS, 3, 1, MouseButton.LEFT) == b"\x1b[<0;4;2M"
    assert core.mouse_bytes(MouseAction.RELEASE, 3, 1, MouseButton.LEFT) == b"\x1b[<0;4;2m"
    assert core.mouse_bytes(MouseAction.PRESS, 0, 0, MouseButton.FOUR) == b"\x1b[<64;1;1M"
    assert core.mouse_bytes(MouseAction.MOTION, 5, 5) == b""
    fed(core, f"{ESC}[?1003h")
    assert core.mouse_bytes(MouseAction.MOTION, 5, 5) == b"\x1b[<35;6;6M"
    fed(core, f"{ESC}[?1003l{ESC}[?1000l")
    assert not core.modes().mouse_tracking


# --- encodings ----------------------------------------------------------------------------

ENCODED_TEXTS = [
    ("gbk", "简体中文：终端"), ("gb18030", "中文€𠀀ḿ"), ("big5", "繁體中文"),
    ("shift_jis", "日本語ｶﾀｶﾅです"), ("euc_kr", "한국어 터미널"), ("latin-1", "café àèö ß"),
    ("utf-8", "混合 text é 😀"),
]


@pytest.mark.parametrize(("encoding", "text"), ENCODED_TEXTS)
def test_text_fed_a_byte_at_a_time_displays_right(make: Factory, encoding: str,
                                                   text: str) -> None:
    core = make(40, 2, encoding=encoding)
    for byte in f"{text}\r\n{ESC}[1mok".encode(encoding):
        core.feed(bytes([byte]))
    assert screen(core) == [text, "ok"]


@pytest.mark.parametrize(("encoding", "text"), ENCODED_TEXTS)
def test_input_is_encoded_for_the_host(make: Factory, encoding: str, text: str) -> None:
    core = make(40, 2, encoding=encoding)
    assert core.encode_input(text) == text.encode(encoding)
    assert core.paste_bytes(text) == text.encode(encoding)
    assert core.key_bytes(Key.UNIDENTIFIED, text=text[0]) == text[0].encode(encoding)
    assert core.key_bytes(Key.X, Mods.ALT, "x") == b"\x1bx"


def test_encoding_switches_live(make: Factory) -> None:
    core = make(20, 3, encoding="gbk")
    core.feed("中文\r\n".encode("gbk"))
    core.set_encoding("utf-8")
    core.feed("中文\r\n".encode())
    core.set_encoding("big5")
    core.feed("中文".encode("big5"))
    assert screen(core) == ["中文"] * 3
    assert core.encode_input("中") == "中".encode("big5")


# --- golden captures ----------------------------------------------------------------------

PROGRAMS = ["vim", "less", "top", "htop"]


def replayed(make: Factory, program: str) -> EmulatorCore:
    core = make(80, 24)
    raw = (CAPTURES / f"{program}.bin").read_bytes()
    for start in range(0, len(raw), 97):  # odd chunks split sequences and characters
        core.feed(raw[start:start + 97])
    return core


def styled_text(core: EmulatorCore) -> dict[tuple[int, int], tuple[str, CellStyle]]:
    """Each non-blank cell's grapheme and style. Blank cells are left out: tmux keeps an
    erased cell's style differently from xterm (EL at the right margin, erased backgrounds)."""
    cells = {}
    for number, row in enumerate(core.frame().rows):
        for run in row.runs:
            for column in range(run.column, run.column + run.cells):
                if row.graphemes[column].strip():
                    cells[number, column] = (row.graphemes[column], run.style)
    return cells


@pytest.mark.parametrize("program", PROGRAMS)
def test_real_program_screens_match_tmux(make: Factory, program: str) -> None:
    core = replayed(make, program)
    expected = (CAPTURES / f"{program}.screen").read_text(encoding="utf-8").splitlines()
    assert screen(core) == [line.rstrip() for line in expected + [""] * (24 - len(expected))]


@pytest.mark.parametrize("program", PROGRAMS)
def test_real_program_styles_match_tmux(make: Factory, program: str) -> None:
    # tmux's own rendering of its screen (capture-pane -e), replayed, gives the styles tmux saw.
    tmux_view = make(80, 24)
    tmux_view.feed((CAPTURES / f"{program}.styled").read_bytes().rstrip(b"\n")
                   .replace(b"\n", b"\r\n"))
    assert styled_text(replayed(make, program)) == styled_text(tmux_view)
    assert any(style != CellStyle() for _, style in styled_text(tmux_view).values())
