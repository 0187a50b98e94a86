"""Random bytes and escape sequences never make the emulator raise or hang."""

import random
import time

import pytest

from sshdesk.terminal.emulator import TerminalEmulator

SEEDS = range(40)
_FINALS = "@ABCDEFGHIJKLMPSTXZ`abcdefghilmnpqrstuxz"


def _escape(rng: random.Random) -> bytes:
    """One escape sequence of a random kind with random, often absurd, parameters."""
    params = ";".join(str(rng.choice([0, 1, 2, 7, 38, 48, 255, 9999, 2**31, rng.randrange(200)]))
                      for _ in range(rng.randrange(6)))
    kind = rng.randrange(7)
    if kind == 0:
        return f"\x1b[{rng.choice(['', '?', '>', '='])}{params}{rng.choice(_FINALS)}".encode()
    if kind == 1:
        body = "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(40)))
        return f"\x1b]{rng.choice([0, 2, 4, 7, 8, 10, 11, 52, 133, 777])};{body}".encode() + \
            rng.choice([b"\x07", b"\x1b\\", b""])
    if kind == 2:
        return b"\x1bP" + rng.randbytes(rng.randrange(30)) + b"\x1b\\"
    if kind == 3:
        return b"\x1b" + bytes([rng.randrange(0x20, 0x7F)])
    if kind == 4:
        return "中文😀é\u0301\u200d".encode()[: rng.randrange(1, 16)]  # often cut mid-character
    if kind == 5:
        return bytes(rng.randrange(0, 32) for _ in range(rng.randrange(1, 8)))  # C0 controls
    return rng.randbytes(rng.randrange(1, 64))


@pytest.mark.parametrize("seed", SEEDS)
def test_random_input_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    encoding = rng.choice(["utf-8", "gbk", "gb18030", "big5", "shift_jis", "latin-1"])
    emulator = TerminalEmulator(rng.randrange(1, 200), rng.randrange(1, 80), encoding=encoding,
                                scrollback_lines=500)
    started = time.monotonic()
    for step in range(300):
        emulator.feed(b"".join(_escape(rng) for _ in range(rng.randrange(1, 20))))
        if step % 25 == 0:
            emulator.resize(rng.randrange(1, 200), rng.randrange(1, 80))
        if step % 10 == 0:
            emulator.frame()
            emulator.display()
            emulator.take_replies()
            emulator.take_events()
        if step % 100 == 0:
            emulator.scroll_viewport(rng.randrange(-50, 50))
    columns, rows = emulator.size()
    assert len(emulator.display()) == rows
    row, column = emulator.cursor()
    assert 0 <= row < rows and 0 <= column <= columns
    assert time.monotonic() - started < 20
