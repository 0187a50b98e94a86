"""``sshdesk`` (and ``python -m sshdesk``): the app, or a headless command.

The headless commands never import Qt, so they run on servers without a display.
"""

import sys
from collections.abc import Sequence

_HEADLESS = ("exec", "ls", "get", "put", "sessions", "-h", "--help", "--version")


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatches to the CLI when a command is named, otherwise starts the GUI."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in _HEADLESS:
        from sshdesk import cli

        return cli.main(args)
    from sshdesk import app

    return app.main(args)


if __name__ == "__main__":
    sys.exit(main())
