"""Where sshdesk keeps its files, following each platform's conventions (platformdirs).

On Linux ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME`` and ``XDG_STATE_HOME`` move these folders,
which the tests rely on to keep every run apart from the user's own files.
"""

from pathlib import Path

import platformdirs

APP_NAME = "sshdesk"


def config_dir() -> Path:
    """Folder for settings and saved sessions."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def sessions_file() -> Path:
    """The saved sessions (JSON; never a secret in it)."""
    return config_dir() / "sessions.json"


def data_dir() -> Path:
    """Folder for data the app keeps, such as its known_hosts file."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Folder for log files."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def known_hosts_file() -> Path:
    """sshdesk's own known_hosts file (OpenSSH format)."""
    return data_dir() / "known_hosts"


def openssh_known_hosts_file() -> Path:
    """The user's OpenSSH known_hosts, which sshdesk reads but never writes."""
    return Path.home() / ".ssh" / "known_hosts"


def default_key_files() -> list[Path]:
    """The keys OpenSSH offers when none is named, in OpenSSH's order of preference."""
    ssh = Path.home() / ".ssh"
    return [ssh / "id_ed25519", ssh / "id_ecdsa", ssh / "id_rsa"]
