"""Logging for the whole app, with secrets redacted from every line.

paramiko's own logger is routed into ours. Every secret the core handles (passwords,
passphrases, keyboard-interactive answers) is registered with :func:`register_secret`
before it is used; the :class:`RedactingFilter` on our handlers replaces each occurrence in
a formatted line, whichever library logged it.
"""

import logging
import logging.handlers
import threading
from pathlib import Path

REDACTED = "********"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(secret: str | None) -> None:
    """Marks ``secret`` as text that must never appear in a log line."""
    if secret:
        with _secrets_lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    """Returns ``text`` with every registered secret replaced by ``********``."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    """Formats a record's message once and strips secrets from it (and its traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage())
        record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def add_handler(handler: logging.Handler, level: int = logging.DEBUG) -> logging.Handler:
    """Attaches ``handler`` (with redaction) to the loggers of sshdesk and paramiko."""
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.addFilter(RedactingFilter())
    for name in ("sshdesk", "paramiko"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(min(logger.level or logging.WARNING, level))
    return handler


def remove_handler(handler: logging.Handler) -> None:
    """Detaches a handler added with :func:`add_handler` and closes it."""
    for name in ("sshdesk", "paramiko"):
        logging.getLogger(name).removeHandler(handler)
    handler.close()


def log_to_file(path: Path, level: int = logging.INFO) -> logging.Handler:
    """Logs to a size-limited rotating file (created with its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    return add_handler(handler, level)
