"""The auth matrix against a real OpenSSH sshd."""

from pathlib import Path

import pytest

from sshdesk.core.connection import connect
from sshdesk.core.errors import AuthenticationFailedError, PassphraseRequiredError
from sshdesk.core.prompts import InteractivePrompt, NoPrompter
from tests.helpers.accounts import OtpUser, TestUser
from tests.helpers.clients import profile_for, trusting
from tests.helpers.keys import ClientKeys
from tests.helpers.sshd import SshdServer
from tests.helpers.stubs import ScriptedPrompter


def whoami(connection: object) -> str:
    result = connection.exec("whoami", timeout=10)  # type: ignore[attr-defined]
    assert result.exit_status == 0, result.stderr
    return result.stdout.decode().strip()


@pytest.mark.parametrize("key_name", ["ed25519", "ecdsa", "rsa"])
def test_key_types(sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path, key_name: str
                   ) -> None:
    key = getattr(client_keys, key_name)
    profile = profile_for(sshd, key_files=(str(key),))
    with connect(profile, NoPrompter(), trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == "root"
    kind = {"ed25519": "ED25519", "ecdsa": "ECDSA", "rsa": "RSA"}[key_name]
    sshd.wait_for_log(rf"Accepted publickey for root from .* ssh2: {kind} SHA256")


def test_encrypted_key_asks_for_its_passphrase(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter(passphrases=[client_keys.encrypted_passphrase])
    profile = profile_for(sshd, key_files=(str(client_keys.encrypted),))
    with connect(profile, prompter, trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == "root"
    assert prompter.asked == [("passphrase", (str(client_keys.encrypted), False))]


def test_encrypted_key_without_passphrase_says_so(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path
) -> None:
    profile = profile_for(sshd, key_files=(str(client_keys.encrypted),))
    with pytest.raises(PassphraseRequiredError) as caught:
        connect(profile, NoPrompter(), trusting(tmp_path, sshd))
    assert str(client_keys.encrypted) in caught.value.describe()
    assert "ssh-add" in caught.value.hint


def test_agent_keys(sshd: SshdServer, ssh_agent: str, tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSH_AUTH_SOCK", ssh_agent)
    prompter = ScriptedPrompter()
    with connect(profile_for(sshd, allow_agent=True), prompter,
                 trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == "root"
    assert prompter.asked == []
    sshd.wait_for_log(r"Accepted publickey for root from .* ssh2: ECDSA SHA256")


def test_default_keys_when_look_for_keys(
    sshd: SshdServer, client_keys: ClientKeys, tmp_path: Path, isolated_home: Path
) -> None:
    ssh_dir = isolated_home / ".ssh"
    ssh_dir.mkdir()
    (ssh_dir / "id_ed25519").write_bytes(client_keys.ed25519.read_bytes())
    (ssh_dir / "id_ed25519").chmod(0o600)
    with connect(profile_for(sshd, look_for_keys=True), NoPrompter(),
                 trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == "root"


def test_saved_password(sshd: SshdServer, password_user: TestUser, tmp_path: Path) -> None:
    profile = profile_for(sshd, password_user.name, password=password_user.password)
    prompter = ScriptedPrompter()
    with connect(profile, prompter, trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == password_user.name
    assert prompter.asked == []


def test_password_asked_through_keyboard_interactive_prompt(
    sshd: SshdServer, password_user: TestUser, tmp_path: Path
) -> None:
    seen: list[list[InteractivePrompt]] = []

    def answer(prompts: list[InteractivePrompt]) -> list[str]:
        seen.append(prompts)
        return [password_user.password]

    prompter = ScriptedPrompter(rounds=answer)
    with connect(profile_for(sshd, password_user.name), prompter,
                 trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == password_user.name
    assert [[(p.text.strip(), p.echo) for p in prompts] for prompts in seen] == [
        [("Password:", False)]
    ]


def test_two_round_keyboard_interactive(sshd: SshdServer, otp_user: OtpUser, tmp_path: Path
                                        ) -> None:
    """A 2FA bastion: the server's own prompts, one round each, any number of rounds."""
    def answer(prompts: list[InteractivePrompt]) -> list[str]:
        text = prompts[0].text
        return [otp_user.password if "Password" in text else otp_user.otp_code()]

    prompter = ScriptedPrompter(rounds=answer)
    with connect(profile_for(sshd, otp_user.name), prompter,
                 trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == otp_user.name
    assert [detail for kind, detail in prompter.asked] == [
        ["Password: "], ["Verification code: "]
    ]


def test_saved_password_answers_the_first_round_and_the_code_is_asked(
    sshd: SshdServer, otp_user: OtpUser, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter(rounds=lambda prompts: [otp_user.otp_code()])
    profile = profile_for(sshd, otp_user.name, password=otp_user.password)
    with connect(profile, prompter, trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == otp_user.name
    assert prompter.asked == [("interactive", ["Verification code: "])]


def test_publickey_then_keyboard_interactive(
    sshd: SshdServer, partial_user: TestUser, client_keys: ClientKeys, tmp_path: Path
) -> None:
    profile = profile_for(sshd, partial_user.name, key_files=(str(client_keys.ed25519),),
                          password=partial_user.password)
    with connect(profile, ScriptedPrompter(), trusting(tmp_path, sshd)) as connection:
        assert whoami(connection) == partial_user.name
    sshd.wait_for_log(rf"Partial publickey for {partial_user.name}")


def test_wrong_password_names_methods_tried_and_allowed(
    sshd: SshdServer, password_user: TestUser, tmp_path: Path
) -> None:
    profile = profile_for(sshd, password_user.name, password="not-the-password-42")
    with pytest.raises(AuthenticationFailedError) as caught:
        connect(profile, NoPrompter(), trusting(tmp_path, sshd))
    error = caught.value
    assert "password" in error.tried
    assert {"publickey", "password", "keyboard-interactive"} <= set(error.allowed)
    assert password_user.name in error.describe()
    assert "not-the-password-42" not in error.describe()
