"""Transfers: sshdesk's CLI against OpenSSH's ``sftp``, on a throwaway sshd, in one run.

    .venv/bin/python benchmarks/transfer.py [--quick] [--runs 3] [--only 12345] [--on-disk]

Needs root (sshd runs as root, like the tests). Client and server are this machine; an
upload's local source is the same file a download fetches. The data sits on a RAM file
system (tmpfs) mounted for the run, so both tools are measured rather than the disk: on
ext4 the same ``sftp -r`` of 2,000 files took 1.3 s or 3.8 s depending on how many inodes
the minutes before had freed. ``--on-disk`` keeps it under /tmp instead. Both sides run as
whole processes, start to exit (connect and log in included):

- OpenSSH: ``sftp -b BATCH`` with ``get``, ``put``, ``get -r``, ``put -r``, ``ls -l``
  (see ``benchmarks/transfer_openssh.py``);
- sshdesk: ``python -m sshdesk get [-r] --jobs 4 --overwrite TARGET:REMOTE LOCAL``,
  ``python -m sshdesk put [-r] --jobs 4 --overwrite LOCAL TARGET:REMOTE`` and
  ``python -m sshdesk ls -l TARGET:REMOTE`` (``-l``, so both list the same attributes),
  with TARGET ``root@127.0.0.1:PORT``, the key by ``-i`` and the host key trusted through
  a known_hosts file in a temporary ``XDG_DATA_HOME``. LOCAL and REMOTE destinations are
  existing folders; the copy is expected inside them, named as its source (as with
  ``sftp`` and ``cp -r``), or else as the folder itself.

Figures (``--quick``: 64 MiB, 200 files, 1,000 entries, for a smoke run; its figures are not
the ones the targets are about):

1. download one 1 GiB file   2. upload it   3. download 2,000 files of 4 KiB in 50 folders
4. upload them   5. list a folder of 10,000 entries.

Each figure runs OpenSSH and sshdesk alternately, ``--runs`` times each (default 3), and
compares the medians. Before each run the destination is removed (small files: moved into
a trash folder deleted at exit; see ``reset``) and the page cache's dirty pages written out
(``sync``), so no run pays for its predecessor's writes. After every run
the copy is compared with the source (SHA-256 of each file; for the listing, the names
printed), so a fast but wrong run fails instead of winning.

Targets: ratio = OpenSSH seconds / sshdesk seconds (above 1 = sshdesk faster). 1 GiB down and
up >= 1.0 with sshdesk's peak RSS < 150 MB; 2,000 files down and up >= 2.0; the listing
within 1.2x OpenSSH's time (ratio >= 0.83). A missing or failing sshdesk command makes its
row a MISS with the reason, and the OpenSSH half still runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.transfer_openssh import (  # noqa: E402
    CommandFailed,
    MiB,
    SshTarget,
    download_file,
    download_folder,
    file_digest,
    fresh_folder,
    list_folder,
    make_big_file,
    make_small_tree,
    make_wide_folder,
    peak_rss_of,
    tree_digest,
    upload_file,
    upload_folder,
    wide_folder_names,
)

MB = 1_000_000  # for rates, as benchmarks/terminal.py
RSS_LIMIT = 150 * MiB  # "150 MB" of RSS, counted as /proc counts it (KiB / 1024)
JOBS = "4"


@dataclass(frozen=True)
class Sizes:
    big: int
    files: int
    folders: int
    entries: int


FULL = Sizes(big=1024 * MiB, files=2000, folders=50, entries=10_000)
QUICK = Sizes(big=64 * MiB, files=200, folders=10, entries=1000)


@dataclass(frozen=True)
class Target:
    """What a figure must reach: a minimum ratio, and a peak RSS limit for some."""

    min_ratio: float
    text: str
    max_rss: int | None = None

    def met(self, ratio: float, rss: int) -> bool:
        return ratio >= self.min_ratio and (self.max_rss is None or rss < self.max_rss)


@dataclass
class Figure:
    """One measurement: how to run each side, how to reset and check the result.

    ``check`` runs after every sshdesk run and answers None, or what is wrong with the
    copy; ``check_openssh`` after every OpenSSH run (default: ``check``).
    """

    name: str
    amount: float  # per run: bytes, files or entries
    unit: str  # "MB/s", "files/s" or "entries/s"
    openssh: Callable[[], float]
    ours: list[str]
    reset: Callable[[], None]
    check: Callable[[], str | None]
    target: Target
    ours_stdout: Path | None = None
    check_openssh: Callable[[], str | None] | None = None

    @property
    def command(self) -> str:
        """Our CLI's command (``get``, ``put``, ``ls``)."""
        return self.ours[3]


