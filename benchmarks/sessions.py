"""A large session store in the window: open, filter as you type, connect (offscreen).

Run: ``.venv/bin/python benchmarks/sessions.py [count]`` (default 2000). Builds a store of
``count`` sessions in folders (a third with two jump hosts), then measures in one run:
loading the file, building the sidebar, each keystroke of a search typed into the search
box (from the key to the filtered tree shown, the longest event-loop stall included), a
save after one edit, and the GUI thread's part of connecting a saved session (until the
tab exists; the login itself runs on a worker). Each figure is printed with its target:
no visible stall, i.e. at most 50 ms on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

STALL_TARGET = 0.050
SEARCH = "prod web 1"


def make_store(path: Path, count: int) -> None:
    from sshdesk.core.profile import SessionProfile
    from sshdesk.core.sessions import SavedSession, SessionStore

    store = SessionStore(path)
    store.load()
    hops = (SessionProfile(host="bastion1.example"), SessionProfile(host="bastion2.example"))
    for n in range(count):
        env = ("prod", "staging", "dev")[n % 3]
        role = ("web", "db", "cache", "worker")[n % 4]
        store.add(SavedSession(
            name=f"{role}{n}", folder=(env.capitalize(), f"Region {n % 7}"),
            tags=(env, role), note=f"rack {n % 40}",
            profile=SessionProfile(host=f"{role}{n}.{env}.example", username="deploy",
                                   jump_hosts=hops if n % 3 == 0 else ())))
    store.save()


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    home = Path(tempfile.mkdtemp(prefix="sshdesk-bench-sessions-"))
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_STATE_HOME"] = str(home / "state")

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sshdesk.core import paths
    from sshdesk.core.sessions import SessionStore
    from sshdesk.ui.mainwindow import MainWindow

    app = QApplication([])
    make_store(paths.config_dir() / "sessions.json", count)
    rows: list[tuple[str, str, str]] = []

    start = time.perf_counter()
    store = SessionStore()
    store.load()
    rows.append(("load the file", f"{(time.perf_counter() - start) * 1000:.0f} ms", ""))

    window = MainWindow()
    window.show()
    app.processEvents()
    start = time.perf_counter()
    saved = window.load_saved_sessions()
    app.processEvents()
    built = time.perf_counter() - start
    rows.append(("load + build the sidebar", f"{built * 1000:.0f} ms",
                 _verdict(built, 0.3, "<= 300 ms (once, after the first paint)")))

    longest = [0.0]
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    ticker = QTimer(interval=1)
    ticker.timeout.connect(tick)
    ticker.start()
    keystrokes = []
    for n in range(1, len(SEARCH) + 1):
        start = time.perf_counter()
        saved.sidebar.search.setText(SEARCH[:n])
        deadline = time.perf_counter() + 0.4  # the debounced filter runs within this
        while time.perf_counter() < deadline:
            app.processEvents()
        keystrokes.append(time.perf_counter() - start - 0.4)
        last[0] = time.perf_counter()
    ticker.stop()
    shown = saved.sidebar.filter_model.rowCount()
    rows.append(("search typed, per keystroke (median)",
                 f"{statistics.median(keystrokes) * 1000:.1f} ms", ""))
    rows.append(("longest event-loop stall while typing", f"{longest[0] * 1000:.0f} ms",
                 _verdict(longest[0], STALL_TARGET, "<= 50 ms")))
    rows.append(("(top-level rows shown for the search)", str(shown), ""))

    session = saved.store.sessions()[count // 2]
    start = time.perf_counter()
    saved.store.update(dataclasses.replace(session, note="edited"))
    saved.store.save()
    took = time.perf_counter() - start
    rows.append(("save after one edit", f"{took * 1000:.0f} ms",
                 _verdict(took, STALL_TARGET, "<= 50 ms")))

    from sshdesk import app as app_module

    app_module.preload_tab_modules().join()  # as the app does once the window shows
    for label in ("connect: GUI thread until the tab exists", "connect again (a second tab)"):
        start = time.perf_counter()
        saved.connect_session(session.id)
        took = time.perf_counter() - start
        rows.append((label, f"{took * 1000:.0f} ms", _verdict(took, STALL_TARGET, "<= 50 ms")))
        app.processEvents()

    width = max(len(r[0]) for r in rows)
    print(f"{count} saved sessions")
    for name, value, verdict in rows:
        print(f"{name:<{width}}  {value:>8}  {verdict}")
    window.close()
    return 0


def _verdict(value: float, limit: float, text: str) -> str:
    return f"{text} {'PASS' if value <= limit else 'MISS'}"


if __name__ == "__main__":
    sys.exit(main())
