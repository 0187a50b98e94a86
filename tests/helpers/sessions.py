"""Saved sessions for tests."""

from sshdesk.core.profile import SessionProfile
from sshdesk.core.sessions import SavedSession


def saved_session(name: str, host: str, user: str = "", folder: tuple[str, ...] = (),
                  **fields: object) -> SavedSession:
    """A session named ``name`` for ``user@host`` in ``folder``; ``fields`` set the rest."""
    return SavedSession(name=name, profile=SessionProfile(host=host, username=user),
                        folder=folder, **fields)  # type: ignore[arg-type]