@dataclass
class Result:
    figure: Figure
    openssh: list[float] = field(default_factory=list)
    ours: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    problem: str | None = None  # why sshdesk has no figure


# -- the setup -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Setup:
    target: SshTarget
    work: Path  # the client's side: destinations, the CLI's HOME
    remote: Path  # the server's side: the data, upload destinations
    env: dict[str, str]  # for our CLI


def cli_env(home: Path, target: SshTarget) -> dict[str, str]:
    """Our CLI's environment: its own HOME and XDG folders, the host key trusted there (as
    tests/integration/test_cli.py does), no agent."""
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CONFIG_HOME=str(home / "config"))
    env.pop("SSH_AUTH_SOCK", None)
    # An installed sshdesk starts from compiled bytecode; a shell that forbids writing it
    # would have every run compile the whole package first (about 0.1 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "sshdesk")],
                   check=True, env=env)
    # ``python -m sshdesk WORD`` starts the GUI for a WORD it does not know as a command; a
    # platform plugin that does not exist makes that abort at once instead of opening a
    # window (or waiting for one, headless) until the run's timeout.
    env["QT_QPA_PLATFORM"] = "no-gui-in-a-benchmark"
    known = home / "data" / "sshdesk" / "known_hosts"
    known.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(target.known_hosts, known)
    return env


def cli_commands(env: dict[str, str]) -> set[str]:
    """The commands our CLI offers, read from ``sshdesk --help`` (which never starts the
    GUI, unlike an unknown command)."""
    shown = subprocess.run([sys.executable, "-m", "sshdesk", "--help"], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=60, check=True)
    return set(re.findall(r"^ {4}(\w+)\s", shown.stdout, re.MULTILINE))


def sshdesk(setup: Setup, *args: str) -> list[str]:
    """Our CLI's command line, with the benchmark's key."""
    return [sys.executable, "-m", "sshdesk", args[0], "-i", str(setup.target.key), *args[1:]]


def remote_spec(setup: Setup, path: Path) -> str:
    return f"{setup.target.user}@{setup.target.host}:{setup.target.port}:{path}"


def make_data(remote: Path, sizes: Sizes) -> dict[str, Path]:
    started = time.perf_counter()
    data = {
        "big": make_big_file(remote / "big.bin", sizes.big),
        "small": make_small_tree(remote / "small", sizes.folders, sizes.files),
        "wide": make_wide_folder(remote / "wide", sizes.entries),
    }
    os.sync()
    print(f"data: {sizes.big // MiB} MiB file, {sizes.files} files in {sizes.folders} folders, "
          f"{sizes.entries}-entry folder; made in {time.perf_counter() - started:.1f} s",
          flush=True)
    return data


# -- checks --------------------------------------------------------------------------------

def copy_in(folder: Path, name: str) -> Path:
    """Where a copy of ``name`` landed in the destination ``folder``: inside it by that
    name, or (a CLI that takes LOCAL as the copy itself) the folder."""
    inside = folder / name
    return inside if inside.exists() else folder


def file_check(folder: Path, name: str, expected: str) -> Callable[[], str | None]:
    def check() -> str | None:
        copy = copy_in(folder, name)
        if not copy.is_file():
            return f"no file {name} in {folder}"
        return None if file_digest(copy) == expected else f"{copy} differs from the source"
    return check


def tree_check(folder: Path, name: str, expected: dict[str, str]) -> Callable[[], str | None]:
    def check() -> str | None:
        got = tree_digest(copy_in(folder, name))
        if got == expected:
            return None
        missing = len(expected.keys() - got.keys())
        wrong = sum(1 for path, digest in got.items() if expected.get(path, digest) != digest)
        extra = len(got.keys() - expected.keys())
        return f"{missing} missing, {wrong} differing, {extra} unexpected files"
    return check


def listing_check(output: Path, names: list[str]) -> Callable[[], str | None]:
    def check() -> str | None:
        lines = output.read_text(errors="replace").splitlines()
        listed = sorted(line.split()[-1] for line in lines if line.strip())
        if listed == names:
            return None
        return f"listed {len(listed)} names, {len(set(listed) & set(names))} of the {len(names)}"
    return check


