"""No secret of a full login reaches the log, even at DEBUG with paramiko's own lines."""

import logging
from pathlib import Path

import pytest

from sshdesk.core import log as core_log
from sshdesk.core.connection import connect
from sshdesk.core.errors import AuthenticationFailedError
from sshdesk.core.prompts import InteractivePrompt, NoPrompter
from tests.helpers.accounts import OtpUser, TestUser
from tests.helpers.clients import profile_for, trusting
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer
from tests.helpers.stubs import ScriptedPrompter


@pytest.fixture
def log_file(tmp_path: Path):
    path = tmp_path / "sshdesk.log"
    handler = core_log.log_to_file(path, logging.DEBUG)
    yield path
    core_log.remove_handler(handler)


def test_full_logins_leave_no_secret_in_the_log(
    sshd: SshdServer, otp_user: OtpUser, client_keys: ClientKeys, password_user: TestUser,
    tmp_path: Path, log_file: Path,
) -> None:
    codes: list[str] = []

    def answer(prompts: list[InteractivePrompt]) -> list[str]:
        if "Password" in prompts[0].text:
            return [otp_user.password]
        codes.append(otp_user.otp_code())
        return [codes[-1]]

    known = trusting(tmp_path, sshd)
    with connect(profile_for(sshd, otp_user.name), ScriptedPrompter(rounds=answer), known):
        pass
    prompter = ScriptedPrompter(passphrases=[client_keys.encrypted_passphrase])
    with connect(profile_for(sshd, key_files=(str(client_keys.encrypted),)), prompter, known):
        pass
    wrong = "Wr0ng-" + password_user.password
    with pytest.raises(AuthenticationFailedError) as caught:
        connect(profile_for(sshd, password_user.name, password=wrong), NoPrompter(), known)
    assert wrong not in caught.value.describe()

    text = log_file.read_text()
    assert "Authentication (keyboard-interactive) successful" in text  # the log has content
    for secret in (otp_user.password, codes[0], client_keys.encrypted_passphrase, wrong):
        assert secret not in text
