"""Settings for every test: offscreen Qt, the auto ``gui`` marker, isolated folders."""

import os
from pathlib import Path

import pytest

# Before anything can import Qt: no test needs a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every test that uses Qt as ``gui``, so ``-m "not gui"`` runs without Qt."""
    for item in items:
        in_ui = "tests/unit/ui" in item.path.as_posix() or "tests/e2e" in item.path.as_posix()
        if in_ui or _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
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
