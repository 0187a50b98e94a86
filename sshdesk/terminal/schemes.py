"""Colour schemes for the terminal: plain, Qt-free records the widget and the settings share.

A scheme gives the default foreground and background, the 16 ANSI colours (the other 240 of
the 256-colour palette are xterm's cube and greys, made by the emulator) and the colours only
the widget draws: the cursor and the selection. Colours a program sets itself (OSC 4/10/11)
win over the scheme, as in xterm.
"""

from __future__ import annotations

from dataclasses import dataclass

from sshdesk.terminal.model import RGB

__all__ = [
    "DEFAULT_SCHEME", "LIGHT", "SCHEMES", "SOLARIZED_DARK", "SOLARIZED_LIGHT", "ColorScheme",
    "scheme_named",
]


def _hex(value: str) -> RGB:
    """``"#rrggbb"`` as an RGB triple (schemes are easier to compare with others in hex)."""
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _palette(*values: str) -> tuple[RGB, ...]:
    if len(values) != 16:
        raise ValueError(f"a palette has 16 colours, got {len(values)}")
    return tuple(map(_hex, values))


@dataclass(frozen=True, slots=True)
class ColorScheme:
    """A terminal colour scheme.

    Attributes:
        name: The name shown in settings and stored in profiles (not translated: it is a key).
        foreground: Text in the default colour.
        background: The default background, also around the cell grid.
        cursor: The cursor's colour.
        cursor_text: Text under a block cursor.
        selection_background: Behind selected text (and a find match).
        selection_foreground: Selected text, ``None`` to keep the text's own colours.
        palette: The 16 ANSI colours: black, red, green, yellow, blue, magenta, cyan, white,
            then their bright versions.
    """

    name: str
    foreground: RGB
    background: RGB
    cursor: RGB
    cursor_text: RGB
    selection_background: RGB
    selection_foreground: RGB | None
    palette: tuple[RGB, ...]

    def __post_init__(self) -> None:
        if len(self.palette) != 16:
            raise ValueError(f"{self.name}: a palette has 16 colours, got {len(self.palette)}")


#: The default: a soft dark grey with colours bright enough for ``ls --color`` on it.
DEFAULT_SCHEME = ColorScheme(
    name="sshdesk Dark",
    foreground=_hex("#d4d4d4"),
    background=_hex("#1e1f22"),
    cursor=_hex("#e8e8e8"),
    cursor_text=_hex("#1e1f22"),
    selection_background=_hex("#264f78"),
    selection_foreground=None,
    palette=_palette(
        "#2e3035", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#d4d4d4",
        "#6b6f78", "#ff7b86", "#b5e890", "#ffd98a", "#82c4ff", "#dd96f2", "#7fd6e0", "#ffffff",
    ),
)

#: Dark text on white; yellow and cyan are darkened so they stay readable.
LIGHT = ColorScheme(
    name="sshdesk Light",
    foreground=_hex("#24292f"),
    background=_hex("#ffffff"),
    cursor=_hex("#24292f"),
    cursor_text=_hex("#ffffff"),
    selection_background=_hex("#b6d6fd"),
    selection_foreground=None,
    palette=_palette(
        "#24292f", "#cf222e", "#116329", "#9a6700", "#0550ae", "#8250df", "#1b7c83", "#8c959f",
        "#57606a", "#e0303c", "#1a7f37", "#b07a00", "#0969da", "#a475f9", "#2a9ca3", "#bfc5cc",
    ),
)

# Solarized (Ethan Schoonover): both variants share the 16 colours and swap the base tones.
_SOLARIZED = _palette(
    "#073642", "#dc322f", "#859900", "#b58900", "#268bd2", "#d33682", "#2aa198", "#eee8d5",
    "#002b36", "#cb4b16", "#586e75", "#657b83", "#839496", "#6c71c4", "#93a1a1", "#fdf6e3",
)

SOLARIZED_DARK = ColorScheme(
    name="Solarized Dark",
    foreground=_hex("#839496"),
    background=_hex("#002b36"),
    cursor=_hex("#93a1a1"),
    cursor_text=_hex("#002b36"),
    selection_background=_hex("#073642"),
    selection_foreground=_hex("#93a1a1"),
    palette=_SOLARIZED,
)

SOLARIZED_LIGHT = ColorScheme(
    name="Solarized Light",
    foreground=_hex("#657b83"),
    background=_hex("#fdf6e3"),
    cursor=_hex("#586e75"),
    cursor_text=_hex("#fdf6e3"),
    selection_background=_hex("#eee8d5"),
    selection_foreground=_hex("#586e75"),
    palette=_SOLARIZED,
)

#: Every built-in scheme by name, the default first.
SCHEMES: dict[str, ColorScheme] = {
    scheme.name: scheme for scheme in (DEFAULT_SCHEME, LIGHT, SOLARIZED_DARK, SOLARIZED_LIGHT)
}


def scheme_named(name: str) -> ColorScheme:
    """The built-in scheme called ``name`` (case-insensitive), or the default for an unknown
    name: a profile written by a newer version must still open."""
    wanted = name.casefold()
    return next((s for key, s in SCHEMES.items() if key.casefold() == wanted), DEFAULT_SCHEME)
