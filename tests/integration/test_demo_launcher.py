"""The demo server started in a process of its own, as the GUI starts it: it logs in through
the network process with no prompt, and leaves nothing behind, even when its parent dies."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from sshdesk.core.demo_launcher import DemoDetails, DemoProcess
from sshdesk.core.netclient import NetworkProcess, connect
from tests.helpers.stubs import ScriptedPrompter


@pytest.fixture
def process() -> Iterator[NetworkProcess]:
    started = NetworkProcess()
    yield started
    started.stop()


def _wait_gone(path: os.PathLike[str], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not os.path.exists(path)


def test_a_demo_session_logs_in_without_a_prompt_and_stops_clean(
        process: NetworkProcess) -> None:
    demo = DemoProcess()
    details = demo.start()
    try:
        assert (details.sandbox / "README.txt").exists()
        prompter = ScriptedPrompter()
        with connect(details.profile(), prompter, details.known_hosts(), process) as opened:
            shell = opened.open_shell("xterm", 80, 24)
            shell.send(b"echo demo-$((6*7))\n")
            output = b""
            deadline = time.monotonic() + 10
            while b"demo-42" not in output and time.monotonic() < deadline:
                output += shell.recv(65536)
            assert b"demo-42" in output
            shell.close()
        assert prompter.asked == []  # the host key was trusted, the key logged in
        assert not details.known_hosts().own_file.exists()  # nothing remembered for good
    finally:
        demo.stop()
    assert _wait_gone(details.sandbox.parent)


def test_the_demo_stops_when_the_app_that_started_it_is_killed() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import json, sys, time\n"
         "from sshdesk.core.demo_launcher import DemoProcess\n"
         "d = DemoProcess().start()\n"
         "print(json.dumps([str(d.sandbox), d.port]), flush=True)\n"
         "time.sleep(600)\n"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        sandbox, _port = json.loads(parent.stdout.readline())
        assert os.path.isdir(sandbox)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        parent.stdout.close()  # type: ignore[union-attr]
    assert _wait_gone(os.path.dirname(sandbox))


def test_details_give_a_key_only_profile(tmp_path: os.PathLike[str]) -> None:
    details = DemoDetails("127.0.0.1", 2222, "me", tmp_path / "key",  # type: ignore[operator]
                          tmp_path / "kh", tmp_path / "box")  # type: ignore[operator]
    profile = details.profile()
    assert (profile.port, profile.username) == (2222, "me")
    assert profile.key_files == (os.path.join(tmp_path, "key"),)
    assert not profile.allow_agent and not profile.look_for_keys
