"""``sshdesk get`` and ``sshdesk put`` as a user runs them: a new process, no terminal,
against the real test sshd. The tests log in as root on 127.0.0.1, so the "remote" files
are this machine's files in the test's own folder."""

import argparse
import hashlib
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sshdesk.cli_transfer import fit, parse_rate, progress_line
from sshdesk.core.transfer_state import Direction, ItemSnapshot, ItemState, QueueSnapshot
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer

ROOT = Path(__file__).resolve().parents[2]
# sshdesk/__main__.py hands only exec, ls and sessions to the CLI so far: call it directly.
CLI = ["-m", "sshdesk"]


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CONFIG_HOME=str(home / "config"))
    env.pop("SSH_AUTH_SOCK", None)
    return env


class Cli:
    """Runs ``sshdesk`` in a new session (no controlling terminal), logged in with a key."""

    def __init__(self, server: SshdServer, keys: ClientKeys, home: Path) -> None:
        self.server = server
        self.home = home
        self.login = ["--accept-new-host-key", "-i", str(keys.ed25519)]

    def remote(self, path: Path | str) -> str:
        return f"root@{self.server.host}:{self.server.port}:{path}"

    def command(self, command: str, *args: str) -> list[str]:
        return [sys.executable, *CLI, command, *self.login, *args]

    def __call__(self, command: str, *args: str, timeout: float = 30
                 ) -> subprocess.CompletedProcess[str]:
        return self.run(command, *self.login, *args, timeout=timeout)

    def run(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
        """Without the login options."""
        return subprocess.run([sys.executable, *CLI, *args], env=environment(self.home),
                              cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, start_new_session=True, check=False)


@pytest.fixture
def cli(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path) -> Cli:
    return Cli(sshd, client_keys, tmp_path / "home")


@pytest.fixture
def server(tmp_path: Path) -> Path:
    """The folder that stands for the server's side."""
    folder = tmp_path / "server"
    folder.mkdir()
    return folder


@pytest.fixture
def local(tmp_path: Path) -> Path:
    folder = tmp_path / "local"
    folder.mkdir()
    return folder


def write(path: Path, size: int, seed: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(hashlib.shake_256(f"{seed}".encode()).digest(size) if size else b"")
    return path


def make_tree(root: Path) -> Path:
    """A folder of a few files at a few depths, an empty file, a CJK name and an empty
    folder."""
    write(root / "a.bin", 200_000, 1)
    write(root / "empty.txt", 0)
    write(root / "sub" / "b.bin", 70_000, 2)
    write(root / "sub" / "deeper" / "数据.txt", 1234, 3)
    (root / "hollow").mkdir()
    return root


def digests(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` by relative path: a sha256, or "folder"."""
    return {str(path.relative_to(root)): "folder" if path.is_dir()
            else hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*"))}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- copies that work ---------------------------------------------------------------------


def test_get_a_file_into_a_folder_quietly_keeping_its_time(cli: Cli, server: Path,
                                                           local: Path) -> None:
    source = write(server / "a.bin", 300_000)
    os.utime(source, (1_600_000_000, 1_600_000_000))
    result = cli("get", cli.remote(source), str(local))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")  # no progress
    assert sha(local / "a.bin") == sha(source)
    assert (local / "a.bin").stat().st_mtime == 1_600_000_000
    assert sorted(os.listdir(local)) == ["a.bin"]


def test_get_a_file_to_another_name(cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "a.bin", 5000)
    result = cli("get", cli.remote(source), str(local / "copy.bin"))
    assert result.returncode == 0, result.stderr
    assert sha(local / "copy.bin") == sha(source)
    assert sorted(os.listdir(local)) == ["copy.bin"]  # no staging folder left


def test_get_a_folder_needs_r_then_copies_every_file(cli: Cli, server: Path,
                                                     local: Path) -> None:
    tree = make_tree(server / "tree")
    refused = cli("get", cli.remote(tree), str(local))
    assert refused.returncode == 1
    assert f"{tree}: is a folder; copy folders with -r" in refused.stderr
    assert not os.listdir(local)
    result = cli("get", "-r", cli.remote(tree), str(local))
    assert result.returncode == 0, result.stderr
    assert digests(local / "tree") == digests(tree)


def test_get_a_folder_to_a_new_name(cli: Cli, server: Path, local: Path) -> None:
    tree = make_tree(server / "tree")
    result = cli("get", "-r", cli.remote(tree), str(local / "copy"))
    assert result.returncode == 0, result.stderr
    assert digests(local / "copy") == digests(tree)
    assert sorted(os.listdir(local)) == ["copy"]


def test_put_a_file_and_a_folder(cli: Cli, server: Path, local: Path) -> None:
    source = write(local / "a.bin", 250_000)
    tree = make_tree(local / "tree")
    assert cli("put", str(source), cli.remote(server)).returncode == 0
    assert sha(server / "a.bin") == sha(source)
    refused = cli("put", str(tree), cli.remote(server))
    assert refused.returncode == 1
    assert "copy folders with -r" in refused.stderr
    result = cli("put", "-r", str(tree), cli.remote(server))
    assert result.returncode == 0, result.stderr
    assert digests(server / "tree") == digests(tree)


def test_put_to_another_name_and_over_an_older_file(cli: Cli, server: Path,
                                                    local: Path) -> None:
    source = write(local / "a.bin", 40_000)
    result = cli("put", str(source), cli.remote(server / "renamed.bin"))
    assert result.returncode == 0, result.stderr
    assert sha(server / "renamed.bin") == sha(source)
    os.utime(server / "renamed.bin", (1_000_000_000, 1_000_000_000))
    write(local / "a.bin", 1000, seed=9)  # newer than the remote copy
    kept = cli("put", str(source), cli.remote(server / "renamed.bin"))
    assert kept.returncode == 1
    assert f"{server / 'renamed.bin'}: it already exists" in kept.stderr
    assert "--overwrite" in kept.stderr
    assert cli("put", "--newer", str(source), cli.remote(server / "renamed.bin")
               ).returncode == 0
    assert sha(server / "renamed.bin") == sha(source)
    assert sorted(os.listdir(server)) == ["renamed.bin"]  # no staging folder left


def test_several_sources_with_one_job(cli: Cli, server: Path, local: Path) -> None:
    first, second = write(server / "one.bin", 100_000, 1), write(server / "two.bin", 1, 2)
    tree = make_tree(server / "tree")
    result = cli("get", "-r", "--jobs", "1", cli.remote(first), cli.remote(second),
                 cli.remote(tree), str(local))
    assert result.returncode == 0, result.stderr
    assert sha(local / "one.bin") == sha(first) and sha(local / "two.bin") == sha(second)
    assert digests(local / "tree") == digests(tree)


def test_port_option_and_relative_paths_from_home(cli: Cli, server: Path,
                                                  local: Path) -> None:
    source = write(server / "a.bin", 3000)
    relative = os.path.relpath(source, "/root")
    result = cli("get", "-p", str(cli.server.port), f"root@{cli.server.host}:{relative}",
                 str(local))
    assert result.returncode == 0, result.stderr
    assert sha(local / "a.bin") == sha(source)


def test_a_saved_session_as_target(cli: Cli, server: Path, local: Path,
                                   client_keys: ClientKeys, tmp_path: Path) -> None:
    config = tmp_path / "ssh_config"
    config.write_text(f"Host box\n  HostName {cli.server.host}\n  Port {cli.server.port}\n"
                      f"  User root\n  IdentityFile {client_keys.ed25519}\n")
    assert cli.run("sessions", "import-ssh-config", str(config)).returncode == 0
    source = write(local / "a.bin", 3000)
    put = cli.run("put", "--accept-new-host-key", "--no-preserve", str(source),
                  f"box:{server}")
    assert put.returncode == 0, put.stderr
    os.remove(source)  # the get below makes it again
    got = cli.run("get", f"ssh_config/box:{server / 'a.bin'}", str(local))
    assert got.returncode == 0, got.stderr
    assert sha(source) == sha(server / "a.bin")


def test_no_preserve_gives_copies_the_time_of_the_copy(cli: Cli, server: Path,
                                                        local: Path) -> None:
    source = write(server / "a.bin", 3000)
    os.chmod(source, 0o600)
    os.utime(source, (1_600_000_000, 1_600_000_000))
    assert cli("get", "--no-preserve", cli.remote(source), str(local)).returncode == 0
    assert (local / "a.bin").stat().st_mtime > time.time() - 60
    kept = cli("get", "--overwrite", cli.remote(source), str(local))
    assert kept.returncode == 0, kept.stderr
    assert (local / "a.bin").stat().st_mtime == 1_600_000_000
    assert (local / "a.bin").stat().st_mode & 0o777 == 0o600


# --- targets that exist -------------------------------------------------------------------


def test_an_existing_target_fails_without_a_flag_and_is_left_alone(
        cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "a.bin", 10_000, 1)
    target = write(local / "a.bin", 500, 2)
    before = target.read_bytes()
    result = cli("get", cli.remote(source), str(local))
    assert result.returncode == 1
    assert f"{target}: it already exists" in result.stderr
    assert "--overwrite, --skip-existing or --resume" in result.stderr
    assert target.read_bytes() == before


def test_existing_files_in_a_folder_are_listed_with_the_flags(cli: Cli, server: Path,
                                                              local: Path) -> None:
    tree = make_tree(local / "tree")
    assert cli("put", "-r", str(tree), cli.remote(server)).returncode == 0
    result = cli("put", "-r", str(tree), cli.remote(server))
    assert result.returncode == 1
    assert f"- {tree / 'sub' / 'b.bin'}: {server / 'tree' / 'sub' / 'b.bin'}: it already " \
        "exists" in result.stderr
    assert "--skip-existing" in result.stderr


def test_skip_existing_leaves_the_target_alone(cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "a.bin", 10_000, 1)
    target = write(local / "a.bin", 500, 2)
    before = target.read_bytes()
    skipped = cli("get", "--skip-existing", cli.remote(source), str(local), timeout=3)
    assert (skipped.returncode, skipped.stderr) == (0, "")
    assert target.read_bytes() == before


def test_overwrite_replaces_the_target(cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "a.bin", 10_000, 1)
    target = write(local / "a.bin", 500, 2)
    replaced = cli("get", "--overwrite", cli.remote(source), str(local))
    assert (replaced.returncode, replaced.stderr) == (0, "")
    assert sha(target) == sha(source)


def test_newer_replaces_an_older_target(cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "a.bin", 10_000, 1)
    target = write(local / "a.bin", 500, 2)
    os.utime(target, (1_000_000_000, 1_000_000_000))
    replaced = cli("get", "--newer", cli.remote(source), str(local))
    assert replaced.returncode == 0, replaced.stderr
    assert sha(target) == sha(source)


def test_newer_keeps_a_newer_target(cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "a.bin", 10_000, 1)
    os.utime(source, (1_000_000_000, 1_000_000_000))
    target = write(local / "a.bin", 500, 2)
    before = target.read_bytes()
    kept = cli("get", "--newer", cli.remote(source), str(local), timeout=3)
    assert (kept.returncode, kept.stderr) == (0, "")
    assert target.read_bytes() == before


def test_conflict_flags_exclude_each_other(cli: Cli, local: Path) -> None:
    result = cli("get", "--overwrite", "--resume", cli.remote("/x"), str(local))
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr


@pytest.mark.parametrize("direction", ["get", "put"])
def test_resume_appends_to_a_truncated_target(cli: Cli, server: Path, local: Path,
                                              direction: str) -> None:
    here, there = (server, local) if direction == "get" else (local, server)
    source = write(here / "a.bin", 1_000_000)
    target = there / "a.bin"
    target.write_bytes(source.read_bytes()[:300_000])
    inode = target.stat().st_ino
    args = [cli.remote(source), str(there)] if direction == "get" \
        else [str(source), cli.remote(there)]
    result = cli(direction, "--resume", *args)
    assert result.returncode == 0, result.stderr
    assert sha(target) == sha(source)
    assert target.stat().st_ino == inode  # appended in place, not copied anew


def test_resume_into_a_file_of_another_name(cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "a.bin", 400_000)
    target = local / "partial.bin"
    target.write_bytes(source.read_bytes()[:100_000])
    inode = target.stat().st_ino
    result = cli("get", "--resume", cli.remote(source), str(target))
    assert result.returncode == 0, result.stderr
    assert sha(target) == sha(source) and target.stat().st_ino == inode
    assert sorted(os.listdir(local)) == ["partial.bin"]


@pytest.mark.parametrize(("links", "expected"), [("follow", "file"), ("skip", None),
                                                ("copy", "link")])
def test_links_inside_folders(cli: Cli, server: Path, local: Path, links: str,
                              expected: str | None) -> None:
    tree = server / "tree"
    write(tree / "real.txt", 100)
    (tree / "link.txt").symlink_to("real.txt")
    result = cli("get", "-r", "--links", links, cli.remote(tree), str(local), timeout=3)
    assert result.returncode == 0, result.stderr
    copy = local / "tree" / "link.txt"
    kind = "link" if copy.is_symlink() else "file" if copy.exists() else None
    assert kind == expected
    if kind is not None:
        assert sha(copy) == sha(tree / "real.txt")


# --- failures -----------------------------------------------------------------------------


def test_a_missing_source_fails_alone_and_is_summarized(cli: Cli, server: Path,
                                                        local: Path) -> None:
    first, second = write(server / "one.bin", 1000, 1), write(server / "two.bin", 2000, 2)
    missing = server / "nope.bin"
    result = cli("get", cli.remote(first), cli.remote(missing), cli.remote(second), str(local))
    assert result.returncode == 1
    assert sha(local / "one.bin") == sha(first) and sha(local / "two.bin") == sha(second)
    lines = result.stderr.splitlines()
    assert lines[0] == "sshdesk get: 1 of 3 not copied:"
    assert lines[1] == f"  {missing}"
    assert f"{missing}: no such file or folder" in lines[2]


def test_put_of_a_missing_source_fails_alone(cli: Cli, server: Path, local: Path) -> None:
    source = write(local / "one.bin", 1000)
    result = cli("put", str(local / "nope"), str(source), cli.remote(server))
    assert result.returncode == 1
    assert f"  {local / 'nope'}\n" in result.stderr
    assert sha(server / "one.bin") == sha(source)


def test_several_sources_need_a_folder(cli: Cli, server: Path, local: Path) -> None:
    one, two = write(server / "one", 10), write(server / "two", 10)
    got = cli("get", cli.remote(one), cli.remote(two), str(local / "nothing-here"))
    assert got.returncode == 1
    assert "not a folder (several sources are copied into a folder)" in got.stderr
    put = cli("put", str(one), str(two), cli.remote(server / "one"))
    assert put.returncode == 1
    assert f"{server / 'one'}: not a folder" in put.stderr


def test_a_missing_destination_folder_is_named(cli: Cli, server: Path, local: Path) -> None:
    source = write(local / "a.bin", 10)
    result = cli("put", str(source), cli.remote(server / "no" / "copy.bin"))
    assert result.returncode == 1
    assert f"upload failed: {server / 'no'}: no such folder" in result.stderr
    slash = cli("put", str(source), cli.remote(f"{server}/new/"))
    assert slash.returncode == 1
    assert f"upload failed: {server / 'new'}: no such folder" in slash.stderr
    got = cli("get", cli.remote(source), str(local / "no" / "copy.bin"))
    assert (got.returncode, got.stderr) == (1, f"sshdesk get: {local / 'no'}: no such folder\n")
    assert sorted(os.listdir(server)) == []


def test_sources_on_two_targets_are_a_usage_error(cli: Cli, local: Path) -> None:
    result = cli("get", cli.remote("/etc/hostname"), "root@127.0.0.2:/etc/hostname",
                 str(local))
    assert result.returncode == 2
    assert "several targets" in result.stderr


# --- speed, progress and Ctrl-C -----------------------------------------------------------


def test_limit_slows_the_copy(cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "big.bin", 2 * 1024 * 1024)
    started = time.monotonic()
    result = cli("get", "--limit", "2M", cli.remote(source), str(local))
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert sha(local / "big.bin") == sha(source)
    assert elapsed >= 0.9  # 2 MiB at 2 MiB/s, less the first moment's allowance


def test_progress_line_on_a_terminal(cli: Cli, server: Path, local: Path) -> None:
    source = write(server / "big.bin", 1024 * 1024)
    master, slave = pty.openpty()
    process = subprocess.Popen(cli.command("get", "--limit", "1M", cli.remote(source),
                                           str(local)),
                               env=environment(cli.home), cwd=ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=slave,
                               start_new_session=True)
    os.close(slave)
    seen = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 20)
            assert ready, bytes(seen)
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the process closed its end
                break
            if not chunk:
                break
            seen.extend(chunk)
        assert process.wait(10) == 0
    finally:
        process.kill()
        process.wait()
        os.close(master)
    lines = seen.decode().split("\r")
    assert "ETA" in lines[1] and lines[1].endswith("big.bin\x1b[K"), lines
    assert lines[-2].startswith("100%  1.0 MiB / 1.0 MiB  "), lines
    assert re.search(r"  in 0:0\d  1/1 files\x1b\[K$", lines[-2]), lines  # 1 s for 1 MiB
    assert lines[-1] == "\n"


def test_ctrl_c_cancels_and_removes_the_partial_file(cli: Cli, server: Path,
                                                     local: Path) -> None:
    source = write(server / "big.bin", 4 * 1024 * 1024)
    process = subprocess.Popen(cli.command("get", "--limit", "1M", cli.remote(source),
                                           str(local)),
                               env=environment(cli.home), cwd=ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while not (local / "big.bin.part").exists():
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=10)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130
    assert err.strip() == "sshdesk get: cancelled"
    assert os.listdir(local) == []


# --- the parts without a server -----------------------------------------------------------


@pytest.mark.parametrize(("text", "rate"), [
    ("2048", 2048), ("500K", 500 * 1024), ("10M", 10 * 1024**2), ("1.5m", 1536 * 1024),
    ("1G", 1024**3), ("10MiB", 10 * 1024**2), ("10MB/s", 10 * 1024**2)])
def test_rates(text: str, rate: int) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "fast", "-1M", "0", "10X", "M"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="not a rate"):
        parse_rate(text)


def test_progress_line_fits_its_width_with_wide_names() -> None:
    item = ItemSnapshot(1, Direction.DOWNLOAD, "/srv/数据/报告-最终版本.pdf", "/tmp/x", False,
                        ItemState.RUNNING, bytes_total=4 * 1024**2, bytes_done=1024**2,
                        files_total=1, current="/srv/数据/报告-最终版本.pdf")
    snapshot = QueueSnapshot((item,), 4 * 1024**2, 1024**2, 1024**2, 3.0, 1)
    wide = progress_line(snapshot, 200)
    assert wide.startswith(" 25%  1.0 MiB / 4.0 MiB  1.0 MiB/s  ETA 0:03  0/1 files  /srv")
    for width in (100, 70, 58, 30):
        line = progress_line(snapshot, width)
        assert sum(2 if "\u4e00" <= c <= "\u9fff" else 1 for c in line) <= width, line
    assert progress_line(snapshot, 70).endswith("最终版本.pdf")
    assert fit("数据数据", 5) == "数据…"
    assert fit("\x1b]0;evil\x07name", 100) == "\x1b]0;evil\x07name"  # fit does not clean
    hostile = ItemSnapshot(1, Direction.DOWNLOAD, "x", "y", False, ItemState.RUNNING,
                           current="/srv/\x1b[2Jevil")
    assert "\x1b" not in progress_line(QueueSnapshot((hostile,)), 100)
