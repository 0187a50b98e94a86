"""Settings for every test: offscreen Qt, the auto ``gui`` marker, isolated folders."""

import itertools
import os
import sys
from pathlib import Path

import pytest

# Before anything can import Qt: no test needs a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _gui_deselected(argv: list[str]) -> bool:
    """Whether the run was asked for ``-m "not gui"`` (or an expression containing it)."""
    expressions = [b for a, b in itertools.pairwise(argv) if a == "-m"]
    expressions += [a[2:] for a in argv if a.startswith("-m") and len(a) > 2]
    return any("not gui" in expression for expression in expressions)


# pytest-qt imports Qt when it loads, and `-m "not gui"` must run where Qt cannot load
# (no display, no GL libraries). So its automatic loading is off (`-p no:pytest-qt` in
# pyproject) and it is loaded here unless the Qt tests are deselected.
_WITHOUT_QT = _gui_deselected(sys.argv + os.environ.get("PYTEST_ADDOPTS", "").split())
pytest_plugins = ("tests.helpers.keyring_fixtures",) + (
    () if _WITHOUT_QT else ("pytestqt.plugin", "tests.helpers.qt_fixtures"))


# Test modules that import Qt: under these folders, or named test_qt_*.py. They are not even
# collected (collecting imports them) when the Qt tests are deselected.
_QT_TEST_GLOBS = ("unit/ui/*", "e2e/*", "**/test_qt_*.py")
collect_ignore_glob = list(_QT_TEST_GLOBS) if _WITHOUT_QT else []


def pytest_addoption(parser: pytest.Parser) -> None:
    if _WITHOUT_QT:
        # pytest-qt's settings stay in pyproject; --strict-config must still accept them.
        for name in ("qt_api", "qt_log_level_fail", "qt_log_ignore"):
            parser.addini(name, "pytest-qt setting (pytest-qt is not loaded in this run)")

_QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every test that uses Qt as ``gui``, so ``-m "not gui"`` runs without Qt."""
    tests_root = Path(__file__).parent
    for item in items:
        relative = item.path.relative_to(tests_root) if item.path.is_relative_to(tests_root) \
            else item.path
        qt_module = any(relative.full_match(glob) for glob in _QT_TEST_GLOBS)
        if qt_module or _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME and XDG folders per test: nothing reads or writes the user's own
    ~/.ssh, known_hosts, config or logs, and no ssh-agent is inherited."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name, folder in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                         ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
        monkeypatch.setenv(name, str(home / folder))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    return home


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A `-m "not gui"` run that loaded Qt anyway fails: the headless promise broke."""
    leaked = sorted(m for m in sys.modules if m.startswith("PySide6"))
    if _WITHOUT_QT and leaked:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nQt was imported during a 'not gui' run: {', '.join(leaked[:5])}",
              file=sys.stderr)
