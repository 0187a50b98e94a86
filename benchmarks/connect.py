"""Connect + authenticate + run ``true``: sshdesk against OpenSSH's ``ssh``, same sshd, same run.

    .venv/bin/python benchmarks/connect.py [--runs N]

Starts a throwaway sshd on 127.0.0.1 (needs root, like the tests), then times, alternately:
- ``sshdesk (in-process)``: ``connect()`` + ``exec("true")`` + ``close()`` in this process,
  the cost a GUI tab or a batch run over many hosts pays per host;
- ``sshdesk exec (CLI)``: the ``sshdesk exec`` command as a new process (Python start-up
  and imports included);
- ``ssh``: ``ssh -o BatchMode=yes ... true``.
Prints the medians and the ratios to ssh (below 1.0 means faster than ssh).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sshdesk.core.connection import connect  # noqa: E402
from sshdesk.core.hostkeys import KnownHosts  # noqa: E402
from sshdesk.core.profile import SessionProfile  # noqa: E402
from sshdesk.core.prompts import NoPrompter  # noqa: E402
from tests.helpers.keys import generate_key, write_authorized_keys  # noqa: E402
from tests.helpers.sshd import start_sshd  # noqa: E402


def _timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sshdesk-bench-"))
    os.chmod(work, 0o755)
    key = generate_key(work / "id_ed25519", "ed25519")
    authorized = write_authorized_keys(work / "authorized_keys", [work / "id_ed25519.pub"])
    server = start_sshd(authorized_keys=authorized, log_level="ERROR", label="bench")
    try:
        known_file = work / "known_hosts"
        known_file.write_text(f"[127.0.0.1]:{server.server.port} {server.server.host_key_type} "
                              f"{server.server.host_key_base64}\n")
        profile = SessionProfile(host="127.0.0.1", port=server.server.port, username="root",
                                 key_files=(str(key),), allow_agent=False, look_for_keys=False,
                                 keepalive_interval=0)
        known = KnownHosts(known_file)

        def in_process() -> None:
            with connect(profile, NoPrompter(), known) as connection:
                assert connection.exec("true").exit_status == 0

        env = dict(os.environ, XDG_DATA_HOME=str(work / "data"), SSH_AUTH_SOCK="")
        (work / "data" / "sshdesk").mkdir(parents=True)
        (work / "data" / "sshdesk" / "known_hosts").write_text(known_file.read_text())
        cli = [sys.executable, "-m", "sshdesk", "exec", "-i", str(key),
               f"root@127.0.0.1:{server.server.port}", "--", "true"]
        ssh = ["ssh", "-o", "BatchMode=yes", "-o", f"UserKnownHostsFile={known_file}",
               "-o", "StrictHostKeyChecking=yes", "-o", "IdentitiesOnly=yes", "-i", str(key),
               "-F", "/dev/null", "-p", str(server.server.port), "root@127.0.0.1", "true"]
        cases: dict[str, Callable[[], None]] = {
            "sshdesk (in-process)": in_process,
            "sshdesk exec (CLI)": lambda: subprocess.run(cli, check=True, env=env, cwd=ROOT),
            "ssh": lambda: subprocess.run(ssh, check=True, env=env),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for action in cases.values():
            action()  # warm-up: caches, the first host-key parse, page cache
        for _ in range(args.runs):
            for name, action in cases.items():
                times[name].append(_timed(action))
        ssh_median = statistics.median(times["ssh"])
        print(f"connect + auth + 'true' on 127.0.0.1, {args.runs} runs each, ed25519 key")
        print(f"{'client':<24}{'median ms':>12}{'min ms':>10}{'ratio to ssh':>15}")
        for name, values in times.items():
            median = statistics.median(values)
            print(f"{name:<24}{median * 1000:>12.1f}{min(values) * 1000:>10.1f}"
                  f"{median / ssh_median:>15.2f}")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
