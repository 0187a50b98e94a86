"""The Qt-free core: connections, host keys, authentication, files and transfers.

Nothing under this package imports Qt, the terminal or the UI; the CLI and the GUI both
stand on it.
"""

import sys

# paramiko imports `invoke` only to run the commands of ssh_config `Match exec` lines.
# sshdesk never evaluates those (a config file must not run commands), and the import
# costs about 60 ms of every start, a fifth of a headless `sshdesk exec`. Marking it
# absent makes paramiko's own optional-import fallback take over.
sys.modules.setdefault("invoke", None)  # type: ignore[arg-type]
