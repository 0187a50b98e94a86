import logging

import pytest

from sshdesk.core import log as core_log


@pytest.fixture
def captured() -> "list[str]":
    lines: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = core_log.add_handler(ListHandler(), logging.DEBUG)
    yield lines
    core_log.remove_handler(handler)


def test_registered_secrets_are_redacted_from_messages_args_and_tracebacks(
    captured: list[str],
) -> None:
    core_log.register_secret("s3cr3t-passw0rd")
    logger = logging.getLogger("paramiko.transport")
    logger.info("auth with %s", "s3cr3t-passw0rd")
    try:
        raise ValueError("bad value s3cr3t-passw0rd")
    except ValueError:
        logging.getLogger("sshdesk.test").exception("failed")
    text = "\n".join(captured)
    assert "s3cr3t-passw0rd" not in text
    assert f"auth with {core_log.REDACTED}" in text
    assert f"ValueError: bad value {core_log.REDACTED}" in text


def test_redact_prefers_longer_secrets() -> None:
    core_log.register_secret("abc")
    core_log.register_secret("abcdef-longer")
    assert core_log.redact("x abcdef-longer y") == f"x {core_log.REDACTED} y"


def test_empty_secret_is_ignored() -> None:
    core_log.register_secret("")
    core_log.register_secret(None)
    assert core_log.redact("text") == "text"
