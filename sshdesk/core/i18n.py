"""Translation hook for user-visible text produced by the Qt-free core.

The core cannot call Qt's ``tr()``, yet its error messages and hints reach users of the
Chinese UI. Every such text is wrapped in :func:`tr`; the GUI installs a translator
(backed by ``QCoreApplication.translate`` with the context ``"core"``) at start-up, while
the CLI leaves the identity translator in place.
"""

from collections.abc import Callable

CONTEXT = "core"

_translator: Callable[[str], str] = lambda text: text  # noqa: E731


def tr(text: str) -> str:
    """Returns ``text`` in the user's language, or unchanged when no translator is set."""
    return _translator(text)


def install_translator(translator: Callable[[str], str]) -> None:
    """Routes every later :func:`tr` call through ``translator``."""
    global _translator
    _translator = translator
