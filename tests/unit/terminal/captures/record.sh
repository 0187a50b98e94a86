#!/bin/sh
# Regenerates the golden captures that tests/unit/terminal/test_conformance.py replays.
#
# Each program runs in a private tmux server at 80x24 with TERM=xterm-256color and waits for an
# Enter before it starts, so the capture begins on a blank screen. pipe-pane copies what tmux
# reads from the program's pty (<name>.bin: the program's own bytes, not tmux's re-rendering;
# they hold vim's terminal queries, which only a program sends). capture-pane stores the screen
# tmux drew from them: <name>.screen as text, <name>.styled with tmux's SGR for each cell.
#
# Needs tmux, vim, less, top and htop (apt-get install -y tmux vim less procps htop).
# Usage: tests/unit/terminal/captures/record.sh   (from anywhere)
set -eu

OUT=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
SOCKET="sshdesk-capture-$$"
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LESS= LESSOPEN= LESSHISTFILE=- HOME="$WORK"

cat > "$WORK/tmux.conf" <<'CONF'
set -g status off
set -g default-terminal xterm-256color
set -g escape-time 0
CONF

tm() { tmux -u -L "$SOCKET" -f "$WORK/tmux.conf" "$@"; }

# record NAME COMMAND SETTLE KEYS...: runs COMMAND, sends each KEYS argument (send-keys key
# names, split on spaces: type a space as Space), waits SETTLE seconds after each, captures.
record() {
    name=$1 command=$2 settle=$3
    shift 3
    rm -f "$OUT/$name.bin" "$OUT/$name.screen" "$OUT/$name.styled"
    tm new-session -d -s capture -x 80 -y 24 -c "$WORK" "sh -c 'read go; exec $command'"
    tm pipe-pane -o -t capture "cat > '$OUT/$name.bin'"
    tm send-keys -t capture Enter
    sleep "$settle"
    for keys in "$@"; do
        # shellcheck disable=SC2086  # split on spaces into separate key names
        tm send-keys -t capture $keys
        sleep "$settle"
    done
    tm pipe-pane -t capture
    sleep 0.3
    tm capture-pane -p -t capture > "$OUT/$name.screen"
    tm capture-pane -p -e -N -t capture > "$OUT/$name.styled"
    tm kill-server
    sleep 0.3
}

# A small Python file for vim (with syntax colors) and 200 lines for less.
cat > "$WORK/sample.py" <<'PY'
"""A sample module for the vim capture."""

import sys


def greet(name: str) -> str:
    """Says hello in two scripts: 你好, こんにちは."""
    return f"Hello, {name}!"


for argument in sys.argv[1:]:
    print(greet(argument))  # one line each
PY
seq 1 200 | sed 's/^/line number /; s/0$/0 — a line ending in zero, searched for/' > "$WORK/lines.txt"

record vim "vim -u NONE -i NONE -n -N sample.py" 2 \
    ":syntax Space on Enter" "j j j l l l" ":set Space number Enter" "G o x = Space 1 Escape"
record less "less lines.txt" 1 "Space" "/searched Enter" "n"
record top "top -d 30 -p \$\$" 2
record htop "htop -d 300 -p \$\$" 2