# -- figures -------------------------------------------------------------------------------

def figures(setup: Setup, data: dict[str, Path], sizes: Sizes) -> list[Figure]:
    target, work, remote = setup.target, setup.work, setup.remote
    down, up = work / "down", remote / "up"
    big_digest = file_digest(data["big"])
    small_digest = tree_digest(data["small"])
    names = wide_folder_names(sizes.entries)
    listing = work / "ls.txt"
    big_name, small_name = data["big"].name, data["small"].name
    gib = f"{sizes.big / (1024 * MiB):g} GiB" if sizes.big >= 1024 * MiB \
        else f"{sizes.big // MiB} MiB"
    bulk = Target(1.0, ">= 1.0x, RSS < 150 MB", RSS_LIMIT)
    many = Target(2.0, ">= 2.0x")

    trash = work / "trash"
    trash.mkdir(exist_ok=True)

    def reset(folder: Path, aside: bool = False) -> Callable[[], None]:
        # ``aside``: moved away, not deleted: ext4 skips recently freed inodes when it
        # allocates new ones, and a run creating 2,000 files right after 2,000 were deleted
        # spent most of its time (both sides' runs alike, by 2-3x) in that search. The trash
        # goes at exit. Big files are deleted: kept, their pages filled the memory and every
        # later run paid for reclaiming them (1 GiB runs went from 3 s to 5 s, both sides).
        def empty() -> None:
            if aside and folder.exists():
                folder.rename(trash / f"{folder.name}-{len(os.listdir(trash))}")
            fresh_folder(folder)
        return empty

    return [
        Figure(f"1. {gib} download", sizes.big, "MB/s",
               lambda: download_file(target, data["big"], down / big_name),
               sshdesk(setup, "get", "--jobs", JOBS, "--overwrite",
                       remote_spec(setup, data["big"]), str(down)),
               reset(down), file_check(down, big_name, big_digest), bulk),
        Figure(f"2. {gib} upload", sizes.big, "MB/s",
               lambda: upload_file(target, data["big"], up / big_name),
               sshdesk(setup, "put", "--jobs", JOBS, "--overwrite", str(data["big"]),
                       remote_spec(setup, up)),
               reset(up), file_check(up, big_name, big_digest), bulk),
        Figure(f"3. {sizes.files} files download", sizes.files, "files/s",
               lambda: download_folder(target, data["small"], down),
               sshdesk(setup, "get", "-r", "--jobs", JOBS, "--overwrite",
                       remote_spec(setup, data["small"]), str(down)),
               reset(down, aside=True), tree_check(down, small_name, small_digest), many),
        Figure(f"4. {sizes.files} files upload", sizes.files, "files/s",
               lambda: upload_folder(target, data["small"], up),
               sshdesk(setup, "put", "-r", "--jobs", JOBS, "--overwrite", str(data["small"]),
                       remote_spec(setup, up)),
               reset(up, aside=True), tree_check(up, small_name, small_digest), many),
        Figure(f"5. ls -l of {sizes.entries} entries", sizes.entries, "entries/s",
               lambda: list_folder(target, data["wide"]),
               sshdesk(setup, "ls", "-l", remote_spec(setup, data["wide"])),
               lambda: listing.unlink(missing_ok=True), listing_check(listing, names),
               Target(1 / 1.2, "<= 1.2x OpenSSH's time"), ours_stdout=listing,
               # sftp -b fails on a failed ls; its listing goes to /dev/null, unread.
               check_openssh=lambda: None),
    ]


def measure(figure: Figure, setup: Setup, runs: int, commands: set[str]) -> Result:
    """Alternate OpenSSH and sshdesk runs; stop running sshdesk at its first failure."""
    result = Result(figure)
    if figure.command not in commands:
        result.problem = f"sshdesk {figure.command} not available"
    for _ in range(runs):
        figure.reset()
        os.sync()
        result.openssh.append(figure.openssh())
        problem = (figure.check_openssh or figure.check)()
        if problem is not None:  # the benchmark itself is broken: say so, loudly
            raise RuntimeError(f"{figure.name}: OpenSSH's copy is wrong: {problem}")
        if result.problem is None:
            figure.reset()
            os.sync()
            result.problem = run_ours(figure, setup, result)
    figure.reset()
    return result


