"""Building profiles and known-hosts files for tests against the test servers."""

from pathlib import Path
from typing import Any

from sshdesk.core.hostkeys import KnownHosts
from sshdesk.core.profile import SessionProfile
from tests.helpers.keys import known_hosts_line
from tests.helpers.sshd import SshdServer


def profile_for(server: SshdServer, username: str = "root", **options: Any) -> SessionProfile:
    """A profile for ``server`` that offers only what the test names: no agent, no default
    keys, no keepalive threads, short timeouts."""
    settings: dict[str, Any] = {
        "allow_agent": False, "look_for_keys": False, "keepalive_interval": 0.0,
        "timeout": 5.0, "auth_timeout": 15.0,
    }
    settings.update(options)
    return SessionProfile(host=server.host, port=server.port, username=username, **settings)


def trusting(tmp_path: Path, *servers: SshdServer, extra_lines: tuple[str, ...] = ()) -> KnownHosts:
    """Known hosts that already trust ``servers`` (in our own file)."""
    own = tmp_path / "known_hosts"
    lines = [known_hosts_line(server) for server in servers] + list(extra_lines)
    own.write_text("".join(line + "\n" for line in lines))
    return KnownHosts(own)
