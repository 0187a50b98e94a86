"""``sshdesk sessions ...`` and saved sessions as targets of ``exec`` and ``ls``, run as a
user runs them: a new process, no terminal, its own config folder."""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sshdesk.core.profile import SessionProfile
from sshdesk.core.secrets import SecretKind, SecretStore
from sshdesk.core.sessions import SavedSession, SessionStore
from tests.helpers import system
from tests.helpers.accounts import TestUser
from tests.helpers.clients import profile_for
from tests.helpers.keyring_session import KeyringSession, start_keyring_session
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer

ROOT = Path(__file__).resolve().parents[2]


def sshdesk(*args: str, home: Path, timeout: float = 30,
            keyring: KeyringSession | None = None) -> subprocess.CompletedProcess[str]:
    """Runs the CLI in a new session (no controlling terminal) with its folders in ``home``,
    and with ``keyring`` as its OS keyring if given."""
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"))
    env.pop("SSH_AUTH_SOCK", None)
    if keyring is not None:
        for name in ("DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(name, None)
        # CI points keyring at its "fail" backend so no test reaches a real one by accident.
        env.update(DBUS_SESSION_BUS_ADDRESS=keyring.address,
                   PYTHON_KEYRING_BACKEND="keyring.backends.SecretService.Keyring")
    return subprocess.run([sys.executable, "-m", "sshdesk", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, start_new_session=True, check=False)


def sessions_file(home: Path) -> Path:
    return home / "config" / "sshdesk" / "sessions.json"


def listed(home: Path) -> list[dict[str, object]]:
    result = sshdesk("sessions", "list", "--json", home=home)
    assert result.returncode == 0, result.stderr
    sessions: list[dict[str, object]] = json.loads(result.stdout)
    return sessions


def test_import_ssh_config_lists_what_it_did_and_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    config = tmp_path / "ssh_config"
    config.write_text(
        "Host web\n"
        "  HostName 192.0.2.10\n"
        "  User deploy\n"
        "  Port 2222\n"
        "  LocalForward 8080 localhost:80\n"
        f'Match exec "touch {marker}"\n'
        "  User mallory\n"
        "Host db\n"
        "Host *\n"
        "  IdentityFile /keys/id_ed25519\n"
    )
    first = sshdesk("sessions", "import-ssh-config", str(config), home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert not marker.exists()
    lines = first.stdout.splitlines()
    assert "imported   ssh_config/web" in lines
    assert "imported   ssh_config/db" in lines
    assert f"{config}:5: LocalForward 8080 localhost:80: not supported by sshdesk; ignored " \
           "(hosts: web)" in lines
    assert any(line.startswith(f"{config}:6: Match blocks are not evaluated") for line in lines)
    assert lines[-1] == "2 imported, 0 updated, 0 unchanged, 0 kept; 2 issues"

    sessions = {s["path"]: s for s in listed(tmp_path)}
    web = sessions["ssh_config/web"]
    assert (web["host"], web["port"], web["username"]) == ("192.0.2.10", 2222, "deploy")
    assert web["key_files"] == ["/keys/id_ed25519"]
    assert web["origin"] == {"file": str(config.resolve()), "host": "web"}
    assert set(web) == {  # no password, no passphrase
        "id", "name", "folder", "path", "host", "port", "username", "key_files", "jump_hosts",
        "tags", "note", "color", "last_used", "startup_command", "initial_remote_folder",
        "save_password", "origin"}

    text = sshdesk("sessions", "list", home=tmp_path)
    assert text.stdout.splitlines() == ["ssh_config/db   db:22",
                                        "ssh_config/web  deploy@192.0.2.10:2222"]

    config.write_text(config.read_text().replace("Port 2222", "Port 2223"))
    again = sshdesk("sessions", "import-ssh-config", str(config), home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "updated    ssh_config/web" in again.stdout.splitlines()
    assert "unchanged  ssh_config/db" in again.stdout.splitlines()
    assert [s["port"] for s in listed(tmp_path) if s["name"] == "web"] == [2223]


def test_list_shows_tags_and_sorts_by_path(tmp_path: Path) -> None:
    store = SessionStore(sessions_file(tmp_path))
    store.add(SavedSession(name="zeta", profile=SessionProfile(host="::1", port=2200)))
    store.add(SavedSession(name="alpha", folder=("Prod",), tags=("db", "eu"),
                           profile=SessionProfile(host="a.example", username="root")))
    store.save()
    result = sshdesk("sessions", "list", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Prod/alpha  root@a.example:22  db, eu",
        "zeta        [::1]:2200",
    ]


def test_export_then_import_elsewhere_gives_the_same_sessions(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    config = tmp_path / "ssh_config"
    config.write_text("Host web\n  User u\nHost db\n  Port 2201\n")
    assert sshdesk("sessions", "import-ssh-config", str(config), home=first).returncode == 0
    exported = tmp_path / "exported.json"
    result = sshdesk("sessions", "export", str(exported), home=first)
    assert (result.returncode, result.stdout) == (0, f"exported 2 sessions to {exported}\n")

    taken = sshdesk("sessions", "import", str(exported), home=second)
    assert taken.returncode == 0, taken.stderr
    assert taken.stdout.splitlines() == ["added      web", "added      db"]
    assert listed(second) == listed(first)

    only_web = tmp_path / "web.json"
    assert sshdesk("sessions", "export", str(only_web), "web", home=first).returncode == 0
    assert sshdesk("sessions", "import", str(only_web), home=second).stdout == ""  # unchanged


def test_exec_and_ls_on_a_saved_session_with_a_key(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    config = tmp_path / "ssh_config"
    config.write_text(
        "Host box\n"
        f"  HostName {sshd.host}\n"
        f"  Port {sshd.port}\n"
        "  User root\n"
        f"  IdentityFile {client_keys.ed25519}\n"
        "  IdentitiesOnly yes\n"
    )
    assert sshdesk("sessions", "import-ssh-config", str(config), home=tmp_path).returncode == 0
    result = sshdesk("exec", "--accept-new-host-key", "box", "--", "echo", "hi", home=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "hi\n", "")

    by_path = sshdesk("ls", "ssh_config/box:/etc", home=tmp_path)
    assert by_path.returncode == 0, by_path.stderr
    assert "passwd" in by_path.stdout.splitlines()
    path_apart = sshdesk("ls", "box", "/etc", home=tmp_path)
    assert path_apart.stdout == by_path.stdout
    home_folder = sshdesk("ls", "box", home=tmp_path)
    assert home_folder.returncode == 0, home_folder.stderr
    listed = json.loads(sshdesk("sessions", "list", "--json", home=tmp_path).stdout)
    assert listed[0]["last_used"] is not None  # the app's Recent list shows the CLI's use


def test_saved_session_through_its_jump_host(
    jump_sshd: SshdServer, jump_target_sshd: SshdServer, client_keys: ClientKeys,
    tmp_path: Path
) -> None:
    config = tmp_path / "ssh_config"
    config.write_text(
        "Host bastion\n"
        f"  HostName {jump_sshd.host}\n"
        f"  Port {jump_sshd.port}\n"
        "Host inside\n"
        f"  HostName {jump_target_sshd.host}\n"
        f"  Port {jump_target_sshd.port}\n"
        "  ProxyJump bastion\n"
        "Host *\n"
        "  User root\n"
        f"  IdentityFile {client_keys.ed25519}\n"
    )
    assert sshdesk("sessions", "import-ssh-config", str(config), home=tmp_path).returncode == 0
    result = sshdesk("exec", "--accept-new-host-key", "inside", "--", "echo", "via-jump",
                     home=tmp_path)
    assert (result.returncode, result.stdout) == (0, "via-jump\n"), result.stderr
    jump_sshd.assert_direct_tcpip(jump_target_sshd.port)


def test_an_ambiguous_name_is_a_usage_error_naming_the_choices(tmp_path: Path) -> None:
    store = SessionStore(sessions_file(tmp_path))
    for folder in ("A", "B"):
        store.add(SavedSession(name="web", folder=(folder,), profile=SessionProfile(host="h")))
    store.save()
    result = sshdesk("exec", "web", "--", "true", home=tmp_path)
    assert result.returncode == 2
    assert "matches several saved sessions: A/web, B/web" in result.stderr
    assert "Traceback" not in result.stderr


def test_errors_are_one_message_and_a_hint(tmp_path: Path) -> None:
    missing = sshdesk("sessions", "import-ssh-config", str(tmp_path / "nope"), home=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.startswith(f"sshdesk: {tmp_path / 'nope'}: read ssh config failed: "
                                     "the file could not be read: No such file")
    assert len(missing.stderr.splitlines()) == 2 and "Check" in missing.stderr

    junk = tmp_path / "junk.json"
    junk.write_text("not json")
    bad_import = sshdesk("sessions", "import", str(junk), home=tmp_path)
    assert bad_import.returncode == 1
    assert "not a sessions file" in bad_import.stderr
    unknown = sshdesk("sessions", "export", str(tmp_path / "out.json"), "nobody", home=tmp_path)
    assert unknown.returncode == 1
    assert "no saved session is called 'nobody'" in unknown.stderr
    for result in (missing, bad_import, unknown):
        assert "Traceback" not in result.stderr


def test_a_damaged_sessions_file_is_set_aside_and_said_so(tmp_path: Path) -> None:
    sessions_file(tmp_path).parent.mkdir(parents=True)
    sessions_file(tmp_path).write_text("{ damaged")
    result = sshdesk("sessions", "list", home=tmp_path)
    assert result.returncode == 0
    aside = list(sessions_file(tmp_path).parent.glob("sessions.json.corrupt-*"))
    assert len(aside) == 1
    assert f"it was set aside as {aside[0]}" in result.stderr
    assert aside[0].read_text() == "{ damaged"


# --- secrets from the keyring ------------------------------------------------------------


@pytest.fixture
def keyring_session() -> Iterator[KeyringSession]:
    """A private Secret Service (D-Bus and gnome-keyring-daemon)."""
    try:
        session = start_keyring_session()
    except system.FixtureSetupError as error:
        message = str(error)
    else:
        try:
            yield session
        finally:
            session.stop()
        return
    pytest.fail(f"integration test setup: {message}", pytrace=False)


def save_with_secret(home: Path, keyring: KeyringSession, session: SavedSession,
                     kind: SecretKind, secret: str) -> None:
    store = SessionStore(sessions_file(home))
    saved = store.add(session)
    store.save()
    with keyring.active():
        SecretStore().set(saved.id, kind, secret)


def test_exec_on_a_saved_password_session_asks_nothing(
    sshd: SshdServer, password_user: TestUser, keyring_session: KeyringSession,
    tmp_path: Path
) -> None:
    session = SavedSession(name="with password", save_password=True,
                           profile=profile_for(sshd, password_user.name))
    save_with_secret(tmp_path, keyring_session, session, SecretKind.PASSWORD,
                     password_user.password)
    result = sshdesk("exec", "--accept-new-host-key", "with password", "--", "whoami",
                     home=tmp_path, keyring=keyring_session)
    assert (result.returncode, result.stdout) == (0, f"{password_user.name}\n"), result.stderr


def test_exec_on_a_saved_session_with_an_encrypted_key_uses_its_passphrase(
    sshd: SshdServer, client_keys: ClientKeys, keyring_session: KeyringSession,
    tmp_path: Path
) -> None:
    session = SavedSession(name="encrypted", save_password=True, profile=profile_for(
        sshd, key_files=(str(client_keys.encrypted),)))
    save_with_secret(tmp_path, keyring_session, session, SecretKind.PASSPHRASE,
                     client_keys.encrypted_passphrase)
    result = sshdesk("exec", "--accept-new-host-key", "encrypted", "--", "echo", "unlocked",
                     home=tmp_path, keyring=keyring_session)
    assert (result.returncode, result.stdout) == (0, "unlocked\n"), result.stderr
