"""The layering rules hold, and the headless parts never load Qt."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_cli_and_core_run_without_qt() -> None:
    code = (
        "import sys, pkgutil, importlib, sshdesk.core, sshdesk.cli, sshdesk.__main__\n"
        "for m in pkgutil.walk_packages(sshdesk.core.__path__, 'sshdesk.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_version_command_does_not_start_the_gui() -> None:
    result = subprocess.run([sys.executable, "-m", "sshdesk", "--version"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("sshdesk ")


def test_not_gui_run_needs_no_display_and_loads_no_qt() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "no-such-platform"  # any Qt start-up would fail loudly
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not gui",
         "tests/unit/core"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=50,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def test_ruff_finds_nothing() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "--output-format", "concise", "sshdesk",
                             "tests", "benchmarks", "resources"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


#: Checked with mypy --strict (pyproject): the Qt-free code that everything stands on.
STRICTLY_TYPED = [
    "sshdesk/core", "sshdesk/cli.py", "sshdesk/cli_transfer.py", "sshdesk/terminal/emulator.py",
    "sshdesk/terminal/model.py",
]


def test_core_is_strictly_typed() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", *STRICTLY_TYPED], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=55)
    assert result.returncode == 0, result.stdout + result.stderr


def test_headless_start_does_not_load_invoke() -> None:
    """paramiko's `Match exec` runner is kept out: it would run commands from config
    files and costs a fifth of a headless start."""
    code = ("import sys, sshdesk.cli, sshdesk.core.connection, paramiko\n"
            "assert sys.modules.get('invoke') is None\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_gui_process_does_not_load_paramiko() -> None:
    """The GUI's connections live in the network process; its interpreter is the terminal's."""
    code = ("import sys, sshdesk.app, sshdesk.ui.mainwindow, sshdesk.core.netclient\n"
            "assert 'paramiko' not in sys.modules, 'paramiko loaded in the GUI process'\n")
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False, env=environment)
    assert result.returncode == 0, result.stderr