def run_ours(figure: Figure, setup: Setup, result: Result) -> str | None:
    """One sshdesk run, recorded in ``result``; answers why it does not count, or None."""
    try:
        seconds, rss = peak_rss_of(figure.ours, env=setup.env, cwd=ROOT,
                                   stdout=figure.ours_stdout)
    except CommandFailed as failure:
        if failure.returncode == 2 and "invalid choice" in failure.stderr:
            return f"sshdesk {figure.command} not available"
        return f"sshdesk {figure.command} failed: {failure}"
    problem = figure.check()
    if problem is not None:
        return f"sshdesk's copy is WRONG: {problem}"
    result.ours.append(seconds)
    result.rss.append(rss)
    return None


# -- the table -----------------------------------------------------------------------------

HEADER = ("figure", "OpenSSH s", "sshdesk s", "OpenSSH rate", "sshdesk rate", "ratio",
          "sshdesk RSS", "target", "result")


def row(result: Result) -> tuple[str, ...]:
    figure = result.figure
    theirs = statistics.median(result.openssh)
    divisor = MB if figure.unit == "MB/s" else 1

    def rate(seconds: float) -> str:
        return f"{figure.amount / divisor / seconds:,.1f} {figure.unit}"

    if result.problem is not None or not result.ours:
        return (figure.name, f"{theirs:.2f}", "n/a", rate(theirs), "n/a", "n/a", "n/a",
                figure.target.text, f"MISS ({result.problem})")
    ours = statistics.median(result.ours)
    ratio, rss = theirs / ours, max(result.rss)
    verdict = "PASS" if figure.target.met(ratio, rss) else "MISS"
    return (figure.name, f"{theirs:.2f}", f"{ours:.2f}", rate(theirs), rate(ours),
            f"{ratio:.2f}x", f"{rss / MiB:.0f} MB", figure.target.text, verdict)


def print_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(line[i]) for line in [HEADER, *rows]) for i in range(len(HEADER) - 1)]
    print()
    for line in [HEADER, *rows]:
        cells = [cell.ljust(width) if i in (0, 7) else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(line, widths, strict=False))]
        print("  ".join([*cells, line[-1]]))


# -- main ----------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small data, for a smoke run")
    parser.add_argument("--runs", type=int, default=3, help="runs of each side per figure")
    parser.add_argument("--only", default="12345", help="which figures, e.g. 125")
    parser.add_argument("--on-disk", action="store_true",
                        help="keep the data on the disk (in /tmp) instead of a RAM file system")
    args = parser.parse_args()

    from tests.helpers.keys import generate_key, known_hosts_line, write_authorized_keys
    from tests.helpers.sshd import start_sshd
    from tests.helpers.system import require_programs

    require_programs("sftp")
    started = time.perf_counter()
    sizes = QUICK if args.quick else FULL
    work = Path(tempfile.mkdtemp(prefix="sshdesk-bench-"))
    os.chmod(work, 0o755)
    key = generate_key(work / "id_ed25519", "ed25519")
    authorized = write_authorized_keys(work / "authorized_keys", [work / "id_ed25519.pub"])
    server = start_sshd(authorized_keys=authorized, log_level="ERROR", label="bench-transfer")
    data_root = work / "data"
    data_root.mkdir()
    if not args.on_disk:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8g,mode=755", "tmpfs",
                        str(data_root)], check=True)
    try:
        known = work / "known_hosts"
        known.write_text(known_hosts_line(server.server) + "\n")
        target = SshTarget(server.server.host, server.server.port, "root", key, known)
        remote = data_root / "remote"
        remote.mkdir()
        (data_root / "local").mkdir()
        setup = Setup(target, data_root / "local", remote, cli_env(work / "home", target))
        print(f"sshd on port {target.port}; OpenSSH: sftp; sshdesk: {sys.executable} -m sshdesk;"
              f" data on {'the disk' if args.on_disk else 'a RAM file system (tmpfs)'}",
              flush=True)
        commands = cli_commands(setup.env)
        data = make_data(remote, sizes)
        rows = []
        for figure in figures(setup, data, sizes):
            if figure.name[0] not in args.only:
                continue
            result = measure(figure, setup, args.runs, commands)
            rows.append(row(result))
            print(f"  .. {'  '.join(rows[-1])}", flush=True)
    finally:
        server.stop()
        if not args.on_disk:
            subprocess.run(["umount", str(data_root)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    print_table(rows)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
