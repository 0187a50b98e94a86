"""Dialogs built in code: host keys, credentials, errors.

Each prompt dialog is opened non-blocking (``open()``) by the prompt queue and reports
through ``finished``; ``answer()`` then gives what the person chose (None: cancelled).
"""

from sshdesk.ui.dialogs.credentials import (
    KeyboardInteractiveDialog,
    PassphraseDialog,
    PasswordDialog,
)
from sshdesk.ui.dialogs.errors import ErrorDialog, error_dialog, show_error
from sshdesk.ui.dialogs.hostkey import HostKeyChangedDialog, UnknownHostKeyDialog

__all__ = [
    "ErrorDialog",
    "HostKeyChangedDialog",
    "KeyboardInteractiveDialog",
    "PassphraseDialog",
    "PasswordDialog",
    "UnknownHostKeyDialog",
    "error_dialog",
    "show_error",
]
